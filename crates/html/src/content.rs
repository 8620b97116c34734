//! The main-content algorithm: a Readability-style scoring of text containers on the flat DOM,
//! followed by conditional cleaning and a block-by-block text flow.

use std::sync::LazyLock;

use crate::dom::{Dom, NONE, TEXT, flag, prop, tag};

/// Class and id substrings by kind.
struct Patterns {
    unlikely: Vec<&'static str>,
    maybe: Vec<&'static str>,
    positive: Vec<&'static str>,
    negative: Vec<&'static str>,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let mut p = Patterns {
        unlikely: Vec::new(),
        maybe: Vec::new(),
        positive: Vec::new(),
        negative: Vec::new(),
    };
    for line in include_str!("../data/classes.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, pat)) = line.split_once(' ') else {
            continue;
        };
        let list = match kind {
            "unlikely" => &mut p.unlikely,
            "maybe" => &mut p.maybe,
            "positive" => &mut p.positive,
            "negative" => &mut p.negative,
            _ => continue,
        };
        list.push(pat.trim());
    }
    p
});

fn any(hay: &str, pats: &[&str]) -> bool {
    !hay.is_empty() && pats.iter().any(|p| hay.contains(p))
}

/// Switches of one extraction attempt (later attempts relax them, as Readability does).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Flags {
    pub strip_unlikely: bool,
    pub weight_classes: bool,
    pub clean_conditionally: bool,
    /// A single `<br>` becomes `\n` (else a space).
    pub line_breaks: bool,
}

/// One block of extracted text.
#[derive(Debug)]
pub(crate) struct RawBlock {
    /// The element the block's text came from.
    pub owner: u32,
    /// The text, whitespace collapsed.
    pub text: String,
    /// Chars of the text inside links.
    pub link_chars: u32,
    /// Chars of the text.
    pub chars: u32,
}

/// Per-node measurements shared by the attempts.
struct Metrics {
    /// Text length (chars, whitespace runs counted once) of text nodes.
    own_len: Vec<u32>,
    own_commas: Vec<u32>,
    in_link: Vec<bool>,
    class_weight: Vec<i32>,
    unlikely: Vec<bool>,
}

fn text_len(s: &str) -> (u32, u32) {
    let mut len = 0u32;
    let mut commas = 0u32;
    let mut ws = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if !ws {
                len += 1;
            }
            ws = true;
        } else {
            len += 1;
            ws = false;
            if c == ',' || c == '，' || c == '、' {
                commas += 1;
            }
        }
    }
    (len, commas)
}

fn metrics(dom: &Dom) -> Metrics {
    let n = dom.nodes.len();
    let pats = &*PATTERNS;
    let mut m = Metrics {
        own_len: vec![0; n],
        own_commas: vec![0; n],
        in_link: vec![false; n],
        class_weight: vec![0; n],
        unlikely: vec![false; n],
    };
    let mut cache: std::collections::HashMap<&str, (i32, bool)> = std::collections::HashMap::new();
    for i in 0..n {
        let node = &dom.nodes[i];
        let parent_link = node.parent != NONE && m.in_link[node.parent as usize];
        if node.tag == TEXT {
            let (l, c) = text_len(dom.text_of(i));
            m.own_len[i] = l;
            m.own_commas[i] = c;
            m.in_link[i] = parent_link;
            continue;
        }
        m.in_link[i] = parent_link || node.tag == tag::A;
        let attrs = dom.attrs_of(i);
        let props = dom.props_of(i);
        if !attrs.is_empty() && props & (prop::INLINE | prop::VOID) == 0 {
            let (w, u) = *cache.entry(attrs).or_insert_with(|| {
                let mut w = 0;
                if any(attrs, &pats.negative) {
                    w -= 25;
                }
                if any(attrs, &pats.positive) {
                    w += 25;
                }
                (w, any(attrs, &pats.unlikely) && !any(attrs, &pats.maybe))
            });
            m.class_weight[i] = w;
            m.unlikely[i] = u;
        }
        if node.flags & flag::ARTICLE_BODY != 0 {
            m.class_weight[i] += 25;
            m.unlikely[i] = false;
        }
    }
    m
}

