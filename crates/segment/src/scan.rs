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

/// Appends to `out` every position of `b` whose byte satisfies `class`, in order. Each chunk's
/// mask is computed once, however many hits it holds.
#[inline(always)]
pub(crate) fn find_all(b: &[u8], class: impl Fn(u8) -> bool, out: &mut Vec<usize>) {
    let mut i = 0;
    while i + 32 <= b.len() {
        let mut mask: u32 = 0;
        for (k, &x) in b[i..i + 32].iter().enumerate() {
            mask |= u32::from(class(x)) << k;
        }
        while mask != 0 {
            out.push(i + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        i += 32;
    }
    out.extend((i..b.len()).filter(|&k| class(b[k])));
}

#[cfg(test)]
mod tests {
    use super::{find, find_all};

    #[test]
    fn find_all_matches_a_plain_filter() {
        let text: Vec<u8> = (0..200u32)
            .map(|k| if k % 7 == 0 || k == 199 { b'.' } else { b'a' })
            .collect();
        let mut got = Vec::new();
        find_all(&text, |x| x == b'.', &mut got);
        let want: Vec<usize> = (0..text.len()).filter(|&k| text[k] == b'.').collect();
        assert_eq!(got, want);
        got.clear();
        find_all(b"", |x| x == b'.', &mut got);
        assert!(got.is_empty());
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
