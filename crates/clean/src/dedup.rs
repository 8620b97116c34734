//! Teaser and lead copies: blocks whose sentences all appear in the article proper.

use std::collections::{HashMap, HashSet};

use crate::fxhash::FxBuild;
use nutgraf_core::swar;

/// Whether a byte is an ASCII letter or digit.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Calls `f` with each word 5-gram of a text (case-folded alphanumeric words), hashed (each
/// word's lower-cased UTF-8 bytes with [`key_hash`], then mixed per 5-gram). Returns how many
/// there were.
fn for_each_shingle(text: &str, mut f: impl FnMut(u64)) -> usize {
    // The last five word hashes (the latest last), `n` words so far.
    let mut window = [0u64; 5];
    let mut n = 0usize;
    let mut count = 0usize;
    let mut word = |h: u64| {
        window = [window[1], window[2], window[3], window[4], h];
        n += 1;
        if n >= 5 {
            // two folded multiplies over the five (rotations keep the order)
            let [a, b, c, d, e] = window;
            let acc = mix(
                a ^ b.rotate_left(21) ^ 0xa076_1d64_78bd_642f,
                c ^ d.rotate_left(42),
            ) ^ e.rotate_left(11);
            f(acc);
            count += 1;
        }
    };
    let bytes = text.as_bytes();
    // a word with non-ASCII letters, lower-cased
    let mut buf = String::new();
    let mut i = 0;
    while i < bytes.len() {
        // The common cases, decided on eight bytes loaded once (sixteen for a longer word): an
        // ASCII word of up to fifteen letters and digits that an ASCII byte ends (hashed as
        // `ascii_word_hash` does), and ASCII bytes that are not letters or digits, skipped up
        // to the next letter, digit or other byte in the load.
        if let Some(c) = bytes.get(i..i + 8) {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            let x = u64::from_le_bytes(a);
            let not = swar::not_alnum(x);
            // the bytes that end a run of ASCII separators
            let word_or_high = (!not | x) & swar::HIGH;
            let k = (not.trailing_zeros() / 8) as usize;
            if k == 0 {
                if x & 0x80 == 0 {
                    i += (word_or_high.trailing_zeros() / 8) as usize;
                    continue;
                }
            } else if k < 8 {
                if (x >> (8 * k)) & 0x80 == 0 {
                    let mask = u64::MAX >> (64 - 8 * k);
                    word(short_word_hash((x | 0x2020_2020_2020_2020) & mask, k));
                    i += (((word_or_high >> (8 * k)) << (8 * k)).trailing_zeros() / 8) as usize;
                    continue;
                }
            } else if let Some(c) = bytes.get(i + 8..i + 16) {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                let y = u64::from_le_bytes(a);
                let k = (swar::not_alnum(y).trailing_zeros() / 8) as usize;
                if k < 8 && (y >> (8 * k)) & 0x80 == 0 {
                    let low = 0x2020_2020_2020_2020;
                    word(if k == 0 {
                        short_word_hash(x | low, 8)
                    } else {
                        key_hash_two(x | low, (y | low) & (u64::MAX >> (64 - 8 * k)), 8 + k)
                    });
                    i += 8 + k + 1;
                    continue;
                }
            }
        }
        let b = bytes[i];
        if b < 0x80 && !ALNUM[usize::from(b)] {
            i += 1;
            continue;
        }
        // A run of ASCII letters and digits: lower-cased by setting bit 5 (digits have it).
        let start = i;
        i = swar::run_end(bytes, i, swar::not_alnum);
        if i == bytes.len() || bytes[i] < 0x80 {
            word(ascii_word_hash(bytes, start, i));
            continue;
        }
        // A non-ASCII character that is not a letter or digit (`’` in `don’t`) ends the word.
        if i > start
            && let Some(c) = text[i..].chars().next()
            && !nutgraf_core::text::is_alphanumeric(c)
        {
            word(ascii_word_hash(bytes, start, i));
            i += c.len_utf8();
            continue;
        }
        // The word has other characters: decoded and lower-cased.
        buf.clear();
        for &c in &bytes[start..i] {
            buf.push(char::from(c | 0x20));
        }
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if !ALNUM[usize::from(b)] {
                    break;
                }
                buf.push(char::from(b | 0x20));
                i += 1;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if !nutgraf_core::text::is_alphanumeric(c) {
                break;
            }
            buf.extend(c.to_lowercase());
            i += c.len_utf8();
        }
        if !buf.is_empty() {
            word(word_hash(buf.as_bytes()));
        }
        if i < bytes.len() && bytes[i] >= 0x80 {
            // the character that ended the word (or an initial non-alphanumeric one)
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    count
}

/// The hash of a word (its lower-cased UTF-8 bytes): a word of up to 8 bytes packed into one
/// integer and mixed once, a longer one with [`key_hash`].
#[inline]
fn word_hash(w: &[u8]) -> u64 {
    if w.len() > 8 {
        return key_hash(w);
    }
    let mut a = [0u8; 8];
    a[..w.len()].copy_from_slice(w);
    short_word_hash(u64::from_le_bytes(a), w.len())
}

/// The low and high halves of the 128-bit product, folded.
#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b | 1);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline]
fn short_word_hash(packed: u64, len: usize) -> u64 {
    let r =
        u128::from(packed ^ 0xe703_7ed1_a0b4_28db) * u128::from(0xa076_1d64_78bd_642f ^ len as u64);
    // the low and high halves of the product
    (r as u64) ^ ((r >> 64) as u64)
}

/// [`word_hash`] of the ASCII word `bytes[start..end]` lower-cased (`| 0x20` lower-cases
/// letters and keeps digits).
#[inline(always)]
fn ascii_word_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    if len <= 8 {
        let x = if let Some(b) = bytes.get(start..start + 8) {
            let mut a = [0u8; 8];
            a.copy_from_slice(b);
            u64::from_le_bytes(a)
        } else {
            let mut a = [0u8; 8];
            a[..len].copy_from_slice(&bytes[start..end]);
            u64::from_le_bytes(a)
        };
        // (a word has one byte or more)
        let mask = u64::MAX >> (64 - 8 * len.max(1));
        return short_word_hash((x | 0x2020_2020_2020_2020) & mask, len);
    }
    let w = &bytes[start..end];
    if len <= 32 {
        let mut a = [0u8; 32];
        for (d, s) in a.iter_mut().zip(w) {
            *d = s | 0x20;
        }
        return key_hash(&a[..len]);
    }
    let lower: Vec<u8> = w.iter().map(|&b| b | 0x20).collect();
    key_hash(&lower)
}

