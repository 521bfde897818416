//! Markdown (CommonMark, from the plan's free-text fields) → HTML for the offline page, and → a flat list of
//! styled spans for the PDF.
//!
//! Plan text is untrusted: raw HTML (`<script>`, `<img onerror=…>`) is turned into text, images become their
//! alt text, and a link keeps its `<a href>` only for an in-document `#anchor`, `mailto:` or `tel:`. A web
//! link is printed as text followed by its address: the page must not point outside itself (it is read with
//! the network down, and a reviewer checks that it references nothing external). Any other target
//! (`javascript:`, `file:`, relative paths) is dropped and only the link text is kept.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// What a link target becomes.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    /// Kept as `<a href>`.
    Local(&'a str),
    /// Shown as text after the link text.
    Web(&'a str),
    /// Dropped.
    Refused,
}

fn classify(dest: &str) -> Target<'_> {
    let d = dest.trim();
    let lower = d.to_ascii_lowercase();
    let anchor_ok = d.len() > 1
        && d.starts_with('#')
        && d[1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if anchor_ok || lower.starts_with("mailto:") || lower.starts_with("tel:") {
        Target::Local(d)
    } else if lower.starts_with("https://") || lower.starts_with("http://") {
        Target::Web(d)
    } else {
        Target::Refused
    }
}

/// A one-line text in which markdown changes nothing (no markup character, no block marker): most titles,
/// names and many steps. Rendering it without the parser keeps large plans fast; the output is the same.
fn plain(md: &str) -> Option<&str> {
    // A leading space could open an indented code block: only texts that start with a letter qualify.
    let t = md.trim_end_matches([' ', '\t']);
    let first = t.chars().next()?;
    let markup = |c: char| {
        matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '!'
                | '|'
                | '~'
                | '&'
                | '\n'
                | '\r'
        )
    };
    (first.is_alphabetic() && !t.contains(markup) && !t.contains("  ")).then_some(t)
}

/// Markdown → HTML fragment (block level: paragraphs, lists, tables).
pub fn to_html(md: &str) -> String {
    if let Some(t) = plain(md) {
        // No `&`, `<` or `>` in it: nothing to escape (pulldown-cmark leaves quotes as they are in text).
        return format!("<p>{t}</p>\n");
    }
    let mut out = String::with_capacity(md.len() + md.len() / 2);
    // What to close at each link end: `None` for a kept `<a>`, `Some(url)` for a web link shown as text.
    let mut links: Vec<Option<String>> = Vec::new();
    let mut in_image = 0usize;
    let events = Parser::new_ext(md, options()).filter_map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
        // A heading inside a fragment would break the document outline: bold paragraph instead.
        Event::Start(Tag::Heading { .. }) => Some(Event::Html("<p><strong>".into())),
        Event::End(TagEnd::Heading(_)) => Some(Event::Html("</strong></p>\n".into())),
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            None
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => match classify(&dest_url) {
            Target::Local(_) if in_image == 0 => {
                links.push(None);
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Target::Web(u) => {
                links.push(Some(u.to_string()));
                None
            }
            _ => {
                links.push(Some(String::new()));
                None
            }
        },
        Event::End(TagEnd::Link) => match links.pop() {
            Some(None) => Some(Event::End(TagEnd::Link)),
            Some(Some(url)) if !url.is_empty() => Some(Event::Html(
                format!(" <span class=\"url\">({})</span>", escape(&url)).into(),
            )),
            _ => None,
        },
        Event::FootnoteReference(r) => Some(Event::Text(r)),
        other => Some(other),
    });
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// Markdown → HTML without the wrapping `<p>` when the text is a single paragraph (for table cells and steps).
pub fn to_html_inline(md: &str) -> String {
    if let Some(t) = plain(md) {
        return t.to_string();
    }
    let html = to_html(md);
    let t = html.trim_end();
    if let Some(inner) = t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return inner.to_string();
    }
    html
}

/// HTML escaping for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(e) = entity(b) {
            // `b` is ASCII: `i` is a character boundary.
            o.push_str(&s[plain..i]);
            o.push_str(e);
            plain = i + 1;
        }
    }
    o.push_str(&s[plain..]);
    o
}

