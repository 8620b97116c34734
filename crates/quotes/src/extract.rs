//! The extraction itself: units, cues, speakers, content, floating quotes, resolution.

use nutgraf_core::{Entity, EntityKind, Gender, Quote, QuoteKind, Span, Speaker};

use crate::lexicon as lx;
use crate::marks::{self, Seg};
use crate::tokens::{Kind, Tokens};

const NO_SEG: u32 = u32::MAX;

/// The longest content (in tokens) a cue can report; longer spans are not quotes, and the bound
/// keeps the work per cue constant.
const MAX_CONTENT_TOKENS: usize = 1500;

/// How a speaker phrase was found.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SpkKind {
    /// A capitalised name (titles stripped).
    Name,
    /// `he`, `she`, `they`, with the gender the pronoun tells.
    Pronoun(Option<Gender>),
    /// A phrase such as `the mayor`, with its lowercase head word.
    Nominal(String),
}

/// A speaker phrase: where its tokens start and end, and the mention to report.
#[derive(Clone, Debug)]
struct Np {
    first_tok: usize,
    /// One past the last token.
    end_tok: usize,
    span: Span,
    kind: SpkKind,
}

/// A quote before resolution.
#[derive(Clone, Debug)]
struct Cand {
    kind: QuoteKind,
    span: Span,
    speaker: Option<(Span, SpkKind)>,
    cue: Option<Span>,
    para: usize,
    floating: bool,
}

/// Where the reported content starts after a cue.
enum After {
    /// Nothing, or only an adjunct (`said during a press conference`).
    Nothing,
    /// A comma follows: a split quote or a participle cue may come next.
    Comma,
    /// The content starts at this token.
    Content(usize),
}

/// The mentions of every entity in the coordinates of the text being read, in one list (so the
/// stage maps them without cloning the entities).
pub(crate) struct EntityMentions {
    spans: Vec<Span>,
    /// For each entity, its range in `spans`.
    ranges: Vec<(usize, usize)>,
}

impl EntityMentions {
    /// The mentions of `entities`, each mapped with `map`.
    pub(crate) fn new(entities: &[Entity], map: impl Fn(Span) -> Span) -> Self {
        let mut spans = Vec::with_capacity(entities.iter().map(|e| e.mentions.len()).sum());
        let mut ranges = Vec::with_capacity(entities.len());
        for e in entities {
            let a = spans.len();
            spans.extend(e.mentions.iter().map(|&m| map(m)));
            ranges.push((a, spans.len()));
        }
        Self { spans, ranges }
    }

    /// The mentions of entity `ei`.
    fn of(&self, ei: usize) -> &[Span] {
        self.ranges
            .get(ei)
            .and_then(|&(a, b)| self.spans.get(a..b))
            .unwrap_or(&[])
    }
}

pub(crate) struct Extraction<'a> {
    text: &'a str,
    t: Tokens,
    paras: Vec<Span>,
    /// For each paragraph, how many paragraphs with a word come before it.
    para_rank: Vec<usize>,
    segs: Vec<Seg>,
    tok_seg: Vec<u32>,
    seg_used: Vec<bool>,
    /// Conjoined cues with no subject of their own (`..., and added`, `, adding`): (cue token,
    /// the token where the content before them ends), sorted.
    cuts: Vec<(usize, usize)>,
    entities: &'a [Entity],
    /// The mentions of each entity, in text coordinates.
    entity_mentions: EntityMentions,
    /// Every entity mention, sorted by start: (span, entity index).
    mentions: Vec<(Span, usize)>,
    /// The unit being read is a headline in title case (capitalised cues are cues).
    title_case: bool,
    /// The end of the first paragraph with a word (of the last paragraph when none has one):
    /// a byte before it is in a paragraph of rank 0 ([`Self::para_of`]), the headline.
    headline_end: usize,
}

impl<'a> Extraction<'a> {
    pub(crate) fn new(
        text: &'a str,
        paragraphs: &[Span],
        entities: &'a [Entity],
        entity_mentions: EntityMentions,
    ) -> Self {
        let t = Tokens::new(text);
        let paras = clean_paragraphs(text, paragraphs);
        let para_toks = marks::para_tokens(&t, &paras);
        let segs = marks::pair(text, &t, &paras, &para_toks);
        let mut tok_seg = vec![NO_SEG; t.len()];
        for (si, s) in segs.iter().enumerate() {
            for ts in &mut tok_seg[s.open_tok..=s.close_tok] {
                *ts = si as u32;
            }
        }
        let mut mentions: Vec<(Span, usize)> = Vec::with_capacity(entity_mentions.spans.len());
        for ei in 0..entities.len() {
            mentions.extend(
                entity_mentions
                    .of(ei)
                    .iter()
                    .filter(|m| m.is_valid_in(text) && !m.is_empty())
                    .map(|&m| (m, ei)),
            );
        }
        // by start, longest first (a stable sort: the list is made of sorted runs, one per
        // entity, which it merges in about linear time where a quicksort would not)
        mentions.sort_by_key(|&(m, _)| (m.start, std::cmp::Reverse(m.end)));
        let seg_used = vec![false; segs.len()];
        let mut cuts = Vec::new();
        // only cue words can be conjoined cues
        for &x in &t.cues {
            if tok_seg[x] != NO_SEG || x == 0 {
                continue;
            }
            let Some(info) = t.cue(x) else {
                continue;
            };
            if !info.reports {
                continue;
            }
            // `and added`, `and have alleged`, `and he said`: the conjunction before the cue
            let mut q = x - 1;
            while q > 0 && x - q < 4 && t.has(q, lx::CUE_MODIFIER) {
                q -= 1;
            }
            if q > 0
                && q + 1 == x
                && t.word(q)
                    .is_some_and(|w| matches!(w, "he" | "she" | "they"))
            {
                q -= 1;
            }
            if matches!(t.word(q), Some("and" | "but")) {
                let cut = if q >= 1 && t.is(q - 1, ',') { q - 1 } else { q };
                cuts.push((x, cut));
            } else if info.ing && t.is(x - 1, ',') {
                cuts.push((x, x - 1));
            }
        }
        let mut para_rank = Vec::with_capacity(paras.len());
        let mut rank = 0;
        let mut headline_end = paras.last().map_or(0, |p| p.end);
        for (&(a, b), p) in para_toks.iter().zip(&paras) {
            para_rank.push(rank);
            if t.word_prefix[b] > t.word_prefix[a] {
                if rank == 0 {
                    headline_end = p.end;
                }
                rank += 1;
            }
        }
        Self {
            text,
            t,
            paras,
            para_rank,
            segs,
            tok_seg,
            seg_used,
            cuts,
            entities,
            entity_mentions,
            mentions,
            title_case: false,
            headline_end,
        }
    }

    fn seg_of(&self, i: usize) -> Option<usize> {
        self.tok_seg
            .get(i)
            .and_then(|&s| (s != NO_SEG).then_some(s as usize))
    }

    /// The rank of the paragraph holding byte `pos`, counting only paragraphs with words.
    fn para_of(&self, pos: usize) -> usize {
        let i = self.paras.partition_point(|p| p.end <= pos);
        self.para_rank.get(i).copied().unwrap_or(usize::MAX / 2)
    }

    fn span_of(&self, a: usize, b_incl: usize) -> Span {
        Span::new(self.t.toks[a].start, self.t.toks[b_incl].end)
    }

    fn is_open_mark(&self, i: usize) -> Option<usize> {
        let s = self.seg_of(i)?;
        (self.segs[s].open_tok == i).then_some(s)
    }

    fn is_close_mark(&self, i: usize) -> bool {
        self.seg_of(i).is_some_and(|s| self.segs[s].close_tok == i)
    }

    /// Whether word `i` is a form that is only a verb (see [`lx::is_verb_form_with`]).
    fn verb_form(&self, i: usize) -> bool {
        self.t
            .word(i)
            .is_some_and(|w| lx::is_verb_form_with(w, self.t.info(i)))
    }

    fn is_dash(&self, i: usize) -> bool {
        matches!(self.t.punct(i), Some('-' | '\u{2014}' | '\u{2013}'))
    }

    /// Units: sentences merged so that no quoted segment crosses a unit boundary. Token ranges.
    fn units(&self, sentences: &[Span]) -> Vec<(usize, usize)> {
        let mut sents: Vec<Span> = Vec::with_capacity(sentences.len());
        sents.extend(
            sentences
                .iter()
                .copied()
                .filter(|s| s.is_valid_in(self.text) && !s.is_empty()),
        );
        if sents.is_empty() {
            sents = fallback_sentences(self.text, &self.paras);
        }
        sents.sort();
        let mut units: Vec<(usize, usize)> = Vec::with_capacity(sents.len());
        let mut need_until = 0usize; // a unit must extend to this byte
        let mut last_end = 0usize;
        let mut k = 0usize;
        // the first token at the end of the previous sentence kept: no later sentence starts
        // before it
        let mut prev_b = 0usize;
        for s in sents {
            if s.start < last_end {
                continue; // overlapping sentence: ignore
            }
            let a = self.t.first_at_from(s.start, prev_b);
            let b = self.t.first_at_from(s.end, a);
            prev_b = b;
            let attribution_only = units
                .last()
                .is_some_and(|u| u.1 > 0 && self.is_close_mark(u.1 - 1))
                && self.is_attribution_start(a, b);
            if let Some(u) = units
                .last_mut()
                .filter(|_| s.start < need_until || attribution_only)
            {
                u.1 = b;
            } else {
                units.push((a, b));
            }
            last_end = s.end;
            while k < self.segs.len() && self.t.toks[self.segs[k].open_tok].start < s.end {
                let close_end = self.t.toks[self.segs[k].close_tok].end;
                need_until = need_until.max(close_end);
                k += 1;
            }
        }
        units.retain(|u| u.0 < u.1);
        units
    }

    /// Whether the sentence `a..b` starts with an attribution (`Nunes said.`, `said Nunes`,
    /// `the coach told reporters`): a cue within its first tokens, after words only.
    fn is_attribution_start(&self, a: usize, b: usize) -> bool {
        let first = self.t.word(a);
        if self.t.cap(a)
            && self.t.has(a, lx::FUNCTION)
            && !first
                .is_some_and(|w| matches!(w, "the" | "a" | "an" | "he" | "she" | "they" | "it"))
        {
            return false;
        }
        for x in a..(a + 8).min(b) {
            match self.t.word(x) {
                Some(_) => {
                    if let Some(cue) = self.t.cue(x).filter(|_| !self.t.cap(x)) {
                        // `The Times said the emails were ...`: a sentence with content of its
                        // own after the cue is no tail of the quote before it
                        let next = self.t.word(x + 1).filter(|_| x + 1 < b);
                        let takes_object = cue.takes_object;
                        // `... says in a statement that ...`
                        let that_soon = (x + 1..(x + 12).min(b))
                            .take_while(|&y| self.t.word(y).is_some())
                            .any(|y| self.t.word(y) == Some("that"));
                        if that_soon {
                            return false;
                        }
                        let ni = self.t.info(x + 1);
                        return !next.is_some_and(|n| {
                            n == "that"
                                || (lx::pronoun_of(ni).is_some() && n != "it")
                                || (x > a
                                    && !takes_object
                                    && ni & (lx::ADJUNCT | lx::TIME | lx::CUE_MODIFIER) == 0
                                    && !matches!(n, "so" | "it" | "this" | "as"))
                        });
                    }
                }
                None => return false,
            }
        }
        false
    }

    // ------------------------------------------------------------------ speaker phrases

    fn blocked_before(&self, first: usize, floor: usize) -> bool {
        first > floor
            && self.t.word(first - 1).is_some_and(|w| {
                self.t.has(first - 1, lx::BLOCKS) || matches!(w, "in" | "on" | "at")
            })
    }

    fn name_word(&self, i: usize) -> bool {
        let info = self.t.info(i);
        self.t.cap(i)
            && info & (lx::FUNCTION | lx::CUE) == 0
            && self.seg_of(i).is_none()
            && (info & lx::TIME == 0 || self.t.word(i) == Some("may"))
    }

