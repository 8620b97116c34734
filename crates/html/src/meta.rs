//! What the page says about itself: meta tags, Open Graph, JSON-LD, `<link rel=canonical>`,
//! `<html lang>`, `<title>` and `<time datetime>`.

use nutgraf_core::Metadata;
use serde_json::Value;

use crate::dom::{Attr, Attrs, tag};

/// Candidate values gathered while the page is tokenized, by source priority.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    ld: Vec<String>,
    in_ld: bool,
    title_tag: String,
    og_title: Option<String>,
    meta_title: Option<String>,
    meta_author: Option<String>,
    og_author: Option<String>,
    og_published: Option<String>,
    meta_date: Option<String>,
    itemprop_date: Option<String>,
    time_datetime: Option<String>,
    other_date: Option<String>,
    og_section: Option<String>,
    meta_section: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    html_lang: Option<String>,
    meta_lang: Option<String>,
    og_locale: Option<String>,
}

/// Everything the extractor reports about the page.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    pub metadata: Metadata,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    pub published: Option<String>,
}

fn set(slot: &mut Option<String>, v: &str) {
    let v = v.trim();
    if slot.is_none() && !v.is_empty() {
        *slot = Some(collapse(v));
    }
}

/// Decodes character references (`&amp;`, `&#8216;`) and drops tags, as in element text.
fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') && !s.contains('<') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(s.len());
    let emitter = html5gum::emitters::callback::CallbackEmitter::new(
        |ev: html5gum::emitters::callback::CallbackEvent<'_>,
         _sp: html5gum::Span<()>|
         -> Option<()> {
            if let html5gum::emitters::callback::CallbackEvent::String { value } = ev {
                out.extend_from_slice(value);
            }
            None
        },
    );
    for _ in html5gum::Tokenizer::new_with_emitter(s, emitter) {}
    std::borrow::Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Collapses whitespace runs to one space and trims.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