/// Extracts the main-content blocks of the page.
pub(crate) fn extract(dom: &Dom, line_breaks: bool) -> Vec<RawBlock> {
    if dom.nodes.is_empty() {
        return Vec::new();
    }
    let m = metrics(dom);
    let attempts = [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
            line_breaks,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
            line_breaks,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
            line_breaks,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
            line_breaks,
        },
    ];
    let mut best: Vec<RawBlock> = Vec::new();
    let mut best_len = 0usize;
    for f in attempts {
        let blocks = attempt(dom, &m, f);
        let len: usize = blocks.iter().map(|b| b.text.len()).sum();
        if len >= 500 {
            return blocks;
        }
        // a relaxed attempt must find twice the text of the strict one (a short brief
        // stays clean of the author box a relaxed attempt would add)
        if best.is_empty() || len > 2 * best_len {
            best_len = len;
            best = blocks;
        }
    }
    best
}

fn attempt(dom: &Dom, m: &Metrics, f: Flags) -> Vec<RawBlock> {
    let n = dom.nodes.len();
    let nodes = &dom.nodes;
    // 1. removed subtrees
    let mut removed = vec![false; n];
    for i in 0..n {
        let node = &nodes[i];
        let mut r = node.parent != NONE && removed[node.parent as usize];
        if !r && node.tag != TEXT {
            let props = dom.props_of(i);
            let junk =
                props & prop::JUNK != 0 || node.flags & (flag::HIDDEN | flag::JUNK_ROLE) != 0;
            let unlikely = f.strip_unlikely
                && m.unlikely[i]
                && !matches!(
                    node.tag,
                    tag::HTML | tag::BODY | tag::ARTICLE | tag::MAIN | tag::A
                );
            r = junk || unlikely;
        }
        removed[i] = r;
    }
    // 2. subtree totals (children come after parents: one reverse pass)
    let mut len = vec![0u32; n];
    let mut link_len = vec![0u32; n];
    let mut commas = vec![0u32; n];
    let mut count_p = vec![0u32; n];
    let mut count_img = vec![0u32; n];
    let mut count_li = vec![0u32; n];
    let mut count_input = vec![0u32; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        let node = &nodes[i];
        if node.tag == TEXT {
            len[i] = m.own_len[i];
            commas[i] = m.own_commas[i];
            if m.in_link[i] {
                link_len[i] = len[i];
            }
        } else {
            match node.tag {
                tag::P => count_p[i] += 1,
                tag::IMG => count_img[i] += 1,
                tag::LI => count_li[i] += 1,
                tag::INPUT => count_input[i] += 1,
                _ => {}
            }
        }
        let p = node.parent;
        if p != NONE {
            let p = p as usize;
            len[p] += len[i];
            link_len[p] += link_len[i];
            commas[p] += commas[i];
            count_p[p] += count_p[i];
            count_img[p] += count_img[i];
            count_li[p] += count_li[i];
            count_input[p] += count_input[i];
        }
    }
    // 3. inline text of block owners
    let mut owner = vec![NONE; n];
    let mut inline_len = vec![0u32; n];
    let mut inline_commas = vec![0u32; n];
    for i in 0..n {
        if removed[i] {
            continue;
        }
        let node = &nodes[i];
        let parent_owner = if node.parent == NONE {
            NONE
        } else {
            owner[node.parent as usize]
        };
        if node.tag == TEXT {
            if parent_owner != NONE {
                inline_len[parent_owner as usize] += m.own_len[i];
                inline_commas[parent_owner as usize] += m.own_commas[i];
            }
        } else if dom.props_of(i) & prop::BLOCK != 0 {
            owner[i] = i as u32;
            continue;
        }
        owner[i] = parent_owner;
    }
    // 4. score paragraphs into their ancestors
    let mut score = vec![0f32; n];
    let mut init = vec![false; n];
    let init_score = |i: usize| -> f32 {
        let base = match nodes[i].tag {
            tag::DIV => 5.0,
            tag::PRE | tag::TD | tag::BLOCKQUOTE => 3.0,
            tag::OL | tag::UL | tag::LI | tag::FORM | tag::DD | tag::DT => -3.0,
            tag::TH => -5.0,
            t if (tag::H1..tag::H1 + 6).contains(&t) => -5.0,
            _ => 0.0,
        };
        base + if f.weight_classes {
            m.class_weight[i] as f32
        } else {
            0.0
        }
    };
    for i in 0..n {
        if removed[i] || nodes[i].tag == TEXT || inline_len[i] < 25 {
            continue;
        }
        let t = nodes[i].tag;
        if matches!(
            t,
            tag::LI | tag::DD | tag::DT | tag::FIGCAPTION | tag::TH | tag::H1
        ) {
            continue;
        }
        let s = 1.0 + inline_commas[i] as f32 + (inline_len[i] / 100).min(3) as f32;
        let paragraph_like =
            matches!(t, tag::P | tag::PRE | tag::TD) || (tag::H1..tag::H1 + 6).contains(&t);
        let mut a = if paragraph_like {
            nodes[i].parent
        } else {
            i as u32
        };
        let mut level = 0;
        while a != NONE && level < 5 {
            let ai = a as usize;
            if !init[ai] {
                init[ai] = true;
                score[ai] = init_score(ai);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[ai] += s / div;
            level += 1;
            a = nodes[ai].parent;
        }
    }
    let ld = |i: usize| -> f32 {
        if len[i] == 0 {
            0.0
        } else {
            link_len[i] as f32 / len[i] as f32
        }
    };
    let mut top = NONE;
    let mut top_score = f32::MIN;
    for i in 0..n {
        if init[i] && !removed[i] {
            score[i] *= 1.0 - ld(i);
            if score[i] > top_score {
                top_score = score[i];
                top = i as u32;
            }
        }
    }
    if top == NONE {
        // no paragraph: the body (or the whole page) is the content
        top = (0..n).find(|&i| nodes[i].tag == tag::BODY).unwrap_or(0) as u32;
        top_score = 0.0;
    } else {
        // move up while the parent holds clearly more of the same content
        let threshold = top_score / 3.0;
        let mut last = top_score;
        let mut p = nodes[top as usize].parent;
        while p != NONE && nodes[p as usize].tag != tag::BODY {
            let pi = p as usize;
            if !init[pi] {
                p = nodes[pi].parent;
                continue;
            }
            if score[pi] < threshold {
                break;
            }
            if score[pi] > last {
                top = p;
                top_score = score[pi];
                break;
            }
            last = score[pi];
            p = nodes[pi].parent;
        }
        // a parent whose only element child is the top candidate
        loop {
            let p = nodes[top as usize].parent;
            if p == NONE || nodes[p as usize].tag == tag::BODY {
                break;
            }
            let pi = p as usize;
            let only = element_children(dom, pi).filter(|&c| !removed[c]).count() == 1
                && len[pi] == len[top as usize];
            if !only {
                break;
            }
            top = p;
        }
    }
    // 5. siblings
    let mut roots: Vec<usize> = Vec::new();
    let topi = top as usize;
    let parent = nodes[topi].parent;
    if parent == NONE {
        roots.push(topi);
    } else {
        let threshold = (top_score * 0.2).max(10.0);
        let top_attrs = dom.attrs_of(topi);
        for c in element_children(dom, parent as usize) {
            if removed[c] {
                continue;
            }
            if c == topi {
                roots.push(c);
                continue;
            }
            let mut bonus = 0.0;
            if !top_attrs.is_empty() && dom.attrs_of(c) == top_attrs {
                bonus += top_score * 0.2;
            }
            let keep = if init[c] && score[c] + bonus >= threshold {
                true
            } else if nodes[c].tag == tag::P || (len[c] > 0 && inline_len[c] == len[c]) {
                let l = len[c];
                let d = ld(c);
                (l > 80 && d < 0.25) || (l > 0 && l <= 80 && d == 0.0 && ends_sentence(dom, c))
            } else {
                false
            };
            if keep {
                roots.push(c);
            }
        }
    }
    // 5b. the article split into several containers of the same kind (sections between
    // figures or ads): other elements with the top candidate's tag, class and id
    let top_attrs = dom.attrs_of(topi);
    if !top_attrs.is_empty() {
        let mut i = 0;
        while i < n {
            if removed[i] {
                i = (nodes[i].sub_end as usize).max(i + 1);
                continue;
            }
            if i != topi
                && nodes[i].tag == nodes[topi].tag
                && dom.attrs_of(i) == top_attrs
                && count_p[i] > 0
                && ld(i) < 0.5
            {
                roots.push(i);
                i = (nodes[i].sub_end as usize).max(i + 1);
                continue;
            }
            i += 1;
        }
        roots.sort_unstable();
        // sorted by start: a root is either inside the last kept one or after it
        let mut kept: Vec<usize> = Vec::with_capacity(roots.len());
        for r in roots {
            if kept.last().is_none_or(|&k| r >= nodes[k].sub_end as usize) {
                kept.push(r);
            }
        }
        roots = kept;
    }
    // 6. conditional cleaning and text flow
    let mut out = Vec::new();
    for r in roots {
        flow(
            dom,
            m,
            r,
            &removed,
            f,
            &Counts {
                score: &score,
                len: &len,
                link_len: &link_len,
                commas: &commas,
                p: &count_p,
                img: &count_img,
                li: &count_li,
                input: &count_input,
            },
            &mut out,
        );
    }
    out
}

struct Counts<'a> {
    score: &'a [f32],
    len: &'a [u32],
    link_len: &'a [u32],
    commas: &'a [u32],
    p: &'a [u32],
    img: &'a [u32],
    li: &'a [u32],
    input: &'a [u32],
}

