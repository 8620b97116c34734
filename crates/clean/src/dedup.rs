//! Teaser and lead copies: blocks whose sentences all appear in the article proper.

use std::collections::{HashMap, HashSet};

use crate::fxhash::FxBuild;

/// Word 5-grams of a text (case-folded alphanumeric words), hashed (FNV-1a per word, then
/// mixed per 5-gram).
fn shingles(text: &str) -> Vec<u64> {
    const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut words: Vec<u64> = Vec::new();
    let bytes = text.as_bytes();
    let mut h = BASIS;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII: alphanumeric and lowercase without decoding
            if b.is_ascii_alphanumeric() {
                if !in_word {
                    h = BASIS;
                    in_word = true;
                }
                h ^= u64::from(b.to_ascii_lowercase());
                h = h.wrapping_mul(PRIME);
            } else if in_word {
                words.push(h);
                in_word = false;
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            if !in_word {
                h = BASIS;
                in_word = true;
            }
            for l in c.to_lowercase() {
                h ^= u64::from(u32::from(l));
                h = h.wrapping_mul(PRIME);
            }
        } else if in_word {
            words.push(h);
            in_word = false;
        }
        i += c.len_utf8();
    }
    if in_word {
        words.push(h);
    }
    words
        .windows(5)
        .map(|w| {
            w.iter().fold(0u64, |acc, &h| {
                (acc.rotate_left(13) ^ h).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            })
        })
        .collect()
}

/// Whether at least four fifths of a long block's 5-grams are in `seen` (a glued copy of
/// several paragraphs has new 5-grams across each paragraph boundary).
fn shingles_seen(sh: &[u64], seen: &HashSet<u64, FxBuild>) -> bool {
    sh.len() >= 25 && sh.iter().filter(|h| seen.contains(h)).count() * 5 >= sh.len() * 4
}

/// Splits a normalised paragraph into sentence keys: after `. ! ? …` (and closing quotes)
/// followed by a space and a capital, digit or opening quote. Keys are lower-cased, with
/// curly quotes folded to straight ones and edge quotes dropped.
pub(crate) fn sentence_keys(text: &str) -> Vec<String> {
    const ELLIPSIS: &[u8] = "\u{2026}".as_bytes();
    const RIGHT_DOUBLE: &[u8] = "\u{201D}".as_bytes();
    const RIGHT_SINGLE: &[u8] = "\u{2019}".as_bytes();
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Byte scan: the terminators and closers are ASCII or start with 0xE2, which is never a
    // continuation byte, so no match falls inside a character.
    while i < b.len() {
        let tlen = match b[i] {
            b'.' | b'!' | b'?' => 1,
            0xE2 if b[i..].starts_with(ELLIPSIS) => ELLIPSIS.len(),
            _ => {
                i += 1;
                continue;
            }
        };
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
                n.is_uppercase() || n.is_numeric() || matches!(n, '"' | '“' | '‘' | '\'')
            })
        {
            push_key(&mut out, &text[start..j]);
            start = j + 1;
            i = j + 1;
            continue;
        }
        i += tlen;
    }
    push_key(&mut out, &text[start..]);
    out
}

fn push_key(out: &mut Vec<String>, s: &str) {
    let key: String = if s.is_ascii() {
        // no curly quotes to fold, and ASCII lowercasing is the Unicode one
        s.to_ascii_lowercase()
    } else {
        let mut k = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                c if c.is_ascii() => k.push(c.to_ascii_lowercase()),
                '“' | '”' | '„' | '«' | '»' => k.push('"'),
                '‘' | '’' => k.push('\''),
                c => k.extend(c.to_lowercase()),
            }
        }
        k
    };
    let trimmed = key.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
    if trimmed.chars().any(char::is_alphanumeric) {
        if trimmed.len() == key.len() {
            out.push(key);
        } else {
            out.push(trimmed.to_string());
        }
    }
}

/// Whether the sentences are all `seen`; a block of three sentences or more may miss a fifth of
/// its text (a glued copy in which a subheading ran into the next sentence).
fn mostly_seen(keys: &[String], seen: impl Fn(&str) -> bool) -> bool {
    let total: usize = keys.iter().map(String::len).sum();
    let hit: usize = keys.iter().filter(|k| seen(k)).map(|k| k.len()).sum();
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
pub(crate) fn find_copies(texts: &[&str], start: Option<usize>, min_chars: usize) -> Vec<bool> {
    let keys: Vec<Vec<String>> = texts.iter().map(|t| sentence_keys(t)).collect();
    let long: Vec<bool> = texts
        .iter()
        .zip(&keys)
        .map(|(t, k)| {
            let n = t.chars().count();
            // Without a dateline, one short sentence repeated is a refrain, not a copy.
            !k.is_empty() && n >= min_chars && (start.is_some() || k.len() >= 2 || n >= 80)
        })
        .collect();
    // The last block each sentence occurs in.
    let mut last: HashMap<&str, usize, FxBuild> =
        HashMap::with_capacity_and_hasher(keys.iter().map(Vec::len).sum(), FxBuild::default());
    for (i, ks) in keys.iter().enumerate() {
        for k in ks {
            last.insert(k.as_str(), i);
        }
    }
    if let Some(s) = start {
        let proper: HashSet<u64, FxBuild> = texts[s.min(texts.len())..]
            .iter()
            .flat_map(|t| shingles(t))
            .collect();
        return (0..texts.len())
            .map(|i| {
                long[i]
                    && i < s
                    && (mostly_seen(&keys[i], |k| last.get(k).is_some_and(|&j| j >= s))
                        || shingles_seen(&shingles(texts[i]), &proper))
            })
            .collect();
    }
    let mut copy: Vec<bool> = (0..texts.len())
        .map(|i| {
            if !long[i] || keys[i].len() < 2 {
                return false;
            }
            let mut holders: Vec<usize> = Vec::new();
            for k in &keys[i] {
                match last.get(k.as_str()) {
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
    // Later copies of text that already appeared.
    let mut seen: HashSet<&str, FxBuild> = HashSet::default();
    let mut seen_sh: HashSet<u64, FxBuild> = HashSet::default();
    for i in 0..texts.len() {
        if copy[i] {
            continue;
        }
        let sh = shingles(texts[i]);
        if long[i] && (mostly_seen(&keys[i], |k| seen.contains(k)) || shingles_seen(&sh, &seen_sh))
        {
            copy[i] = true;
            continue;
        }
        for k in &keys[i] {
            seen.insert(k.as_str());
        }
        seen_sh.extend(sh);
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences() {
        let k = sentence_keys("“One,” he said. Two! 3 is next? \"Four.\" Five");
        assert_eq!(
            k,
            vec!["one,\" he said.", "two!", "3 is next?", "four.", "five"]
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
}
