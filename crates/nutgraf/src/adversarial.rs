//! Generators of hostile inputs, for reliability tests and the flat-time benchmark.
//!
//! Scraped text is hostile by accident: binary junk, megabytes of `"`, a page that is one huge
//! line, thousands of unclosed brackets, lines of zero-width characters, mixed scripts. Each
//! generator here is deterministic (a fixed-seed xorshift), so a failure reproduces, and builds
//! its input at any size without storing large files.

/// The kinds of hostile input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Random bytes decoded lossily (U+FFFD, control characters, stray high bytes).
    Binary,
    /// Nothing but straight double quote marks.
    QuoteMarks,
    /// Every kind of quote mark and apostrophe, unbalanced, between words.
    MixedQuotes,
    /// A whole page on one line: sentences with no newline at all.
    OneLine,
    /// Thousands of unclosed brackets and parentheses.
    Brackets,
    /// Lines of zero-width characters and non-breaking spaces.
    ZeroWidth,
    /// Latin, Cyrillic, Greek, CJK, Arabic and emoji mixed in one text.
    MixedScripts,
    /// News-like prose with quotes, cues, titles and names: the normal case, scaled up.
    News,
    /// Every line a capitalised dateline-looking or headline-looking fragment.
    Headlines,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 9] = [
        Kind::Binary,
        Kind::QuoteMarks,
        Kind::MixedQuotes,
        Kind::OneLine,
        Kind::Brackets,
        Kind::ZeroWidth,
        Kind::MixedScripts,
        Kind::News,
        Kind::Headlines,
    ];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Binary => "binary",
            Kind::QuoteMarks => "quote-marks",
            Kind::MixedQuotes => "mixed-quotes",
            Kind::OneLine => "one-line",
            Kind::Brackets => "brackets",
            Kind::ZeroWidth => "zero-width",
            Kind::MixedScripts => "mixed-scripts",
            Kind::News => "news",
            Kind::Headlines => "headlines",
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Builds an input of the given kind of about `bytes` bytes (never more than a few bytes over).
#[must_use]
pub fn generate(kind: Kind, bytes: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ bytes as u64);
    let mut out = String::with_capacity(bytes + 64);
    match kind {
        Kind::Binary => {
            let mut raw = Vec::with_capacity(bytes);
            while raw.len() < bytes {
                raw.extend_from_slice(&rng.next().to_le_bytes());
            }
            raw.truncate(bytes);
            out = String::from_utf8_lossy(&raw).into_owned();
            // Replacement characters take three bytes: cut back to the requested size.
            out.truncate(nutgraf_core::text::floor_char_boundary(&out, bytes));
        }
        Kind::QuoteMarks => out.extend(std::iter::repeat_n('"', bytes)),
        Kind::MixedQuotes => {
            let parts = [
                "\"", "“", "”", "‘", "’", "«", "»", "„", "'", " said ", " he ", "Ann", ",", ". ",
                "\n",
            ];
            while out.len() < bytes {
                out.push_str(rng.pick(&parts));
            }
        }
        Kind::OneLine | Kind::News | Kind::Headlines => {
            let names = [
                "Ana Silva",
                "Dmitry Orlov",
                "Sen. Kim Park",
                "Dr. Lea Moss",
                "the ministry",
            ];
            let verbs = ["said", "told reporters", "added", "warned", "according to"];
            let bodies = [
                "the bridge will reopen on Monday",
                "costs rose 3.5% in the U.S. last year",
                "talks with the union are going well",
                "\"we will not stop now\"",
            ];
            // A running number keeps sentences distinct, so the cleaner's dedup does not
            // shrink the text the later stages see.
            let mut k = 0u64;
            while out.len() < bytes {
                let (n, v, b) = (rng.pick(&names), rng.pick(&verbs), rng.pick(&bodies));
                k += 1;
                match kind {
                    Kind::OneLine => {
                        out.push_str(&format!("\"{b} ({k}),\" {n} {v}.{n} {v} that {b}. "));
                    }
                    Kind::News => {
                        out.push_str(&format!(
                            "\"{b},\" {n} {v} in report {k}. {n} {v} on Friday that {b}.\n"
                        ));
                        if rng.next() % 5 == 0 {
                            out.push('\n');
                        }
                    }
                    _ => out.push_str(&format!(
                        "LONDON (Wire) - {} Says {} \n10:{:02} GMT\n",
                        n,
                        b,
                        rng.next() % 60
                    )),
                }
            }
        }
        Kind::Brackets => {
            let parts = ["(", "[", "{", "(ABC", " word", "(U.S.", "\"(", " ("];
            while out.len() < bytes {
                out.push_str(rng.pick(&parts));
            }
        }
        Kind::ZeroWidth => {
            let parts = [
                "\u{200b}", "\u{200c}", "\u{200d}", "\u{feff}", "\u{a0}", "\n", " ", "a",
            ];
            while out.len() < bytes {
                out.push_str(rng.pick(&parts));
            }
        }
        Kind::MixedScripts => {
            let parts = [
                "Москва ",
                "Αθήνα ",
                "東京都 ",
                "القاهرة ",
                "😀 ",
                "naïve ",
                "Zürich. ",
                "«Да», сказал он. ",
                "\u{0301}",
                "İstanbul ",
                "ß ",
                "\n",
            ];
            while out.len() < bytes {
                out.push_str(rng.pick(&parts));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_close_and_deterministic() {
        for kind in Kind::ALL {
            let a = generate(kind, 10_000);
            assert!(
                a.len() >= 9_000 && a.len() < 10_400,
                "{} {}",
                kind.name(),
                a.len()
            );
            assert_eq!(a, generate(kind, 10_000));
        }
    }
}