    /// The mention inside `first..=last` (tokens) after stripping titles; uses an entity mention
    /// that ends the run when there is one.
    fn name_mention(&self, first: usize, last: usize) -> Option<Span> {
        let run = self.span_of(first, last);
        // an entity mention inside the run that covers its last word
        let end_tok = self.t.toks[last];
        let hi = self
            .mentions
            .partition_point(|&(m, _)| m.start < end_tok.end);
        let mut best: Option<Span> = None;
        for &(m, _) in self.mentions[..hi].iter().rev().take(64) {
            if m.end < run.start {
                continue;
            }
            if m.start >= run.start
                && m.end <= run.end
                && m.end > end_tok.start
                && best.is_none_or(|b| m.len() > b.len())
            {
                best = Some(m);
            }
        }
        if let Some(m) = best {
            // strip a leading title the mention may include
            let mut a = self.t.first_at(m.start);
            while a < last
                && self.t.toks[a + 1].start < m.end
                && self.t.has(a, lx::TITLE)
                && self.t.cap(a + 1)
            {
                a += 1;
            }
            // The mention may end inside the title run (odd tokenisation): keep it whole then.
            return Some(Span::try_new(self.t.toks[a].start.max(m.start), m.end).unwrap_or(m));
        }
        // `Richard Shelby of Alabama`: a two-word name before `of` is the person
        let mut last = last;
        if let Some(of) = (first + 2..last).find(|&x| self.t.word(x) == Some("of")) {
            let names = (first..of)
                .filter(|&x| self.name_word(x) && !self.t.has(x, lx::TITLE))
                .count();
            if names >= 2 {
                last = of - 1;
            }
        }
        // the name is what follows the last title, acronym or possessive of the run
        let mut a = first;
        for x in first..last {
            let strip = self.t.word(x).is_some_and(|w| {
                self.t.has(x, lx::TITLE | lx::CONNECTOR)
                    || w.ends_with("'s")
                    || (w.len() >= 2 && self.is_all_caps(x))
            }) || self.t.is(x, '.') && x > first && self.t.has(x - 1, lx::TITLE);
            if strip {
                a = x + 1;
            }
        }
        while a < last && self.t.has(a, lx::CONNECTOR) {
            a += 1;
        }
        Some(self.span_of(a, last))
    }

