//! Gazetteers: lists of known names with their kind, id and aliases.

use std::collections::HashSet;
use std::path::Path;

use nutgraf_core::{EntityKind, Error, Result};
use serde::{Deserialize, Serialize};

/// One known name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GazetteerEntry {
    /// A stable identifier; when absent the recognizer generates one per document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The canonical name.
    pub name: String,
    /// What the name is.
    pub kind: EntityKind,
    /// Other spellings that mean the same entity (`Space X` for `SpaceX`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl GazetteerEntry {
    /// An entry without id or aliases.
    #[must_use]
    pub fn new(name: impl Into<String>, kind: EntityKind) -> Self {
        Self {
            id: None,
            name: name.into(),
            kind,
            aliases: Vec::new(),
        }
    }

    /// The entry with these aliases.
    #[must_use]
    pub fn with_aliases<I, S>(mut self, aliases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.aliases = aliases.into_iter().map(Into::into).collect();
        self
    }

    /// The entry with this id.
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// A list of known names.
///
/// Files come in three formats, recognised by their first non-blank character:
/// - a JSON array of `{"id"?, "name", "kind", "aliases"?}` objects (`[`),
/// - JSON Lines, one such object per line (`{`),
/// - TSV: `name<TAB>kind[<TAB>alias|alias[<TAB>id]]`, one entry per line; blank lines and lines
///   starting with `#` are skipped.
///
/// ```
/// use nutgraf_entities::Gazetteer;
/// let g = Gazetteer::parse("Acme Corp\torganization\tAcme|ACME Co\n", "inline.tsv")?;
/// assert_eq!(g.entries()[0].aliases, ["Acme", "ACME Co"]);
/// # Ok::<(), nutgraf_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
}

/// Fields of a JSON entry before validation.
#[derive(Deserialize)]
struct RawEntry {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default, alias = "type")]
    kind: Option<String>,
    #[serde(default)]
    aliases: Option<Vec<String>>,
}

impl Gazetteer {
    /// An empty gazetteer.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entry.
    pub fn push(&mut self, e: GazetteerEntry) {
        self.entries.push(e);
    }

    /// Appends the entries of `other`. Earlier entries win when both list the same spelling.
    pub fn merge(&mut self, other: Gazetteer) {
        self.entries.extend(other.entries);
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in order.
    #[must_use]
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    /// The default English gazetteer embedded in the crate: countries (with aliases such as `US`,
    /// `U.S.`, `UK`), US states, continents and cities of at least 15,000 people from GeoNames
    /// (CC BY 4.0), plus a curated list of major organisations and agencies.
    ///
    /// # Panics
    /// Never in practice: the embedded files are checked by the crate's tests.
    #[must_use]
    pub fn default_english() -> Self {
        crate::lexicon::default_gazetteer().clone()
    }

    /// Reads a gazetteer file and parses it with [`Gazetteer::parse`].
    ///
    /// # Errors
    /// [`Error::Load`] naming the file when it cannot be read or parsed.
    pub fn from_path(path: &Path) -> Result<Self> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::Load {
            source_name: name.clone(),
            line: None,
            message: format!("cannot read the file: {e}"),
        })?;
        Self::parse(&text, &name)
    }

    /// Parses a JSON array, JSON Lines or TSV gazetteer.
    ///
    /// # Errors
    /// [`Error::Load`] with `source_name`, the 1-based line and what is wrong: invalid JSON, a
    /// missing or empty `name` or `kind`, a wrong column count, a duplicate id.
    pub fn parse(text: &str, source_name: &str) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.trim_start().chars().next();
        let mut g = match first {
            None => Gazetteer::new(),
            Some('[') => parse_json_array(text, source_name)?,
            Some('{') => parse_json_lines(text, source_name)?,
            Some(_) => parse_tsv(text, source_name)?,
        };
        check_ids(&g.entries, source_name)?;
        check_lengths(&g.entries, source_name)?;
        g.entries.shrink_to_fit();
        Ok(g)
    }
}

fn load_err(source_name: &str, line: Option<usize>, message: impl Into<String>) -> Error {
    Error::Load {
        source_name: source_name.to_owned(),
        line,
        message: message.into(),
    }
}

