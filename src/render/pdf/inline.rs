//! Inline text of the PDF: the view's markdown, links and persons as the typesetter's [`Inline`]s and
//! paragraphs.

use super::super::markdown::{self, Para, Span};
use super::super::view::{Link, Person, View};
use pbn_typeset::{Block, Inline, ListKind, Style, Target};

/// Whether a code span holds a phone number (references print numbers as code spans): digits, spaces, `+`,
/// dots and parentheses only.
fn phone_like(s: &str) -> bool {
    s.chars().filter(char::is_ascii_digit).count() >= 2
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +.()\u{a0}".contains(c))
}

fn span_inline(s: &Span) -> Inline {
    // A number is set bold in the body face, like the numbers the renderer prints itself; the typesetter
    // keeps its groups together.
    let number =
        s.code && (phone_like(&s.text) || s.link.as_deref().is_some_and(|l| l.starts_with("tel:")));
    let style = Style {
        bold: s.bold || number,
        italic: s.italic,
        mono: s.code && !number,
    };
    match &s.link {
        Some(l) if l.starts_with('#') => Inline::Link {
            text: s.text.clone(),
            target: Target::Internal(l[1..].to_string()),
            style,
        },
        Some(l) => Inline::Link {
            text: s.text.clone(),
            target: Target::External(l.clone()),
            style,
        },
        None => Inline::Text {
            text: s.text.clone(),
            style,
        },
    }
}

fn para_inlines(p: &Para) -> Vec<Inline> {
    p.spans.iter().map(span_inline).collect()
}

/// Markdown → blocks: paragraphs, and list items grouped into lists.
pub(super) fn md_blocks(md: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for p in markdown::to_paras(md) {
        match &p.bullet {
            None => out.push(Block::Paragraph(para_inlines(&p))),
            Some(b) => {
                let kind = if b.ends_with('.') {
                    ListKind::Ordered
                } else {
                    ListKind::Bullet
                };
                let item = vec![Block::Paragraph(para_inlines(&p))];
                match out.last_mut() {
                    Some(Block::List { kind: k, items }) if *k == kind => items.push(item),
                    _ => out.push(Block::List {
                        kind,
                        items: vec![item],
                    }),
                }
            }
        }
    }
    out
}

/// Markdown → one run of inlines (paragraphs separated by line breaks), for table cells and list items.
pub(super) fn md_inlines(md: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, p) in markdown::to_paras(md).iter().enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        if let Some(b) = &p.bullet {
            out.push(Inline::text(format!("{b} ")));
        }
        out.extend(para_inlines(p));
    }
    out
}

/// Optional markdown as inlines (nothing when absent).
pub(super) fn md_opt(md: Option<&str>) -> Vec<Inline> {
    md.map(md_inlines).unwrap_or_default()
}

/// "Label : value" in French (non-breaking space before the colon), "Label: value" in English.
pub(super) fn colon(view: &View) -> &'static str {
    if view.lang == "fr" { "\u{a0}: " } else { ": " }
}

/// Plain text.
pub(super) fn text(s: &str) -> Vec<Inline> {
    vec![Inline::text(s)]
}

/// A link to an object of the document, or its text when the object is not printed.
pub(super) fn link(l: &Link) -> Inline {
    match &l.anchor {
        Some(a) => internal(l.text.clone(), a, Style::default()),
        None => Inline::text(l.text.clone()),
    }
}

/// A link to an anchor of the document.
pub(super) fn internal(text: String, anchor: &str, style: Style) -> Inline {
    Inline::Link {
        text,
        target: Target::Internal(anchor.to_string()),
        style,
    }
}

/// An optional link (nothing when absent).
pub(super) fn link_opt(l: Option<&Link>) -> Vec<Inline> {
    l.map(|x| vec![link(x)]).unwrap_or_default()
}

/// Links separated by commas.
pub(super) fn links(ls: &[Link]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, l) in ls.iter().enumerate() {
        if i > 0 {
            out.push(Inline::text(", "));
        }
        out.push(link(l));
    }
    out
}

/// Items one per line: each item's inlines, separated by line breaks.
pub(super) fn lines<T>(items: &[T], item: impl Fn(&T) -> Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        out.extend(item(x));
    }
    out
}

/// A phone number (or the mask label) as it stands out: bold, in the body face and size (a smaller monospaced
/// face made numbers harder to read than the text around them).
pub(super) fn phone(value: &str, masked: bool) -> Inline {
    Inline::Text {
        text: value.to_string(),
        style: Style {
            bold: true,
            italic: masked,
            ..Style::default()
        },
    }
}

/// A person: the name linking to the directory, then the phone.
pub(super) fn person(p: &Person) -> Vec<Inline> {
    let mut out = vec![internal(p.name.clone(), &p.anchor, Style::default())];
    if let Some(ph) = &p.phone {
        out.push(Inline::text(" "));
        out.push(phone(ph, p.masked));
    }
    out
}

/// An optional person (nothing when absent).
pub(super) fn person_opt(p: Option<&Person>) -> Vec<Inline> {
    p.map(person).unwrap_or_default()
}

/// A bold label followed by the colon, then `rest`, as one paragraph ("Pour : …", "Ensuite : …").
pub(super) fn labelled(view: &View, label: &str, rest: Vec<Inline>) -> Block {
    let mut inl = vec![Inline::bold(format!("{label}{}", colon(view)))];
    inl.extend(rest);
    Block::Paragraph(inl)
}