/// The 5-grams of the block being checked, kept so that they are hashed once for the lookups
/// and the inserts; a block over this many bytes is hashed twice instead of buffered.
const BUFFER_MAX: usize = 1 << 22;

/// Whether at least four fifths of a long block's 5-grams (`total` of them, in `sh`) are in
/// `seen` (a glued copy of several paragraphs has new 5-grams across each paragraph boundary).
/// Stops at the first miss that decides it.
fn shingles_seen(sh: &[u64], seen: &HashSet<u64, FxBuild>) -> bool {
    let total = sh.len();
    if total < 25 || seen.is_empty() {
        return false;
    }
    let mut misses = 0;
    for h in sh {
        if !seen.contains(h) {
            misses += 1;
            if (total - misses) * 5 < total * 4 {
                return false;
            }
        }
    }
    true
}

/// The 5-grams of the blocks seen so far: a one-bit-per-hash filter that rules most blocks out
/// with no hashing beyond the 5-gram's own, and the exact set, filled from the kept list only
/// when a block passes the filter (news articles rarely repeat a paragraph).
struct SeenShingles<'t> {
    /// Bit `h >> shift` is set for each 5-gram hash `h` seen: a clear bit is a certain miss.
    bits: Vec<u64>,
    shift: u32,
    /// How many 5-grams were inserted.
    count: usize,
    /// The texts whose 5-grams were inserted, until the exact set is first needed (it is then
    /// built from them, and the 5-grams go straight into it).
    texts: Vec<&'t str>,
    exact: Option<HashSet<u64, FxBuild>>,
}

impl<'t> SeenShingles<'t> {
    /// A filter for about `expected` 5-grams (eight bits or more per 5-gram) of up to `texts`
    /// texts.
    fn new(expected: usize, texts: usize) -> Self {
        let bits = (expected.max(64) * 8).next_power_of_two();
        Self {
            bits: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
            count: 0,
            texts: Vec::with_capacity(texts),
            exact: None,
        }
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }

