//! The sentence-boundary rules, applied to one paragraph at a time.
//!
//! One forward pass over the bytes of a paragraph visits every terminal mark (`.`, `!`, `?`,
//! `…` and the full-width CJK marks). Each decision looks at a bounded window around the mark
//! (the token before it, the closing marks and the next word after it), so the whole pass is
//! linear in the paragraph length. Cheap pre-passes find the cut points that do not come from
//! a terminal mark (bullets, numbered lists, datelines, caption labels) and, unless the policy
//! is [`QuotePolicy::Split`], the quotations whose inner sentence ends are kept.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::lang::{AbbrevClass, Language};

/// What to do with a sentence end inside a quotation that is followed by its attribution.
///
/// Take `"We are ready. The crew is healthy," Isaacman said.`:
///
/// - [`QuotePolicy::Split`] treats the quotation like any other text: two sentences,
///   `"We are ready.` and `The crew is healthy," Isaacman said.`
/// - [`QuotePolicy::KeepAttributed`] keeps a quotation whole when it is attributed, that is when
///   it closes on a comma (`...healthy,"` or `...healthy",`) or is followed by a dash and a name
///   or by a lower-case verb phrase (`?" he asked`): one sentence, so the quote and its speaker
///   stay together. A quotation that simply ends a sentence (`... healthy." The launch ...`) is
///   split as usual.
/// - [`QuotePolicy::KeepEmbedded`] also keeps whole a quotation that opens inside a sentence
///   (`The memo said "Act now. The window is closing" in bold.`).
///
/// Under `KeepAttributed`, sentence ends inside a quotation with no attribution are split. The
/// default keeps a quote and its speaker in one sentence, which is what quote attribution
/// wants; on the GUM news dev set the three policies score within 0.2 point of each other
/// (GUM itself is inconsistent here).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QuotePolicy {
    /// Split at every sentence end, inside quotations too.
    Split,
    /// Keep an attributed quotation in one sentence with its attribution (the default).
    #[default]
    KeepAttributed,
    /// Like [`QuotePolicy::KeepAttributed`], and also keep whole a quotation that opens inside
    /// a sentence (`The poster wrote that "A. B." ...`).
    KeepEmbedded,
}

/// The configurable parts of the rules.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    pub quotes: QuotePolicy,
    pub glued: bool,
    pub datelines: bool,
    pub lists: bool,
}

/// Longest token (in bytes) looked at before a mark; longer tokens are cut (linear time).
const TOKEN_WINDOW: usize = 64;
/// Longest stretch of whitespace or opening marks skipped after a mark.
const SKIP_WINDOW: usize = 64;

fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// The character starting at `i` (`i` must be a char boundary of `s`).
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// The character ending at `i` (`i` must be a char boundary of `s`).
fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '「' | '『' | '（' | '¿' | '¡'
    )
}

/// Format characters that scraped text leaves between words (zero-width space, word joiner,
/// byte-order mark): they separate like a space, although they are not whitespace.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '◦' | '▪' | '●' | '■' | '►' | '▸' | '‣')
}

/// Terminal marks that end a sentence without any following space (CJK full-width).
fn is_cjk_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉') || is_cjk_terminal(c)
}

/// Whether a letter counts as "upper case" for opening a sentence: upper-case letters, and
/// letters of scripts without case (CJK, Arabic, Hebrew, ...).
fn is_capital(c: char) -> bool {
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())
}

/// What follows a terminal mark and its closing marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next<'t> {
    /// A lower-case word: the sentence goes on (`?" he asked`).
    Lower,
    /// A capitalized word (after any opening marks), and whether opening marks came first.
    Capital {
        word: &'t str,
        dotted: bool,
        opened: bool,
    },
    /// A number.
    Digit,
    /// Punctuation that continues a sentence (`,`, `;`, a dash).
    Continue,
    /// Anything else (`$`, `#`, a bullet, an opening mark before a capital ...).
    Other,
}

/// The kind of token before a single period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenKind {
    Abbrev(AbbrevClass),
    /// A single capital letter: a middle initial or `Plan B`.
    Initial,
    /// A list enumerator at the start of its sentence (`1.`, `a.`).
    Enumerator,
    Plain,
    /// A URL or an e-mail address.
    Address,
}

pub(crate) struct Scanner<'a> {
    lang: &'a Language,
    opts: Options,
}

/// Buffers reused from one paragraph to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Positions of every byte that a rule looks at (see [`find_events`]), in order.
    events: Vec<usize>,
    forced: Vec<usize>,
    kept: Vec<(usize, usize)>,
    cuts: Vec<usize>,
}

/// Whether [`find_events`] finds a byte: the reference for its tests.
#[cfg(test)]
fn is_event_byte(x: u8) -> bool {
    (x == b'.')
        | (x == b'!')
        | (x == b'?')
        | (x == b'"')
        | (x == b':')
        | (x == 0xE2)
        | (x == 0xE3)
        | (x == 0xEF)
}

