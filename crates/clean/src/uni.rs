//! `char::is_alphabetic`, `is_numeric` and `is_alphanumeric` with a fast path: ASCII, Latin-1
//! and Latin Extended-A/B (U+0080 to U+024F) and General Punctuation (U+2000 to U+206F, where
//! the typographic quotes and dashes of news text live) are answered without the standard
//! library's table search (several hundred instructions a call for a character that is neither);
//! every other character is left to the standard library. A test checks every character.

/// Whether `c` is alphabetic, as [`char::is_alphabetic`] has it.
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    let u = u32::from(c);
    if u < 0x80 {
        return c.is_ascii_alphabetic();
    }
    if u < 0x250 {
        // the letters of Latin-1 (`ª µ º`, `À` to `ÿ` but `×` and `÷`), and Latin Extended-A
        // and B, all letters
        return u >= 0xC0 && u != 0xD7 && u != 0xF7 || matches!(u, 0xAA | 0xB5 | 0xBA);
    }
    if (0x2000..0x2070).contains(&u) {
        // General Punctuation has no letter
        return false;
    }
    c.is_alphabetic()
}

/// Whether `c` is numeric, as [`char::is_numeric`] has it.
#[inline]
pub(crate) fn is_numeric(c: char) -> bool {
    let u = u32::from(c);
    if u < 0x80 {
        return c.is_ascii_digit();
    }
    if u < 0x250 {
        // `² ³ ¹ ¼ ½ ¾`
        return matches!(u, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE);
    }
    if (0x2000..0x2070).contains(&u) {
        return false;
    }
    c.is_numeric()
}

/// Whether `c` is alphanumeric, as [`char::is_alphanumeric`] has it.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    let u = u32::from(c);
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if u < 0x250 || (0x2000..0x2070).contains(&u) {
        return is_alphabetic(c) || is_numeric(c);
    }
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_character_is_classed_as_the_standard_library_does() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::is_numeric(c), c.is_numeric(), "{c:?}");
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