fn element_children(dom: &Dom, i: usize) -> impl Iterator<Item = usize> + '_ {
    let end = dom.nodes[i].sub_end as usize;
    let mut c = i + 1;
    std::iter::from_fn(move || {
        while c < end {
            let k = c;
            c = (dom.nodes[k].sub_end as usize).max(k + 1);
            if dom.nodes[k].tag != TEXT {
                return Some(k);
            }
        }
        None
    })
}

fn ends_sentence(dom: &Dom, i: usize) -> bool {
    let end = dom.nodes[i].sub_end as usize;
    (i + 1..end)
        .rev()
        .filter(|&k| dom.nodes[k].tag == TEXT)
        .map(|k| dom.text_of(k).trim_end())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.ends_with('.'))
}

/// Whether an element inside the content is furniture (Readability's "clean conditionally").
fn drop_conditionally(dom: &Dom, m: &Metrics, i: usize, f: Flags, c: &Counts<'_>) -> bool {
    let t = dom.nodes[i].tag;
    let heading = (tag::H1..tag::H1 + 6).contains(&t);
    let weight = if f.weight_classes {
        m.class_weight[i]
    } else {
        0
    };
    if heading {
        return weight < 0;
    }
    if !f.clean_conditionally {
        return false;
    }
    let candidate = matches!(
        t,
        tag::FORM | tag::TABLE | tag::UL | tag::OL | tag::DIV | tag::SECTION
    ) || dom.props_of(i) & prop::KNOWN == 0;
    if !candidate {
        return false;
    }
    let score = c.score[i];
    if weight as f32 + score < 0.0 {
        return true;
    }
    if c.commas[i] >= 10 {
        return false;
    }
    let is_list = matches!(t, tag::UL | tag::OL);
    let p = c.p[i] as f32;
    let img = c.img[i] as f32;
    let li = c.li[i] as f32 - 100.0;
    let input = c.input[i] as f32;
    let len = c.len[i];
    let ld = if len == 0 {
        0.0
    } else {
        c.link_len[i] as f32 / len as f32
    };
    (img > 1.0 && p / img < 0.5)
        || (!is_list && li > p)
        || input > (p / 3.0).floor()
        || (!is_list && len < 25 && (img == 0.0 || img > 2.0))
        || (!is_list && weight < 25 && ld > 0.2)
        || (weight >= 25 && ld > 0.5)
}