fn check_ids(entries: &[GazetteerEntry], source_name: &str) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(id) = &e.id {
            if !seen.insert(id.as_str()) {
                return Err(load_err(
                    source_name,
                    None,
                    format!("entry {} (`{}`) reuses the id `{id}`", i + 1, e.name),
                ));
            }
        }
    }
    Ok(())
}

/// Names and aliases longer than [`crate::MAX_NAME_BYTES`] are an error, named by entry.
fn check_lengths(entries: &[GazetteerEntry], source_name: &str) -> Result<()> {
    for (i, e) in entries.iter().enumerate() {
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            if n.trim().len() > crate::MAX_NAME_BYTES {
                let head = &n[..nutgraf_core::text::floor_char_boundary(n, 40)];
                return Err(load_err(
                    source_name,
                    None,
                    format!(
                        "entry {} (`{head}...`) has a name or alias of {} bytes; the limit is {}",
                        i + 1,
                        n.trim().len(),
                        crate::MAX_NAME_BYTES
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Validates a JSON entry; `what` describes its position for messages.
fn validate(raw: RawEntry, source_name: &str, line: usize) -> Result<GazetteerEntry> {
    let name = match raw.name {
        None => return Err(load_err(source_name, Some(line), "entry has no `name`")),
        Some(n) if n.trim().is_empty() => {
            return Err(load_err(
                source_name,
                Some(line),
                "entry has an empty `name`",
            ));
        }
        Some(n) => n.trim().to_owned(),
    };
    let kind = match raw.kind {
        None => {
            return Err(load_err(
                source_name,
                Some(line),
                format!("entry `{name}` has no `kind`"),
            ));
        }
        Some(k) if k.trim().is_empty() => {
            return Err(load_err(
                source_name,
                Some(line),
                format!("entry `{name}` has an empty `kind`"),
            ));
        }
        Some(k) => k.parse::<EntityKind>().unwrap_or(EntityKind::Other(k)),
    };
    let id = match raw.id {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            return Err(load_err(
                source_name,
                Some(line),
                format!("entry `{name}` has an `id` that is not a non-empty string or a number"),
            ));
        }
    };
    let aliases = raw
        .aliases
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    Ok(GazetteerEntry {
        id,
        name,
        kind,
        aliases,
    })
}

/// 1-based line of byte `pos`, counting from `from_line` at byte `from`.
struct LineCounter<'t> {
    text: &'t [u8],
    pos: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos > self.pos {
            self.line += self.text[self.pos..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.pos = pos;
        }
        self.line
    }
}

/// Byte offsets where the top-level elements of a JSON array start (a linear scan that tracks
/// strings and nesting).
fn array_element_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = Vec::new();
    let (mut depth, mut in_str, mut esc, mut expect) = (0usize, false, false, false);
    for (i, &c) in b.iter().enumerate() {
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
            continue;
        }
        if expect && !c.is_ascii_whitespace() && c != b']' {
            starts.push(i);
            expect = false;
        }
        match c {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 && c == b'[' {
                    expect = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect = true,
            _ => {}
        }
    }
    starts
}

fn parse_json_array(text: &str, source_name: &str) -> Result<Gazetteer> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        load_err(
            source_name,
            Some(e.line()),
            format!("invalid JSON array: {e}"),
        )
    })?;
    let starts = array_element_starts(text);
    let mut lines = LineCounter {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut g = Gazetteer::new();
    for (i, v) in values.into_iter().enumerate() {
        let line = starts.get(i).map_or(1, |&p| lines.line_at(p));
        if !v.is_object() {
            return Err(load_err(
                source_name,
                Some(line),
                format!("element {} is not an object", i + 1),
            ));
        }
        let raw: RawEntry = serde_json::from_value(v)
            .map_err(|e| load_err(source_name, Some(line), format!("element {}: {e}", i + 1)))?;
        g.push(validate(raw, source_name, line)?);
    }
    Ok(g)
}

fn parse_json_lines(text: &str, source_name: &str) -> Result<Gazetteer> {
    let mut g = Gazetteer::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        let raw: RawEntry = serde_json::from_str(t)
            .map_err(|e| load_err(source_name, Some(i + 1), format!("invalid JSON: {e}")))?;
        g.push(validate(raw, source_name, i + 1)?);
    }
    Ok(g)
}