/// The entity that stands for `b` in HTML text and attribute values, if `b` cannot stand for itself (the five
/// characters tera's escaping replaces, written as it writes them).
pub(crate) fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escapes text so that markdown prints it literally (names, phone numbers inserted into markdown).
pub fn escape_md(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '!'
                | '|'
                | '~'
                | '&'
                | '{'
                | '}'
        ) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// A run of text with one style, for the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    /// `#anchor` (in-document), `https://…`, `mailto:…` or `tel:…`.
    pub link: Option<String>,
}

/// One paragraph or list item, for the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Para {
    /// `None` for a paragraph; `Some("•")` or `Some("3.")` for a list item.
    pub bullet: Option<String>,
    /// List nesting depth (0 for a paragraph, 1 for a top-level list item).
    pub depth: u8,
    pub spans: Vec<Span>,
}

#[derive(Default)]
struct SpanState {
    bold: usize,
    italic: usize,
    links: Vec<Option<String>>,
}

impl SpanState {
    fn span(&self, text: &str, code: bool) -> Span {
        Span {
            text: text.to_string(),
            bold: self.bold > 0,
            italic: self.italic > 0,
            code,
            link: self.links.iter().rev().flatten().next().cloned(),
        }
    }
}

/// Markdown → paragraphs and list items of styled spans (raw HTML as text, images as alt text, links kept
/// only for the same targets as [`to_html`], web links included since a PDF link is not a resource).
pub fn to_paras(md: &str) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    let mut st = SpanState::default();
    // Per open list: next number (None for bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let flush = |cur: &mut Option<Para>, out: &mut Vec<Para>| {
        if let Some(p) = cur.take()
            && p.spans.iter().any(|s| !s.text.trim().is_empty())
        {
            out.push(p);
        }
    };
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Start(Tag::Paragraph | Tag::HtmlBlock | Tag::CodeBlock(_)) => {
                if cur
                    .as_ref()
                    .is_some_and(|p| p.bullet.is_none() || !p.spans.is_empty())
                {
                    flush(&mut cur, &mut out);
                }
                if cur.is_none() {
                    cur = Some(Para::default());
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut cur, &mut out);
                cur = Some(Para::default());
                st.bold += usize::from(level <= HeadingLevel::H6);
            }
            Event::End(TagEnd::Heading(_)) => {
                st.bold = st.bold.saturating_sub(1);
                flush(&mut cur, &mut out);
            }
            Event::End(TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::CodeBlock) => {
                flush(&mut cur, &mut out)
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut cur, &mut out);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut cur, &mut out);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut cur, &mut out);
                let bullet = match lists.last_mut() {
                    Some(Some(n)) => {
                        let b = format!("{n}.");
                        *n += 1;
                        b
                    }
                    _ => "•".to_string(),
                };
                cur = Some(Para {
                    bullet: Some(bullet),
                    depth: lists.len().min(9) as u8,
                    spans: Vec::new(),
                });
            }
            Event::End(TagEnd::Item) => flush(&mut cur, &mut out),
            Event::Start(Tag::Strong) => st.bold += 1,
            Event::End(TagEnd::Strong) => st.bold = st.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => st.italic += 1,
            Event::End(TagEnd::Emphasis) => st.italic = st.italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => st.links.push(match classify(&dest_url) {
                Target::Local(d) | Target::Web(d) => Some(d.to_string()),
                Target::Refused => None,
            }),
            Event::End(TagEnd::Link) => {
                st.links.pop();
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::InlineMath(t) => {
                push(&mut cur, st.span(&t, false))
            }
            Event::Code(t) => push(&mut cur, st.span(&t, true)),
            Event::SoftBreak => push(&mut cur, st.span(" ", false)),
            Event::HardBreak => push(&mut cur, st.span("\n", false)),
            Event::End(TagEnd::TableCell) => push(&mut cur, st.span(" · ", false)),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => flush(&mut cur, &mut out),
            Event::Start(Tag::TableRow | Tag::TableHead) => cur = Some(Para::default()),
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Appends a span, merging it with the previous one when the style is the same.
fn push(cur: &mut Option<Para>, s: Span) {
    let p = cur.get_or_insert_with(Para::default);
    if let Some(last) = p.spans.last_mut()
        && last.bold == s.bold
        && last.italic == s.italic
        && last.code == s.code
        && last.link == s.link
    {
        last.text.push_str(&s.text);
        return;
    }
    p.spans.push(s);
}

/// Plain text of a markdown string (for filters, titles, PDF bookmarks).
pub fn to_text(md: &str) -> String {
    let mut s = String::new();
    for p in to_paras(md) {
        if !s.is_empty() {
            s.push(' ');
        }
        for sp in p.spans {
            s.push_str(&sp.text);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_becomes_text() {
        let h = to_html("Avant <script>alert(1)</script> après\n\n<img src=x onerror=alert(1)>\n");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
        assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"), "{h}");
        let h = to_html("<div onclick=x>\nbloc\n</div>\n");
        assert!(h.starts_with("<p>&lt;div"), "{h}");
    }

    #[test]
    fn links_are_filtered() {
        assert_eq!(
            to_html_inline("[x](javascript:alert(1))"),
            "x",
            "javascript: dropped"
        );
        assert_eq!(
            to_html_inline("[fiche](#reflex-premiers-gestes)"),
            "<a href=\"#reflex-premiers-gestes\">fiche</a>"
        );
        assert_eq!(
            to_html_inline("[CNIL](https://www.cnil.fr)"),
            "CNIL <span class=\"url\">(https://www.cnil.fr)</span>"
        );
        assert_eq!(
            to_html_inline("<https://a.b/c>"),
            "https://a.b/c <span class=\"url\">(https://a.b/c)</span>"
        );
        assert_eq!(
            to_html_inline("[appeler](tel:+33474001020)"),
            "<a href=\"tel:+33474001020\">appeler</a>"
        );
        assert_eq!(to_html_inline("![logo](https://evil/x.png)"), "logo");
        assert_eq!(to_html_inline("[a](//evil.example/x)"), "a");
        assert!(!to_html_inline("[a](#x\" onclick=\"y)").contains("<a"));
    }

    #[test]
    fn plain_text_fast_path_matches_the_parser() {
        for t in [
            "Appeler le standard au 04 74 00 10 20.",
            "Noter l'heure : \"T0\" et le lieu",
            "Étape 1) faire",
            "Un texte, avec; ponctuation? oui.",
        ] {
            assert!(plain(t).is_some(), "{t}");
            let mut slow = String::new();
            pulldown_cmark::html::push_html(&mut slow, Parser::new_ext(t, options()));
            assert_eq!(to_html(t), slow, "{t}");
        }
        for t in [
            "- liste", "1. liste", "a *b*", "a\nb", "    code", "a  \nb", "<b>", "a & b", "",
        ] {
            assert!(plain(t).is_none(), "{t:?}");
        }
    }

    #[test]
    fn headings_do_not_enter_the_outline() {
        assert_eq!(to_html("# Titre\n"), "<p><strong>Titre</strong></p>\n");
    }

    #[test]
    fn inline_keeps_blocks_when_several() {
        assert_eq!(to_html_inline("**a**"), "<strong>a</strong>");
        assert!(to_html_inline("a\n\nb").contains("<p>b</p>"));
    }

    #[test]
    fn escape_md_prints_literally() {
        let s = "[masqué] *x* <b>";
        assert_eq!(to_html_inline(&escape_md(s)), "[masqué] *x* &lt;b&gt;");
    }

    #[test]
    fn paras_and_spans() {
        let p = to_paras(
            "Un **gras** et *italique* [lien](#a).\n\n- un\n- deux `code`\n\n1. x\n2. y\n",
        );
        assert_eq!(p.len(), 5);
        assert_eq!(p[0].spans[1].text, "gras");
        assert!(p[0].spans[1].bold);
        assert!(p[0].spans[3].italic);
        assert_eq!(p[0].spans[5].link.as_deref(), Some("#a"));
        assert_eq!(p[1].bullet.as_deref(), Some("•"));
        assert!(p[2].spans[1].code);
        assert_eq!(p[4].bullet.as_deref(), Some("2."));
        let p = to_paras("a <script>x</script> [j](javascript:x)");
        assert_eq!(p[0].spans[0].text, "a <script>x</script> j");
        assert_eq!(p[0].spans[0].link, None);
        assert_eq!(to_text("a **b**\n\nc"), "a b c");
    }
}
