//! Byte classes tested eight bytes at a time ("SIMD within a register"), shared by the stage
//! crates' word and line scans.
//!
//! Each byte of a `u64` (read little-endian, so the first byte is the lowest) is tested on its
//! own: the sums below never carry into the next byte. A mask function returns the top bit
//! (`0x80`) of every byte in its class, so a mask's lowest set bit is the first byte of the
//! class. Tests check every byte value at every position against plain byte loops.

const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte: `mask & HIGH` keeps a mask's marks.
pub const HIGH: u64 = ONES * 0x80;

/// The top bit of each byte of `y` (bytes under 0x80) that is at least `c` (1 to 0x80).
#[inline(always)]
fn at_least(y: u64, c: u8) -> u64 {
    y.wrapping_add(ONES * u64::from(0x80 - c)) & HIGH
}

/// The top bit of each byte of `y` (bytes under 0x80) in `lo..=hi`.
#[inline(always)]
fn within(y: u64, lo: u8, hi: u8) -> u64 {
    at_least(y, lo) & !at_least(y, hi + 1)
}

/// The top bit of each byte of `x` that is not an ASCII letter or digit.
#[inline(always)]
pub fn not_alnum(x: u64) -> u64 {
    let y = x & !HIGH;
    // `| 0x20` maps the capitals onto the small letters and nothing else into `a..=z`
    let alnum = within(y, b'0', b'9') | within(y | (ONES * 0x20), b'a', b'z');
    !(alnum & !x) & HIGH
}

/// The top bit of each byte of `x` that is ASCII whitespace (tab to carriage return, space)
/// or not ASCII.
#[inline(always)]
pub fn space_or_high(x: u64) -> u64 {
    let y = x & !HIGH;
    (x & HIGH) | within(y, 9, 13) | within(y, b' ', b' ')
}

/// The top bit of each byte of `x` that is a control character or a space (under `!`), or
/// not ASCII.
#[inline(always)]
pub fn low_or_high(x: u64) -> u64 {
    let y = x & !HIGH;
    (x | !at_least(y, b'!')) & HIGH
}

/// The top bit of each byte of `x` that is a control character or a space (under `!`), an
/// ASCII capital, or not ASCII.
#[inline(always)]
pub fn low_upper_or_high(x: u64) -> u64 {
    let y = x & !HIGH;
    ((x | !at_least(y, b'!')) & HIGH) | within(y, b'A', b'Z')
}

/// The top bit of each byte of `x` that is not ASCII.
#[inline(always)]
pub fn high(x: u64) -> u64 {
    x & HIGH
}

/// The top bit of each byte of `x` in `lo..=hi`, where `0x80 <= lo <= hi` (other bounds give
/// a meaningless mask, never a panic).
#[inline(always)]
pub fn within_high(x: u64, lo: u8, hi: u8) -> u64 {
    within(
        x & !HIGH,
        lo.wrapping_sub(0x80) & 0x7F,
        hi.wrapping_sub(0x80) & 0x7F,
    ) & x
}

/// Whether some byte of `bytes` is one that `mark` marks (`mark` must not mark the byte 0).
#[inline(always)]
pub fn any_byte(bytes: &[u8], mark: impl Fn(u64) -> u64) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    let mut m = 0;
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        m |= mark(u64::from_le_bytes(a));
    }
    let rest = chunks.remainder();
    let mut a = [0u8; 8];
    a[..rest.len()].copy_from_slice(rest);
    m |= mark(u64::from_le_bytes(a));
    m != 0
}

/// The end of the run of bytes from `i` that `stop` does not mark (`stop` must mark a byte
/// 0x80 and over): the first marked byte, or the end of `bytes`.
#[inline(always)]
pub fn run_end(bytes: &[u8], mut i: usize, stop: impl Fn(u64) -> u64) -> usize {
    while let Some(c) = bytes.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        let m = stop(u64::from_le_bytes(a));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    // padded with bytes that stop
    let mut a = [0x80u8; 8];
    a[..rest.len()].copy_from_slice(rest);
    let m = stop(u64::from_le_bytes(a));
    (i + (m.trailing_zeros() / 8) as usize).min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    type Case = (fn(u64) -> u64, fn(u8) -> bool);
    const CASES: [Case; 5] = [
        (high, |b| b >= 0x80),
        (not_alnum, |b| !b.is_ascii_alphanumeric()),
        (space_or_high, |b| b >= 0x80 || matches!(b, 9..=13 | b' ')),
        (low_or_high, |b| b >= 0x80 || b <= b' '),
        (low_upper_or_high, |b| {
            b >= 0x80 || b <= b' ' || b.is_ascii_uppercase()
        }),
    ];

    fn naive(bytes: &[u8], mut i: usize, stops: fn(u8) -> bool) -> usize {
        while i < bytes.len() && !stops(bytes[i]) {
            i += 1;
        }
        i
    }

    #[test]
    fn every_byte_at_every_position() {
        for (mask, stops) in CASES {
            for fill in [b'a', b'M', b'5', b'-', 0x7F, 0, 0x80, 0xFF, b' '] {
                for b in 0..=255u8 {
                    for len in 0..20 {
                        for pos in 0..len {
                            let mut v = vec![fill; len];
                            v[pos] = b;
                            for from in 0..=len {
                                assert_eq!(
                                    run_end(&v, from, mask),
                                    naive(&v, from, stops),
                                    "{b} at {pos} of {len} in {fill}s from {from}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn high_ranges_at_every_position() {
        for b in 0..=255u8 {
            for len in 0..20 {
                for pos in 0..len {
                    for fill in [0u8, b'a', 0x80, 0xE2, 0xEE, 0xFF] {
                        let mut v = vec![fill; len];
                        v[pos] = b;
                        let want = v.iter().any(|b| (0xE3..=0xED).contains(b));
                        assert_eq!(any_byte(&v, |x| within_high(x, 0xE3, 0xED)), want);
                    }
                }
            }
        }
        assert!(!any_byte(&[], |x| within_high(x, 0xE3, 0xED)));
    }

    proptest::proptest! {
        #[test]
        fn runs_are_the_byte_loops(v in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40), from in 0usize..41) {
            for (mask, stops) in CASES {
                proptest::prop_assert_eq!(run_end(&v, from.min(v.len()), mask), naive(&v, from.min(v.len()), stops));
            }
        }
    }
}