/// Appends, in order, the positions of the bytes any rule starts from: terminal marks, quotes,
/// colons, and the lead bytes of the multi-byte marks (`…`, `“`, `•`: 0xE2; `。`: 0xE3; `！`,
/// `？`: 0xEF). Three vectorised searches (`memchr`), each for at most three of the byte values,
/// then one sort when the later searches found anything (they look for the rarer bytes).
fn find_events(b: &[u8], out: &mut Vec<usize>) {
    let first = out.len();
    out.extend(memchr::memchr3_iter(b'.', b'"', 0xE2, b));
    let common = out.len();
    out.extend(memchr::memchr3_iter(b'!', b'?', b':', b));
    out.extend(memchr::memchr2_iter(0xE3, 0xEF, b));
    if out.len() > common {
        // the positions are distinct, so an unstable sort is exact
        out[first..].sort_unstable();
    }
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(lang: &'a Language, opts: Options) -> Self {
        Self { lang, opts }
    }

    /// Sentence spans of one paragraph, relative to `p`, trimmed and non-empty.
    pub(crate) fn sentences(&self, p: &str, scratch: &mut Scratch, out: &mut Vec<(usize, usize)>) {
        // One pass over the bytes finds everything the rules start from.
        let b = p.as_bytes();
        scratch.events.clear();
        find_events(b, &mut scratch.events);
        let events = &scratch.events;
        scratch.forced.clear();
        self.forced_cuts(p, events, &mut scratch.forced);
        scratch.kept.clear();
        match self.opts.quotes {
            QuotePolicy::Split => {}
            QuotePolicy::KeepAttributed => kept_quotations(p, events, false, &mut scratch.kept),
            QuotePolicy::KeepEmbedded => kept_quotations(p, events, true, &mut scratch.kept),
        }
        scratch.cuts.clear();
        self.terminal_cuts(p, events, &scratch.forced, &scratch.kept, &mut scratch.cuts);
        let (forced, cuts) = (&scratch.forced, &scratch.cuts);

        // Merge both sorted cut lists and emit the trimmed pieces between them.
        let mut start = 0;
        let (mut i, mut j) = (0, 0);
        loop {
            let next = match (forced.get(i), cuts.get(j)) {
                (Some(&f), Some(&c)) if f <= c => {
                    i += 1;
                    f
                }
                (_, Some(&c)) => {
                    j += 1;
                    c
                }
                (Some(&f), None) => {
                    i += 1;
                    f
                }
                (None, None) => break,
            };
            if next > start {
                push_trimmed(p, start, next, out);
                start = next;
            }
        }
        push_trimmed(p, start, p.len(), out);
    }

    /// Cut points not made by a terminal mark: before a bullet, before the next item of a
    /// numbered or lettered list, around a dateline glued to a headline. Sorted.
    fn forced_cuts(&self, p: &str, events: &[usize], cuts: &mut Vec<usize>) {
        let b = p.as_bytes();
        // Bullets after whitespace. Every bullet listed is a 3-byte character led by 0xE2.
        for &at in events {
            if b[at] == 0xE2
                && at > 0
                && p.is_char_boundary(at)
                && char_at(p, at).is_some_and(is_bullet)
                && char_before(p, at).is_some_and(char::is_whitespace)
            {
                cuts.push(at);
            }
        }
        if self.opts.lists {
            list_cuts(p, cuts);
        }
        if self.opts.datelines {
            dash_dateline_cut(self.lang, p, cuts);
        }
        self.caption_cuts(p, events, cuts);
        if self.opts.datelines {
            self.dateline_cuts(p, cuts);
        }
        if self.opts.glued {
            self.glued_opener_cuts(p, cuts);
        }
        cuts.sort_unstable();
        cuts.dedup();
    }

    /// A dateline (`Friday, May 8, 2009`) that follows a headline without punctuation, or that
    /// is followed by the first sentence, is a sentence of its own. A date in running text
    /// (`on Friday, May 8, 2009, the ...`) is not touched: it follows a preposition or is
    /// followed by a comma.
    fn dateline_cuts(&self, p: &str, cuts: &mut Vec<usize>) {
        let Some(re) = self.lang.dateline() else {
            return;
        };
        // "Monday, May 1, 2000" is the shortest dateline: skip short or comma-free paragraphs.
        if p.len() < 19 || !p.contains(',') {
            return;
        }
        for m in re.find_iter(p) {
            let after = &p[m.end()..];
            let rest = after.trim_start();
            let ends_clause = rest.is_empty()
                || (rest.len() < after.len() && rest.chars().next().is_some_and(is_capital));
            if !ends_clause {
                continue;
            }
            let before = p[..m.start()].trim_end();
            if !before.is_empty() {
                let last_word = before
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                let ends_with_word = before.chars().next_back().is_some_and(|c| {
                    c.is_alphanumeric() || matches!(c, '"' | '\'' | '”' | '’' | ')')
                });
                if !ends_with_word
                    || self.lang.is_preposition(last_word)
                    || matches!(
                        last_word.to_ascii_lowercase().as_str(),
                        "and" | "or" | "of" | "to" | "through" | "last" | "next" | "this" | "every"
                    )
                {
                    continue;
                }
                cuts.push(m.start());
            }
            if !rest.is_empty() {
                cuts.push(m.end());
            }
        }
    }

    /// A capitalized preposition after a word with no punctuation between, and before a
    /// lower-case word, opens a sentence glued to a caption or heading without a final mark
    /// (`... in any constituency In the West constituency, ...`). English writing does not
    /// capitalize a preposition inside a sentence, and a title-case heading would capitalize
    /// the next word too.
    fn glued_opener_cuts(&self, p: &str, cuts: &mut Vec<usize>) {
        let Some(re) = self.lang.glued_opener() else {
            return;
        };
        if p.len() < 6 {
            return;
        }
        for m in re.find_iter(p) {
            let word_before = char_before(p, m.start()).is_some_and(char::is_alphanumeric);
            let lower_after = char_at(p, m.end()).is_some_and(char::is_lowercase);
            if word_before && lower_after {
                cuts.push(m.start() + 1);
            }
        }
    }

    /// A caption or credit label inside a paragraph (`... Spacecraft Stardust Image: NASA`)
    /// starts a sentence.
    fn caption_cuts(&self, p: &str, events: &[usize], cuts: &mut Vec<usize>) {
        let b = p.as_bytes();
        for &colon in events {
            if b[colon] != b':' || !b.get(colon + 1).is_some_and(|&x| is_ascii_ws(x)) {
                continue;
            }
            let (start, word) = token_before(p, colon);
            if start == 0
                || !char_before(p, start).is_some_and(char::is_whitespace)
                || !self.lang.is_caption_label(word)
            {
                continue;
            }
            cuts.push(start);
        }
    }

    /// Cut points made by terminal marks, sorted.
    fn terminal_cuts(
        &self,
        p: &str,
        events: &[usize],
        forced: &[usize],
        kept: &[(usize, usize)],
        cuts: &mut Vec<usize>,
    ) {
        let b = p.as_bytes();
        let n = b.len();
        let mut sent_start = skip_ws(p, 0, n);
        let mut fi = 0;
        let mut ki = 0;
        let mut resume_at = 0;
        for &i in events {
            if i < resume_at || matches!(b[i], b'"' | b':') {
                continue;
            }
            let Some(c) = char_at(p, i) else {
                continue;
            };
            if !is_terminal(c) {
                continue;
            }
            while fi < forced.len() && forced[fi] <= i {
                sent_start = sent_start.max(skip_ws(p, forced[fi], n));
                fi += 1;
            }
            while ki < kept.len() && kept[ki].1 <= i {
                ki += 1;
            }
            let inside_kept = kept.get(ki).is_some_and(|&(o, _)| o < i);
            let (decision, resume) = self.decide(p, i, sent_start);
            if let Some(cut) = decision {
                let suppressed = inside_kept && cut <= kept[ki].1;
                if !suppressed {
                    cuts.push(cut);
                    sent_start = skip_ws(p, cut, n);
                }
            }
            resume_at = resume.max(i + 1);
        }
    }

    /// Decides at the terminal mark starting at `i`: the cut point if a sentence ends here, and
    /// where scanning resumes.
    fn decide(&self, p: &str, i: usize, sent_start: usize) -> (Option<usize>, usize) {
        let b = p.as_bytes();
        let n = b.len();
        let first = char_at(p, i).unwrap_or('.');
        let attached = i > 0 && char_before(p, i).is_some_and(|c| !c.is_whitespace());

        // Spaced ellipsis: ". . ." (three dots) or ". . . ." (an ellipsis and a period).
        let spaced_dot = |j: usize| {
            b.get(j) == Some(&b' ') && b.get(j + 1) == Some(&b'.') && b.get(j + 2) != Some(&b'.')
        };
        if first == '.' && b.get(i + 1) != Some(&b'.') && spaced_dot(i + 1) {
            let mut dots = 1;
            let mut j = i + 1;
            while spaced_dot(j) {
                dots += 1;
                j += 2;
            }
            let (end, _) = skip_closers(p, j);
            let next = self.next_of(p, end);
            let capital = matches!(next, Some((Next::Capital { .. } | Next::Digit, _)));
            if attached && dots >= 4 {
                // "compounds. . . . The": the period ends the sentence, the ellipsis opens the
                // next one. At the end of the text the whole run stays with its sentence.
                return (capital.then_some(i + 1), end);
            }
            return ((dots >= 4 && capital).then_some(end), end);
        }

        // An unspaced run of terminal marks ("?!", "...", "!!").
        let mut j = i;
        let mut dots = 0;
        let mut other = 0;
        let mut ellipsis = false;
        let mut cjk = false;
        while let Some(c) = char_at(p, j) {
            match c {
                '.' => dots += 1,
                '…' => ellipsis = true,
                c if is_cjk_terminal(c) => cjk = true,
                c if is_terminal(c) => other += 1,
                _ => break,
            }
            j += c.len_utf8();
        }
        let run_end = j;
        let (end, full_stop) = skip_closers(p, run_end);
        if end >= n {
            return (None, n);
        }
        if cjk {
            return (Some(end), end);
        }
        let is_ellipsis = ellipsis || dots >= 2;
        let after = char_at(p, end).unwrap_or(' ');

        if !after.is_whitespace() && !is_invisible(after) {
            // Glued: "conference.NASA", "now?The", but not "Node.js", "3.5", "U.S.Army".
            if !self.opts.glued {
                return (None, end);
            }
            if is_ellipsis {
                // "courageous...For example": a word, an ellipsis, a capitalized word.
                let word_before = char_before(p, i).is_some_and(char::is_alphabetic);
                let c2 = char_at(p, end + after.len_utf8());
                let ends =
                    word_before && after.is_uppercase() && c2.is_some_and(char::is_lowercase);
                return (ends.then_some(end), end);
            }
            return (self.glued(p, i, run_end, end, sent_start), end);
        }

        let Some((next, _)) = self.next_of(p, end) else {
            return (None, n);
        };
        if is_ellipsis && !full_stop {
            // "[...]" marks an omission: it ends a sentence only before a bare capitalized
            // word ("[...] However, ..."), not before a citation ("[...]" (Smith 55)).
            let bracketed = char_before(p, i).is_some_and(|c| matches!(c, '[' | '('))
                && char_at(p, run_end).is_some_and(|c| matches!(c, ']' | ')'));
            let ends = if bracketed {
                matches!(next, Next::Capital { opened: false, .. })
            } else {
                matches!(next, Next::Capital { .. })
                    && (attached || dots >= 4 || (ellipsis && dots >= 1))
            };
            return (ends.then_some(end), end);
        }
        if other > 0 || full_stop {
            // '?' and '!' end a sentence unless the text goes on in lower case or with a comma.
            let ends = !matches!(next, Next::Lower | Next::Continue);
            return (ends.then_some(end), end);
        }
        // A single period.
        let kind = self.token_kind(p, i, sent_start);
        let ends = match (kind, next) {
            (_, Next::Lower | Next::Continue) => false,
            (TokenKind::Abbrev(AbbrevClass::Title | AbbrevClass::Never), _) => false,
            (TokenKind::Enumerator, _) => false,
            (TokenKind::Abbrev(AbbrevClass::Number), Next::Digit) => false,
            (TokenKind::Abbrev(AbbrevClass::Number) | TokenKind::Plain | TokenKind::Address, _) => {
                true
            }
            (TokenKind::Abbrev(AbbrevClass::Ambiguous), Next::Digit) => false,
            (TokenKind::Initial, Next::Digit) => false,
            // "the U.S. $2 trillion economy": a symbol after an abbreviation goes on.
            (TokenKind::Abbrev(AbbrevClass::Ambiguous) | TokenKind::Initial, Next::Other) => false,
            (TokenKind::Abbrev(AbbrevClass::Ambiguous), Next::Capital { word, dotted, .. }) => {
                self.opens_sentence(word, dotted, true) && !self.intro_phrase(p, sent_start, i)
            }
            (TokenKind::Initial, Next::Capital { word, dotted, .. }) => {
                self.opens_sentence(word, dotted, false)
            }
        };
        (ends.then_some(end), end)
    }

    /// Whether a capitalized `word` (followed by a period when `dotted`) opens a sentence after
    /// an ambiguous abbreviation or an initial.
    fn opens_sentence(&self, word: &str, dotted: bool, titles: bool) -> bool {
        if dotted {
            // "Mr." opens a sentence after "p.m."; "A." after "J." is another initial.
            return titles
                && word.chars().count() > 1
                && self.lang.abbreviation(word) == Some(AbbrevClass::Title);
        }
        self.lang.is_starter(word)
    }

    /// Whether `sent_start..i` is a short introductory phrase ("At 5 a.m.", "In the U.S.") that
    /// cannot be a sentence on its own.
    fn intro_phrase(&self, p: &str, sent_start: usize, i: usize) -> bool {
        if i <= sent_start || i - sent_start > 40 {
            return false;
        }
        let frag = &p[sent_start..i];
        let mut words = frag.split_whitespace();
        let first = words.next().unwrap_or("");
        let count = 1 + words.count();
        count <= 4
            && self
                .lang
                .is_preposition(first.trim_matches(|c: char| !c.is_alphanumeric()))
    }

    /// Classifies the token before the single period at `i`.
    fn token_kind(&self, p: &str, i: usize, sent_start: usize) -> TokenKind {
        let (tok_start, raw) = token_before(p, i);
        let tok = raw.trim_start_matches(|c| is_opener(c) || is_bullet(c));
        let tok_pos = tok_start + (raw.len() - tok.len());
        if tok.is_empty() {
            return TokenKind::Plain;
        }
        if tok.contains('@')
            || tok.as_bytes().windows(3).any(|w| w == b"://")
            || tok.starts_with("www.")
        {
            return TokenKind::Address;
        }
        if let Some(c) = self.lang.abbreviation(tok) {
            return TokenKind::Abbrev(c);
        }
        if let Some(tail) = tok.rsplit(['-', '/', '–']).next()
            && tail.len() < tok.len()
            && !tail.is_empty()
            && let Some(c) = self.lang.abbreviation(tail)
        {
            return TokenKind::Abbrev(c);
        }
        let at_start = tok_pos <= sent_start || only_bullet_between(p, sent_start, tok_pos);
        let mut chars = tok.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        let short_number = tok.len() <= 2 && tok.bytes().all(|x| x.is_ascii_digit());
        if at_start && (short_number || single.is_some_and(char::is_alphabetic)) {
            return TokenKind::Enumerator;
        }
        if single.is_some_and(char::is_uppercase) {
            return TokenKind::Initial;
        }
        if is_dotted_acronym(tok) {
            return TokenKind::Abbrev(AbbrevClass::Ambiguous);
        }
        TokenKind::Plain
    }

    /// A glued boundary: the terminal run `i..run_end`, closers up to `end`, and a non-space
    /// character at `end`. Returns the cut point.
    fn glued(
        &self,
        p: &str,
        i: usize,
        run_end: usize,
        end: usize,
        sent_start: usize,
    ) -> Option<usize> {
        let after = char_at(p, end)?;
        // An opening quote glued to the next sentence: cut before it.
        let (cut, letter_at) = if after == '"' || after == '“' {
            (end, end + after.len_utf8())
        } else {
            (end, end)
        };
        let c1 = char_at(p, letter_at)?;
        if !c1.is_uppercase() {
            return None;
        }
        let c2 = char_at(p, letter_at + c1.len_utf8());
        // Not inside a URL, an e-mail address or a path.
        let (_, back) = token_before(p, i);
        if back.contains('@') || back.contains('/') || back.contains("www.") {
            return None;
        }
        let fwd = &p[letter_at..];
        let fwd_end = fwd
            .char_indices()
            .take(TOKEN_WINDOW)
            .find(|&(_, c)| c.is_whitespace())
            .map_or(fwd.len().min(TOKEN_WINDOW), |(k, _)| k);
        let fwd = &fwd[..nutgraf_core::text::floor_char_boundary(fwd, fwd_end)];
        // "www.Example.com", "Report.PDF.zip": a host name or a file name goes on.
        let dotted_word = fwd
            .char_indices()
            .any(|(k, c)| c == '.' && fwd[k + 1..].starts_with(|x: char| x.is_alphanumeric()));
        if fwd.contains('@')
            || fwd.contains('/')
            || dotted_word
            || back.eq_ignore_ascii_case("www")
            || is_tld(fwd)
        {
            return None;
        }
        let before = char_before(p, i)?;
        if p[i..run_end].starts_with('.') && run_end - i == 1 {
            if self.token_kind(p, i, sent_start) != TokenKind::Plain {
                return None;
            }
            // The letters right before the period.
            let tail: &str = {
                let head = &p[..i];
                let start = head
                    .char_indices()
                    .rev()
                    .take(TOKEN_WINDOW)
                    .take_while(|&(_, c)| c.is_alphabetic())
                    .last()
                    .map_or(i, |(k, _)| k);
                &head[start..]
            };
            let letters = tail.chars().count();
            let lower_word = letters >= 2 && tail.chars().all(char::is_lowercase);
            // "Florida.The", "NASA.The": a longer word, then a capitalized lower-case word.
            let long_word = letters >= 3;
            let word_follows = c2.is_some_and(char::is_lowercase);
            let ok = (lower_word && (end == run_end || word_follows))
                || ((long_word || before.is_ascii_digit() || is_closer(before)) && word_follows);
            return ok.then_some(cut);
        }
        // '?' or '!' glued to a capitalized word.
        (c2.is_some_and(char::is_lowercase) && (before.is_alphanumeric() || is_closer(before)))
            .then_some(cut)
    }

    /// The kind of text after position `end` (just past the closers), skipping whitespace and
    /// opening marks. `None` when only whitespace is left.
    fn next_of<'t>(&self, p: &'t str, end: usize) -> Option<(Next<'t>, usize)> {
        let n = p.len();
        let m = skip_ws(p, end, n);
        if m >= n {
            return None;
        }
        let mut k = m;
        let mut opened = false;
        while let Some(c) = char_at(p, k) {
            if k - m >= SKIP_WINDOW || !is_opener(c) {
                break;
            }
            opened = true;
            k += c.len_utf8();
        }
        let c = char_at(p, k)?;
        let kind = if c.is_lowercase() {
            Next::Lower
        } else if c.is_alphabetic() {
            let rest = &p[k..];
            let len = rest
                .char_indices()
                .take(TOKEN_WINDOW)
                .find(|&(_, ch)| !ch.is_alphabetic())
                .map_or(rest.len().min(TOKEN_WINDOW), |(x, _)| x);
            let len = nutgraf_core::text::floor_char_boundary(rest, len);
            let word = &rest[..len];
            let dotted = rest[len..].starts_with('.');
            Next::Capital {
                word,
                dotted,
                opened,
            }
        } else if c.is_ascii_digit() {
            if opened { Next::Other } else { Next::Digit }
        } else if !opened && matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '&' | ')' | ']') {
            Next::Continue
        } else {
            Next::Other
        };
        Some((kind, m))
    }
}

static TLDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../data/tlds.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_ascii_lowercase)
        .collect()
});

/// Whether the word at the start of `fwd` is a common top-level domain (`Net` in
/// `PanArmenian.Net`).
fn is_tld(fwd: &str) -> bool {
    let word = fwd
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    word.len() <= 6 && TLDS.contains(&word.to_ascii_lowercase())
}

/// Skips closing marks after a terminal run; a quote or apostrophe followed by a letter or a
/// digit (`Jr.'s`, `."The`) is not a closer.
///
/// Returns the end and whether a terminal mark follows the closers (`"... truth ...".`), which
/// makes the run a full stop. An opening quote used as a closing one (`decision.“ However`) is
/// taken as a closer when whitespace follows it.
fn skip_closers(p: &str, mut j: usize) -> (usize, bool) {
    let start = j;
    let mut full_stop = false;
    while let Some(c) = char_at(p, j) {
        if j - start >= SKIP_WINDOW {
            break;
        }
        let next = char_at(p, j + c.len_utf8());
        if is_terminal(c) && j > start {
            full_stop = true;
            j += c.len_utf8();
            continue;
        }
        let misused_opener = matches!(c, '“' | '‘') && next.is_none_or(char::is_whitespace);
        if !is_closer(c) && !misused_opener {
            break;
        }
        if matches!(c, '"' | '\'' | '’') && next.is_some_and(char::is_alphanumeric) {
            break;
        }
        j += c.len_utf8();
    }
    (j, full_stop)
}

