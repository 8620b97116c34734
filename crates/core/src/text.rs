//! Small text helpers shared by the stages.

/// Whether `c` is part of a word: a letter, a mark or a digit (Unicode).
///
/// Inlined across crates, with the fast paths of [`is_alphanumeric`]: the stages call it on
/// every character.
#[must_use]
#[inline]
pub fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || (!c.is_ascii() && is_mark(c))
}

// `char::is_alphabetic`, `is_numeric` and `is_alphanumeric` with a fast path: ASCII, Latin-1
// and Latin Extended-A/B (U+0080 to U+024F) and General Punctuation (U+2000 to U+206F, where
// the typographic quotes and dashes of news text live) are answered without the standard
// library's table search (several hundred instructions a call for a character that is
// neither); every other character is left to the standard library. A test checks every
// character.

/// Whether `c` is alphabetic, as [`char::is_alphabetic`] has it.
#[must_use]
#[inline]
pub fn is_alphabetic(c: char) -> bool {
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
#[must_use]
#[inline]
pub fn is_numeric(c: char) -> bool {
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
#[must_use]
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    let u = u32::from(c);
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if u < 0x250 || (0x2000..0x2070).contains(&u) {
        return is_alphabetic(c) || is_numeric(c);
    }
    c.is_alphanumeric()
}

/// Whether `c` is a combining mark in the common combining blocks.
#[must_use]
#[inline]
pub fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The largest character boundary of `text` at or before `pos` (clamped to the length).
#[must_use]
pub fn floor_char_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// The smallest character boundary of `text` at or after `pos` (clamped to the length).
#[must_use]
pub fn ceil_char_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos += 1;
    }
    pos
}

/// The character that ends just before byte `pos`, if any.
#[must_use]
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The character that starts at byte `pos`, if any.
#[must_use]
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_and_neighbours() {
        let t = "aé b";
        assert_eq!(floor_char_boundary(t, 2), 1);
        assert_eq!(ceil_char_boundary(t, 2), 3);
        assert_eq!(ceil_char_boundary(t, 99), t.len());
        assert_eq!(char_before(t, 3), Some('é'));
        assert_eq!(char_at(t, 1), Some('é'));
        assert_eq!(char_at(t, 2), None);
        assert!(is_word_char('é') && is_word_char('7') && !is_word_char('-'));
        assert!(is_word_char('\u{0301}'));
    }

    /// The fast paths answer exactly as the Unicode tables do, for every character.
    #[test]
    fn every_character_is_classed_as_the_standard_library_does() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            let slow = c.is_alphanumeric() || is_mark(c);
            assert_eq!(is_word_char(c), slow, "U+{:04X}", c as u32);
        }
    }
}
