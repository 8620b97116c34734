//! A small, flat DOM built from the html5gum token stream.
//!
//! Nodes live in one arena in document (pre-)order, so the descendants of node `i` are exactly
//! the nodes `i + 1 .. sub_end[i]`. Every algorithm over the tree is a linear scan or an
//! explicit-stack walk: 100 000 nested `<div>`s cost no recursion.
//!
//! Tree construction is a simplified form of the HTML5 rules that matter for text extraction:
//! void elements, `<p>`/`<li>`/`<dd>`/`<dt>`/heading implied end tags, end tags that close
//! everything above their match (block elements) or only a short run of inline elements, and
//! stray end tags ignored in O(1) with a per-tag count of open elements.

use std::collections::HashMap;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span as GumSpan, Tokenizer};

use crate::meta::Collector;

/// No node.
pub(crate) const NONE: u32 = u32::MAX;

/// Tag property bits.
pub(crate) mod prop {
    /// Has no content and no end tag (`<br>`, `<img>`).
    pub const VOID: u16 = 1;
    /// Starts and ends a block of text.
    pub const BLOCK: u16 = 1 << 1;
    /// A start tag of this kind closes an open `<p>`.
    pub const CLOSES_P: u16 = 1 << 2;
    /// Inline formatting: its end tag only closes a short run of inline elements.
    pub const INLINE: u16 = 1 << 3;
    /// Never part of the article text (scripts, navigation, forms controls, ...).
    pub const JUNK: u16 = 1 << 4;
    /// `h1` .. `h6`.
    pub const HEADING: u16 = 1 << 5;
    /// A known HTML tag (unknown tags honour `/>` self-closing syntax).
    pub const KNOWN: u16 = 1 << 6;
}

use prop::{BLOCK, CLOSES_P, HEADING, INLINE, JUNK, KNOWN, VOID};

/// Known tags and their properties. The index in this table is the tag id.
const KNOWN_TAGS: &[(&str, u16)] = &[
    ("html", BLOCK),
    ("head", JUNK),
    ("body", BLOCK),
    ("p", BLOCK | CLOSES_P),
    ("div", BLOCK | CLOSES_P),
    ("br", VOID),
    ("a", INLINE),
    ("span", INLINE),
    ("li", BLOCK | CLOSES_P),
    ("ul", BLOCK | CLOSES_P),
    ("ol", BLOCK | CLOSES_P),
    ("h1", BLOCK | CLOSES_P | HEADING),
    ("h2", BLOCK | CLOSES_P | HEADING),
    ("h3", BLOCK | CLOSES_P | HEADING),
    ("h4", BLOCK | CLOSES_P | HEADING),
    ("h5", BLOCK | CLOSES_P | HEADING),
    ("h6", BLOCK | CLOSES_P | HEADING),
    ("blockquote", BLOCK | CLOSES_P),
    ("pre", BLOCK | CLOSES_P),
    ("figcaption", BLOCK | CLOSES_P),
    ("figure", BLOCK | CLOSES_P),
    ("section", BLOCK | CLOSES_P),
    ("article", BLOCK | CLOSES_P),
    ("main", BLOCK | CLOSES_P),
    ("header", BLOCK | CLOSES_P | JUNK),
    ("footer", BLOCK | CLOSES_P | JUNK),
    ("nav", BLOCK | CLOSES_P | JUNK),
    ("aside", BLOCK | CLOSES_P | JUNK),
    ("script", JUNK),
    ("style", JUNK),
    ("noscript", JUNK),
    ("template", JUNK),
    ("title", JUNK),
    ("meta", VOID),
    ("link", VOID),
    ("img", VOID),
    ("hr", VOID | BLOCK | CLOSES_P),
    ("input", VOID | JUNK),
    ("button", JUNK),
    ("select", JUNK),
    ("option", JUNK),
    ("textarea", JUNK),
    ("form", BLOCK | CLOSES_P),
    ("svg", JUNK),
    ("iframe", JUNK),
    ("object", JUNK),
    ("embed", VOID | JUNK),
    ("canvas", JUNK),
    ("video", BLOCK | JUNK),
    ("audio", BLOCK | JUNK),
    ("menu", BLOCK | CLOSES_P | JUNK),
    ("dialog", BLOCK | CLOSES_P | JUNK),
    ("table", BLOCK | CLOSES_P),
    ("thead", BLOCK),
    ("tbody", BLOCK),
    ("tfoot", BLOCK),
    ("tr", BLOCK),
    ("td", BLOCK),
    ("th", BLOCK),
    ("caption", BLOCK),
    ("dl", BLOCK | CLOSES_P),
    ("dd", BLOCK | CLOSES_P),
    ("dt", BLOCK | CLOSES_P),
    ("address", BLOCK | CLOSES_P),
    ("center", BLOCK | CLOSES_P),
    ("details", BLOCK | CLOSES_P),
    ("summary", BLOCK | CLOSES_P),
    ("fieldset", BLOCK | CLOSES_P),
    ("hgroup", BLOCK | CLOSES_P),
    ("picture", BLOCK),
    ("b", INLINE),
    ("i", INLINE),
    ("em", INLINE),
    ("strong", INLINE),
    ("u", INLINE),
    ("s", INLINE),
    ("small", INLINE),
    ("sub", INLINE),
    ("sup", INLINE),
    ("font", INLINE),
    ("abbr", INLINE),
    ("cite", INLINE),
    ("code", INLINE),
    ("q", INLINE),
    ("mark", INLINE),
    ("time", INLINE),
    ("label", INLINE),
    ("strike", INLINE),
    ("big", INLINE),
    ("tt", INLINE),
    ("kbd", INLINE),
    ("var", INLINE),
    ("dfn", INLINE),
    ("ins", INLINE),
    ("del", INLINE),
    ("nobr", INLINE),
    ("bdi", INLINE),
    ("bdo", INLINE),
    ("data", INLINE),
    ("area", VOID),
    ("base", VOID),
    ("col", VOID),
    ("param", VOID),
    ("source", VOID),
    ("track", VOID),
    ("wbr", VOID),
    ("math", JUNK),
];