fn skip_ws(p: &str, mut j: usize, n: usize) -> usize {
    let b = p.as_bytes();
    while j < n {
        if is_ascii_ws(b[j]) {
            j += 1;
        } else if b[j] >= 0x80 {
            match char_at(p, j) {
                Some(c) if c.is_whitespace() || is_invisible(c) => j += c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    j
}

/// The token (run of non-space characters, at most [`TOKEN_WINDOW`] bytes) ending at `i`, and
/// its start.
fn token_before(p: &str, i: usize) -> (usize, &str) {
    let head = &p[..i];
    let mut start = i;
    for (k, c) in head.char_indices().rev() {
        if c.is_whitespace() || is_invisible(c) || i - k > TOKEN_WINDOW {
            break;
        }
        start = k;
    }
    (start, &head[start..])
}

fn only_bullet_between(p: &str, from: usize, to: usize) -> bool {
    from < to
        && p.get(from..to).is_some_and(|s| {
            let s = s.trim();
            let mut cs = s.chars();
            cs.next().is_some_and(is_bullet) && cs.next().is_none()
        })
}

/// `U.S`, `a.m`, `Ph.D`, `J.R.R`: letters in groups of one or two, joined by periods.
fn is_dotted_acronym(tok: &str) -> bool {
    let mut groups = 0;
    for g in tok.split('.') {
        let len = g.chars().count();
        if len == 0 || len > 2 || !g.chars().all(char::is_alphabetic) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// Quotations whose attribution follows them, as (opening mark, closing mark) byte positions.
/// With `embedded`, also the quotations that open inside a sentence (after a word, a comma or a
/// colon).
fn kept_quotations(p: &str, events: &[usize], embedded: bool, out: &mut Vec<(usize, usize)>) {
    let b = p.as_bytes();
    let mut open: Option<usize> = None;
    for &at in events {
        if !matches!(b[at], b'"' | 0xE2) {
            continue;
        }
        let Some(c) = char_at(p, at) else { continue };
        let opening = match c {
            '“' => true,
            '”' => false,
            '"' => {
                let prev = char_before(p, at);
                prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '-' | '—' | '–'))
            }
            _ => continue,
        };
        if opening {
            open = Some(at);
        } else if let Some(o) = open.take()
            && ((embedded && opens_inside_sentence(p, o)) || is_attributed(p, at))
        {
            out.push((o, at));
        }
    }
}

/// Whether the quotation opening at `open` follows a word, a comma or a colon of the same
/// sentence.
fn opens_inside_sentence(p: &str, open: usize) -> bool {
    let head = p[..open].trim_end();
    head.len() < open
        && head
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ':'))
}

/// Whether the quotation closing at `close` is followed by its attribution.
fn is_attributed(p: &str, close: usize) -> bool {
    let before = char_before(p, close);
    if before == Some(',') {
        return true;
    }
    let after_close = close + char_at(p, close).map_or(1, char::len_utf8);
    if char_at(p, after_close) == Some(',') {
        return true;
    }
    let m = skip_ws(p, after_close, p.len());
    if m == after_close {
        return false;
    }
    match char_at(p, m) {
        Some('-' | '—' | '–') => true,
        Some(c) => c.is_lowercase() && before.is_some_and(|b| matches!(b, '?' | '!')),
        None => false,
    }
}

/// A dateline before a dash at the start of a paragraph (`WASHINGTON (Reuters) - The ...`,
/// `Springfield, Ohio, United States - This week ...`) is a sentence of its own. The part before
/// the dash must be short, made of capitalized words, and hold a comma, a parenthesis or a word
/// in capitals, which sets it apart from a sentence that happens to contain a dash.
fn dash_dateline_cut(lang: &Language, p: &str, cuts: &mut Vec<usize>) {
    const WINDOW: usize = 80;
    let head = &p[..nutgraf_core::text::floor_char_boundary(p, WINDOW)];
    let Some((dash_at, dash_len)) = find_spaced_dash(head) else {
        place_dateline_cut(lang, head, cuts);
        return;
    };
    let prefix = &p[..dash_at];
    let mut marked = prefix.contains(',') || prefix.contains('(');
    for w in prefix.split_whitespace() {
        let w = w.trim_matches(|c: char| matches!(c, ',' | '(' | ')' | '.'));
        let Some(first) = w.chars().next() else {
            continue;
        };
        if !first.is_uppercase() {
            return;
        }
        if w.chars().count() >= 3 && w.chars().all(|c| !c.is_lowercase()) {
            marked = true;
        }
    }
    let after = dash_at + dash_len;
    let starts_sentence = p[after..].chars().next().is_some_and(is_capital);
    if marked && starts_sentence && !prefix.trim().is_empty() {
        cuts.push(after);
    }
}

/// The first dash between spaces (` - `, ` -- `, ` – `, ` — `): its position (the space before
/// it) and length with both spaces.
fn find_spaced_dash(head: &str) -> Option<(usize, usize)> {
    let b = head.as_bytes();
    let mut i = 0;
    while let Some(k) = b
        .get(i..)
        .and_then(|rest| memchr::memchr2(b'-', 0xE2, rest))
        .map(|k| i + k)
    {
        i = k + 1;
        if k == 0 || b[k - 1] != b' ' {
            continue;
        }
        let dash = if b[k..].starts_with(b"--") {
            2
        } else if b[k] == b'-' {
            1
        } else if b[k..].starts_with("–".as_bytes()) || b[k..].starts_with("—".as_bytes()) {
            3
        } else {
            continue;
        };
        if b.get(k + dash) == Some(&b' ') {
            return Some((k - 1, dash + 2));
        }
    }
    None
}

/// A place dateline without a dash (`Springfield, Ohio, United States On Monday, ...`): at
/// least three capitalized words with two commas, then a capitalized sentence opener.
fn place_dateline_cut(lang: &Language, head: &str, cuts: &mut Vec<usize>) {
    let mut words = 0;
    let mut commas = 0;
    let mut pos = 0;
    for w in head.split_inclusive(char::is_whitespace) {
        let word = w.trim_end();
        let bare = word.trim_end_matches(',');
        let Some(first) = bare.chars().next() else {
            pos += w.len();
            continue;
        };
        if !first.is_uppercase() || !bare.chars().all(|c| c.is_alphabetic() || c == '-') {
            return;
        }
        if words >= 3 && commas >= 2 && word == bare && lang.is_starter(bare) {
            cuts.push(pos);
            return;
        }
        words += 1;
        commas += word.len() - bare.len();
        pos += w.len();
    }
}

/// Numbered or lettered lists written inline ("1) first 2) second", "a. one b. two"): when the
/// paragraph opens with an enumerator, cut before each following enumerator of the same style
/// that continues the sequence.
fn list_cuts(p: &str, cuts: &mut Vec<usize>) {
    let b = p.as_bytes();
    let n = b.len();
    let start = skip_ws(p, 0, n);
    if char_at(p, start).is_some_and(is_bullet) {
        // A bulleted list: the bullets already cut it.
        return;
    }
    let Some((mut value, style, len)) = enumerator_at(p, start) else {
        return;
    };
    let mut i = start + len;
    while i < n {
        // Candidates sit right after whitespace.
        let Some(off) = b[i..].iter().position(|&x| x == b' ' || x == b'\t') else {
            break;
        };
        let at = i + off + 1;
        i = at;
        if let Some((v, s, l)) = enumerator_at(p, at)
            && s == style
            && v == value + 1
        {
            cuts.push(at);
            value = v;
            i = at + l;
        }
    }
}

/// An enumerator at `at` followed by a space: `12.`, `3)`, `4.)`, `b.`, `c)`. Returns (value,
/// style, length).
fn enumerator_at(p: &str, at: usize) -> Option<(u32, (bool, u8), usize)> {
    let b = p.as_bytes();
    let mut j = at;
    let (value, alpha) = if b.get(j).is_some_and(u8::is_ascii_digit) {
        let mut v = 0u32;
        while j < b.len() && b[j].is_ascii_digit() && j - at < 2 {
            v = v * 10 + u32::from(b[j] - b'0');
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        (v, false)
    } else if b.get(j).is_some_and(u8::is_ascii_lowercase) {
        j += 1;
        (u32::from(b[at] - b'a') + 1, true)
    } else {
        return None;
    };
    if at > 0 && b.get(at - 1).is_some_and(|x| x.is_ascii_alphanumeric()) {
        return None;
    }
    let style = if b[j..].starts_with(b".)") {
        j += 2;
        b'}'
    } else if b[j..].starts_with(b")") {
        j += 1;
        b')'
    } else if b[j..].starts_with(b".") {
        j += 1;
        b'.'
    } else {
        return None;
    };
    if !b.get(j).is_some_and(|&x| is_ascii_ws(x)) {
        return None;
    }
    Some((value, (alpha, style), j - at))
}

fn push_trimmed(p: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &p[start..end];
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = start + (piece.len() - piece.trim_start().len());
        out.push((s, s + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The event search finds exactly the bytes of the class, in order.
        #[test]
        fn events_are_every_event_byte_in_order(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => proptest::prelude::Just(b'a'),
                    1 => proptest::sample::select(vec![b'.', b'!', b'?', b'"', b':', 0xE2, 0xE3, 0xEF]),
                    1 => proptest::prelude::any::<u8>(),
                ],
                0..200,
            ),
        ) {
            let mut got = vec![7];
            find_events(&bytes, &mut got);
            let want: Vec<usize> = std::iter::once(7)
                .chain((0..bytes.len()).filter(|&k| is_event_byte(bytes[k])))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn dotted_acronyms() {
        for t in ["U.S", "a.m", "Ph.D", "J.R.R", "E.U"] {
            assert!(is_dotted_acronym(t), "{t}");
        }
        for t in ["US", "www.example", "3.5", "U..S", "Node.js", ""] {
            assert!(!is_dotted_acronym(t), "{t}");
        }
    }

    #[test]
    fn enumerators() {
        assert_eq!(enumerator_at("1) a", 0), Some((1, (false, b')'), 2)));
        assert_eq!(enumerator_at("12.) a", 0), Some((12, (false, b'}'), 4)));
        assert_eq!(enumerator_at("c. a", 0), Some((3, (true, b'.'), 2)));
        assert_eq!(enumerator_at("123. a", 0), None);
        assert_eq!(enumerator_at("1.a", 0), None);
        assert_eq!(enumerator_at("x1) a", 1), None);
    }

    #[test]
    fn spaced_dashes() {
        assert_eq!(find_spaced_dash("CITY (AP) - The"), Some((9, 3)));
        assert_eq!(find_spaced_dash("CITY -- The"), Some((4, 4)));
        assert_eq!(find_spaced_dash("CITY — The"), Some((4, 5)));
        assert_eq!(find_spaced_dash("well-known - x"), Some((10, 3)));
        assert_eq!(find_spaced_dash("well-known"), None);
    }

    #[test]
    fn closers_and_full_stops() {
        assert_eq!(skip_closers("x.\") y", 2), (4, false));
        assert_eq!(skip_closers("x...\". y", 4), (6, true));
        // An apostrophe before a letter is not a closer.
        assert_eq!(skip_closers("Jr.'s", 3), (3, false));
        // A misused opening quote before a space closes.
        assert_eq!(skip_closers("x.“ y", 2), (2 + '“'.len_utf8(), false));
    }

    #[test]
    fn attribution_of_quotations() {
        let kept = |p: &str| {
            let events: Vec<usize> = (0..p.len())
                .filter(|&i| is_event_byte(p.as_bytes()[i]))
                .collect();
            let mut out = Vec::new();
            kept_quotations(p, &events, false, &mut out);
            out
        };
        let p = "\"A. B,\" he said. \"C. D.\" Then \"E?\" she asked.";
        let kept_p = kept(p);
        assert_eq!(kept_p.len(), 2);
        assert_eq!(&p[kept_p[0].0..=kept_p[0].1], "\"A. B,\"");
        assert_eq!(&p[kept_p[1].0..=kept_p[1].1], "\"E?\"");
        // An unbalanced quotation keeps nothing.
        assert!(kept("\"A. B. C").is_empty());
    }
}