    fn is_all_caps(&self, i: usize) -> bool {
        let t = self.t.toks[i];
        let s = &self.text[t.start..t.end];
        // ASCII bytes one at a time (most words fail at their second letter), the rest by char
        for (k, &x) in s.as_bytes().iter().enumerate() {
            if x >= 0x80 {
                return s
                    .get(k..)
                    .is_some_and(|r| r.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()));
            }
            if !(x.is_ascii_uppercase() || x.is_ascii_digit()) {
                return false;
            }
        }
        true
    }

    /// A speaker phrase ending at token `j` (inclusive), not reaching before `floor`.
    fn np_ending_at(&self, j: usize, floor: usize) -> Option<Np> {
        self.np_ending_at_head(j, floor, false)
    }

    /// [`Self::np_ending_at`]; with `any_head`, a lowercase head that is no known speaker noun
    /// still makes a phrase after a determiner (`the Democratic frontrunner`, `one strategist`):
    /// for the word right before a cue.
    fn np_ending_at_head(&self, j: usize, floor: usize, any_head: bool) -> Option<Np> {
        if j < floor || self.seg_of(j).is_some() {
            return None;
        }
        let w = self.t.word(j)?;
        let wi = self.t.info(j);
        if let Some(g) = lx::pronoun_of(wi) {
            if self.blocked_before(j, floor) {
                return None;
            }
            return Some(Np {
                first_tok: j,
                end_tok: j + 1,
                span: self.span_of(j, j),
                kind: SpkKind::Pronoun(g),
            });
        }
        if self.name_word(j) && !(wi & lx::SPEAKER_NOUN != 0 && self.lone_cap(j, floor)) {
            let mut a = j;
            while a > floor && j - a < 8 {
                let p = a - 1;
                if self.name_word(p) || (self.t.cap(p) && self.t.has(p, lx::TITLE)) {
                    a = p;
                } else if p > floor
                    && self.name_word(p - 1)
                    && (self.t.has(p, lx::CONNECTOR)
                        || (self.t.is(p, '.')
                            && self.t.toks[p - 1].end - self.t.toks[p - 1].start <= 3))
                {
                    a = p - 1;
                } else {
                    break;
                }
            }
            if self.blocked_before(a, floor)
                || (a > floor && matches!(self.t.word(a - 1), Some("a" | "an")))
            {
                return None;
            }
            let span = self.name_mention(a, j)?;
            return Some(Np {
                first_tok: a,
                end_tok: j + 1,
                span,
                kind: SpkKind::Name,
            });
        }
        let lower_ok = !self.t.cap(j) || self.lone_cap(j, floor);
        let known = wi & lx::SPEAKER_NOUN != 0 || agentive(w);
        let noun_like = any_head
            && wi & (lx::FUNCTION | lx::TIME | lx::CUE | lx::CUE_MODIFIER | lx::PASSIVE_AUX) == 0
            && !w.ends_with("ly");
        if lower_ok && (known || noun_like) {
            let mut a = j;
            let mut det = false;
            for _ in 0..5 {
                if a <= floor {
                    break;
                }
                let p = a - 1;
                // `Bernie Sanders' campaign`: a possessive apostrophe after a plural or a name
                if p > floor
                    && matches!(self.t.punct(p), Some('\'' | '\u{2019}'))
                    && self.t.toks[p - 1].end == self.t.toks[p].start
                    && self.t.word(p - 1).is_some_and(|x| x.ends_with('s'))
                {
                    a = p - 1;
                    det = true;
                    while a > floor && a + 3 > p && self.name_word(a - 1) {
                        a -= 1;
                    }
                    break;
                }
                let Some(pw) = self.t.word(p) else { break };
                if self.seg_of(p).is_some() {
                    break;
                }
                let pi = self.t.info(p);
                if pi & lx::DETERMINER != 0 || pw.ends_with("'s") || is_number(pw) {
                    a = p;
                    det = true;
                    // `the city's mayor`: include the determiner of the possessor
                    if pw.ends_with("'s") && p > floor && self.t.has(p - 1, lx::DETERMINER) {
                        a = p - 1;
                    }
                    break;
                }
                if pi & (lx::FUNCTION | lx::CUE | lx::PASSIVE_AUX) == 0 {
                    a = p;
                } else {
                    break;
                }
            }
            let plural = w.ends_with('s')
                || matches!(
                    w,
                    "police" | "people" | "staff" | "management" | "personnel"
                );
            // `About 9 percent`, `Almost half`: a quantity with its hedge
            let quantity =
                (a..=j).any(|x| self.t.word(x).is_some_and(|x| is_number(x) || x == "half"));
            if quantity
                && self.t.word(a).is_some_and(|x| is_number(x) || x == "half")
                && a > floor
                && self.t.word(a - 1).is_some_and(|x| {
                    matches!(
                        x,
                        "about" | "almost" | "nearly" | "roughly" | "around" | "only" | "just"
                    )
                })
            {
                a -= 1;
            }
            // `Clinton campaign said`: a name before a known head
            let named = known && a < j && self.name_word(a) && !self.lone_cap(a, floor);
            // a bare noun phrase needs a known plural head (`officials`)
            if !(det || quantity || named || plural && known) {
                return None;
            }
            if self.blocked_before(a, floor) {
                return None;
            }
            return Some(Np {
                first_tok: a,
                end_tok: j + 1,
                span: self.span_of(a, j),
                kind: SpkKind::Nominal(w.to_owned()),
            });
        }
        None
    }

    /// Whether `j` is a capitalised word only because it starts the unit or follows a mark.
    fn lone_cap(&self, j: usize, floor: usize) -> bool {
        j == floor || self.t.punct(j - 1).is_some()
    }

    /// The speaker before cue `ci`.
    fn left_speaker(&self, ci: usize, floor: usize) -> Option<Np> {
        let mut j = ci;
        while j > floor && self.t.has(j - 1, lx::CUE_MODIFIER) && !self.t.cap(j - 1) {
            j -= 1;
        }
        // `Sen. Jason Holsman (D) said`: a parenthesis after the name
        j = self.skip_paren_back(j, floor);
        if j == floor {
            return None;
        }
        // an unknown head noun only before a form that is no noun (`said`, not `estimate`)
        // or a plural head before a base form (`the groups say`, `those involved say`)
        let plural_head = self
            .t
            .word(j - 1)
            .is_some_and(|h| h.ends_with('s') && !h.ends_with("ss"))
            || (j >= 2
                && self.t.word(j - 2).is_some_and(|d| {
                    matches!(
                        d,
                        "those" | "these" | "many" | "some" | "both" | "several" | "all"
                    )
                }));
        let any_head = self.t.word(ci).is_some_and(|w| {
            lx::is_verb_form_with(w, self.t.info(ci))
                || (w.ends_with('s') && !w.ends_with("ings"))
                || (plural_head && !w.ends_with("ing"))
        });
        if let Some(np) = self.np_ending_at_head(j - 1, floor, any_head) {
            // `Tim Guest with the Health Authority says`: the name is the object of a
            // preposition; the speaker is before it
            let mut p = np.first_tok;
            if p > floor && self.t.word(p - 1) == Some("the") {
                p -= 1;
            }
            let prep = p > floor + 1
                && matches!(
                    self.t.word(p - 1),
                    Some("with" | "for" | "of" | "at" | "from" | "to")
                )
                && matches!(np.kind, SpkKind::Name);
            if prep {
                if let Some(head) = self.np_ending_at_head(p - 2, floor, any_head) {
                    match head.kind {
                        SpkKind::Name => return Some(head),
                        SpkKind::Nominal(_) => {
                            return Some(Np {
                                span: Span::new(head.span.start, np.span.end),
                                end_tok: j,
                                ..head
                            });
                        }
                        SpkKind::Pronoun(_) => {}
                    }
                }
            }
            return Some(np);
        }
        // a prepositional phrase after the speaker: `A spokeswoman for the mayor said`
        let lo = j.saturating_sub(7).max(floor + 1);
        for k in (lo..j - 1).rev() {
            if (k..j).any(|x| self.t.toks[x].kind() != Kind::Word || self.seg_of(x).is_some()) {
                break;
            }
            // (the cheap test on `k` first: both are free of effects)
            if matches!(
                self.t.word(k),
                Some("for" | "of" | "at" | "with" | "from" | "to")
            ) && (k + 1..j).all(|x| {
                self.t.word(x).is_some_and(|w| {
                    (!self.t.has(x, lx::FUNCTION) || matches!(w, "the" | "a" | "an"))
                        && !self.t.has(x, lx::AUXILIARY | lx::PASSIVE_AUX)
                        && w != "than"
                })
            }) {
                // `sources familiar with the talks said`, `sources close to the campaign say`
                let familiar = k > floor + 1
                    && matches!(
                        (self.t.word(k - 1), self.t.word(k)),
                        (Some("familiar"), Some("with")) | (Some("close"), Some("to"))
                    );
                let head_end = if familiar { k - 2 } else { k - 1 };
                // `to` with a lowercase object only after a known head (`Aides to the mayor`)
                let weak_to = self.t.word(k) == Some("to") && !familiar && !self.t.cap(k + 1);
                if let Some(np) = self
                    .np_ending_at_head(head_end, floor, any_head)
                    .filter(|np| {
                        !weak_to
                            || matches!(&np.kind, SpkKind::Nominal(h) if lx::is_speaker_noun(h))
                    })
                {
                    match np.kind {
                        SpkKind::Name => return Some(np),
                        SpkKind::Nominal(_) => {
                            return Some(Np {
                                span: Span::new(np.span.start, self.t.toks[j - 1].end),
                                end_tok: j,
                                ..np
                            });
                        }
                        SpkKind::Pronoun(_) => {}
                    }
                }
            }
        }
        // an adjunct between speaker and cue: `Isaacman on Friday said`
        let lo = j.saturating_sub(6).max(floor + 1);
        for k in (lo..j).rev() {
            if (k..j).any(|x| self.t.toks[x].kind() != Kind::Word) {
                break;
            }
            let w = self.t.word(k).unwrap_or("");
            if (self.t.has(k, lx::ADJUNCT)
                && !matches!(w, "of" | "for" | "about" | "to" | "with" | "from"))
                || (self.t.has(k, lx::TIME) && w != "may")
            {
                if let Some(np) = self.np_ending_at(k - 1, floor) {
                    if matches!(np.kind, SpkKind::Name | SpkKind::Pronoun(_)) {
                        return Some(np);
                    }
                }
            }
        }
        // a parenthetical: `Smith, a professor at X, said`
        if self.t.is(j - 1, ',') {
            let lo = (j - 1).saturating_sub(30).max(floor + 1);
            let mut commas = 0;
            for m in (lo..j - 1).rev() {
                match self.t.punct(m) {
                    Some(',') => {
                        // `the aunt, Lauri Nelson-Jones, said`: the name between the commas
                        if let Some(np) = self.np_ending_at(j - 2, m + 1) {
                            if np.first_tok == m + 1 && matches!(np.kind, SpkKind::Name) {
                                return Some(np);
                            }
                        }
                        if m + 1 < j - 1 && self.t.word(m + 1).is_some() {
                            let before = self.skip_paren_back(m, floor);
                            let np = (before > floor)
                                .then(|| self.np_ending_at(before - 1, floor))
                                .flatten()
                                .filter(|np| !matches!(np.kind, SpkKind::Pronoun(_)));
                            // `Woodrow Benford, 58, who lives outside Minneapolis, says`: an
                            // age or a second appositive before this one
                            let age_or_who = self.t.word(m + 1).is_some_and(|w| {
                                w == "who" || w.starts_with(|c: char| c.is_ascii_digit())
                            });
                            // `Sen. Lindsey Graham, R-S.C., a candidate, said`: a short aside
                            let aside = {
                                let lo2 = m.saturating_sub(5).max(floor + 1);
                                (lo2..m)
                                    .rev()
                                    .find(|&p| self.t.is(p, ','))
                                    .is_some_and(|p| {
                                        let ws = (p + 1..m).filter(|&x| self.t.word(x).is_some());
                                        let n = ws.clone().count();
                                        (1..=3).contains(&n)
                                            && ws.clone().all(|x| {
                                                self.t.word(x).is_some_and(|w| {
                                                    !lx::is_function_word(w) && lx::cue(w).is_none()
                                                })
                                            })
                                    })
                            };
                            if np.is_none() && commas < 2 && (age_or_who || aside) {
                                commas += 1;
                                continue;
                            }
                            return np.map(|np| self.with_appositive(np, j - 2));
                        }
                        return None;
                    }
                    // `a deputy under Mr. Yanukovych,`: the period of a title or an initial
                    Some('.')
                        if self.t.toks[m - 1].end == self.t.toks[m].start
                            && self.t.word(m - 1).is_some_and(|w| {
                                lx::is_title(w)
                                    || w.chars().count() <= 3
                                    || (w.contains('-') && w.len() <= 8)
                            }) => {}
                    Some('.' | ';' | '?' | '!' | ':') => return None,
                    _ => {}
                }
            }
        }
        None
    }

    /// `As Clyburn noted, CLAUSE` (the cue at `here`): the speaker after `as` at the start of a
    /// clause, and the comma after the cue.
    fn as_clause(&self, here: usize, floor: usize, ts: usize, te: usize) -> Option<(Np, usize)> {
        let comma = here + 1;
        if comma + 1 >= te || !self.t.is(comma, ',') {
            return None;
        }
        let mut j = here;
        while j > floor + 1 && self.t.has(j - 1, lx::CUE_MODIFIER) {
            j -= 1;
        }
        let lo = j.saturating_sub(8).max(floor);
        let k = (lo..j).rev().find(|&k| self.t.word(k) == Some("as"))?;
        let clause_start = k == ts
            || k == floor
            || matches!(
                self.t.punct(k - 1),
                Some(',' | ';' | '-' | '\u{2014}' | '\u{2013}')
            )
            || matches!(self.t.word(k - 1), Some("but" | "and"));
        if !clause_start || j <= k + 1 {
            return None;
        }
        let np = self
            .np_ending_at_head(j - 1, k + 1, true)
            .filter(|np| np.first_tok == k + 1)?;
        Some((np, comma))
    }

    /// When token `i - 1` closes a short parenthesis (`(D-Nev.)`), the index of its opening
    /// `(`; else `i`.
    fn skip_paren_back(&self, i: usize, floor: usize) -> usize {
        if i <= floor + 1 || !self.t.is(i - 1, ')') {
            return i;
        }
        let lo = i.saturating_sub(10).max(floor + 1);
        for o in (lo..i - 1).rev() {
            match self.t.punct(o) {
                Some('(') => return o,
                Some(')' | '"' | '\u{201C}' | '\u{201D}' | ';' | ':' | '!' | '?') => return i,
                _ => {}
            }
        }
        i
    }

    /// The start of a lowercase role phrase before a name (`resident`, `then-mayoral
    /// candidate`, `the club's coach`), or `first` when there is none.
    fn role_start(&self, first: usize, floor: usize) -> usize {
        let mut p = first;
        while p > floor && first - p < 12 {
            let Some(w) = self.t.word(p - 1) else { break };
            if self.seg_of(p - 1).is_some()
                || self.t.has(p - 1, lx::CUE | lx::PRONOUN)
                || (self.t.has(p - 1, lx::FUNCTION) && !matches!(w, "of" | "the" | "and" | "for"))
            {
                break;
            }
            p -= 1;
        }
        let before_ok =
            p == floor || self.t.is(p - 1, ',') || self.is_close_mark(p - 1) || self.is_dash(p - 1);
        if before_ok && p < first { p } else { first }
    }

    /// The speaker after cue `ci` (inversion: `said Isaacman`, `said the mayor`).
    fn right_speaker(&self, ci: usize, end: usize) -> Option<Np> {
        let mut k = ci + 1;
        // a lowercase role before the name: `said engineer Jonas Weber`
        let mut r = k;
        while r < end && r - k < 4 && !self.t.cap(r) {
            match self.t.word(r) {
                Some(w)
                    if !lx::is_function_word(w)
                        && lx::cue(w).is_none()
                        && lx::pronoun(w).is_none() =>
                {
                    r += 1
                }
                _ => break,
            }
        }
        if r > k && r < end && self.name_word(r) {
            k = r;
        }
        if let Some(np) = self.np_starting_at(k, end) {
            // `said Bill Dombrowski, president of the retailers' association.`: the appositive
            // up to the end of the clause
            if matches!(np.kind, SpkKind::Name)
                && np.end_tok + 1 < end
                && self.t.is(np.end_tok, ',')
            {
                let mut last = None;
                let mut e = np.end_tok + 1;
                while e < end && e - np.end_tok < 40 && self.seg_of(e).is_none() {
                    match self.t.punct(e) {
                        Some(';' | '?' | '!' | ':' | '(') => break,
                        Some('.')
                            if !self.glued_period(e)
                                && e + 1 < end
                                && !self
                                    .t
                                    .word(e + 1)
                                    .is_some_and(|w| !self.t.cap(e + 1) || lx::is_title(w)) =>
                        {
                            break;
                        }
                        // `said Smith, adding that ...`: a cue after a comma ends it
                        Some(',') if self.t.word(e + 1).is_some_and(|w| lx::cue(w).is_some()) => {
                            break;
                        }
                        Some(',') if self.is_open_mark(e + 1).is_some() => break,
                        _ => {}
                    }
                    if self.t.word(e).is_some() {
                        last = Some(e);
                    }
                    e += 1;
                }
                if let Some(l) = last {
                    return Some(self.with_appositive(np, l));
                }
            }
            return Some(np);
        }
        // `said the rookie defenceman, ...`: after an inverted cue a determiner phrase
        // that ends the clause is the speaker, whatever its head noun
        let w = self.t.word(k)?;
        if !lx::is_determiner(w) || matches!(w, "his" | "her" | "their" | "its" | "our") {
            return None;
        }
        let mut b = k;
        while b + 1 < end && b - k < 4 {
            let ok = self.seg_of(b + 1).is_none()
                && self.t.word(b + 1).is_some_and(|x| {
                    !lx::is_function_word(x)
                        && lx::cue(x).is_none()
                        && !lx::is_auxiliary(x)
                        && !lx::is_passive_aux(x)
                        && !lx::is_time_word(x)
                        && !x.ends_with("ly")
                        && !x.ends_with("ed")
                });
            if !ok {
                break;
            }
            b += 1;
        }
        (b > k && self.ends_clause(b + 1, end)).then(|| Np {
            first_tok: k,
            end_tok: b + 1,
            span: self.span_of(k, b),
            kind: SpkKind::Nominal(self.t.word(b).unwrap_or("").to_owned()),
        })
    }

    /// Adds each piece of reported content in `found` as a quote of speaker `np` with `cue`.
    fn push_found(&self, out: &mut Vec<Cand>, found: &[(QuoteKind, Span)], np: &Np, cue: Span) {
        let para = self.para_of(cue.start);
        out.extend(found.iter().map(|&(kind, span)| Cand {
            kind,
            span,
            speaker: Some((np.span, np.kind.clone())),
            cue: Some(cue),
            para,
            floating: false,
        }));
    }

    /// A name speaker whose reported span runs on over its appositive to token `last`
    /// (`Jeff Weaver, Sanders' campaign manager`): the source as a noun phrase. Resolution
    /// reads the name before the first comma.
    fn with_appositive(&self, np: Np, last: usize) -> Np {
        if !matches!(np.kind, SpkKind::Name)
            || last < np.end_tok
            || !self.t.is(np.end_tok, ',')
            || self.has_seg(np.end_tok, last + 1)
        {
            return np;
        }
        Np {
            span: Span::new(np.span.start, self.t.toks[last].end),
            ..np
        }
    }

    /// A speaker phrase starting at token `k`: a pronoun, a name (titles stripped) or a
    /// determiner phrase headed by a speaker noun.
    fn np_starting_at(&self, k: usize, end: usize) -> Option<Np> {
        if k >= end || self.seg_of(k).is_some() {
            return None;
        }
        // (a word)
        self.t.word(k)?;
        let wi = self.t.info(k);
        if let Some(g) = lx::pronoun_of(wi) {
            return Some(Np {
                first_tok: k,
                end_tok: k + 1,
                span: self.span_of(k, k),
                kind: SpkKind::Pronoun(g),
            });
        }
        // `One strategist`: a capitalised determiner is no name
        let det_first = wi & lx::DETERMINER != 0 && !self.name_word(k + 1);
        if !det_first && (self.name_word(k) || (self.t.cap(k) && wi & lx::TITLE != 0)) {
            let mut b = k;
            while b + 1 < end && b + 1 - k < 8 {
                let n = b + 1;
                if self.name_word(n) {
                    b = n;
                } else if let Some(m) =
                    (n..(n + 3).min(end))
                        .find(|&m| self.name_word(m))
                        .filter(|&m| {
                            m > n
                                && (n..m).all(|x| {
                                    !self.t.cap(x)
                                        && self.t.word(x).is_some_and(|w| {
                                            !lx::is_function_word(w)
                                                && lx::cue(w).is_none()
                                                && lx::pronoun(w).is_none()
                                        })
                                })
                                && (n..m).any(|x| self.t.has(x, lx::TITLE))
                        })
                {
                    // `MaRS director Adam Jagelewski`, `foreign ministry spokeswoman Hua`
                    b = m;
                } else if n + 1 < end
                    && self
                        .t
                        .word(n)
                        .is_some_and(|w| is_connector(w) || w == "and")
                    && self.name_word(n + 1)
                {
                    // `Ministry of Health`, `Heart and Stroke`
                    b = n + 1;
                } else if self.t.is(n, '.')
                    && n + 1 < end
                    && self.name_word(n + 1)
                    && self.t.toks[b].end - self.t.toks[b].start <= 3
                {
                    b = n;
                } else {
                    break;
                }
            }
            if self.t.is(b, '.') {
                b -= 1;
            }
            // `FBI officials`, `Trump supporters`: the name modifies a speaker noun (not a
            // title before a name: `Chinese foreign ministry spokeswoman Hua Chunying`)
            if let Some(h) = self.lower_head(b + 1, end) {
                let head = self.t.word(h).unwrap_or("");
                if h + 1 < end && self.name_word(h + 1) {
                    if let Some(np) = self.np_starting_at(h + 1, end) {
                        if matches!(np.kind, SpkKind::Name) {
                            return Some(np);
                        }
                    }
                }
                if lx::is_speaker_noun(head) || agentive(head) {
                    return Some(self.nominal(k, h, end));
                }
            }
            let span = self.name_mention(k, b)?;
            return Some(Np {
                first_tok: k,
                end_tok: b + 1,
                span,
                kind: SpkKind::Name,
            });
        }
        if wi & lx::DETERMINER != 0 && self.name_word(k + 1) {
            // `the United Nations`
            if let Some(np) = self.np_starting_at(k + 1, end) {
                match np.kind {
                    // `the Democratic frontrunner`, `a POLITICO analysis`: a name before a noun
                    SpkKind::Name => {
                        return Some(match self.lower_head(np.end_tok, end) {
                            Some(h) => self.nominal(k, h, end),
                            None => np,
                        });
                    }
                    SpkKind::Nominal(_) => {
                        return Some(self.nominal(k, np.end_tok - 1, end));
                    }
                    SpkKind::Pronoun(_) => {}
                }
            }
        }
        if wi & lx::DETERMINER != 0 {
            let mut b = k;
            for _ in 0..4 {
                let n = b + 1;
                if n >= end || self.seg_of(n).is_some() {
                    break;
                }
                match self.t.word(n) {
                    Some(_)
                        if !self
                            .t
                            .has(n, lx::FUNCTION | lx::CUE | lx::AUXILIARY | lx::PASSIVE_AUX) =>
                    {
                        b = n
                    }
                    _ => break,
                }
            }
            let head = self.t.word(b).unwrap_or("");
            if b > k && (lx::is_speaker_noun(head) || agentive(head)) {
                return Some(self.nominal(k, b, end));
            }
        }
        None
    }

    /// Whether the marked segment closing at or just before token `p` is a title inside an
    /// opener (`On Sunday's broadcast of "Fox News Sunday," Pence said ...`): every long word
    /// capitalised, and a function word before the opening mark.
    fn title_before(&self, floor: usize, p: usize) -> bool {
        let close = if self.is_close_mark(p) {
            p
        } else if p > floor && self.is_close_mark(p - 1) {
            p - 1
        } else {
            return false;
        };
        let Some(si) = self.seg_of(close) else {
            return false;
        };
        let s = self.segs[si];
        let o = s.open_tok;
        let words = self.word_count(o + 1, s.close_tok);
        o > floor
            && words <= 6
            && self
                .t
                .word(o - 1)
                .is_some_and(|w| lx::is_function_word(w) && lx::cue(w).is_none())
            && (o + 1..s.close_tok)
                .all(|x| self.t.word(x).is_none_or(|w| w.len() < 4 || self.t.cap(x)))
    }

    /// Whether token `x` is a period glued to a one-letter word before it and followed by a
    /// word (`U.S. Department`).
    fn glued_period(&self, x: usize) -> bool {
        x > 0
            && self.t.is(x, '.')
            && self.t.word(x - 1).is_some()
            && self.t.toks[x - 1].end == self.t.toks[x].start
            && self.t.toks[x - 1].end - self.t.toks[x - 1].start == 1
            && self.t.word(x + 1).is_some()
    }

    /// A run of one to three lowercase nouns and adjectives starting at `n` (the head of a
    /// phrase whose modifiers come before): the index of its last word.
    fn lower_head(&self, n: usize, end: usize) -> Option<usize> {
        let mut h = None;
        for x in n..(n + 3).min(end) {
            let ok = self.seg_of(x).is_none()
                && !self.t.cap(x)
                && self.t.word(x).is_some_and(|w| {
                    !self.t.has(
                        x,
                        lx::FUNCTION
                            | lx::CUE
                            | lx::PRONOUN
                            | lx::TIME
                            | lx::CUE_MODIFIER
                            | lx::PASSIVE_AUX
                            | lx::AUXILIARY,
                    ) && !w.ends_with("ly")
                        && !w.ends_with("ed")
                });
            if !ok {
                break;
            }
            h = Some(x);
        }
        h
    }

    /// A nominal speaker phrase from `k` to the head `h`, with a prepositional phrase after it
    /// (`a spokeswoman for the mayor`, `sources familiar with the talks`).
    fn nominal(&self, k: usize, h: usize, end: usize) -> Np {
        let last = self.postmodifier(h, end);
        Np {
            first_tok: k,
            end_tok: last + 1,
            span: self.span_of(k, last),
            kind: SpkKind::Nominal(self.t.word(h).unwrap_or("").to_owned()),
        }
    }

    /// The last token of a prepositional phrase after the head `h`, or `h` when there is none:
    /// `for`, `of` and `by` with any object; `at`, `with` and `from` with a named object (`at
    /// the Tampa station`, not `at a news conference`); `familiar with` with any.
    fn postmodifier(&self, h: usize, end: usize) -> usize {
        let n = h + 1;
        if n >= end || self.seg_of(n).is_some() {
            return h;
        }
        let (obj, needs_name) = match self.t.word(n) {
            Some("for" | "of" | "by") => (n + 1, false),
            Some("at" | "with" | "from") => (n + 1, true),
            Some("familiar") if self.t.word(n + 1) == Some("with") => (n + 2, false),
            _ => return h,
        };
        let mut last = None;
        let mut named = false;
        let mut x = obj;
        while x < end && x < obj + 8 && self.seg_of(x).is_none() {
            match self.t.word(x) {
                Some("the" | "a" | "an" | "his" | "her" | "its" | "their" | "our")
                    if last.is_none() => {}
                Some(w) if is_connector(w) && last.is_some() && self.name_word(x + 1) => {}
                Some(w)
                    if !lx::is_function_word(w)
                        && lx::cue(w).is_none()
                        && lx::pronoun(w).is_none()
                        && !lx::is_time_word(w)
                        && (self.t.cap(x) || !w.ends_with("ed")) =>
                {
                    named |= self.t.cap(x);
                    last = Some(x);
                }
                Some(_) => break,
                // `the U.S. Department`
                None if last == Some(x - 1) && self.glued_period(x) => {}
                None => break,
            }
            x += 1;
        }
        match last {
            Some(l) if named || !needs_name => l,
            _ => h,
        }
    }

    // ------------------------------------------------------------------ content

    /// What follows a cue: where the reported content starts, if anywhere.
    fn after_cue(&self, mut r: usize, end: usize, takes_object: bool, has_pre: bool) -> After {
        if r >= end || self.is_sentence_end(r, end) {
            return After::Nothing;
        }
        if takes_object {
            r = self.skip_object(r, end);
            if r >= end || self.is_sentence_end(r, end) {
                return After::Nothing;
            }
        }
        if self.t.is(r, ',') {
            // `said, "..."` with no content before the speaker is a head attribution
            if !has_pre && r + 1 < end && self.is_open_mark(r + 1).is_some() {
                return After::Content(r + 1);
            }
            return After::Comma;
        }
        if self.t.is(r, ':') {
            return After::Content(r + 1);
        }
        if self.is_open_mark(r).is_some() {
            return After::Content(r);
        }
        let w = self.t.word(r).unwrap_or("");
        if w == "that" {
            return After::Content(r + 1);
        }
        if self.t.has(r, lx::ADJUNCT | lx::TIME) {
            // look for `that`, a colon or an opening mark soon after the adjunct
            let lim = (r + 14).min(end);
            let mut x = r + 1;
            while x < lim {
                if self.seg_of(x).is_some() {
                    if self.is_open_mark(x).is_some()
                        && (self.t.is(x - 1, ',') || self.t.is(x - 1, ':'))
                    {
                        return After::Content(x);
                    }
                    break;
                }
                match self.t.punct(x) {
                    Some(':') => return After::Content(x + 1),
                    Some(',') => {
                        if self.is_open_mark(x + 1).is_some() {
                            return After::Content(x + 1);
                        }
                        break;
                    }
                    Some(_) => break,
                    None => {}
                }
                if self.t.word(x) == Some("that") {
                    return After::Content(x + 1);
                }
                x += 1;
            }
            if has_pre {
                return After::Nothing;
            }
            // `said on Friday the company would ...`: the clause starts at its subject
            let mut seen_noun = self.t.has(r, lx::TIME);
            let mut x = r + 1;
            while x < lim {
                if self.t.word(x).is_none() {
                    if seen_noun && self.t.is(x, ',') && x + 1 < end {
                        return After::Content(x + 1);
                    }
                    break;
                }
                if seen_noun && (self.t.has(x, lx::STARTS_SUBJECT) || self.t.cap(x)) {
                    return After::Content(x);
                }
                if !self.t.has(x, lx::DETERMINER) {
                    seen_noun = true;
                }
                x += 1;
            }
            return After::Nothing;
        }
        After::Content(r)
    }

    fn is_sentence_end(&self, i: usize, end: usize) -> bool {
        (i..end).all(|x| {
            matches!(self.t.punct(x), Some('.' | '!' | '?' | ')' | ']')) || self.is_close_mark(x)
        })
    }

    fn skip_object(&self, r: usize, end: usize) -> usize {
        let Some(w) = self.t.word(r) else { return r };
        if matches!(
            w,
            "him"
                | "her"
                | "them"
                | "us"
                | "me"
                | "reporters"
                | "journalists"
                | "media"
                | "parliament"
                | "congress"
        ) || (!self.t.cap(r) && (lx::is_speaker_noun(w) || agentive(w)) && w.ends_with('s'))
        {
            return r + 1;
        }
        if self.t.cap(r) && self.seg_of(r).is_none() && w != "that" {
            let mut b = r;
            while b + 1 < end
                && b - r < 5
                && (self.t.cap(b + 1)
                    || self.t.has(b + 1, lx::CONNECTOR)
                    || self.t.word(b + 1) == Some("and"))
                && self.seg_of(b + 1).is_none()
            {
                b += 1;
            }
            while b > r && !self.t.cap(b) {
                b -= 1;
            }
            return b + 1;
        }
        if lx::is_determiner(w) {
            let mut b = r + 1;
            while b < end && b - r <= 4 {
                match self.t.word(b) {
                    Some("that") | None => break,
                    Some(x) if lx::is_function_word(x) => break,
                    Some(_) => b += 1,
                }
            }
            return b;
        }
        r
    }

    /// Classifies the content tokens `a..b`; marks the segments it uses.
    fn classify(&mut self, mut a: usize, mut b: usize) -> Vec<(QuoteKind, Span)> {
        // a bound on the work per cue keeps pathological input (no sentence ends) linear
        if b.saturating_sub(a) > MAX_CONTENT_TOKENS {
            return Vec::new();
        }
        while a < b
            && matches!(
                self.t.punct(a),
                Some(',' | ':' | ';' | '-' | '\u{2014}' | '\u{2013}')
            )
        {
            a += 1;
        }
        while b > a
            && matches!(
                self.t.punct(b - 1),
                Some(',' | '.' | ';' | ':' | '-' | '\u{2014}' | '\u{2013}')
            )
            && self.seg_of(b - 1).is_none()
        {
            b -= 1;
        }
        if a >= b {
            return Vec::new();
        }
        let words = self.words_in(a, b);
        // the words of the segments crossing `a..b` (sorted and disjoint), within `a..b`
        let mut inside = 0;
        let mut k = self.segs.partition_point(|s| s.close_tok < a);
        while let Some(s) = self.segs.get(k).filter(|s| s.open_tok < b) {
            inside += self.words_in(s.open_tok.max(a), (s.close_tok + 1).min(b));
            k += 1;
        }
        let outside_words = words - inside;
        // segments wholly inside the content (one cut by its bounds is not usable)
        let first = self.segs.partition_point(|s| s.open_tok < a);
        let whole = |k: usize| self.segs.get(k).is_some_and(|s| s.close_tok < b);
        if !whole(first) {
            if words < 3 || outside_words < 3 {
                return Vec::new();
            }
            return vec![(QuoteKind::Indirect, self.span_of(a, b - 1))];
        }
        let mut segs_in = Vec::new();
        let mut k = first;
        while whole(k) {
            self.seg_used[k] = true;
            segs_in.push(k);
            k += 1;
        }
        if outside_words <= 2 {
            return segs_in
                .iter()
                .map(|&s| (QuoteKind::Direct, self.segs[s].content))
                .collect();
        }
        vec![(QuoteKind::Mixed, self.span_of(a, b - 1))]
    }

    // ------------------------------------------------------------------ the pass

    pub(crate) fn run(mut self, sentences: &[Span]) -> Vec<Quote> {
        let units = self.units(sentences);
        let mut cands: Vec<Cand> = Vec::new();
        for &(ts, te) in &units {
            self.unit(ts, te, &mut cands);
        }
        self.dash_and_floating(&mut cands, &units);
        self.finish(cands)
    }

    fn unit(&mut self, ts: usize, te: usize, out: &mut Vec<Cand>) {
        // `READ MORE: Smith says ...`, `WATCH: ...`: a label and a headline, not reporting
        let label = (ts..(ts + 3).min(te))
            .take_while(|&x| self.t.word(x).is_some() && self.is_all_caps(x))
            .count();
        let mut ts = ts;
        if label > 0 && self.t.is(ts + label, ':') {
            // a link to another story is skipped; a section label (`ANALYSIS: Some experts
            // say ...`) is read past
            let link = self.t.word(ts).is_some_and(|w| {
                matches!(
                    w,
                    "read"
                        | "watch"
                        | "related"
                        | "more"
                        | "see"
                        | "listen"
                        | "video"
                        | "photos"
                        | "photo"
                        | "also"
                        | "click"
                        | "subscribe"
                        | "follow"
                        | "sign"
                )
            });
            if link || ts + label + 1 >= te {
                return;
            }
            ts += label + 1;
        }
        // (`para_of(..) == 0` without a search)
        let headline = ts < te && self.t.toks[ts].start < self.headline_end;
        if self.colon_attribution(ts, te, headline, out) {
            return;
        }
        // a headline in title case: `Bellwether County Says Trump Should Win`
        self.title_case = headline && {
            let (mut long, mut caps) = (0usize, 0usize);
            for x in ts..te {
                if self.t.word(x).is_some_and(|w| w.len() >= 4) {
                    long += 1;
                    caps += usize::from(self.t.cap(x));
                }
            }
            long >= 3 && caps * 4 >= long * 3
        };
        let before = out.len();
        self.verb_cues(ts, te, out);
        self.title_case = false;
        if out.len() == before {
            self.according_to(ts, te, out);
        }
    }

    /// `Graham: Trump's rhetoric is destroying the party`: a name (in the headline, any short
    /// capitalised source; elsewhere an entity mention) before a colon at the start of a unit,
    /// with a clause after it. Labels (`Update:`, `Photo:`) are not sources.
    fn colon_attribution(
        &mut self,
        ts: usize,
        te: usize,
        headline: bool,
        out: &mut Vec<Cand>,
    ) -> bool {
        let mut x = ts;
        while x < te && x - ts < 7 && self.seg_of(x).is_none() {
            let ok = match self.t.word(x) {
                Some(w) => {
                    self.t.cap(x)
                        || self.t.has(x, lx::CONNECTOR)
                        || (x > ts && (self.t.has(x, lx::SPEAKER_NOUN) || w == "camp"))
                }
                // `Dr. Ben Carson`
                None => self.t.is(x, '.') && x > ts && self.t.has(x - 1, lx::TITLE),
            };
            if !ok {
                break;
            }
            x += 1;
        }
        if x == ts || x >= te || !self.t.is(x, ':') || !self.t.cap(ts) {
            return false;
        }
        let first = self.t.word(ts).unwrap_or("");
        let label = self.t.has(ts, lx::FUNCTION | lx::TIME)
            || matches!(
                first,
                "update"
                    | "updated"
                    | "watch"
                    | "read"
                    | "video"
                    | "photo"
                    | "photos"
                    | "note"
                    | "related"
                    | "live"
                    | "breaking"
                    | "exclusive"
                    | "opinion"
                    | "analysis"
                    | "editorial"
                    | "review"
                    | "correction"
                    | "source"
                    | "sources"
                    | "credit"
                    | "more"
                    | "see"
                    | "listen"
                    | "podcast"
                    | "warning"
                    | "question"
                    | "answer"
                    | "q"
                    | "a"
                    | "by"
                    | "contact"
                    | "email"
                    | "tags"
                    | "topics"
            );
        if label || self.word_count(x + 1, te) < 3 {
            return false;
        }
        let prefix = self.span_of(ts, x - 1);
        let named = {
            let hi = self
                .mentions
                .partition_point(|&(m, _)| m.start < prefix.end);
            self.mentions[..hi].iter().rev().take(16).any(|&(m, ei)| {
                m.start >= prefix.start
                    && matches!(
                        self.entities[ei].kind,
                        EntityKind::Person | EntityKind::Organization
                    )
            })
        };
        if !(headline || named) {
            return false;
        }
        let found = self.classify(x + 1, te);
        if found.is_empty() {
            return false;
        }
        let last = x - 1;
        let (span, kind) = if self.t.cap(last) {
            (self.name_mention(ts, last).unwrap_or(prefix), SpkKind::Name)
        } else {
            (
                prefix,
                SpkKind::Nominal(self.t.word(last).unwrap_or("").to_owned()),
            )
        };
        let cue = self.span_of(x, x);
        let para = self.para_of(cue.start);
        for (k, sp) in found {
            out.push(Cand {
                kind: k,
                span: sp,
                speaker: Some((span, kind.clone())),
                cue: Some(cue),
                para,
                floating: false,
            });
        }
        true
    }

    /// `according to X`, before or after the content.
    fn according_to(&mut self, ts: usize, te: usize, out: &mut Vec<Cand>) {
        // only the tokens `according` of the unit (listed in order when tokenizing)
        let first = self.t.according.partition_point(|&x| x < ts);
        for k in first..self.t.according.len() {
            let here = self.t.according[k];
            if here >= te.saturating_sub(1) {
                break;
            }
            if self.seg_of(here).is_some() || self.t.word(here + 1) != Some("to") {
                continue;
            }
            // the source: a speaker phrase, or any phrase up to the next punctuation
            let np = self.np_starting_at(here + 2, te).or_else(|| {
                let a = here + 2;
                let mut b = a;
                while b < te
                    && b - a < 12
                    && self.seg_of(b).is_none()
                    && (self.t.word(b).is_some() || self.glued_period(b))
                {
                    b += 1;
                }
                (b > a).then(|| Np {
                    first_tok: a,
                    end_tok: b,
                    span: self.span_of(a, b - 1),
                    kind: SpkKind::Nominal(self.t.word(b - 1).unwrap_or("").to_owned()),
                })
            });
            let Some(np) = np else {
                continue;
            };
            let cue = self.span_of(here, here + 1);
            let pre_ok = here > ts
                && (self.t.is(here - 1, ',')
                    || self.is_close_mark(here - 1)
                    || self.is_dash(here - 1));
            let found = if pre_ok {
                let mut v = self.classify(ts, here);
                // `CLAUSE, according to X, CLAUSE`: the content runs on after the source
                if np.end_tok < te
                    && self.t.is(np.end_tok, ',')
                    && v.iter().all(|q| q.0 == QuoteKind::Indirect)
                {
                    let rest = self.classify(np.end_tok + 1, te);
                    if let (Some(a), Some(b)) = (v.first(), rest.first()) {
                        v = vec![(QuoteKind::Indirect, a.1.cover(b.1))];
                    }
                }
                v
            } else if here == ts || self.t.has(here - 1, lx::FUNCTION) {
                let mut c = np.end_tok;
                // a parenthesised short form after the source: `the Wind Association (EWA),`
                if self.t.is(c, '(') {
                    if let Some(close) = (c + 1..(c + 5).min(te)).find(|&k| self.t.is(k, ')')) {
                        c = close + 1;
                    }
                }
                if self.t.is(c, ',') {
                    c += 1;
                }
                self.classify(c, te)
            } else {
                Vec::new()
            };
            self.push_found(out, &found, &np, cue);
            return;
        }
    }

    /// The subject at the start of a unit (`Authorities described ... and said ...`).
    fn subject_at(&self, ts: usize, te: usize) -> Option<Np> {
        let mut k = ts;
        // skip an opening adverbial up to a comma: `On Friday, ...`, `Weighing in on the
        // discussion, ...`; a name before the comma is the subject (`Martell, the doctor, ...`)
        for x in ts..(ts + 10).min(te) {
            if self.t.is(x, ',') {
                if let Some(np) = self
                    .np_starting_at(ts, te)
                    .filter(|np| np.end_tok == x && matches!(np.kind, SpkKind::Name))
                {
                    return Some(np);
                }
                k = x + 1;
                break;
            }
            if self.t.punct(x).is_some() || self.seg_of(x).is_some() {
                break;
            }
        }
        // a lowercase role before the name: `former Arkansas Gov. Mike Huckabee`
        let mut r = k;
        while r < te && r - k < 3 && !self.t.cap(r) && self.t.has(r, lx::TITLE) {
            r += 1;
        }
        if r > k && self.name_word(r) {
            k = r;
        }
        self.np_starting_at(k, te)
            .or_else(|| self.np_starting_at(ts, te))
    }

    /// Where reported content that starts at `c` ends: before a conjoined cue with no subject of
    /// its own (`..., and added ...`, `..., adding that ...`), else at `te`.
    fn content_end(&self, c: usize, te: usize) -> usize {
        let i = self.cuts.partition_point(|&(x, _)| x <= c);
        for &(x, cut) in &self.cuts[i..] {
            if x >= te {
                break;
            }
            if cut > c {
                return cut;
            }
        }
        te
    }

    fn verb_cues(&mut self, ts: usize, te: usize, out: &mut Vec<Cand>) {
        let mut floor = ts; // tokens before `floor` are used
        let mut last: Option<(Span, SpkKind)> = None;
        // the comma that ends a relative clause reported by its antecedent
        let mut who_comma: Option<usize> = None;
        let mut ci = ts;
        // only the cue words of the unit, from `ci` on
        let mut next_cue = self.t.cues.partition_point(|&x| x < ts);
        while let Some(&here) = self.t.cues.get(next_cue).filter(|&&x| x < te) {
            next_cue += 1;
            if here < ci {
                continue;
            }
            ci = here + 1;
            if here < floor || self.seg_of(here).is_some() {
                continue;
            }
            let Some(info) = self.t.cue(here) else {
                continue;
            };
            // a capitalised cue word inside a sentence is a name (`Islamic State`); a cue
            // followed by `by` is a noun or passive (`reporting by`)
            let noun_use = here > ts
                && self.t.word(here - 1).is_some_and(|p| {
                    p.ends_with("'s")
                        || matches!(
                            p,
                            "the"
                                | "a"
                                | "an"
                                | "his"
                                | "her"
                                | "its"
                                | "their"
                                | "our"
                                | "my"
                                | "this"
                                | "that"
                        )
                });
            if noun_use
                || (self.t.cap(here) && here > ts && !self.title_case)
                || (info.needs_out && self.t.word(here + 1) != Some("out"))
                || self.t.word(here + 1) == Some("by")
            {
                continue;
            }
            if here > ts && self.t.has(here - 1, lx::PASSIVE_AUX) {
                continue;
            }
            let cue = self.span_of(here, here);
            let mut inverted = false;
            let mut inherited = false;
            let mut from_who = false;
            // `As Clyburn noted, those voters will ...`: the content follows the comma
            if info.reports {
                if let Some((np, comma)) = self.as_clause(here, floor, ts, te) {
                    let end = self.content_end(comma + 1, te);
                    let found = self.classify(comma + 1, end);
                    if !found.is_empty() {
                        self.push_found(out, &found, &np, cue);
                        floor = end;
                        ci = end.max(ci);
                        last = Some((np.span, np.kind));
                        continue;
                    }
                }
            }
            // a relative clause: `wounds that authorities said did not appear self-inflicted`
            let relative = || {
                let verb_next = self.verb_form(here) && self.t.has(here + 1, lx::AUXILIARY);
                if !verb_next {
                    return None;
                }
                let lo = here.saturating_sub(6).max(floor);
                (lo..here)
                    .rev()
                    .filter(|&k| matches!(self.t.word(k), Some("that" | "which" | "who")))
                    .find_map(|k| {
                        self.np_ending_at(here - 1, k + 1)
                            .filter(|np| np.first_tok == k + 1 && np.end_tok == here)
                    })
            };
            // `Martin O'Malley, who noted that ...`: the speaker before the relative pronoun
            let who = || {
                let mut j = here;
                while j > floor + 2 && self.t.has(j - 1, lx::CUE_MODIFIER) {
                    j -= 1;
                }
                if !(j >= floor + 3 && self.t.word(j - 1) == Some("who") && self.t.is(j - 2, ',')) {
                    return None;
                }
                let e = j - 3;
                if self.name_word(e) {
                    // a name, even as the object of a preposition (`backed by Tom Hale, who`)
                    let mut a = e;
                    while a > floor && e - a < 5 && self.name_word(a - 1) {
                        a -= 1;
                    }
                    return self.name_mention(a, e).map(|span| Np {
                        first_tok: a,
                        end_tok: e + 1,
                        span,
                        kind: SpkKind::Name,
                    });
                }
                self.np_ending_at_head(e, floor, true)
                    .filter(|np| !matches!(np.kind, SpkKind::Pronoun(_)))
            };
            let left = self.left_speaker(here, floor).or_else(relative);
            let who_np = if left.is_none() { who() } else { None };
            let np = match (left, who_np) {
                (Some(np), _) => np,
                (None, Some(np)) => {
                    inherited = true;
                    from_who = true;
                    Np {
                        first_tok: here,
                        end_tok: here,
                        ..np
                    }
                }
                (None, None) => {
                    let after_comma = here > floor && self.t.is(here - 1, ',');
                    // `X, who noted that ..., said ...`: the main verb after the relative clause
                    let after_who = here > 0 && who_comma == Some(here - 1);
                    let mut q = here;
                    while q > ts + 1 && here - q < 3 && self.t.has(q - 1, lx::CUE_MODIFIER) {
                        q -= 1;
                    }
                    let after_conj =
                        after_who || q > ts && matches!(self.t.word(q - 1), Some("and" | "but"));
                    let pre_tail = here > floor && (after_comma || self.is_close_mark(here - 1));
                    if (after_comma && info.ing) || after_conj {
                        let prior = last
                            .clone()
                            .or_else(|| self.subject_at(ts, here).map(|np| (np.span, np.kind)));
                        match prior {
                            Some((sp, k)) => {
                                inherited = true;
                                Np {
                                    first_tok: here,
                                    end_tok: here,
                                    span: sp,
                                    kind: k,
                                }
                            }
                            None => continue,
                        }
                    } else if pre_tail && !info.ing {
                        match self
                            .right_speaker(here, te)
                            .filter(|np| self.ends_clause(np.end_tok, te))
                        {
                            Some(np) => {
                                inverted = true;
                                np
                            }
                            None => continue,
                        }
                    } else {
                        continue;
                    }
                }
            };
            // agreement: a base form right after a singular subject is a noun (`the Treasury
            // note rose`), not a cue
            if !inverted && !inherited && np.end_tok == here {
                let w = self.t.word(here).unwrap_or("");
                let base = !lx::is_verb_form_with(w, self.t.info(here))
                    && !w.ends_with('s')
                    && !w.ends_with("ing")
                    && !matches!(w, "found" | "shown" | "knew" | "felt" | "known" | "written");
                let prev = self.t.word(here - 1).unwrap_or("");
                let coordinated = (here.saturating_sub(6)..here)
                    .any(|x| matches!(self.t.word(x), Some("and" | "or")));
                let plural_word = |w: &str| {
                    w.ends_with('s')
                        || w.ends_with("ed")
                        || is_number(w)
                        || matches!(
                            w,
                            "percent"
                                | "majority"
                                | "minority"
                                | "half"
                                | "police"
                                | "people"
                                | "staff"
                                | "public"
                        )
                };
                let singular = match &np.kind {
                    SpkKind::Pronoun(g) => g.is_some() || prev == "it",
                    SpkKind::Nominal(h) if plural_word(h) => false,
                    _ => !plural_word(prev) && !coordinated,
                };
                if base && singular {
                    continue;
                }
            }
            let mut attr_start = if inverted || inherited {
                here
            } else {
                np.first_tok
            };
            if !inverted && !inherited && matches!(np.kind, SpkKind::Name) {
                attr_start = self.role_start(attr_start, floor);
            }
            let mut after = if inverted { np.end_tok } else { here + 1 };
            if info.needs_out {
                after += 1;
            }
            let pre_ok = !inherited && attr_start > floor && {
                let p = attr_start - 1;
                (self.t.is(p, ',') || self.is_close_mark(p) || self.is_dash(p))
                    && !self.title_before(floor, p)
            };
            let para = self.para_of(cue.start);
            let spk = (np.span, np.kind.clone());
            let what_after = self.after_cue(after, te, info.takes_object, pre_ok);
            let mut emitted = false;
            let push = |out: &mut Vec<Cand>, kind, span| {
                out.push(Cand {
                    kind,
                    span,
                    speaker: Some(spk.clone()),
                    cue: Some(cue),
                    para,
                    floating: false,
                });
            };
            let after_quote = attr_start > floor && self.is_close_mark(attr_start - 1);
            if pre_ok && (inverted || after_quote || !matches!(what_after, After::Content(_))) {
                // tail: the content is before the attribution; with no quote marks in it, the
                // cue must report speech and not go on with `to` (`continued to question`)
                let marked = self.has_seg(floor, attr_start);
                // `Speaking to reporters, Smith said`: a participle opener is no content
                let participle = (floor..attr_start)
                    .find(|&x| self.t.word(x).is_some())
                    .and_then(|x| self.t.word(x))
                    .is_some_and(|w| w.len() > 5 && w.ends_with("ing"));
                let found = if marked
                    || (info.reports && !participle && self.t.word(after) != Some("to"))
                {
                    self.classify(floor, attr_start)
                } else {
                    Vec::new()
                };
                // the attribution in mid-sentence: `The plan, he said, is dead.`
                let mut comma = after;
                while comma < te
                    && comma - after < 12
                    && self.seg_of(comma).is_none()
                    && !self.t.is(comma, ',')
                    && self.t.punct(comma).is_none_or(|c| c == '-')
                {
                    comma += 1;
                }
                let continues = comma + 1 < te
                    && self.t.is(comma, ',')
                    && self.seg_of(comma + 1).is_none()
                    && self.t.word(comma + 1).is_some_and(|w| lx::cue(w).is_none());
                if continues
                    && found.iter().all(|q| q.0 == QuoteKind::Indirect)
                    && !self.has_seg(floor, te)
                {
                    let end = self.content_end(comma + 1, te);
                    let rest = self.classify(comma + 1, end);
                    let head = found
                        .first()
                        .map(|q| q.1)
                        .or_else(|| self.word_span(floor, attr_start));
                    if let (Some(h), Some(r)) = (head, rest.first()) {
                        push(out, QuoteKind::Indirect, h.cover(r.1));
                        emitted = true;
                        floor = end;
                        ci = floor.max(ci);
                    }
                }
                if !emitted {
                    for (kind, span) in found {
                        push(out, kind, span);
                        emitted = true;
                    }
                }
                if emitted && floor < after {
                    floor = after;
                    // a split quote: `"One," she said, "two."`
                    if comma + 1 < te && self.t.is(comma, ',') {
                        if let Some(s) = self.is_open_mark(comma + 1) {
                            let close = self.segs[s].close_tok;
                            if close < te {
                                self.seg_used[s] = true;
                                push(out, QuoteKind::Direct, self.segs[s].content);
                                floor = close + 1;
                            }
                        }
                    }
                    ci = floor.max(ci);
                }
            } else if let After::Content(c) = what_after {
                // verbs that mostly take a noun object report a clause only after `that`, a
                // colon, a quote mark or a subject pronoun (`denied the claim` is no quote)
                // `polls show Clinton leading`: evidence reports a bare clause
                let evidence = matches!(&np.kind, SpkKind::Nominal(h) if matches!(
                    h.as_str(),
                    "poll"
                        | "polls"
                        | "survey"
                        | "surveys"
                        | "data"
                        | "records"
                        | "filings"
                        | "results"
                        | "numbers"
                        | "figures"
                        | "statistics"
                        | "report"
                        | "reports"
                        | "study"
                        | "studies"
                        | "analysis"
                        | "documents"
                        | "polling"
                        | "research"
                )) && self.t.word(here).is_some_and(|w| {
                    w.starts_with("show") || w == "found" || w.starts_with("find")
                });
                let bare_ok = !info.needs_that
                    || evidence
                    || c == 0
                    || self.t.word(c - 1) == Some("that")
                    || (!info.strict_that
                        && (matches!(self.t.punct(c - 1), Some(':' | ','))
                            || self.is_open_mark(c).is_some()))
                    || !info.strict_that
                        && self.t.word(c).is_some_and(|w| {
                            matches!(
                                w,
                                "he" | "she" | "they" | "it" | "we" | "i" | "there" | "you"
                            )
                        });
                // `a notice of civil claim was filed`: a verb right after the cue makes the cue
                // a noun
                // (unless the cue is a plain past or `says`: then it is a relative clause,
                // `deaths that Lohmar said are unrelated`)
                let verb_form = self.verb_form(here);
                let noun_cue = !verb_form && self.t.has(c, lx::AUXILIARY);
                // `asked (him) whether ...`, `wondered why ...`: a reported question
                let wh = |x: usize| {
                    x < te
                        && matches!(
                            self.t.word(x),
                            Some("whether" | "if" | "why" | "how" | "what" | "when" | "where")
                        )
                };
                let asks = self
                    .t
                    .word(here)
                    .is_some_and(|w| w.starts_with("ask") || w.starts_with("wonder"));
                let question = asks
                    && (wh(c)
                        || (matches!(
                            self.t.word(c),
                            Some("him" | "her" | "them" | "us" | "me" | "reporters")
                        ) && wh(c + 1)));
                let c = if question && !wh(c) { c + 1 } else { c };
                if !inverted
                    && bare_ok
                    && !noun_cue
                    && (info.reports || question || self.is_open_mark(c).is_some())
                {
                    let mut end = self.content_end(c, te);
                    if from_who {
                        // the relative clause ends before `, said`
                        if let Some(k) = (c..end).find(|&k| {
                            self.t.is(k, ',')
                                && self.t.word(k + 1).is_some_and(|w| lx::cue(w).is_some())
                        }) {
                            end = k;
                            who_comma = Some(k);
                        }
                    }
                    for (kind, span) in self.classify(c, end) {
                        push(out, kind, span);
                        emitted = true;
                    }
                    if emitted {
                        floor = end;
                        ci = end.max(ci);
                    }
                }
            }
            if emitted {
                last = Some(spk);
            }
        }
    }

    /// Whether token `i` ends a clause: the end, punctuation, or an adjunct.
    fn ends_clause(&self, i: usize, te: usize) -> bool {
        i >= te
            || matches!(
                self.t.punct(i),
                Some(',' | '.' | ';' | ':' | '!' | '?' | '(' | '-' | '\u{2014}' | '\u{2013}')
            )
            || self
                .t
                .word(i)
                .is_some_and(|w| lx::is_adjunct_start(w) || lx::is_time_word(w) || w == "who")
    }

    /// Whether a token of `a..b` is inside a segment (segments are sorted and disjoint).
    fn has_seg(&self, a: usize, b: usize) -> bool {
        let b = b.min(self.t.len());
        let k = self.segs.partition_point(|s| s.close_tok < a);
        a < b && self.segs.get(k).is_some_and(|s| s.open_tok < b)
    }

    /// How many tokens of `a..b` are words.
    fn words_in(&self, a: usize, b: usize) -> usize {
        let b = b.min(self.t.len());
        if a >= b {
            return 0;
        }
        (self.t.word_prefix[b] - self.t.word_prefix[a]) as usize
    }

    /// The span from the first to the last word of `a..b`, if it has at least one word.
    fn word_span(&self, a: usize, b: usize) -> Option<Span> {
        let f = (a..b).find(|&x| self.t.word(x).is_some())?;
        let l = (a..b).rev().find(|&x| self.t.word(x).is_some())?;
        Some(self.span_of(f, l))
    }

    /// Unused segments: trailing dash attributions, floating quotes, long unattributed quotes.
    fn dash_and_floating(&mut self, cands: &mut Vec<Cand>, units: &[(usize, usize)]) {
        let mut extra = Vec::new();
        for si in 0..self.segs.len() {
            if self.seg_used[si] {
                continue;
            }
            let s = self.segs[si];
            let words = self.word_count(s.open_tok + 1, s.close_tok);
            // a short quote counts only as a whole sentence after a sentence end (`"I was
            // green." She laughed.`), never inside one (scare quotes, titles, nicknames)
            let o = s.open_tok;
            let after_sentence = o > 0
                && (self.is_close_mark(o - 1)
                    || matches!(self.t.punct(o - 1), Some('.' | '?' | '!')));
            let closes_sentence =
                s.close_tok > 0 && matches!(self.t.punct(s.close_tok - 1), Some('.' | '?' | '!'));
            if words < 4 && !(words >= 2 && after_sentence && closes_sentence) {
                // `Christie described Clinton as a "disgrace"`: a fragment in the predicate of
                // a subject and a finite verb is a mixed quote of the subject
                if let Some(c) = self.narrative_mixed(si, units) {
                    self.seg_used[si] = true;
                    extra.push(c);
                }
                continue;
            }
            // dash attribution: `"..." -Commissioner Jane Doe`
            let d = s.close_tok + 1;
            if self.is_dash(d) || (self.t.is(d, ',') && self.is_dash(d + 1)) {
                let d = if self.is_dash(d) { d } else { d + 1 };
                let pend = self.t.first_at(
                    self.paras
                        .get(s.last_para)
                        .map_or(self.text.len(), |p| p.end),
                );
                if let Some(np) = self.right_speaker(d, pend) {
                    if matches!(np.kind, SpkKind::Name) && np.end_tok + 2 >= pend {
                        self.seg_used[si] = true;
                        extra.push(Cand {
                            kind: QuoteKind::Direct,
                            span: s.content,
                            speaker: Some((np.span, np.kind)),
                            cue: None,
                            para: self.para_rank.get(s.para).copied().unwrap_or(0),
                            floating: false,
                        });
                        continue;
                    }
                }
            }
            // floating or unattributed: must look like speech, not a title
            let ends_sentence = self.text[..s.content.end.min(self.text.len())]
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, '?' | '!'))
                || self
                    .t
                    .punct(s.close_tok - 1)
                    .is_some_and(|c| matches!(c, '.' | ',' | '?' | '!'));
            if !ends_sentence && words < 8 {
                continue;
            }
            // it must stand as a sentence of its own, not sit inside a narrative sentence
            let para_first = self
                .t
                .first_at(self.paras.get(s.para).map_or(0, |p| p.start));
            let standalone = o == 0
                || o <= para_first
                || self.is_close_mark(o - 1)
                || matches!(
                    self.t.punct(o - 1),
                    Some('.' | '?' | '!' | ':' | '(' | '[' | '-' | '\u{2014}' | '\u{2013}')
                );
            // a title inside a narrative sentence (`acted in the movie "Sharknado 3: Oh Hell
            // No!"`, `host of "The Nightly Show with Larry Wilmore."`): every word of four
            // letters or more capitalised
            let title = (o + 1..s.close_tok)
                .all(|x| self.t.word(x).is_none_or(|w| w.len() < 4 || self.t.cap(x)));
            if title && !standalone {
                continue;
            }
            self.seg_used[si] = true;
            // a quote inside a narrative sentence (`Smith called the plan "a disaster for the
            // city."`) belongs to the sentence's subject, not to the previous speaker
            // `Surrey staff explained it this way: "..."`: the subject of the introduction
            let colon = o > 0 && self.t.is(o - 1, ':');
            let subject = if standalone && !colon {
                None
            } else {
                let ui = units.partition_point(|u| u.1 <= o);
                units
                    .get(ui)
                    .filter(|u| u.0 <= o)
                    .and_then(|u| self.subject_at(u.0, o))
                    .map(|np| (np.span, np.kind))
            };
            extra.push(Cand {
                kind: QuoteKind::Direct,
                span: s.content,
                floating: subject.is_none(),
                speaker: subject,
                cue: None,
                para: self.para_rank.get(s.para).copied().unwrap_or(0),
            });
        }
        cands.extend(extra);
        cands.sort_by_key(|c| (c.span.start, c.span.end));
        // inherit speakers in order
        let mut last: Option<(Span, SpkKind, usize)> = None;
        for c in cands.iter_mut() {
            if c.floating {
                if let Some((sp, k, p)) = &last {
                    if c.para <= p + 1 {
                        c.speaker = Some((*sp, k.clone()));
                        last = Some((*sp, k.clone(), c.para));
                    }
                }
                if c.speaker.is_none() {
                    // no speaker just before: the person the preceding narrative is about
                    let hi = self
                        .mentions
                        .partition_point(|&(m, _)| m.start < c.span.start);
                    let found = self.mentions[..hi].iter().rev().take(50).find(|&&(m, ei)| {
                        self.is_person(ei)
                            && !self.in_any_seg(m.start)
                            && self.para_of(m.start) + 1 >= c.para
                    });
                    if let Some(&(m, _)) = found {
                        c.speaker = Some((m, SpkKind::Name));
                        last = Some((m, SpkKind::Name, c.para));
                    }
                }
            } else if let Some((sp, k)) = &c.speaker {
                last = Some((*sp, k.clone(), c.para));
            }
        }
    }

    /// A short quoted fragment inside a narrative sentence whose subject opens it and whose
    /// verb is finite (`Cruz blamed the law on "knuckleheaded politicians"`): the predicate
    /// after the verb, as a mixed quote of the subject. Titles (every long word capitalised) and
    /// fragments with no subject and verb before them are not.
    fn narrative_mixed(&self, si: usize, units: &[(usize, usize)]) -> Option<Cand> {
        let s = self.segs[si];
        let o = s.open_tok;
        let ui = units.partition_point(|u| u.1 <= o);
        let &(ts, te) = units.get(ui).filter(|u| u.0 <= o)?;
        if te > s.close_tok + 40 || o < ts + 2 {
            return None;
        }
        // a title: every word of four letters or more is capitalised
        let title = (o + 1..s.close_tok)
            .all(|x| self.t.word(x).is_none_or(|w| w.len() < 4 || self.t.cap(x)));
        if title {
            return None;
        }
        let np = self.subject_at(ts, o)?;
        let mut v = np.end_tok;
        while v < o
            && self
                .t
                .word(v)
                .is_some_and(|w| lx::is_cue_modifier(w) || w.ends_with("ly"))
        {
            v += 1;
        }
        let verb = self.t.word(v).filter(|_| v < o && !self.t.cap(v))?;
        let finite = lx::cue(verb).is_some_and(|c| !c.ing)
            || (verb.ends_with("ed") && verb.len() > 3)
            || (verb.ends_with('s') && !verb.ends_with("ss") && !lx::is_function_word(verb));
        // the object starts right after the verb (`landed in Phoenix` is no report; in
        // `Lobbying records show` the noun is followed by the verb)
        let object = self.t.word(v + 1).is_some_and(|w| {
            (!lx::is_function_word(w) && lx::cue(w).is_none())
                || matches!(
                    w,
                    "to" | "that"
                        | "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "our"
                        | "this"
                        | "these"
                        | "those"
                        | "what"
                        | "how"
                        | "whether"
                )
        }) || self.is_open_mark(v + 1).is_some();
        let expletive =
            matches!(np.kind, SpkKind::Pronoun(None)) && self.t.word(np.first_tok) == Some("it");
        if !finite || !object || expletive || lx::is_auxiliary(verb) || lx::is_passive_aux(verb) {
            return None;
        }
        let mut b = te;
        while b > s.close_tok + 1
            && matches!(self.t.punct(b - 1), Some('.' | ',' | ';' | ':' | '!' | '?'))
        {
            b -= 1;
        }
        let span = self.span_of(v + 1, b.max(v + 2) - 1);
        Some(Cand {
            kind: QuoteKind::Mixed,
            span,
            speaker: Some((np.span, np.kind)),
            cue: Some(self.span_of(v, v)),
            para: self.para_rank.get(s.para).copied().unwrap_or(0),
            floating: false,
        })
    }

    fn word_count(&self, a: usize, b: usize) -> usize {
        self.words_in(a, b)
    }

    // ------------------------------------------------------------------ resolution

    fn is_person(&self, ei: usize) -> bool {
        self.entities[ei].kind == EntityKind::Person
    }

    fn in_any_seg(&self, pos: usize) -> bool {
        let i = self.t.first_at(pos);
        self.seg_of(i).is_some_and(|s| {
            let sg = &self.segs[s];
            self.t.toks[sg.open_tok].start <= pos && pos < self.t.toks[sg.close_tok].end
        })
    }

    /// The gender of entity `ei`, found once ([`Self::gender_of`]) when first asked.
    fn gender(&self, genders: &Genders, ei: usize) -> Option<Gender> {
        match genders.get(ei) {
            Some(cell) => *cell.get_or_init(|| self.gender_of(ei)),
            None => self.gender_of(ei),
        }
    }

    fn gender_of(&self, ei: usize) -> Option<Gender> {
        let e = &self.entities[ei];
        if e.gender.is_some() {
            return e.gender;
        }
        for m in self.entity_mentions.of(ei) {
            let i = self.t.first_at(m.start);
            let mut p = i;
            if p > 0 && self.t.is(p - 1, '.') {
                p -= 1;
            }
            if p > 0 {
                match self.t.word(p - 1) {
                    Some("mr") => return Some(Gender::Male),
                    Some("mrs" | "ms" | "miss") => return Some(Gender::Female),
                    _ => {}
                }
            }
        }
        None
    }

    /// The entity a speaker mention resolves to.
    fn resolve(&self, span: Span, kind: &SpkKind, genders: &Genders) -> Option<usize> {
        match kind {
            SpkKind::Name => {
                // the name before an appositive
                let span = span
                    .get(self.text)
                    .and_then(|t| t.find(','))
                    .map_or(span, |c| Span::new(span.start, span.start + c));
                let hi = self.mentions.partition_point(|&(m, _)| m.start < span.end);
                let mut hit: Option<usize> = None;
                for &(m, ei) in self.mentions[..hi].iter().rev().take(64) {
                    if m.overlaps(span) && (hit.is_none() || self.is_person(ei)) {
                        hit = Some(ei);
                        if self.is_person(ei) {
                            break;
                        }
                    }
                }
                if hit.is_some() {
                    return hit;
                }
                let txt = span.get(self.text)?;
                let last = txt.split_whitespace().next_back()?;
                self.entities.iter().position(|e| {
                    e.kind == EntityKind::Person
                        && e.name.split_whitespace().next_back() == Some(last)
                })
            }
            SpkKind::Pronoun(g) => {
                if g.is_none() {
                    // `it` and `they` as speakers are mostly organisations: the last one named
                    let hi = self
                        .mentions
                        .partition_point(|&(m, _)| m.start < span.start);
                    let para = self.para_of(span.start);
                    return self.mentions[..hi]
                        .iter()
                        .rev()
                        .take(50)
                        .find(|&&(m, ei)| {
                            self.entities[ei].kind == EntityKind::Organization
                                && !self.in_any_seg(m.start)
                                && self.para_of(m.start) + 2 >= para
                        })
                        .map(|&(_, ei)| ei);
                }
                let hi = self
                    .mentions
                    .partition_point(|&(m, _)| m.start < span.start);
                // the most recent compatible person, preferring one who is not the object of a
                // preposition (`a meeting with Dmitry Bakanov`) within the last two paragraphs
                let para = self.para_of(span.start);
                let mut fallback = None;
                for &(m, ei) in self.mentions[..hi].iter().rev().take(400) {
                    if !self.is_person(ei) || self.in_any_seg(m.start) {
                        continue;
                    }
                    let eg = self.gender(genders, ei);
                    if eg.is_none() || eg == *g {
                        if !self.oblique(m.start) {
                            return Some(ei);
                        }
                        fallback = fallback.or(Some(ei));
                        if self.para_of(m.start) + 2 < para {
                            break;
                        }
                    }
                }
                fallback
            }
            SpkKind::Nominal(head) => {
                if !lx::is_title(head) {
                    return None;
                }
                let hi = self
                    .mentions
                    .partition_point(|&(m, _)| m.start < span.start);
                for &(m, ei) in self.mentions[..hi].iter().rev().take(400) {
                    if !self.is_person(ei) {
                        continue;
                    }
                    let e = &self.entities[ei];
                    let role = e
                        .roles
                        .iter()
                        .any(|r| r.to_lowercase().split_whitespace().any(|x| x == head));
                    let i = self.t.first_at(m.start);
                    let before =
                        (i.saturating_sub(3)..i).any(|x| self.t.word(x) == Some(head.as_str()));
                    if role || before {
                        return Some(ei);
                    }
                }
                None
            }
        }
    }

    fn finish(self, mut cands: Vec<Cand>) -> Vec<Quote> {
        let genders: Genders = (0..self.entities.len())
            .map(|_| std::cell::OnceCell::new())
            .collect();
        cands.sort_by_key(|c| (c.span.start, c.span.end));
        let mut seen = Seen::default();
        let mut out = Vec::with_capacity(cands.len());
        let mut prev_end = 0usize;
        // resolved person speakers so far, with their paragraph rank
        let mut recent: Vec<(usize, usize)> = Vec::new();
        for c in cands {
            if c.span.is_empty() || !c.span.is_valid_in(self.text) || c.span.start < prev_end {
                continue;
            }
            if !seen.insert(self.text, c.span) {
                continue;
            }
            prev_end = c.span.end;
            let speaker = c.speaker.map(|(span, kind)| {
                let mut ei = self.resolve(span, &kind, &genders);
                if let SpkKind::Pronoun(Some(g)) = &kind {
                    // with no person mentioned before it, a pronoun is a recent speaker
                    let prev = recent
                        .iter()
                        .rev()
                        .take_while(|&&(_, p)| c.para <= p + 2)
                        .find(|&&(e, _)| self.gender(&genders, e).is_none_or(|eg| eg == *g))
                        .map(|&(e, _)| e);
                    if ei.is_none() {
                        ei = prev;
                    }
                }
                if let Some(e) = ei.filter(|&e| self.is_person(e)) {
                    recent.push((e, c.para));
                }
                let span = if c.floating {
                    // a floating quote names its speaker by the resolved entity's nearest mention
                    ei.and_then(|ei| self.nearest_mention(ei, c.span.start))
                        .unwrap_or(span)
                } else {
                    span
                };
                Speaker {
                    span,
                    entity: ei.map(|ei| self.entities[ei].id.clone()),
                }
            });
            out.push(Quote {
                kind: c.kind,
                span: c.span,
                speaker,
                cue: c.cue,
            });
        }
        out
    }

    /// Whether the mention starting at byte `pos` is the object of a preposition (looking back
    /// over titles and capitalised words).
    fn oblique(&self, pos: usize) -> bool {
        let i = self.t.first_at(pos);
        let lo = i.saturating_sub(5);
        for x in (lo..i).rev() {
            match self.t.word(x) {
                Some(w) if self.t.cap(x) || lx::is_title(w) => continue,
                Some(w) => {
                    return matches!(
                        w,
                        "of" | "to"
                            | "with"
                            | "by"
                            | "for"
                            | "about"
                            | "against"
                            | "from"
                            | "at"
                            | "on"
                            | "in"
                            | "and"
                    );
                }
                None => return false,
            }
        }
        false
    }

    fn nearest_mention(&self, ei: usize, before: usize) -> Option<Span> {
        let ms = self.entity_mentions.of(ei);
        let hi = ms.partition_point(|m| m.end <= before);
        ms[..hi]
            .iter()
            .rev()
            .take(64)
            .find(|m| m.is_valid_in(self.text) && !self.in_any_seg(m.start))
            .copied()
    }
}

