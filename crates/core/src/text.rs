//! Small text helpers shared by the stages.

/// Whether `c` is part of a word: a letter, a mark or a digit (Unicode).
///
/// Inlined across crates, with an ASCII fast path: the stages call it on every character.
#[must_use]
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        match c as u32 {
            // General Punctuation (typographic quotes, dashes, spaces): no letter, digit or mark;
            // answered here because std's table lookup for them is slow and news text is full
            // of them
            0x2000..=0x206F => false,
            // Latin-1 letters and Latin Extended-A and -B: all letters but `×` and `÷`
            0x00C0..=0x024F => c != '\u{d7}' && c != '\u{f7}',
            _ => c.is_alphanumeric() || is_mark(c),
        }
    }
}

/// Whether `c` is a combining mark in the common combining blocks.
#[must_use]
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
    fn word_chars_agree_with_unicode_everywhere() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let slow = c.is_alphanumeric() || is_mark(c);
            assert_eq!(is_word_char(c), slow, "U+{:04X}", c as u32);
        }
    }
}