    #[inline]
    fn bit(&self, h: u64) -> (usize, u64) {
        let b = (h >> self.shift) as usize;
        (b / 64, 1 << (b % 64))
    }

    #[inline]
    fn insert(&mut self, h: u64) {
        let (w, m) = self.bit(h);
        self.bits[w] |= m;
        self.count += 1;
        if let Some(set) = &mut self.exact {
            set.insert(h);
        }
    }

    /// Inserts the 5-grams of `text`.
    fn insert_text(&mut self, text: &'t str) {
        for_each_shingle(text, |h| self.insert(h));
        self.inserted(text);
    }

    /// Records that the 5-grams of `text` were all inserted, one by one.
    fn inserted(&mut self, text: &'t str) {
        if self.exact.is_none() {
            self.texts.push(text);
        }
    }

    #[inline]
    fn may_contain(&self, h: u64) -> bool {
        let (w, m) = self.bit(h);
        self.bits[w] & m != 0
    }

    /// The exact set of every 5-gram seen (from now on the 5-grams go straight into it).
    fn exact(&mut self) -> &HashSet<u64, FxBuild> {
        let texts = &mut self.texts;
        self.exact.get_or_insert_with(|| {
            let mut set: HashSet<u64, FxBuild> =
                HashSet::with_capacity_and_hasher(self.count, FxBuild::default());
            for t in texts.drain(..) {
                for_each_shingle(t, |h| {
                    set.insert(h);
                });
            }
            *texts = Vec::new();
            set
        })
    }
}

/// [`shingles_seen`] against a [`SeenShingles`]: the filter first (a clear bit is a miss, so a
/// block it rules out is ruled out by the exact set too), then the exact set.
fn shingles_seen_filtered(sh: &[u64], seen: &mut SeenShingles<'_>) -> bool {
    let total = sh.len();
    if total < 25 || seen.is_empty() {
        return false;
    }
    let mut misses = 0;
    for &h in sh {
        if !seen.may_contain(h) {
            misses += 1;
            if (total - misses) * 5 < total * 4 {
                return false;
            }
        }
    }
    shingles_seen(sh, seen.exact())
}

/// [`shingles_seen_streamed`] against a [`SeenShingles`]: the filter's count of possible hits
/// first (the hits are among them), then the exact set.
fn shingles_seen_streamed_filtered(text: &str, seen: &mut SeenShingles<'_>) -> bool {
    if seen.is_empty() {
        return false;
    }
    let mut maybe = 0usize;
    let total = for_each_shingle(text, |h| maybe += usize::from(seen.may_contain(h)));
    total >= 25 && maybe * 5 >= total * 4 && shingles_seen_streamed(text, seen.exact())
}

/// [`shingles_seen`] on a block too big to buffer: counted in one pass.
fn shingles_seen_streamed(text: &str, seen: &HashSet<u64, FxBuild>) -> bool {
    if seen.is_empty() {
        return false;
    }
    let mut hits = 0usize;
    let total = for_each_shingle(text, |h| hits += usize::from(seen.contains(&h)));
    total >= 25 && hits * 5 >= total * 4
}

/// A 64-bit hash of a sentence key, strong enough that distinct sentences of one input do not
/// collide (a folded 128-bit multiply per 8 bytes, as in wyhash; the Fx hash is too weak for
/// near-identical sentences).
#[inline]
fn key_hash(s: &[u8]) -> u64 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    fn fold(a: u64, b: u64) -> u64 {
        let r = u128::from(a) * u128::from(b);
        // the low and high halves of the product
        (r as u64) ^ ((r >> 64) as u64)
    }
    let mut h = P0 ^ s.len() as u64;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = fold(u64::from_le_bytes(a) ^ P1, h ^ P0);
    }
    let rest = chunks.remainder();
    let mut a = [0u8; 8];
    a[..rest.len()].copy_from_slice(rest);
    h = fold(u64::from_le_bytes(a) ^ P1, h ^ P0);
    fold(h ^ P0, P1)
}