/// The gender of each entity, found when first needed.
type Genders = Vec<std::cell::OnceCell<Option<Gender>>>;

/// How many bytes of each end of a dedup key make its signature. Few: quotes that share both
/// ends are rare, and a shared signature only costs their whole keys (see [`Seen`]), while every
/// quote pays for reading its ends.
const SIG_BYTES: usize = 8;

/// The signature of a dedup key: its first and its last [`SIG_BYTES`] bytes (the whole key in
/// both when it is shorter), zero-padded (a key has no zero byte). Equal keys have equal
/// signatures, so only texts with equal signatures need their whole keys compared.
type KeySig = ([u8; SIG_BYTES], [u8; SIG_BYTES]);

/// The lowercase bytes of the letters and digits of `c`, written at the end of `buf[..*pos]`
/// (moving `pos` back); `false` when they do not fit.
fn push_front_key(c: char, buf: &mut [u8], pos: &mut usize) -> bool {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() && *pos > 0 {
            *pos -= 1;
            buf[*pos] = c.to_ascii_lowercase() as u8;
        }
        return *pos > 0 || !c.is_ascii_alphanumeric();
    }
    if !c.is_alphanumeric() {
        return true;
    }
    let mut piece = [0u8; 16];
    let mut n = 0;
    for l in c.to_lowercase() {
        n += l.encode_utf8(&mut piece[n..]).len();
    }
    if n > *pos {
        return false;
    }
    *pos -= n;
    buf[*pos..*pos + n].copy_from_slice(&piece[..n]);
    true
}

