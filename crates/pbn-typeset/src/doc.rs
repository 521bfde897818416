//! The input of the typesetter: a document as a flat list of blocks.
//!
//! The caller (pbn's view model) builds a [`Document`]; nothing here knows about plans,
//! reflexes or YAML. Every type is plain data (`Serialize`/`Deserialize`), so a document
//! can be dumped to JSON to reproduce a layout problem.

use serde::{Deserialize, Serialize};

/// A whole document: metadata and the blocks in reading order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Title, running header/footer texts, labels, date.
    pub meta: Meta,
    /// The content, in order.
    pub blocks: Vec<Block>,
}

/// Document metadata and the texts repeated on every page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// PDF title (document information and viewer window).
    pub title: String,
    /// PDF subject.
    pub subject: String,
    /// PDF author.
    pub author: String,
    /// Language tag, `"fr"` or `"en"`: selects hyphenation patterns (French for anything
    /// but `"en"`).
    pub lang: String,
    /// Running header, left (e.g. the establishment).
    pub header_left: String,
    /// Running header, right (e.g. the classification), set in bold.
    pub header_right: String,
    /// Running footer, left (e.g. the version).
    pub footer_left: String,
    /// Running footer, right (e.g. the fingerprint).
    pub footer_right: String,
    /// Creation and modification date written into the PDF; `None` writes the epoch.
    /// The typesetter never reads the clock.
    pub creation_date: Option<DateTime>,
    /// Words the typesetter prints on its own.
    pub labels: Labels,
}

/// A UTC date and time (no clock is ever read: the caller decides).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateTime {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59.
    pub second: u8,
}

/// Words printed by the typesetter itself, so the caller can translate them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Labels {
    /// Title of the table of contents.
    pub contents: String,
    /// Footer page number; `{n}` is the page, `{m}` the page count.
    pub page_of: String,
    /// Appended to a reflex sheet's title on its continuation page.
    pub continued: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            contents: "Sommaire".into(),
            page_of: "page {n} / {m}".into(),
            continued: "(suite)".into(),
        }
    }
}

/// One block of content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// The cover: a page of its own, without running header or footer.
    Cover {
        /// Big title.
        title: String,
        /// Line under the title.
        subtitle: String,
        /// `(label, value)` lines (establishment, FINESS, version, date, …).
        lines: Vec<(String, String)>,
        /// Framed note at the bottom of the page (e.g. the classification); empty for none.
        note: String,
    },
    /// Table of contents: level-1 and level-2 headings, sheets and crisis logs that have an
    /// anchor, with dot leaders, page numbers and links.
    Toc,
    /// A section heading.
    Heading {
        /// 1 (chapter) to 3; level 1 and 2 go in the table of contents.
        level: u8,
        /// The heading text.
        text: String,
        /// Link target name, unique in the document (may be empty: no destination).
        anchor: String,
        /// Whether the heading gets a PDF bookmark.
        outline: bool,
    },
    /// A paragraph of running text.
    Paragraph(Vec<Inline>),
    /// A paragraph set large (15 pt) and bold: what a reader must see first, such as the numbers to call
    /// on a card pinned to a wall.
    Large(Vec<Inline>),
    /// A paragraph set small (9 pt, tight leading): dense text that must still fit a sheet, such as the steps
    /// on a card pinned to a wall. Never smaller: it is read standing.
    Small(Vec<Inline>),
    /// A list; each item is a list of blocks.
    List {
        /// Bullet, number or tick box.
        kind: ListKind,
        /// The items.
        items: Vec<Vec<Block>>,
    },
    /// A framed box ("ne pas faire", notes).
    Callout {
        /// `Warning` stands out in black-and-white print (thick border, grey fill).
        style: CalloutStyle,
        /// Bold title line; empty for none.
        title: String,
        /// Content.
        blocks: Vec<Block>,
    },
    /// A table that breaks between rows and repeats its header row on each page.
    Table {
        /// Column titles, relative widths, alignment.
        columns: Vec<Column>,
        /// Rows of cells; each cell is inline text (`Inline::LineBreak` for new lines).
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// Label / value pairs, labels in bold on the left.
    KeyValue(Vec<(String, Vec<Inline>)>),
    /// Start a new page.
    PageBreak,
    /// A reflex sheet: starts a page and should fit on it. If it does not, it goes on with
    /// its title and `labels.continued`, and the layout reports an [`crate::Overflow`].
    Sheet {
        /// Link target name (and bookmark destination).
        anchor: String,
        /// Sheet title (banner).
        title: String,
        /// Whether the sheet gets a PDF bookmark.
        outline: bool,
        /// Content.
        blocks: Vec<Block>,
        /// Where the sheet comes from (e.g. `reflexes/local.yaml:12:3`), echoed in the
        /// overflow report.
        source: Option<String>,
    },
    /// Blank ruled pages to fill in by hand (main courante).
    CrisisLog {
        /// Column titles with relative widths.
        columns: Vec<(String, f32)>,
        /// Number of pages.
        pages: u32,
        /// Title printed on each page.
        title: String,
        /// Link target; when set, the log gets a bookmark and a contents entry.
        #[serde(default)]
        anchor: Option<String>,
        /// Fields to fill in at the top of every page ("Date :", "Rédacteur :"): each label, then a line to
        /// write on.
        #[serde(default)]
        fields: Vec<String>,
    },
    /// Vertical space in points (dropped at the top of a page).
    Spacer(f32),
}