/// [`key_hash`] of a text of `len` bytes, 9 to 15, whose first eight bytes are `a` and the
/// others `b` (little-endian, zero above them).
#[inline]
fn key_hash_two(a: u64, b: u64, len: usize) -> u64 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    fn fold(a: u64, b: u64) -> u64 {
        let r = u128::from(a) * u128::from(b);
        (r as u64) ^ ((r >> 64) as u64)
    }
    let h = fold(a ^ P1, P0 ^ len as u64 ^ P0);
    let h = fold(b ^ P1, h ^ P0);
    fold(h ^ P0, P1)
}

/// [`key_hash`] of ASCII bytes lower-cased, lower-casing eight bytes at a time.
#[inline]
fn key_hash_ascii_lower(s: &[u8]) -> u64 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    const ONES: u64 = 0x0101_0101_0101_0101;
    fn fold(a: u64, b: u64) -> u64 {
        let r = u128::from(a) * u128::from(b);
        // the low and high halves of the product
        (r as u64) ^ ((r >> 64) as u64)
    }
    // Bytes under 0x80: `+ (0x80 - c)` sets a byte's top bit when it is at least `c`, with no
    // carry into the next byte.
    let lower = |x: u64| {
        let ge_a = x.wrapping_add(ONES * u64::from(0x80 - b'A'));
        let gt_z = x.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
        x | ((ge_a & !gt_z & (ONES * 0x80)) >> 2)
    };
    let mut h = P0 ^ s.len() as u64;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = fold(lower(u64::from_le_bytes(a)) ^ P1, h ^ P0);
    }
    let rest = chunks.remainder();
    let mut a = [0u8; 8];
    a[..rest.len()].copy_from_slice(rest);
    h = fold(lower(u64::from_le_bytes(a)) ^ P1, h ^ P0);
    fold(h ^ P0, P1)
}

/// A sentence key: the hash of its text and the text's length in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    hash: u64,
    len: usize,
}

/// The sentence terminators of a text: `. ! ?` and the ellipsis.
struct Terminators<'a> {
    b: &'a [u8],
    /// The next ellipsis at or after the last position asked for, once looked for.
    ellipsis: Option<Option<usize>>,
}

impl<'a> Terminators<'a> {
    fn new(b: &'a [u8]) -> Self {
        Self { b, ellipsis: None }
    }

    /// The first terminator at or after `from` (which must not decrease from one call to the
    /// next), and its length: `. ! ?` found with `memchr3`, and the next ellipsis kept from one
    /// call to the next until it is passed (most texts have none).
    fn next_at(&mut self, from: usize) -> Option<(usize, usize)> {
        const ELLIPSIS: &[u8] = "\u{2026}".as_bytes();
        let b = self.b;
        let ascii = memchr::memchr3(b'.', b'!', b'?', &b[from..]).map(|p| from + p);
        let e = match self.ellipsis {
            Some(e) if e.is_none_or(|e| e >= from) => e,
            _ => {
                // (found by its last byte, which other characters rarely end with)
                let mut k = from;
                let e = loop {
                    match memchr::memchr(0xA6, &b[k..]) {
                        Some(p) if k + p >= from + 2 && b[k + p - 2..].starts_with(ELLIPSIS) => {
                            break Some(k + p - 2);
                        }
                        Some(p) => k += p + 1,
                        None => break None,
                    }
                };
                self.ellipsis = Some(e);
                e
            }
        };
        match (e, ascii) {
            (Some(e), Some(a)) if e < a => Some((e, ELLIPSIS.len())),
            (Some(e), None) => Some((e, ELLIPSIS.len())),
            (_, a) => a.map(|p| (p, 1)),
        }
    }
}