/// For an ASCII byte, its lowercase form when it is a letter or a digit, else `0` (a dedup key
/// keeps the lowercase letters and digits).
static KEEP: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// The signature of the dedup key of `s` (see [`KeySig`]), reading only as much of both ends
/// as it needs; `None` when the key is empty. ASCII bytes go through [`KEEP`] one at a time;
/// only other characters are decoded.
fn key_sig(s: &str) -> Option<KeySig> {
    let b = s.as_bytes();
    let mut head = [0u8; SIG_BYTES];
    let mut n = 0;
    let mut i = 0;
    while n < SIG_BYTES {
        let Some(&x) = b.get(i) else {
            break;
        };
        if x < 0x80 {
            let l = KEEP[usize::from(x)];
            if l != 0 {
                if let Some(h) = head.get_mut(n) {
                    *h = l;
                }
                n += 1;
            }
            i += 1;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                for &x in l.encode_utf8(&mut [0u8; 4]).as_bytes() {
                    if n < SIG_BYTES {
                        head[n] = x;
                        n += 1;
                    }
                }
            }
        }
        i += c.len_utf8();
    }
    if n == 0 {
        return None;
    }
    // the last bytes, written backwards into a buffer with room for one more character
    let mut buf = [0u8; SIG_BYTES + 16];
    let mut pos = buf.len();
    let mut j = b.len();
    while buf.len() - pos < SIG_BYTES {
        let Some(&x) = j.checked_sub(1).and_then(|k| b.get(k)) else {
            break;
        };
        if x < 0x80 {
            let l = KEEP[usize::from(x)];
            // (fewer than SIG_BYTES bytes written: `pos` is above 16)
            if l != 0 && pos > 0 {
                pos -= 1;
                buf[pos] = l;
            }
            j -= 1;
            continue;
        }
        // the character ending at `j`: back over its continuation bytes
        let mut k = j - 1;
        while k > 0 && b[k] & 0xC0 == 0x80 {
            k -= 1;
        }
        let Some(c) = s.get(k..j).and_then(|r| r.chars().next()) else {
            break;
        };
        if !push_front_key(c, &mut buf, &mut pos) {
            break;
        }
        j = k;
    }
    let tail_all = &buf[pos..];
    let tail_src = &tail_all[tail_all.len().saturating_sub(SIG_BYTES)..];
    let mut tail = [0u8; SIG_BYTES];
    tail[..tail_src.len()].copy_from_slice(tail_src);
    Some((head, tail))
}

