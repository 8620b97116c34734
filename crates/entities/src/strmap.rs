//! A map from strings to small values that keeps every key in one arena: no allocation per
//! key, and a lookup reads one slot and the key's bytes.
//!
//! The matcher's word tries hold tens of thousands of tokens (the default gazetteer) and are
//! also built per document (name linking); a `HashMap<Box<str>, _>` costs an allocation and a
//! free for each key and a pointer chase on each lookup.

use std::hash::BuildHasher;

use crate::fxhash::FxBuild;

/// Strings to `V`, by open addressing over an arena of the keys.
#[derive(Clone, Debug)]
pub(crate) struct StrMap<V> {
    /// Every key, one after another.
    arena: String,
    /// (start of the key in `arena`, its length, its value), in insertion order.
    entries: Vec<(u32, u32, V)>,
    /// (hash tag, index into `entries` + 1); 0 in the index is an empty slot. A power of two
    /// in length, at most half full.
    slots: Vec<(u32, u32)>,
}

/// The hash of a key: the Fx hash, as a `HashMap` with [`FxBuild`] takes it.
#[inline]
pub(crate) fn hash(key: &str) -> u64 {
    FxBuild::default().hash_one(key)
}

impl<V: Copy> StrMap<V> {
    /// An empty map with room for about `n` keys.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            arena: String::with_capacity(n.saturating_mul(8)),
            entries: Vec::with_capacity(n),
            slots: vec![(0, 0); (n.saturating_mul(2)).next_power_of_two().max(8)],
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first slot to probe, and the tag, for hash `h`: the high bits of the Fx product are
    /// the well-mixed ones.
    #[inline]
    fn start(&self, h: u64) -> (usize, u32) {
        let bits = self.slots.len().trailing_zeros();
        // `bits` < 64: there are at least 8 slots and far fewer than 2^64
        let at = (h >> (64 - bits)) as usize;
        (at, (h >> 8) as u32)
    }

    /// The slot of `key` (hash `h`): where it is, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: &str, h: u64) -> (usize, bool) {
        let mask = self.slots.len() - 1;
        let (mut at, tag) = self.start(h);
        loop {
            let (t, idx) = self.slots[at];
            if idx == 0 {
                return (at, false);
            }
            if t == tag {
                let (s, l, _) = self.entries[idx as usize - 1];
                let (s, l) = (s as usize, l as usize);
                if self.arena.as_bytes().get(s..s + l) == Some(key.as_bytes()) {
                    return (at, true);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The value of `key`, given its [`hash`].
    #[inline]
    pub fn get_hashed(&self, key: &str, h: u64) -> Option<&V> {
        match self.find(key, h) {
            (at, true) => Some(&self.entries[self.slots[at].1 as usize - 1].2),
            _ => None,
        }
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&V> {
        self.get_hashed(key, hash(key))
    }

    /// The value of `key`, inserting `value` first when the key is new.
    ///
    /// # Panics
    /// Never in practice: keys and entries are counted in `u32`, and a matcher refuses more
    /// names than that long before (arena offsets past 4 GB would be needed).
    pub fn get_or_insert(&mut self, key: &str, value: V) -> &mut V {
        let h = hash(key);
        let (mut at, found) = self.find(key, h);
        if !found {
            if (self.entries.len() + 1) * 2 > self.slots.len() {
                self.grow();
                at = self.find(key, h).0;
            }
            let start = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
            let len = u32::try_from(key.len()).unwrap_or(u32::MAX);
            self.arena.push_str(key);
            self.entries.push((start, len, value));
            let idx = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
            self.slots[at] = (self.start(h).1, idx);
        }
        let idx = self.slots[at].1 as usize - 1;
        &mut self.entries[idx].2
    }

    /// Doubles the slots and puts every key back.
    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        self.slots = vec![(0, 0); n];
        let mask = n - 1;
        for (k, &(s, l, _)) in self.entries.iter().enumerate() {
            let key = &self.arena[s as usize..(s + l) as usize];
            let (mut at, tag) = self.start(hash(key));
            while self.slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = (tag, u32::try_from(k + 1).unwrap_or(u32::MAX));
        }
    }

    /// A map of the keys (and values) for which `keep` says so.
    pub fn retained(&self, mut keep: impl FnMut(&str) -> bool) -> Self {
        // room for every key, so the copy never regrows and rehashes
        let mut m = Self::with_capacity(self.len());
        m.arena.reserve(self.arena.len());
        for (k, &(_, _, v)) in self.keys().zip(&self.entries) {
            if keep(k) {
                m.get_or_insert(k, v);
            }
        }
        m
    }

    /// Gives back spare arena and entry capacity.
    pub fn shrink(&mut self) {
        self.arena.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    /// The keys, in insertion order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .map(|&(s, l, _)| &self.arena[s as usize..(s + l) as usize])
    }

    /// Heap bytes held.
    pub fn memory_usage(&self) -> usize {
        self.arena.capacity()
            + self.entries.capacity() * std::mem::size_of::<(u32, u32, V)>()
            + self.slots.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    proptest::proptest! {
        /// Inserts and lookups agree with a `HashMap`, through growth, for keys of any bytes
        /// (including the empty key and keys that are prefixes of others).
        #[test]
        fn behaves_as_a_hash_map(
            ops in proptest::collection::vec(("[a-cé ]{0,5}", 0u32..1000, proptest::prelude::any::<bool>()), 0..300),
        ) {
            let mut m: StrMap<u32> = StrMap::with_capacity(2);
            let mut want: HashMap<String, u32> = HashMap::new();
            for (k, v, look) in &ops {
                if *look {
                    proptest::prop_assert_eq!(m.get(k), want.get(k));
                } else {
                    let got = *m.get_or_insert(k, *v);
                    let w = *want.entry(k.clone()).or_insert(*v);
                    proptest::prop_assert_eq!(got, w);
                    *m.get_or_insert(k, 0) += 1;
                    *want.get_mut(k).unwrap() += 1;
                }
            }
            proptest::prop_assert_eq!(m.len(), want.len());
            for (k, v) in &want {
                proptest::prop_assert_eq!(m.get(k), Some(v));
                proptest::prop_assert_eq!(m.get_hashed(k, hash(k)), Some(v));
            }
            let keys: Vec<&str> = m.keys().collect();
            proptest::prop_assert_eq!(keys.len(), want.len());
            let odd = m.retained(|k| k.len() % 2 == 1);
            for (k, v) in &want {
                let kept = (k.len() % 2 == 1).then_some(v);
                proptest::prop_assert_eq!(odd.get(k), kept);
            }
            m.shrink();
            for (k, v) in &want {
                proptest::prop_assert_eq!(m.get(k), Some(v));
            }
        }
    }
}