/// Splits a normalised paragraph into sentence keys: after `. ! ? …` (and closing quotes)
/// followed by a space and a capital, digit or opening quote. Keys are lower-cased, with
/// curly quotes folded to straight ones and edge quotes dropped; each key's hash and length are
/// passed to `f`.
/// `buf` is scratch space.
fn sentence_keys_with(text: &str, buf: &mut String, mut f: impl FnMut(Key)) {
    const RIGHT_DOUBLE: &[u8] = "\u{201D}".as_bytes();
    const RIGHT_SINGLE: &[u8] = "\u{2019}".as_bytes();
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Byte scan: the terminators and closers are ASCII or start with 0xE2, which is never a
    // continuation byte, so no match falls inside a character.
    let mut terminators = Terminators::new(b);
    let mut next_terminator = |from: usize| terminators.next_at(from);
    while let Some((t, tlen)) = next_terminator(i) {
        i = t;
        let mut j = i + tlen;
        loop {
            match b.get(j) {
                Some(b'"' | b'\'' | b')' | b']') => j += 1,
                Some(0xE2)
                    if b[j..].starts_with(RIGHT_DOUBLE) || b[j..].starts_with(RIGHT_SINGLE) =>
                {
                    j += 3;
                }
                _ => break,
            }
        }
        if b.get(j) == Some(&b' ')
            && text[j + 1..].chars().next().is_some_and(|n| {
                n.is_uppercase()
                    || nutgraf_core::text::is_numeric(n)
                    || matches!(n, '"' | '“' | '‘' | '\'')
            })
        {
            key_of(&text[start..j], buf, &mut f);
            start = j + 1;
            i = j + 1;
            continue;
        }
        i += tlen;
    }
    key_of(&text[start..], buf, &mut f);
}

/// Passes the key of sentence `s` to `f`, if it has a letter or digit.
fn key_of(s: &str, buf: &mut String, f: &mut impl FnMut(Key)) {
    let quote_or_space = |c: char| c.is_whitespace() || c == '"' || c == '\'';
    if s.is_ascii() {
        // No curly quotes to fold, and ASCII lowercasing is the Unicode one and leaves spaces
        // and quotes alone: trimmed first, lower-cased while hashing.
        let t = s.trim_matches(quote_or_space);
        if t.bytes().any(|b| b.is_ascii_alphanumeric()) {
            f(Key {
                hash: key_hash_ascii_lower(t.as_bytes()),
                len: t.len(),
            });
        }
        return;
    }
    buf.clear();
    // (about the length of the key: one allocation, not one per doubling)
    buf.reserve(s.len());
    // ASCII runs lower-cased in bulk; typographic quotes folded to ASCII ones
    crate::tables::lower_runs_into(s, buf, |c, buf| match c {
        '“' | '”' | '„' | '«' | '»' => buf.push('"'),
        '‘' | '’' => buf.push('\''),
        c => buf.extend(c.to_lowercase()),
    });
    let trimmed = buf.trim_matches(quote_or_space);
    if trimmed.chars().any(nutgraf_core::text::is_alphanumeric) {
        f(Key {
            hash: key_hash(trimmed.as_bytes()),
            len: trimmed.len(),
        });
    }
}

/// Whether the sentences are all `seen`; a block of three sentences or more may miss a fifth of
/// its text (a glued copy in which a subheading ran into the next sentence).
fn mostly_seen(keys: &[Key], seen: impl Fn(u64) -> bool) -> bool {
    let total: usize = keys.iter().map(|k| k.len).sum();
    let hit: usize = keys.iter().filter(|k| seen(k.hash)).map(|k| k.len).sum();
    if keys.len() >= 3 {
        hit * 5 >= total * 4
    } else {
        hit == total
    }
}