impl Collector {
    /// Sees a start tag with its attributes.
    pub fn start_tag(&mut self, t: u16, a: &Attrs) {
        match t {
            tag::SCRIPT => {
                self.in_ld = a
                    .get(Attr::Type)
                    .is_some_and(|ty| ty.to_ascii_lowercase().contains("ld+json"));
                if self.in_ld && self.ld.len() < 64 {
                    self.ld.push(String::new());
                } else {
                    self.in_ld = false;
                }
            }
            tag::HTML => {
                if let Some(l) = a.get(Attr::Lang) {
                    set(&mut self.html_lang, l);
                }
            }
            tag::LINK => {
                let rel = a.get(Attr::Rel).unwrap_or("");
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    if let Some(h) = a.get(Attr::Href) {
                        set(&mut self.canonical, h);
                    }
                }
            }
            tag::META => self.meta(a),
            tag::TIME => {
                if let Some(d) = a.get(Attr::DateTime) {
                    if a.get(Attr::ItemProp)
                        .is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
                    {
                        set(&mut self.itemprop_date, d);
                    }
                    set(&mut self.time_datetime, d);
                }
            }
            _ => {
                if a.get(Attr::ItemProp).is_some_and(is_date_published) {
                    if let Some(d) = a.get(Attr::DateTime).or(a.get(Attr::Content)) {
                        set(&mut self.itemprop_date, d);
                    }
                }
            }
        }
    }

    fn meta(&mut self, a: &Attrs) {
        let Some(content) = a.get(Attr::Content) else {
            return;
        };
        if let Some(he) = a.get(Attr::HttpEquiv) {
            if he.eq_ignore_ascii_case("content-language") {
                set(&mut self.meta_lang, content);
            }
        }
        if a.get(Attr::ItemProp).is_some_and(is_date_published) {
            set(&mut self.itemprop_date, content);
        }
        let key = a
            .get(Attr::Property)
            .or(a.get(Attr::Name))
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match key.as_str() {
            "og:title" => set(&mut self.og_title, content),
            "twitter:title" | "title" | "dc.title" | "headline" | "sailthru.title" => {
                set(&mut self.meta_title, content);
            }
            "author" | "dc.creator" | "byl" | "sailthru.author" | "parsely-author" => {
                let c = content.trim();
                let c = c.strip_prefix("By ").or(c.strip_prefix("by ")).unwrap_or(c);
                if !looks_like_url(c) {
                    set(&mut self.meta_author, c);
                }
            }
            "article:author" | "og:article:author" if !looks_like_url(content) => {
                set(&mut self.og_author, content);
            }
            "article:published_time" | "og:article:published_time" | "article:published" => {
                set(&mut self.og_published, content);
            }
            "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "publish_date"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.date"
            | "dcterms.created"
            | "parsely-pub-date"
            | "sailthru.date"
            | "article.published"
            | "published_time"
            | "datepublished"
            | "release_date"
            | "original-publish-date" => set(&mut self.meta_date, content),
            "article:section" | "og:article:section" => set(&mut self.og_section, content),
            "section" | "parsely-section" | "article-section" | "category" => {
                set(&mut self.meta_section, content);
            }
            "og:url" => set(&mut self.og_url, content),
            k if (k.contains("publish") || k.contains("pdate") || k.ends_with("post-date"))
                && !k.contains("modif")
                && !k.contains("update")
                && iso_date(content).is_some() =>
            {
                set(&mut self.other_date, content);
            }
            "og:locale" => set(&mut self.og_locale, content),
            "language" | "dc.language" => set(&mut self.meta_lang, content),
            _ => {}
        }
    }

    /// Whether the `<script>` being read is JSON-LD.
    pub fn wants_script_text(&self) -> bool {
        self.in_ld
    }

    /// Sees the text of a `<script>` or `<title>` element.
    pub fn text(&mut self, t: u16, s: &str) {
        if t == tag::SCRIPT {
            if self.in_ld {
                if let Some(last) = self.ld.last_mut() {
                    if last.len() < 4 << 20 {
                        last.push_str(s);
                    }
                }
            }
        } else if t == tag::TITLE && self.title_tag.len() < 4096 {
            self.title_tag.push_str(s);
        }
    }

    /// Resolves the candidates into the page metadata.
    pub fn finish(self) -> PageMeta {
        let mut ld = LdArticle::default();
        for block in &self.ld {
            if let Ok(v) = serde_json::from_str::<Value>(block.trim().trim_end_matches(';')) {
                ld.scan(&v, 0);
            }
        }
        let title_tag = collapse(&self.title_tag);
        let title = ld
            .headline
            .or(self.og_title)
            .or(self.meta_title)
            .or((!title_tag.is_empty()).then_some(title_tag));
        let published = ld
            .date
            .or(self.og_published)
            .or(self.itemprop_date)
            .or(self.meta_date)
            .or(self.other_date)
            .or(self.time_datetime);
        let mut metadata = Metadata::default();
        metadata.title = title;
        metadata.byline = ld.author.or(self.meta_author).or(self.og_author);
        metadata.section = ld.section.or(self.og_section).or(self.meta_section);
        metadata.date = published.as_deref().and_then(iso_date);
        let language = self
            .html_lang
            .or(self.meta_lang)
            .or(ld.language)
            .or(self.og_locale.map(|l| l.replace('_', "-")));
        let canonical_url = self.canonical.or(self.og_url).or(ld.url);
        metadata.url.clone_from(&canonical_url);
        metadata.language.clone_from(&language);
        PageMeta {
            metadata,
            canonical_url,
            language,
            published,
        }
    }
}

fn is_date_published(itemprop: &str) -> bool {
    itemprop
        .split_ascii_whitespace()
        .any(|p| p.eq_ignore_ascii_case("datepublished"))
}

fn looks_like_url(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("//")
        || s.starts_with('/')
}

/// The first `NewsArticle`-like object of the JSON-LD blocks.
#[derive(Debug, Default)]
struct LdArticle {
    /// An article object was read.
    found: bool,
    /// Some object with a headline or a publication date was read (kept unless an article
    /// object comes later).
    fallback: bool,
    headline: Option<String>,
    author: Option<String>,
    date: Option<String>,
    section: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
];

fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        let s = s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase();
        ARTICLE_TYPES.contains(&s.as_str())
    };
    match v {
        Value::String(s) => check(s),
        Value::Array(a) => a.iter().any(|x| x.as_str().is_some_and(check)),
        _ => false,
    }
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(collapse(&decode(s))),
        Value::Array(a) => a.iter().find_map(str_of),
        Value::Object(o) => o.get("name").or(o.get("@id")).and_then(str_of),
        _ => None,
    }
}