/// Tag ids used by name in the extractor.
pub(crate) mod tag {
    pub const HTML: u16 = 0;
    pub const BODY: u16 = 2;
    pub const P: u16 = 3;
    pub const DIV: u16 = 4;
    pub const BR: u16 = 5;
    pub const A: u16 = 6;
    pub const LI: u16 = 8;
    pub const UL: u16 = 9;
    pub const OL: u16 = 10;
    pub const H1: u16 = 11;
    pub const BLOCKQUOTE: u16 = 17;
    pub const PRE: u16 = 18;
    pub const FIGCAPTION: u16 = 19;
    pub const SECTION: u16 = 21;
    pub const ARTICLE: u16 = 22;
    pub const MAIN: u16 = 23;
    pub const SCRIPT: u16 = 28;
    pub const TITLE: u16 = 32;
    pub const META: u16 = 33;
    pub const LINK: u16 = 34;
    pub const IMG: u16 = 35;
    pub const INPUT: u16 = 37;
    pub const FORM: u16 = 42;
    pub const TABLE: u16 = 52;
    pub const TD: u16 = 57;
    pub const TH: u16 = 58;
    pub const DD: u16 = 61;
    pub const DT: u16 = 62;
    pub const TIME: u16 = 85;
}

/// Element flags from attributes.
pub(crate) mod flag {
    /// `hidden`, `aria-hidden=true`, `display:none` / `visibility:hidden`.
    pub const HIDDEN: u8 = 1;
    /// A `role` that marks navigation, menus, dialogs or complementary content.
    pub const JUNK_ROLE: u8 = 1 << 1;
    /// Marked as the article body by microdata (`itemprop=articleBody`).
    pub const ARTICLE_BODY: u8 = 1 << 2;
}

/// One node of the arena.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// Tag id for elements, [`TEXT`] for text nodes.
    pub tag: u16,
    /// Parent node or [`NONE`].
    pub parent: u32,
    /// One past the last descendant (descendants are `self+1 .. sub_end`).
    pub sub_end: u32,
    /// Byte range in the HTML source (start tag to end tag, or the text run).
    pub start: usize,
    /// End of the byte range in the HTML source.
    pub end: usize,
    /// Text nodes: range in [`Dom::text`]. Elements: range in [`Dom::attrs`] (class and id).
    pub data: (u32, u32),
    /// [`flag`] bits.
    pub flags: u8,
}