/// The kind of marker a list uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// "•"
    Bullet,
    /// "1.", "2.", …
    Ordered,
    /// An empty square to tick by hand.
    Check,
}

/// How a callout is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalloutStyle {
    /// Thick black border, grey fill, bold title: "ne pas faire".
    Warning,
    /// Thin border with a bar on the left.
    Note,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Relative width (the widths are scaled to the text width).
    pub weight: f32,
    /// Alignment of the cells.
    #[serde(default)]
    pub align: Align,
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Ragged right.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right (numbers).
    Right,
}

/// A run of inline content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inline {
    /// Styled text. Non-breaking spaces (U+00A0, U+202F) are never broken.
    Text {
        /// The text.
        text: String,
        /// Its style.
        #[serde(default)]
        style: Style,
    },
    /// A link: internal to an anchor or external to a URL.
    Link {
        /// The visible text.
        text: String,
        /// Where it goes.
        target: Target,
        /// Its style.
        #[serde(default)]
        style: Style,
    },
    /// The page number of an anchor ("23"), known only once the document is paginated: set in a width
    /// reserved for three digits (more in a longer document), filled in after pagination, and the rest of its
    /// line closed up to it, so that page references never need a second layout. A missing anchor prints "?".
    PageRef {
        /// The anchor whose page is printed.
        anchor: String,
        /// Its style.
        #[serde(default)]
        style: Style,
    },
    /// A forced line break.
    LineBreak,
}

impl Inline {
    /// Plain text.
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text {
            text: s.into(),
            style: Style::default(),
        }
    }
    /// Bold text.
    pub fn bold(s: impl Into<String>) -> Inline {
        Inline::Text {
            text: s.into(),
            style: Style {
                bold: true,
                ..Style::default()
            },
        }
    }
    /// Italic text.
    pub fn italic(s: impl Into<String>) -> Inline {
        Inline::Text {
            text: s.into(),
            style: Style {
                italic: true,
                ..Style::default()
            },
        }
    }
    /// Monospaced text (phone numbers, identifiers).
    pub fn mono(s: impl Into<String>) -> Inline {
        Inline::Text {
            text: s.into(),
            style: Style {
                mono: true,
                ..Style::default()
            },
        }
    }
}

/// Character style. `mono` wins over bold and italic (one monospaced face).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Style {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Monospaced.
    pub mono: bool,
}

/// A link target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// An anchor of a [`Block::Heading`], [`Block::Sheet`] or [`Block::CrisisLog`].
    Internal(String),
    /// A URL.
    External(String),
}