/// Which of `texts` (the normalised body blocks, in order) are copies.
///
/// With an article start (the dateline's block), a block before it is a copy when each of its
/// sentences appears in a block from the start on. Without one, a teaser is a block whose
/// sentences all appear later, spread over two blocks or more (the opening paragraphs glued
/// together); any other block is a copy when each of its sentences already appeared in an
/// earlier block that is not a teaser. Blocks under `min_chars` characters, and one-sentence
/// blocks under 80, are never copies, so a refrain the article repeats stays.
///
/// Sentences are compared by a 64-bit hash of their key, and blocks by 64-bit hashes of their
/// word 5-grams: memory is a few words per sentence and per 5-gram, not a copy of the text.
pub(crate) fn find_copies(texts: &[&str], start: Option<usize>, min_chars: usize) -> Vec<bool> {
    let n = texts.len();
    // One block is never a copy (there is nothing else to copy).
    if n < 2 {
        return vec![false; n];
    }
    let mut buf = String::new();
    // (about one sentence per hundred bytes)
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut keys: Vec<Key> = Vec::with_capacity(bytes / 64 + n);
    // Block `i`'s keys are keys[bounds[i]..bounds[i + 1]].
    let mut bounds: Vec<usize> = Vec::with_capacity(n + 1);
    bounds.push(0);
    for t in texts {
        sentence_keys_with(t, &mut buf, |k| keys.push(k));
        bounds.push(keys.len());
    }
    let keys_of = |i: usize| &keys[bounds[i]..bounds[i + 1]];
    let long: Vec<bool> = (0..n)
        .map(|i| {
            let t = texts[i];
            let k = keys_of(i);
            // Without a dateline, one short sentence repeated is a refrain, not a copy.
            let need = if start.is_some() || k.len() >= 2 {
                min_chars
            } else {
                min_chars.max(80)
            };
            // (a character has one to four bytes: counted only when that does not decide)
            !k.is_empty()
                && t.len() >= need
                && (t.len() >= need.saturating_mul(4) || t.chars().count() >= need)
        })
        .collect();
    // The last block each sentence occurs in.
    let mut last: HashMap<u64, usize, FxBuild> =
        HashMap::with_capacity_and_hasher(keys.len(), FxBuild::default());
    for i in 0..n {
        for k in keys_of(i) {
            last.insert(k.hash, i);
        }
    }
    if let Some(s) = start {
        let s = s.min(n);
        // The 5-grams of the article proper, built only if a block needs them.
        let mut proper: Option<SeenShingles<'_>> = None;
        return (0..n)
            .map(|i| {
                if !long[i] || i >= s {
                    return false;
                }
                if mostly_seen(keys_of(i), |h| last.get(&h).is_some_and(|&j| j >= s)) {
                    return true;
                }
                let proper = proper.get_or_insert_with(|| {
                    let bytes: usize = texts[s..].iter().map(|t| t.len()).sum();
                    let mut set = SeenShingles::new((bytes / 6).min(1 << 20), n - s);
                    for t in &texts[s..] {
                        set.insert_text(t);
                    }
                    set
                });
                shingles_seen_streamed_filtered(texts[i], proper)
            })
            .collect();
    }
    let mut copy: Vec<bool> = (0..n)
        .map(|i| {
            if !long[i] || keys_of(i).len() < 2 {
                return false;
            }
            let mut holders: Vec<usize> = Vec::new();
            for k in keys_of(i) {
                match last.get(&k.hash) {
                    Some(&j) if j > i => {
                        if !holders.contains(&j) && holders.len() < 2 {
                            holders.push(j);
                        }
                    }
                    _ => return false,
                }
            }
            holders.len() >= 2
        })
        .collect();
    drop(last);
    // Later copies of text that already appeared.
    let mut seen: HashSet<u64, FxBuild> =
        HashSet::with_capacity_and_hasher(keys.len(), FxBuild::default());
    // about one 5-gram per word, a word per six bytes
    let mut seen_sh = SeenShingles::new((bytes / 6).min(1 << 20), n);
    // (a 5-gram per word or so, a word per six bytes)
    let longest = texts.iter().map(|t| t.len()).max().unwrap_or(0);
    let mut sh: Vec<u64> = Vec::with_capacity(longest.min(BUFFER_MAX) / 5);
    for i in 0..n {
        if copy[i] {
            continue;
        }
        let last = i + 1 == n;
        let buffered = texts[i].len() <= BUFFER_MAX;
        if long[i] && mostly_seen(keys_of(i), |h| seen.contains(&h)) {
            copy[i] = true;
            continue;
        }
        // The 5-grams are looked up only for a long block once some are seen: buffered then,
        // to be hashed once for the lookups and the inserts, and else inserted as they come.
        // (The last block's sentences and 5-grams are never looked up.)
        sh.clear();
        if long[i] && !seen_sh.is_empty() {
            if buffered {
                for_each_shingle(texts[i], |h| sh.push(h));
            }
            if if buffered {
                shingles_seen_filtered(&sh, &mut seen_sh)
            } else {
                shingles_seen_streamed(texts[i], seen_sh.exact())
            } {
                copy[i] = true;
                continue;
            }
        }
        if !last {
            seen.extend(keys_of(i).iter().map(|k| k.hash));
            if buffered && !sh.is_empty() {
                for &h in &sh {
                    seen_sh.insert(h);
                }
                seen_sh.inserted(texts[i]);
            } else {
                seen_sh.insert_text(texts[i]);
            }
        }
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of a sentence as a string, as [`key_of`] hashes it.
    fn key_string(s: &str) -> Option<String> {
        let mut k = String::new();
        for c in s.chars() {
            match c {
                c if c.is_ascii() => k.push(c.to_ascii_lowercase()),
                '“' | '”' | '„' | '«' | '»' => k.push('"'),
                '‘' | '’' => k.push('\''),
                c => k.extend(c.to_lowercase()),
            }
        }
        let t = k.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
        t.chars().any(char::is_alphanumeric).then(|| t.to_string())
    }

    /// The sentence keys of a text, as strings, checked against their hashes.
    fn sentence_keys(text: &str) -> Vec<String> {
        let mut hashed = Vec::new();
        sentence_keys_with(text, &mut String::new(), |k| hashed.push(k));
        // the same split, sentence by sentence
        let mut out = Vec::new();
        let mut rest = text;
        for k in &hashed {
            // find the sentence whose key this is (keys come in order)
            let mut end = 0;
            let key = loop {
                end = rest[end..].find(' ').map_or(rest.len(), |e| end + e + 1);
                if let Some(s) = key_string(&rest[..end])
                    && key_hash(s.as_bytes()) == k.hash
                {
                    break s;
                }
                assert!(end < rest.len(), "no sentence for {k:?} in {rest:?}");
            };
            assert_eq!(key.len(), k.len);
            out.push(key);
            rest = &rest[end..];
        }
        out
    }

    /// The 5-gram hashes of a text, from its words split and lower-cased by `char`.
    fn shingles_reference(text: &str) -> Vec<u64> {
        let words: Vec<u64> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let low: String = w.chars().flat_map(char::to_lowercase).collect();
                word_hash(low.as_bytes())
            })
            .collect();
        words
            .windows(5)
            .map(|w| {
                let [a, b, c, d, e] = [w[0], w[1], w[2], w[3], w[4]];
                mix(
                    a ^ b.rotate_left(21) ^ 0xa076_1d64_78bd_642f,
                    c ^ d.rotate_left(42),
                ) ^ e.rotate_left(11)
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn shingles_are_those_of_the_lower_cased_words(
            parts in proptest::collection::vec(
                "(a|Bc|def|GHIJ|klmno|pqrstu|VWXYZab|cdefghij|klmnopqrs|Fifteenletterss|SixteenLettersAb|seventeenletterss|0|12|3x4|tenletters|averyveryverylongwordofmorethanthirtytwoletters| |  |,|, |.|-|’|“|”|é|É|café|Σ|ΣΑΣ|ß|İ|٣|²|\u{a0}|\n)",
                0..40,
            ),
        ) {
            let text = parts.concat();
            let mut got = Vec::new();
            let n = for_each_shingle(&text, |h| got.push(h));
            let want = shingles_reference(&text);
            proptest::prop_assert_eq!(n, want.len());
            proptest::prop_assert_eq!(got, want, "{:?}", text);
        }
    }

    #[test]
    fn two_word_hashes_are_key_hashes() {
        let t = b"abcdefghijklmnopq";
        for len in 9..16 {
            let mut a = [0u8; 8];
            a.copy_from_slice(&t[..8]);
            let mut b = [0u8; 8];
            b[..len - 8].copy_from_slice(&t[8..len]);
            assert_eq!(
                key_hash_two(u64::from_le_bytes(a), u64::from_le_bytes(b), len),
                key_hash(&t[..len]),
                "{len}"
            );
        }
    }

    /// The first key `key_of` gives for `s`, and the key of its folded text.
    fn first_key_and_reference(s: &str) -> (Option<Key>, Option<Key>) {
        let mut got = Vec::new();
        key_of(s, &mut String::new(), &mut |k| got.push(k));
        let want = key_string(s).map(|k| Key {
            hash: key_hash(k.as_bytes()),
            len: k.len(),
        });
        (got.first().copied(), want)
    }

    #[test]
    fn ascii_keys_hash_like_their_lower_cased_text() {
        for s in [
            "The Mayor Said So.",
            " \"Quoted, ALL CAPS @[\\]^_`{|}~ 0123456789 az AZ\" ",
            "exactly8",
            "",
            "\"\"",
        ] {
            let (got, want) = first_key_and_reference(s);
            assert_eq!(got, want, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn keys_hash_like_their_folded_text(
            parts in proptest::collection::vec(
                "(The|MAYOR|said| |  |\"|'|“|”|‘|’|„|«|»|é|É|Σ|ß|İ|\u{212A}|x|12|,|\\.|\u{a0})",
                0..30,
            ),
        ) {
            let s = parts.concat();
            let (got, want) = first_key_and_reference(&s);
            proptest::prop_assert_eq!(got, want, "{:?}", s);
        }
    }

    #[test]
    fn splits_sentences() {
        let k = sentence_keys("“One,” he said. Two! 3 is next? \"Four.\" Five");
        assert_eq!(
            k,
            vec!["one,\" he said.", "two!", "3 is next?", "four.", "five"]
        );
    }

    proptest::proptest! {
        #[test]
        fn terminators_are_found_in_order(
            parts in proptest::collection::vec("(a|æ|…|\\.|!|\\?|’|\u{a6}| |x\u{2026}y)", 0..30),
            steps in proptest::collection::vec(0usize..4, 0..40),
        ) {
            let text = parts.concat();
            let b = text.as_bytes();
            let naive = |from: usize| {
                (from..b.len()).find_map(|p| {
                    if matches!(b[p], b'.' | b'!' | b'?') {
                        Some((p, 1))
                    } else {
                        b[p..].starts_with("…".as_bytes()).then_some((p, 3))
                    }
                })
            };
            let mut t = Terminators::new(b);
            let mut from = 0;
            for s in steps {
                if from > b.len() {
                    break;
                }
                proptest::prop_assert_eq!(t.next_at(from), naive(from), "{:?} {}", text, from);
                from += s;
            }
        }
    }

    #[test]
    fn splits_sentences_at_ellipses() {
        // (`æ` ends with the ellipsis' last byte)
        let k = sentence_keys("He paused… Then left. Æsop’s … fable… Next æ… Æ");
        assert_eq!(
            k,
            vec![
                "he paused…",
                "then left.",
                "æsop's … fable…",
                "next æ…",
                "æ"
            ]
        );
    }

    #[test]
    fn copies() {
        let t = |s: &[&'static str]| s.to_vec();
        let texts = t(&[
            "The mayor opened the bridge on Monday. Crowds cheered loudly at the ceremony.",
            "The mayor opened the bridge on Monday.",
            "Crowds cheered loudly at the ceremony.",
            "Stir well.",
            "Stir well.",
        ]);
        assert_eq!(
            find_copies(&texts, None, 20),
            vec![true, false, false, false, false]
        );
        // With a start at 2, block 1 is before it but its sentence only appears before too.
        assert_eq!(
            find_copies(&texts, Some(2), 20),
            vec![false, false, false, false, false]
        );
    }

    #[test]
    fn glued_copies_are_found_by_their_word_5_grams() {
        // The third block repeats the first two glued into one, its sentence broken where
        // theirs are not: no sentence key matches, nearly every 5-gram does.
        let a = "The council met on Monday to discuss the new bridge over the river and \
                 the costs of the project that the mayor had promised";
        let b = "Residents who live near the old crossing said they had waited for years \
                 and hoped the work would start before the winter";
        let glued = format!("{a} {b}");
        let texts = vec![
            a,
            b,
            "Something else entirely.",
            glued.as_str(),
            "The end of the story, told by someone.",
        ];
        assert_eq!(
            find_copies(&texts, None, 20),
            vec![false, false, false, true, false]
        );
        // and against the article proper, before a dateline
        let texts = vec![glued.as_str(), a, b];
        assert_eq!(find_copies(&texts, Some(1), 20), vec![true, false, false]);
    }

    #[test]
    fn near_identical_sentences_are_not_copies() {
        // Thousands of blocks that differ only in a number: no two sentence keys may collide.
        let blocks: Vec<String> = (0..20_000)
            .map(|k| {
                format!(
                    "Talks with the union went well in report {k}, Ann Lee said. \
                     She added that costs rose in report {k}."
                )
            })
            .collect();
        let texts: Vec<&str> = blocks.iter().map(String::as_str).collect();
        assert!(find_copies(&texts, None, 20).iter().all(|c| !c));
        let mut hashes = HashSet::<u64, FxBuild>::default();
        for t in &texts {
            sentence_keys_with(t, &mut String::new(), |k| {
                assert!(hashes.insert(k.hash), "{t}");
            });
        }
    }
}