/// Tag id of text nodes.
pub(crate) const TEXT: u16 = u16::MAX;

/// The parsed page.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    /// Nodes in document order.
    pub nodes: Vec<Node>,
    /// Decoded text of all text nodes, concatenated.
    pub text: String,
    /// Lower-cased `class` and `id` values of all elements, concatenated (`"class id"`).
    pub attrs: String,
    /// Properties of every tag id.
    pub props: Vec<u16>,
    /// Lower-case name of every tag id.
    pub names: Vec<String>,
}

impl Dom {
    /// The decoded text of a text node.
    pub fn text_of(&self, i: usize) -> &str {
        let (a, b) = self.nodes[i].data;
        self.text.get(a as usize..b as usize).unwrap_or("")
    }

    /// The lower-cased class and id of an element.
    pub fn attrs_of(&self, i: usize) -> &str {
        let (a, b) = self.nodes[i].data;
        self.attrs.get(a as usize..b as usize).unwrap_or("")
    }

    /// The tag name of an element (`""` for text nodes).
    pub fn name_of(&self, i: usize) -> &str {
        let t = self.nodes[i].tag;
        self.names.get(t as usize).map_or("", String::as_str)
    }

    /// Properties of a node's tag (0 for text nodes).
    pub fn props_of(&self, i: usize) -> u16 {
        let t = self.nodes[i].tag;
        if t == TEXT {
            0
        } else {
            self.props.get(t as usize).copied().unwrap_or(0)
        }
    }
}

/// Which attribute the tokenizer is reading.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Attr {
    Class,
    Id,
    Role,
    Hidden,
    AriaHidden,
    Style,
    ItemProp,
    Name,
    Property,
    Content,
    Rel,
    Href,
    Lang,
    Type,
    DateTime,
    HttpEquiv,
    Other,
}

impl Attr {
    fn from_name(name: &[u8]) -> Attr {
        match name {
            b"class" => Attr::Class,
            b"id" => Attr::Id,
            b"role" => Attr::Role,
            b"hidden" => Attr::Hidden,
            b"aria-hidden" => Attr::AriaHidden,
            b"style" => Attr::Style,
            b"itemprop" => Attr::ItemProp,
            b"name" => Attr::Name,
            b"property" => Attr::Property,
            b"content" => Attr::Content,
            b"rel" => Attr::Rel,
            b"href" => Attr::Href,
            b"lang" => Attr::Lang,
            b"type" => Attr::Type,
            b"datetime" => Attr::DateTime,
            b"http-equiv" => Attr::HttpEquiv,
            _ => Attr::Other,
        }
    }
}

/// The attributes of the start tag being read.
#[derive(Debug, Default)]
pub(crate) struct Attrs {
    /// Values of the attributes of interest, in the order read.
    pub list: Vec<(Attr, String)>,
    /// Whether a `hidden` attribute was present.
    pub hidden: bool,
}

impl Attrs {
    /// The first value of an attribute.
    pub fn get(&self, a: Attr) -> Option<&str> {
        self.list
            .iter()
            .find(|(k, _)| *k == a)
            .map(|(_, v)| v.as_str())
    }
}

/// Where the search for an element to close gives up.
#[derive(Clone, Copy)]
enum Stop {
    /// Only at the search limit.
    Never,
    /// At a block element that closes paragraphs.
    Block,
    /// At any element that is not inline formatting.
    NotInline,
}

struct Builder<'m> {
    dom: Dom,
    names: HashMap<Vec<u8>, u16>,
    stack: Vec<u32>,
    open_count: Vec<u32>,
    meta: &'m mut Collector,
    // start tag being read
    cur_tag: Option<u16>,
    cur_start: usize,
    cur_attr: Attr,
    attrs: Attrs,
    raw_len: usize,
}