/// The texts already kept, by the signature of their dedup key.
///
/// Most texts have a signature of their own and never need a whole key. Once a second text
/// shares a signature, the whole keys of that signature's texts go into one set, each computed
/// once: texts that share both ends but differ inside (a page of near-identical quotes) cost
/// one key each, not a walk over all the earlier ones.
#[derive(Default)]
struct Seen {
    /// Each signature seen: the one text kept with it, or `None` once its keys are in `keys`.
    first: std::collections::HashMap<KeySig, Option<Span>, crate::FxBuild>,
    /// Whole keys of the texts whose signature is shared.
    keys: std::collections::HashSet<Vec<u8>, crate::FxBuild>,
    key: Vec<u8>,
}

impl Seen {
    /// Keeps the text of `span` unless its dedup key is empty or already kept; whether it was
    /// kept.
    fn insert(&mut self, text: &str, span: Span) -> bool {
        let piece = span.get(text).unwrap_or("");
        let Some(sig) = key_sig(piece) else {
            return false;
        };
        match self.first.entry(sig) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(Some(span));
                true
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                // equal keys have equal signatures, so only this signature's keys can match
                if let Some(first) = o.get_mut().take() {
                    dedup_key(first.get(text).unwrap_or(""), &mut self.key);
                    self.keys.insert(self.key.clone());
                }
                dedup_key(piece, &mut self.key);
                if self.keys.contains(&self.key) {
                    return false;
                }
                self.keys.insert(self.key.clone());
                true
            }
        }
    }
}