/// The pieces of `s` between occurrences of the ASCII byte `sep` (as `str::split`).
fn split_byte(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.as_bytes().iter().position(|&b| b == sep) {
            // `sep` is ASCII, so both cuts are character boundaries
            Some(k) => {
                rest = Some(&r[k + 1..]);
                Some(&r[..k])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

fn parse_tsv(text: &str, source_name: &str) -> Result<Gazetteer> {
    let mut g = Gazetteer::new();
    // one entry per line at most: no growth copies for the 30,000-line default gazetteer
    g.entries
        .reserve(text.as_bytes().iter().filter(|&&b| b == b'\n').count() + 1);
    // lines and columns are cut at ASCII bytes (always character boundaries), without the
    // general string searchers: this runs for each of the default gazetteer's 30,000 lines
    for (i, line) in split_byte(text, b'\n').enumerate() {
        let line_no = i + 1;
        let t = line.trim_end_matches('\r');
        if t.trim().is_empty() || t.starts_with('#') {
            continue;
        }
        let mut cols: [&str; 4] = [""; 4];
        let mut n = 0;
        for c in split_byte(t, b'\t') {
            if n < 4 {
                cols[n] = c;
            }
            n += 1;
        }
        let cols = &cols[..n.min(4)];
        if !(2..=4).contains(&n) {
            return Err(load_err(
                source_name,
                Some(line_no),
                format!(
                    "expected 2 to 4 tab-separated columns (name, kind, aliases, id), found {n}"
                ),
            ));
        }
        // the same checks and messages as `validate`, without building a `RawEntry` (the
        // embedded default gazetteer is TSV and is parsed at every start)
        let name = cols[0].trim();
        if name.is_empty() {
            return Err(load_err(
                source_name,
                Some(line_no),
                "entry has an empty `name`",
            ));
        }
        if cols[1].trim().is_empty() {
            return Err(load_err(
                source_name,
                Some(line_no),
                format!("entry `{name}` has an empty `kind`"),
            ));
        }
        let kind = cols[1].parse::<EntityKind>().unwrap_or_else(|e| match e {});
        let aliases = cols.get(2).map_or_else(Vec::new, |a| {
            a.split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect()
        });
        let id = cols
            .get(3)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        g.push(GazetteerEntry {
            id,
            name: name.to_owned(),
            kind,
            aliases,
        });
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_line(r: Result<Gazetteer>) -> (Option<usize>, String) {
        match r {
            Err(Error::Load { line, message, .. }) => (line, message),
            other => panic!("expected a load error, got {other:?}"),
        }
    }

    #[test]
    fn json_array_with_ids_and_aliases() {
        let g = Gazetteer::parse(
            r#"[{"id": "q1", "name": "Harbour Board", "kind": "org", "aliases": ["the Board"]},
                {"name": "Lakeview", "kind": "place"}]"#,
            "a.json",
        )
        .unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.entries()[0].id.as_deref(), Some("q1"));
        assert_eq!(g.entries()[0].kind, EntityKind::Organization);
        assert_eq!(g.entries()[1].kind, EntityKind::Location);
        assert!(g.entries()[1].aliases.is_empty());
    }

    #[test]
    fn json_array_errors_name_the_line() {
        let text = "[\n {\"name\": \"A\", \"kind\": \"person\"},\n\n {\"kind\": \"person\"}\n]";
        let (line, msg) = err_line(Gazetteer::parse(text, "g.json"));
        assert_eq!(line, Some(4));
        assert!(msg.contains("no `name`"), "{msg}");
        let (line, msg) = err_line(Gazetteer::parse("[\n{\"name\": \"A\",,}]", "g.json"));
        assert_eq!(line, Some(2));
        assert!(msg.contains("invalid JSON"), "{msg}");
        let (_, msg) = err_line(Gazetteer::parse("[1]", "g.json"));
        assert!(msg.contains("not an object"));
        let (_, msg) = err_line(Gazetteer::parse(
            r#"[{"name": "  ", "kind": "person"}]"#,
            "g.json",
        ));
        assert!(msg.contains("empty `name`"));
    }

    #[test]
    fn json_lines_and_their_errors() {
        let g = Gazetteer::parse(
            "{\"name\": \"Ostrava\", \"kind\": \"location\"}\n\n{\"name\": \"Kiri\", \"kind\": \"person\", \"id\": 7}\n",
            "g.jsonl",
        )
        .unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.entries()[1].id.as_deref(), Some("7"));
        let (line, msg) = err_line(Gazetteer::parse(
            "{\"name\": \"Ostrava\", \"kind\": \"location\"}\n{\"name\": \"X\"}\n",
            "g.jsonl",
        ));
        assert_eq!(line, Some(2));
        assert!(msg.contains("no `kind`"), "{msg}");
        let err = Gazetteer::parse(
            "{\"name\": \"X\", \"kind\": \"person\"}\n{oops\n",
            "g.jsonl",
        )
        .unwrap_err();
        assert_eq!(err.to_string().split(':').next(), Some("g.jsonl, line 2"));
    }

    #[test]
    fn overlong_names_are_an_error_naming_the_entry() {
        let long = "Very Long Name ".repeat(20);
        let tsv = format!("Brindle\tlocation\nAcme\torganization\t{long}\n");
        let e = Gazetteer::parse(&tsv, "g.tsv").unwrap_err().to_string();
        assert!(
            e.contains("g.tsv") && e.contains("entry 2") && e.contains("limit is 256"),
            "{e}"
        );
        // at the limit is fine, and a programmatic gazetteer gets the same check from the matcher
        let ok = "x".repeat(crate::MAX_NAME_BYTES);
        assert!(Gazetteer::parse(&format!("{ok}\tlocation\n"), "g.tsv").is_ok());
        let mut g = Gazetteer::new();
        g.push(GazetteerEntry::new(long, EntityKind::Location));
        let e = crate::Matcher::new(&g).unwrap_err().to_string();
        assert!(e.contains("entry 1") && e.contains("limit"), "{e}");
    }

    #[test]
    fn tsv_and_its_errors() {
        let g = Gazetteer::parse(
            "# comment\nAcme Corp\torganization\tAcme|ACME Co\nBrindle\tlocation\n",
            "g.tsv",
        )
        .unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.entries()[0].aliases, ["Acme", "ACME Co"]);
        let (line, msg) = err_line(Gazetteer::parse("A\tperson\nB\n", "g.tsv"));
        assert_eq!(line, Some(2));
        assert!(msg.contains("columns"), "{msg}");
        let (line, _) = err_line(Gazetteer::parse("A\tperson\n\tperson\n", "g.tsv"));
        assert_eq!(line, Some(2));
    }

    #[test]
    fn duplicate_ids_and_unreadable_files() {
        let err = Gazetteer::parse("A\tperson\t\tx1\nB\tperson\t\tx1\n", "g.tsv").unwrap_err();
        assert!(err.to_string().contains("reuses the id `x1`"));
        let err = Gazetteer::from_path(Path::new("/nonexistent/gaz.json")).unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/gaz.json"));
    }

    #[test]
    fn merge_push_and_empty() {
        let mut g = Gazetteer::parse("", "empty").unwrap();
        assert!(g.is_empty());
        g.push(GazetteerEntry::new("Kiri Tane", EntityKind::Person).with_id("k"));
        let mut other = Gazetteer::new();
        other.push(GazetteerEntry::new("Ostrava", EntityKind::Location).with_aliases(["OVA"]));
        g.merge(other);
        assert_eq!(g.len(), 2);
        assert_eq!(g.entries()[1].aliases, ["OVA"]);
    }

    proptest::proptest! {
        /// The byte splitter cuts as `str::split` does.
        #[test]
        fn split_byte_is_str_split(s in "[a\\t\\né|]{0,16}") {
            for sep in [b'\t', b'\n', b'|'] {
                let want: Vec<&str> = s.split(char::from(sep)).collect();
                let got: Vec<&str> = split_byte(&s, sep).collect();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }
}