impl Builder<'_> {
    fn intern(&mut self, name: &[u8]) -> u16 {
        if let Some(&id) = self.names.get(name) {
            return id;
        }
        let id = self.dom.props.len().min(usize::from(u16::MAX - 1)) as u16;
        if usize::from(id) == self.dom.props.len() {
            self.dom.props.push(0);
            self.dom
                .names
                .push(String::from_utf8_lossy(name).into_owned());
            self.open_count.push(0);
        }
        self.names.insert(name.to_vec(), id);
        id
    }

    fn top(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    fn push_node(
        &mut self,
        tag: u16,
        start: usize,
        end: usize,
        data: (u32, u32),
        flags: u8,
    ) -> u32 {
        let id = self.dom.nodes.len() as u32;
        self.dom.nodes.push(Node {
            tag,
            parent: self.top(),
            sub_end: id + 1,
            start,
            end,
            data,
            flags,
        });
        id
    }

    /// Pops the top element; `end` is where its source range ends (`None`: at its last content).
    fn pop(&mut self, end: Option<usize>) {
        let Some(i) = self.stack.pop() else { return };
        let n = self.dom.nodes.len() as u32;
        let last = if n > i + 1 {
            self.dom.nodes[n as usize - 1].end
        } else {
            self.dom.nodes[i as usize].end
        };
        let node = &mut self.dom.nodes[i as usize];
        node.sub_end = n;
        node.end = end.unwrap_or(last).max(last).max(node.end);
        let t = node.tag as usize;
        if let Some(c) = self.open_count.get_mut(t) {
            *c = c.saturating_sub(1);
        }
        // propagate the end to the parent chain lazily: parents compute theirs at pop time
    }

    /// Closes the nearest open element with tag `t` if no element of `stop` kind sits above it
    /// within `limit` entries.
    fn close_nearby(&mut self, t: u16, stop: Stop, limit: usize, end: Option<usize>) -> bool {
        if self.open_count.get(t as usize).copied().unwrap_or(0) == 0 {
            return false;
        }
        let len = self.stack.len();
        for k in (len.saturating_sub(limit)..len).rev() {
            let tg = self.dom.nodes[self.stack[k] as usize].tag;
            if tg == t {
                while self.stack.len() > k + 1 {
                    self.pop(None);
                }
                self.pop(end);
                return true;
            }
            let p = self.dom.props[tg as usize];
            let stopped = match stop {
                Stop::Never => false,
                Stop::Block => p & CLOSES_P != 0,
                Stop::NotInline => p & INLINE == 0,
            };
            if stopped {
                return false;
            }
        }
        false
    }

    fn start_tag(&mut self, tag: u16, start: usize, end: usize, self_closing: bool) {
        let props = self.dom.props[tag as usize];
        if props & CLOSES_P != 0 {
            self.close_nearby(tag::P, Stop::Never, 32, None);
        }
        match tag {
            tag::LI => {
                self.close_nearby(tag::LI, Stop::Block, 32, None);
            }
            tag::DD | tag::DT => {
                let _ = self.close_nearby(tag::DD, Stop::Block, 32, None)
                    || self.close_nearby(tag::DT, Stop::Block, 32, None);
            }
            _ => {}
        }
        if props & HEADING != 0 {
            let top = self.top();
            if top != NONE && self.dom.props_of(top as usize) & HEADING != 0 {
                self.pop(None);
            }
        }
        // attributes → flags and class/id string
        let mut flags = 0u8;
        if self.attrs.hidden {
            flags |= flag::HIDDEN;
        }
        let a0 = self.dom.attrs.len() as u32;
        for (k, v) in &self.attrs.list {
            match k {
                Attr::Class | Attr::Id => {
                    if self.dom.attrs.len() > a0 as usize {
                        self.dom.attrs.push(' ');
                    }
                    for c in v.chars() {
                        self.dom.attrs.push(c.to_ascii_lowercase());
                    }
                }
                Attr::AriaHidden if v.eq_ignore_ascii_case("true") => flags |= flag::HIDDEN,
                Attr::Style => {
                    let s: String = v
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .map(|c| c.to_ascii_lowercase())
                        .collect();
                    if s.contains("display:none") || s.contains("visibility:hidden") {
                        flags |= flag::HIDDEN;
                    }
                }
                Attr::Role => {
                    let r = v.to_ascii_lowercase();
                    if matches!(
                        r.as_str(),
                        "navigation"
                            | "menu"
                            | "menubar"
                            | "complementary"
                            | "dialog"
                            | "alertdialog"
                            | "banner"
                            | "contentinfo"
                            | "search"
                    ) {
                        flags |= flag::JUNK_ROLE;
                    }
                }
                Attr::ItemProp if v.eq_ignore_ascii_case("articlebody") => {
                    flags |= flag::ARTICLE_BODY;
                }
                _ => {}
            }
        }
        let a1 = self.dom.attrs.len() as u32;
        self.meta.start_tag(tag, &self.attrs);
        let id = self.push_node(tag, start, end, (a0, a1), flags);
        let void = props & VOID != 0 || (self_closing && props & KNOWN == 0);
        if !void {
            self.stack.push(id);
            self.open_count[tag as usize] += 1;
        }
    }

    fn end_tag(&mut self, tag: u16, end: usize) {
        if self.open_count.get(tag as usize).copied().unwrap_or(0) == 0 {
            return;
        }
        let props = self.dom.props[tag as usize];
        if props & INLINE != 0 {
            self.close_nearby(tag, Stop::NotInline, 16, Some(end));
            return;
        }
        while let Some(&top) = self.stack.last() {
            let t = self.dom.nodes[top as usize].tag;
            if t == tag {
                self.pop(Some(end));
                break;
            }
            self.pop(None);
        }
    }

    fn text(&mut self, value: &[u8], start: usize, end: usize) {
        let top = self.top();
        let top_tag = if top == NONE {
            NONE as u16
        } else {
            self.dom.nodes[top as usize].tag
        };
        if top_tag == tag::SCRIPT || top_tag == tag::TITLE {
            if top_tag == tag::TITLE || self.meta.wants_script_text() {
                self.meta.text(top_tag, &String::from_utf8_lossy(value));
            }
            return;
        }
        if top != NONE && self.dom.props_of(top as usize) & JUNK != 0 {
            return;
        }
        let s = String::from_utf8_lossy(value);
        let a = self.dom.text.len() as u32;
        self.dom.text.push_str(&s);
        let b = self.dom.text.len() as u32;
        let end = end.min(self.raw_len).max(start);
        self.push_node(TEXT, start, end, (a, b), 0);
    }
}

