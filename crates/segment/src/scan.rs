//! Fast byte search: the position of the next byte of a small class, 32 bytes at a time.
//!
//! The per-chunk loop has no early exit, so the compiler turns it into vector compares and a
//! bit mask; only chunks with a hit are looked at byte by byte.

/// The first position at or after `from` whose byte satisfies `class`.
#[inline(always)]
pub(crate) fn find(b: &[u8], from: usize, class: impl Fn(u8) -> bool) -> Option<usize> {
    let mut i = from;
    while i + 32 <= b.len() {
        let mut mask: u32 = 0;
        for (k, &x) in b[i..i + 32].iter().enumerate() {
            mask |= u32::from(class(x)) << k;
        }
        if mask != 0 {
            return Some(i + mask.trailing_zeros() as usize);
        }
        i += 32;
    }
    b.get(i..)?.iter().position(|&x| class(x)).map(|k| i + k)
}

#[cfg(test)]
mod tests {
    use super::find;

    proptest::proptest! {
        /// Whatever the bytes and the start, the search agrees with a plain byte loop, in the
        /// whole chunks and the tail.
        #[test]
        fn searches_match_a_plain_loop(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::prelude::Just(b'a'),
                    1 => proptest::prelude::any::<u8>(),
                ],
                0..150,
            ),
            from in 0usize..160,
        ) {
            let class = |x: u8| (x == b'.') | (x == 0xE2) | (x < 0x09);
            let want: Vec<usize> = (0..bytes.len()).filter(|&k| class(bytes[k])).collect();
            let first = want.iter().copied().find(|&k| k >= from);
            proptest::prop_assert_eq!(find(&bytes, from, class), first);
        }
    }

    #[test]
    fn finds_in_head_chunks_and_tail() {
        let mut v = vec![b'a'; 100];
        assert_eq!(find(&v, 0, |x| x == b'.'), None);
        v[70] = b'.';
        v[99] = b'.';
        assert_eq!(find(&v, 0, |x| x == b'.'), Some(70));
        assert_eq!(find(&v, 71, |x| x == b'.'), Some(99));
        assert_eq!(find(&v, 100, |x| x == b'.'), None);
        assert_eq!(find(&v, 500, |x| x == b'.'), None);
        v[3] = b'.';
        assert_eq!(find(&v, 0, |x| x == b'.'), Some(3));
    }
}