/// Walks the subtree of `root` in document order and cuts its text into blocks.
#[allow(clippy::too_many_arguments)]
fn flow(
    dom: &Dom,
    m: &Metrics,
    root: usize,
    removed: &[bool],
    f: Flags,
    c: &Counts<'_>,
    out: &mut Vec<RawBlock>,
) {
    let nodes = &dom.nodes;
    let end = nodes[root].sub_end as usize;
    // open block elements: (node, sub_end)
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut cur = String::new();
    let mut cur_owner = NONE;
    let mut pending_space = false;
    let mut pending_break = 0u8;
    let mut pending_newline = false;
    let mut pre_depth_end = 0usize;
    let mut counts = (0u32, 0u32);
    let flush = |cur: &mut String,
                 cur_owner: &mut u32,
                 counts: &mut (u32, u32),
                 out: &mut Vec<RawBlock>| {
        let t = cur.trim_end();
        if !t.is_empty() && *cur_owner != NONE {
            out.push(RawBlock {
                owner: *cur_owner,
                text: t.to_string(),
                link_chars: counts.0,
                chars: counts.1,
            });
        }
        *counts = (0, 0);
        cur.clear();
        *cur_owner = NONE;
    };
    let mut i = root;
    while i < end {
        while let Some(&(b, e)) = blocks.last() {
            if e <= i {
                blocks.pop();
                if cur_owner == b as u32 || !cur.is_empty() {
                    flush(&mut cur, &mut cur_owner, &mut counts, out);
                }
                pending_space = false;
                pending_newline = false;
                pending_break = 0;
            } else {
                break;
            }
        }
        let node = &nodes[i];
        if removed[i] {
            i = (node.sub_end as usize).max(i + 1);
            continue;
        }
        if node.tag == TEXT {
            let text = dom.text_of(i);
            let in_pre = i < pre_depth_end;
            let mut rest = text;
            loop {
                let ws = rest
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(rest.len());
                if ws > 0 {
                    pending_space = true;
                    if in_pre && rest[..ws].contains('\n') {
                        pending_newline = true;
                    }
                }
                rest = &rest[ws..];
                if rest.is_empty() {
                    break;
                }
                let w_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let w = &rest[..w_end];
                rest = &rest[w_end..];
                if !cur.is_empty() {
                    if pending_newline || (pending_break > 0 && f.line_breaks) {
                        cur.push('\n');
                    } else if pending_break > 0 || pending_space {
                        cur.push(' ');
                    }
                } else if cur_owner == NONE {
                    cur_owner = blocks.last().map_or(root as u32, |&(b, _)| b as u32);
                }
                pending_space = false;
                pending_newline = false;
                pending_break = 0;
                cur.push_str(w);
            }
            counts.1 += m.own_len[i];
            if m.in_link[i] {
                counts.0 += m.own_len[i];
            }
            i += 1;
            continue;
        }
        if i != root && drop_conditionally(dom, m, i, f, c) {
            i = (node.sub_end as usize).max(i + 1);
            continue;
        }
        if node.tag == tag::BR {
            if pending_break > 0 && !cur.is_empty() {
                let owner = cur_owner;
                flush(&mut cur, &mut cur_owner, &mut counts, out);
                cur_owner = owner;
                pending_break = 0;
            } else {
                pending_break = 1;
            }
            i += 1;
            continue;
        }
        if dom.props_of(i) & prop::BLOCK != 0 {
            if !cur.is_empty() {
                flush(&mut cur, &mut cur_owner, &mut counts, out);
            }
            cur_owner = NONE;
            pending_space = false;
            pending_newline = false;
            pending_break = 0;
            blocks.push((i, node.sub_end as usize));
            if node.tag == tag::PRE {
                pre_depth_end = pre_depth_end.max(node.sub_end as usize);
            }
        }
        i += 1;
    }
    flush(&mut cur, &mut cur_owner, &mut counts, out);
}

/// Drops blocks that are page furniture even inside the content: mostly-link lines (related
/// stories, tag lists), exact repeats of an earlier block, and the headline (an `h1`, or a
/// heading equal to the page title), which belongs to the metadata.
pub(crate) fn prune(dom: &Dom, blocks: Vec<RawBlock>, title: Option<&str>) -> Vec<RawBlock> {
    let mut seen = std::collections::HashSet::new();
    let title = title.map(|t| t.trim().to_lowercase());
    blocks
        .into_iter()
        .filter(|b| {
            let t = dom.nodes[b.owner as usize].tag;
            let heading = (tag::H1..tag::H1 + 6).contains(&t);
            if t == tag::H1 {
                return false;
            }
            if heading {
                if let Some(title) = &title {
                    let bt = b.text.to_lowercase();
                    if title.contains(&bt) {
                        return false;
                    }
                }
            }
            if b.chars > 0 && b.link_chars as f32 / b.chars as f32 > 0.7 {
                return false;
            }
            if b.chars >= 10 && !seen.insert(b.text.clone()) {
                return false;
            }
            true
        })
        .collect()
}
