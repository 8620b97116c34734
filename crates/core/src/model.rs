//! The typed layers of a [`Document`](crate::Document).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Span;

/// What a block of the raw input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BlockKind {
    /// Article body: goes into the clean text.
    Body,
    /// A teaser or lead that repeats the article's opening.
    Lead,
    /// A block whose content appears elsewhere in the article.
    Duplicate,
    /// A photo caption or credit.
    Caption,
    /// A section label such as "World".
    SectionLabel,
    /// A related-article headline or card.
    Related,
    /// A bare timestamp such as "10:28 GMT".
    Timestamp,
    /// Header metadata (date, section) of the page.
    Metadata,
    /// The dateline that opens the article (`WASHINGTON (Sputnik) -`).
    Dateline,
    /// A byline (`By Jane Doe`).
    Byline,
    /// The article's headline or title.
    Title,
    /// Navigation menus and breadcrumbs.
    Navigation,
    /// Promotion: "Read more", newsletters, "Follow us", share buttons.
    Promo,
    /// Legal text: copyright, cookie and paywall notices.
    Legal,
    /// Anything else kept out of the body.
    Other,
}

impl BlockKind {
    /// Whether blocks of this kind go into the clean text.
    #[must_use]
    pub const fn is_body(self) -> bool {
        matches!(self, BlockKind::Body)
    }

    /// The wire name of the kind.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            BlockKind::Body => "body",
            BlockKind::Lead => "lead",
            BlockKind::Duplicate => "duplicate",
            BlockKind::Caption => "caption",
            BlockKind::SectionLabel => "section_label",
            BlockKind::Related => "related",
            BlockKind::Timestamp => "timestamp",
            BlockKind::Metadata => "metadata",
            BlockKind::Dateline => "dateline",
            BlockKind::Byline => "byline",
            BlockKind::Title => "title",
            BlockKind::Navigation => "navigation",
            BlockKind::Promo => "promo",
            BlockKind::Legal => "legal",
            BlockKind::Other => "other",
        }
    }
}

impl fmt::Display for BlockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled piece of the raw input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Where it is in the raw input.
    pub span: Span,
}

/// The dateline that opens an article: `WASHINGTON (Sputnik) -`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place, in title case (`Washington`).
    pub place: String,
    /// The agency or outlet in parentheses, if any (`Sputnik`).
    pub source: Option<String>,
    /// Where the dateline is in the raw input.
    pub span: Span,
}

/// What the page says about the article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Metadata {
    /// Publication date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Section of the site (`International`).
    pub section: Option<String>,
    /// The dateline.
    pub dateline: Option<Dateline>,
    /// The byline's author text.
    pub byline: Option<String>,
    /// The headline or title.
    pub title: Option<String>,
    /// The page's canonical URL.
    pub url: Option<String>,
    /// The page's language (a BCP 47 tag such as `en` or `en-GB`).
    pub language: Option<String>,
}

/// Where a piece of the raw input came from in a richer source document (an HTML page).
///
/// When nutgraf reads HTML, the document's raw input is the text extracted from the page, and
/// every span points into that text; each element records the byte range of the HTML element
/// its text came from, so a quote can be found again in the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceElement {
    /// The span of the raw input (the extracted text) this element produced.
    pub text: Span,
    /// The byte range of the element in the source (start tag to end tag).
    pub source: Span,
    /// The element's tag name (`p`, `h1`, `figcaption`).
    pub tag: String,
}

/// Kind of a named entity.
///
/// Serialised as a lowercase string; unknown kinds from a gazetteer survive as [`EntityKind::Other`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
#[non_exhaustive]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, agency, party, team or other organisation.
    Organization,
    /// A country, region, city or other place.
    Location,
    /// A building, station, airport or other structure.
    Facility,
    /// A craft or vehicle (a spacecraft, a ship).
    Vehicle,
    /// An event.
    Event,
    /// A product.
    Product,
    /// Any other kind, as the gazetteer spells it.
    Other(String),
}

impl EntityKind {
    /// The wire name of the kind.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
            EntityKind::Facility => "facility",
            EntityKind::Vehicle => "vehicle",
            EntityKind::Event => "event",
            EntityKind::Product => "product",
            EntityKind::Other(s) => s,
        }
    }
}