fn names_of(v: &Value) -> Option<String> {
    match v {
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(names_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        Value::Object(o) => o.get("name").and_then(str_of),
        Value::String(s) if !s.trim().is_empty() && !looks_like_url(s) => {
            Some(collapse(&decode(s)))
        }
        _ => None,
    }
}

impl LdArticle {
    fn scan(&mut self, v: &Value, depth: usize) {
        if self.found || depth > 8 {
            return;
        }
        match v {
            Value::Array(a) => {
                for x in a {
                    self.scan(x, depth + 1);
                }
            }
            Value::Object(o) => {
                let article = o.get("@type").is_some_and(is_article_type);
                let fallback = !self.fallback
                    && (o.contains_key("headline") || o.contains_key("datePublished"));
                if article || fallback {
                    self.found = article;
                    self.fallback = true;
                    self.headline = o.get("headline").or(o.get("name")).and_then(str_of);
                    self.author = o.get("author").or(o.get("creator")).and_then(names_of);
                    self.date = o
                        .get("datePublished")
                        .or(o.get("dateCreated"))
                        .or(o.get("uploadDate"))
                        .and_then(str_of);
                    self.section = o.get("articleSection").and_then(str_of);
                    self.url = o.get("url").and_then(str_of).or(o
                        .get("mainEntityOfPage")
                        .and_then(|m| match m {
                            Value::String(_) => str_of(m),
                            Value::Object(mo) => mo.get("@id").or(mo.get("url")).and_then(str_of),
                            _ => None,
                        }));
                    self.language = o.get("inLanguage").and_then(str_of);
                    if article {
                        return;
                    }
                }
                if let Some(g) = o.get("@graph") {
                    self.scan(g, depth + 1);
                }
                if let Some(m) = o.get("mainEntity") {
                    self.scan(m, depth + 1);
                }
            }
            _ => {}
        }
    }
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The `YYYY-MM-DD` date of a date string: ISO 8601 (`2024-03-05T10:00Z`, `2024/03/05`,
/// `20240305`), or `March 5, 2024` / `5 March 2024`.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    let valid =
        |y: &str, m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d) && y.len() == 4;
    if digits(0..4)
        && b.len() >= 10
        && matches!(b[4], b'-' | b'/' | b'.')
        && b[7] == b[4]
        && digits(5..7)
        && digits(8..10)
    {
        let m: u32 = s[5..7].parse().ok()?;
        let d: u32 = s[8..10].parse().ok()?;
        if valid(&s[..4], m, d) {
            return Some(format!("{}-{:02}-{:02}", &s[..4], m, d));
        }
    }
    if digits(0..8) && !digits(8..9) {
        let m: u32 = s[4..6].parse().ok()?;
        let d: u32 = s[6..8].parse().ok()?;
        if valid(&s[..4], m, d) {
            return Some(format!("{}-{:02}-{:02}", &s[..4], m, d));
        }
    }
    // textual month
    let words: Vec<&str> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .collect();
    let number = |w: &str| -> Option<(usize, u32)> {
        let num = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if num.is_empty() || num.len() > 4 || !num.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some((num.len(), num.parse().ok()?))
    };
    let mut month = None;
    let mut month_at = 0;
    let mut year = None;
    for (k, w) in words.iter().enumerate() {
        let lw = w.to_ascii_lowercase();
        if month.is_none() && lw.len() >= 3 && !lw.as_bytes()[0].is_ascii_digit() {
            if let Some(i) = MONTHS.iter().position(|m| lw.starts_with(m)) {
                month = Some(i as u32 + 1);
                month_at = k;
                continue;
            }
        }
        if year.is_none() {
            if let Some((4, y)) = number(w) {
                year = Some(y.to_string());
            }
        }
    }
    // the day stands next to the month name: `March 5, 2024`, `5 March 2024`
    let day_at = |k: usize| {
        words
            .get(k)
            .and_then(|w| number(w))
            .filter(|&(l, _)| l <= 2)
            .map(|(_, d)| d)
    };
    let day = month
        .and_then(|_| day_at(month_at + 1).or_else(|| month_at.checked_sub(1).and_then(day_at)));
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) if valid(&y, m, d) => Some(format!("{y}-{m:02}-{d:02}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn dates() {
        let cases = [
            ("2019-11-19T11:00:09.000Z", Some("2019-11-19")),
            ("2019/11/19", Some("2019-11-19")),
            ("20191119", Some("2019-11-19")),
            ("March 4, 2022", Some("2022-03-04")),
            ("4th March 2022", Some("2022-03-04")),
            ("Tue, 19 Nov 2019 11:00:00 GMT", Some("2019-11-19")),
            ("5:52 AM EST Nov. 20, 2019", Some("2019-11-20")),
            ("2019-13-40", None),
            ("yesterday", None),
            ("", None),
            ("Nov 2019", None),
        ];
        for (s, want) in cases {
            assert_eq!(iso_date(s).as_deref(), want, "{s}");
        }
    }
}