/// The key under which a quote's text counts as seen: its letters and digits, lowercase (the
/// UTF-8 of `chars().filter(is_alphanumeric).flat_map(to_lowercase)`), into `key`.
fn dedup_key(s: &str, key: &mut Vec<u8>) {
    key.clear();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // a run of ASCII bytes: every byte is written, and the length moves on past the kept ones
        let run = i;
        while i < b.len() && b[i].is_ascii() {
            i += 1;
        }
        if i > run {
            let base = key.len();
            key.resize(base + (i - run), 0);
            let mut k = base;
            for &x in &b[run..i] {
                let l = KEEP[usize::from(x & 0x7f)];
                if let Some(slot) = key.get_mut(k) {
                    *slot = l;
                }
                k += usize::from(l != 0);
            }
            key.truncate(k);
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                key.extend_from_slice(l.encode_utf8(&mut [0u8; 4]).as_bytes());
            }
        }
        i += c.len_utf8();
    }
}

fn is_connector(w: &str) -> bool {
    lx::is_connector(w)
}

/// A number written in digits (`47`, `1,200`) or words (`twenty-four`, `six`).
fn is_number(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
        || w.split('-').next().is_some_and(|p| {
            matches!(
                p,
                "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "eleven"
                    | "twelve"
                    | "twenty"
                    | "thirty"
                    | "forty"
                    | "fifty"
                    | "sixty"
                    | "seventy"
                    | "eighty"
                    | "ninety"
                    | "hundred"
                    | "hundreds"
                    | "thousands"
                    | "dozens"
            )
        })
}