impl FromStr for EntityKind {
    type Err = std::convert::Infallible;

    /// Parses a kind; common synonyms (`per`, `org`, `loc`, `gpe`, `place`, `fac`) are accepted.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // the canonical lowercase names, as gazetteers write them, without the synonym scan
        match s {
            "person" => return Ok(EntityKind::Person),
            "organization" => return Ok(EntityKind::Organization),
            "location" => return Ok(EntityKind::Location),
            "facility" => return Ok(EntityKind::Facility),
            _ => {}
        }
        let s = s.trim();
        let is = |names: &[&str]| names.iter().any(|n| s.eq_ignore_ascii_case(n));
        // no allocation for the known kinds: gazetteers parse this once per entry
        Ok(if is(&["person", "per", "people"]) {
            EntityKind::Person
        } else if is(&["organization", "organisation", "org"]) {
            EntityKind::Organization
        } else if is(&["location", "loc", "gpe", "place", "country", "city"]) {
            EntityKind::Location
        } else if is(&["facility", "fac"]) {
            EntityKind::Facility
        } else if is(&["vehicle"]) {
            EntityKind::Vehicle
        } else if is(&["event"]) {
            EntityKind::Event
        } else if is(&["product"]) {
            EntityKind::Product
        } else {
            EntityKind::Other(s.to_ascii_lowercase())
        })
    }
}

impl From<String> for EntityKind {
    fn from(s: String) -> Self {
        match s.parse() {
            Ok(k) => k,
            Err(never) => match never {},
        }
    }
}

impl From<EntityKind> for String {
    fn from(k: EntityKind) -> Self {
        k.as_str().to_owned()
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an entity came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntitySource {
    /// Matched from a gazetteer entry.
    Gazetteer,
    /// Found by the discovery rules, with no gazetteer entry.
    Discovered,
}

/// Grammatical gender of a person, when a first name or title tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Female (`she`, `her`).
    Female,
    /// Male (`he`, `him`).
    Male,
}

impl Gender {
    /// The wire name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

/// A named entity and every place the document mentions it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Identifier, unique within the document (a gazetteer id or a generated one).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: EntityKind,
    /// Roles and titles the text gives the entity (`NASA Administrator`).
    pub roles: Vec<String>,
    /// Gazetteer or discovery.
    pub source: EntitySource,
    /// Mentions, sorted by start.
    pub mentions: Vec<Span>,
    /// Gender of a person, when known (used to resolve pronouns).
    pub gender: Option<Gender>,
}

/// Kind of a quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuoteKind {
    /// Words in quote marks.
    Direct,
    /// Reported speech without quote marks.
    Indirect,
    /// Reported speech that quotes some words verbatim.
    Mixed,
}

impl QuoteKind {
    /// The wire name of the kind.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// The speaker of a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The source phrase as written (`he`, `Isaacman`, `the ministry`, `Dunn, a former
    /// banker`: a name keeps its appositive, titles before it are left out).
    pub span: Span,
    /// The entity it resolves to, by [`Entity::id`].
    pub entity: Option<String>,
}

/// A quote attributed to a speaker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The quoted content, without the quote marks.
    pub span: Span,
    /// Who said it.
    pub speaker: Option<Speaker>,
    /// The cue (`said`, `according to`).
    pub cue: Option<Span>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_kinds_parse_case_insensitively_with_synonyms() {
        let k = |s: &str| s.parse::<EntityKind>().unwrap_or_else(|e| match e {});
        assert_eq!(k(" ORG "), EntityKind::Organization);
        assert_eq!(k("Person"), EntityKind::Person);
        assert_eq!(k("gpe"), EntityKind::Location);
        assert_eq!(k("City"), EntityKind::Location);
        assert_eq!(k("FAC"), EntityKind::Facility);
        assert_eq!(k("Vehicle"), EntityKind::Vehicle);
        assert_eq!(k("event"), EntityKind::Event);
        assert_eq!(k("PRODUCT"), EntityKind::Product);
        assert_eq!(k(" Work_Of_Art "), EntityKind::Other("work_of_art".into()));
        assert_eq!(k("persons"), EntityKind::Other("persons".into()));
    }
}