/// Parses `html` into a [`Dom`], feeding page metadata to `meta` on the way.
pub(crate) fn parse(html: &str, meta: &mut Collector) -> Dom {
    let mut props: Vec<u16> = KNOWN_TAGS.iter().map(|(_, p)| p | KNOWN).collect();
    props.shrink_to_fit();
    let mut names = HashMap::with_capacity(KNOWN_TAGS.len() * 2);
    for (i, (n, _)) in KNOWN_TAGS.iter().enumerate() {
        names.insert(n.as_bytes().to_vec(), i as u16);
    }
    let open_count = vec![0; props.len()];
    let mut b = Builder {
        dom: Dom {
            nodes: Vec::with_capacity(html.len() / 40),
            text: String::with_capacity(html.len() / 4),
            attrs: String::new(),
            props,
            names: KNOWN_TAGS.iter().map(|(n, _)| (*n).to_string()).collect(),
        },
        names,
        stack: Vec::new(),
        open_count,
        meta,
        cur_tag: None,
        cur_start: 0,
        cur_attr: Attr::Other,
        attrs: Attrs::default(),
        raw_len: html.len(),
    };
    // a synthetic root (no tag name can close it) holds everything, so that fragments and
    // pages without <html>/<body> still form one tree
    let root_tag = b.intern(b"#document");
    b.dom.props[root_tag as usize] = BLOCK;
    let root = b.push_node(root_tag, 0, html.len(), (0, 0), 0);
    b.stack.push(root);
    b.open_count[root_tag as usize] += 1;
    {
        let bref = &mut b;
        let mut emitter = CallbackEmitter::new(
            move |ev: CallbackEvent<'_>, sp: GumSpan<usize>| -> Option<()> {
                let (s, e) = (sp.start.min(bref.raw_len), sp.end.min(bref.raw_len));
                match ev {
                    CallbackEvent::OpenStartTag { name } => {
                        let t = bref.intern(name);
                        bref.cur_tag = Some(t);
                        bref.cur_start = s;
                        bref.attrs.list.clear();
                        bref.attrs.hidden = false;
                        bref.cur_attr = Attr::Other;
                    }
                    CallbackEvent::AttributeName { name } if bref.cur_tag.is_some() => {
                        bref.cur_attr = Attr::from_name(name);
                        if bref.cur_attr == Attr::Hidden {
                            bref.attrs.hidden = true;
                        }
                    }
                    CallbackEvent::AttributeValue { value }
                        if bref.cur_tag.is_some() && bref.cur_attr != Attr::Other =>
                    {
                        let a = bref.cur_attr;
                        if bref.attrs.get(a).is_none() {
                            bref.attrs
                                .list
                                .push((a, String::from_utf8_lossy(value).into_owned()));
                        }
                    }
                    CallbackEvent::CloseStartTag { self_closing } => {
                        if let Some(t) = bref.cur_tag.take() {
                            let start = bref.cur_start;
                            bref.start_tag(t, start, e.max(start), self_closing);
                        }
                    }
                    CallbackEvent::EndTag { name } => {
                        bref.cur_tag = None;
                        if let Some(&t) = bref.names.get(name) {
                            bref.end_tag(t, e);
                        }
                    }
                    CallbackEvent::String { value } => bref.text(value, s, e),
                    _ => {}
                }
                None
            },
        );
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(html, emitter) {}
    }
    while !b.stack.is_empty() {
        b.pop(None);
    }
    let len = b.dom.nodes.len() as u32;
    for n in &mut b.dom.nodes {
        n.sub_end = n.sub_end.min(len);
    }
    b.dom
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_ids_match_the_table() {
        let ids = [
            (tag::HTML, "html"),
            (tag::BODY, "body"),
            (tag::P, "p"),
            (tag::DIV, "div"),
            (tag::BR, "br"),
            (tag::A, "a"),
            (tag::LI, "li"),
            (tag::UL, "ul"),
            (tag::OL, "ol"),
            (tag::H1, "h1"),
            (tag::H1 + 5, "h6"),
            (tag::BLOCKQUOTE, "blockquote"),
            (tag::PRE, "pre"),
            (tag::FIGCAPTION, "figcaption"),
            (tag::SECTION, "section"),
            (tag::ARTICLE, "article"),
            (tag::MAIN, "main"),
            (tag::SCRIPT, "script"),
            (tag::TITLE, "title"),
            (tag::META, "meta"),
            (tag::LINK, "link"),
            (tag::IMG, "img"),
            (tag::INPUT, "input"),
            (tag::FORM, "form"),
            (tag::TABLE, "table"),
            (tag::TD, "td"),
            (tag::TH, "th"),
            (tag::DD, "dd"),
            (tag::DT, "dt"),
            (tag::TIME, "time"),
        ];
        for (id, name) in ids {
            assert_eq!(KNOWN_TAGS[id as usize].0, name);
        }
    }

    #[test]
    fn tree_spans_and_implied_ends() {
        let html = "<div id=a><p>one<p>two</div><ul><li>x<li>y</ul>";
        let mut c = Collector::default();
        let d = parse(html, &mut c);
        let ps: Vec<&str> = (0..d.nodes.len())
            .filter(|&i| d.nodes[i].tag == tag::P || d.nodes[i].tag == tag::LI)
            .map(|i| &html[d.nodes[i].start..d.nodes[i].end])
            .collect();
        assert_eq!(ps, ["<p>one", "<p>two", "<li>x", "<li>y"]);
        let div = (0..d.nodes.len())
            .find(|&i| d.nodes[i].tag == tag::DIV)
            .unwrap();
        assert_eq!(
            &html[d.nodes[div].start..d.nodes[div].end],
            "<div id=a><p>one<p>two</div>"
        );
        assert_eq!(d.attrs_of(div), "a");
    }
}