fn agentive(w: &str) -> bool {
    w.len() > 5
        && ["ers", "ors", "ists", "ians", "ents", "ants"]
            .iter()
            .any(|s| w.ends_with(s))
}

/// Sorted, non-overlapping, valid paragraph spans; one per non-empty line when none are given.
fn clean_paragraphs(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let mut ps: Vec<Span> = paragraphs
        .iter()
        .copied()
        .filter(|p| p.is_valid_in(text) && !p.is_empty())
        .collect();
    ps.sort();
    let mut out: Vec<Span> = Vec::with_capacity(ps.len());
    for p in ps {
        if out.last().is_none_or(|l| p.start >= l.end) {
            out.push(p);
        }
    }
    if out.is_empty() {
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let s = Span::new(start, start + line.len()).trim(text);
            start += line.len();
            if !s.is_empty() {
                out.push(s);
            }
        }
    }
    out
}

/// A plain sentence splitter used when no sentences are given: `.`, `!` or `?` (with closing
/// marks) before whitespace and an uppercase letter or an opening mark, within each paragraph.
fn fallback_sentences(text: &str, paras: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for p in paras {
        let Some(pt) = p.get(text) else { continue };
        let mut start = 0usize;
        let chars: Vec<(usize, char)> = pt.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            let mut e = k + 1;
            while e < chars.len()
                && matches!(
                    chars[e].1,
                    '"' | '\u{201D}' | '\u{2019}' | '\'' | ')' | '\u{00BB}'
                )
            {
                e += 1;
            }
            if e >= chars.len() || !chars[e].1.is_whitespace() {
                continue;
            }
            let mut n = e;
            while n < chars.len() && chars[n].1.is_whitespace() {
                n += 1;
            }
            let next_ok = chars
                .get(n)
                .is_some_and(|&(_, d)| d.is_uppercase() || marks::is_mark(d) || d == '\u{2018}');
            if !next_ok {
                continue;
            }
            if c == '.' {
                // an abbreviation or an initial before the period
                let word: String = pt[..i]
                    .chars()
                    .rev()
                    .take_while(|ch| ch.is_alphabetic())
                    .collect();
                if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
                    continue;
                }
                let w: String = word.chars().rev().collect::<String>().to_lowercase();
                if lx::is_title(&w)
                    || matches!(
                        w.as_str(),
                        "st" | "jr" | "sr" | "no" | "vs" | "inc" | "co" | "corp" | "ltd"
                    )
                {
                    continue;
                }
            }
            let end = chars.get(e).map_or(pt.len(), |&(j, _)| j);
            out.push(Span::new(p.start + start, p.start + end).trim(text));
            start = chars.get(n).map_or(pt.len(), |&(j, _)| j);
        }
        if start < pt.len() {
            out.push(Span::new(p.start + start, p.end).trim(text));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::dedup_key;

    fn reference(s: &str) -> Vec<u8> {
        s.chars()
            .filter(|ch| ch.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn dedup_key_is_the_lowercase_letters_and_digits() {
        let mut key = Vec::new();
        for s in [
            "",
            "A b, C!",
            "Ünïcödé İstanbul ΣΑΣ 3½ x\u{2070}",
            "“Yes,” he said.",
        ] {
            dedup_key(s, &mut key);
            assert_eq!(key, reference(s), "{s:?}");
        }
    }

    /// The signature is the ends of the key.
    fn sig_reference(s: &str) -> Option<super::KeySig> {
        let k = reference(s);
        if k.is_empty() {
            return None;
        }
        let n = super::SIG_BYTES;
        let mut head = [0u8; super::SIG_BYTES];
        let h = &k[..k.len().min(n)];
        head[..h.len()].copy_from_slice(h);
        let mut tail = [0u8; super::SIG_BYTES];
        let t = &k[k.len().saturating_sub(n)..];
        tail[..t.len()].copy_from_slice(t);
        Some((head, tail))
    }

    #[test]
    fn key_signatures_are_the_ends_of_the_key() {
        for s in [
            "",
            ", .",
            "a",
            "Hello, World! This is a fairly long quote with İstanbul and ǅ in it.",
            "ﬃ İİİİİİİİİİİİİİİİİİİİİİİİİİİİ x",
            "short İ",
        ] {
            assert_eq!(super::key_sig(s), sig_reference(s), "{s:?}");
        }
    }

    #[test]
    fn seen_keeps_each_key_once() {
        let text = "Ab, c. ab c! X ab  C";
        let mut seen = super::Seen::default();
        let sp = |a: usize, b: usize| nutgraf_core::Span::new(a, b);
        assert!(seen.insert(text, sp(0, 5)));
        assert!(!seen.insert(text, sp(7, 12)));
        assert!(seen.insert(text, sp(13, 14)));
        assert!(!seen.insert(text, sp(15, 20)));
        assert!(!seen.insert(text, sp(2, 3)));
    }

    proptest::proptest! {
        /// Texts that share both ends (one signature) and differ, or not, inside: kept exactly
        /// when no kept text has the same key.
        #[test]
        fn seen_agrees_with_a_list_of_keys(middles in proptest::collection::vec("[aB ,.]{0,4}", 1..40)) {
            let head = "The same long opening words of it ";
            let tail = " and the same long closing words too";
            let mut text = String::new();
            let mut spans = Vec::new();
            for m in &middles {
                let start = text.len();
                text.push_str(head);
                text.push_str(m);
                text.push_str(tail);
                spans.push(nutgraf_core::Span::new(start, text.len()));
                text.push('\n');
            }
            let mut seen = super::Seen::default();
            let mut kept: Vec<Vec<u8>> = Vec::new();
            for sp in spans {
                let key = reference(sp.get(&text).unwrap());
                let want = !key.is_empty() && !kept.contains(&key);
                if want {
                    kept.push(key);
                }
                proptest::prop_assert_eq!(seen.insert(&text, sp), want);
            }
        }

        #[test]
        fn key_sig_equals_the_ends_of_the_key(s in "\\PC{0,80}") {
            proptest::prop_assert_eq!(super::key_sig(&s), sig_reference(&s));
        }

        /// Mostly ASCII, as quotes are, with a few wide characters (whose lowercase forms are
        /// longer or shorter) at any place.
        #[test]
        fn key_sig_equals_the_ends_of_the_key_on_ascii(
            s in "[a-zA-Z0-9 ,.'\"-]{0,60}(\\PC{0,2}[a-zA-Z ,.]{0,30}){0,3}"
        ) {
            proptest::prop_assert_eq!(super::key_sig(&s), sig_reference(&s));
        }

        #[test]
        fn dedup_key_equals_the_char_filter(s in "\\PC{0,40}") {
            let mut key = vec![1, 2, 3];
            dedup_key(&s, &mut key);
            proptest::prop_assert_eq!(key, reference(&s));
        }
    }
}
