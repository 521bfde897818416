//! [`View`] → one self-contained HTML file, with tera.
//!
//! The built-in templates, stylesheet and script are compiled into the binary; `--templates DIR` replaces any
//! of them by file name (`plan.html.tera` or `plan.html`, `plan.css`, `plan.js`…). Templates get the view
//! (`cover`, `sections`, `reflexes`, `labels`…; `plan.html` loops over `sections` and calls one component of
//! `sections.html` per section) plus `css`, `script`, `script_hash` and `page_css` (the printed page's margin
//! boxes: establishment, classification, version, page number, fingerprint), and two filters:
//! `markdown` and `markdown_inline` (plan text → HTML, raw HTML turned into text). Autoescaping is on for
//! `.html` templates. The Content-Security-Policy of the page allows the inline style and, by its SHA-256, the
//! inline script only: nothing can be fetched.

use super::markdown;
use super::view::View;
use base64_lite::encode as b64;
use sha2::{Digest, Sha256};
use std::path::Path;
use tera::{Context, Kwargs, State, Tera, Value};

/// Built-in templates: (name, source). The first is the page.
const TEMPLATES: &[(&str, &str)] = &[
    ("plan.html", include_str!("../../templates/plan.html.tera")),
    (
        "components.html",
        include_str!("../../templates/components.html.tera"),
    ),
    (
        "sections.html",
        include_str!("../../templates/sections.html.tera"),
    ),
];
const CSS: (&str, &str) = ("plan.css", include_str!("../../templates/plan.css"));
const JS: (&str, &str) = ("plan.js", include_str!("../../templates/plan.js"));

/// The templates and assets of one build (built-in, with the user's replacements).
pub struct Templates {
    tera: Tera,
    css: String,
    script: String,
}

fn read(dir: &Path, name: &str) -> Result<Option<String>, String> {
    for candidate in [format!("{name}.tera"), name.to_string()] {
        let p = dir.join(&candidate);
        if p.is_file() {
            return std::fs::read_to_string(&p)
                .map(Some)
                .map_err(|e| format!("cannot read template {}: {e}", p.display()));
        }
    }
    Ok(None)
}

impl Templates {
    /// Loads the built-in templates, replacing each one found by name in `dir`. Extra `*.html(.tera)` files of
    /// `dir` are added too (partials a replaced template may include).
    pub fn load(dir: Option<&Path>) -> Result<Self, String> {
        let mut sources: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let mut css = CSS.1.to_string();
        let mut script = JS.1.to_string();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(format!(
                    "template folder {} is not a directory",
                    dir.display()
                ));
            }
            for (name, src) in &mut sources {
                if let Some(s) = read(dir, name)? {
                    *src = s;
                }
            }
            for extra in extra_templates(dir)? {
                if !sources.iter().any(|(n, _)| *n == extra.0) {
                    sources.push(extra);
                }
            }
            if let Some(s) = read(dir, CSS.0)? {
                css = s;
            }
            if let Some(s) = read(dir, JS.0)? {
                script = s;
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("markdown", |s: &str, _: Kwargs, _: &State| {
            Value::safe_string(&markdown::to_html(s))
        });
        tera.register_filter("markdown_inline", |s: &str, _: Kwargs, _: &State| {
            Value::safe_string(&markdown::to_html_inline(s))
        });
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| format!("template error: {e}"))?;
        Ok(Self { tera, css, script })
    }

    /// Renders the page.
    pub fn render(&self, view: &View) -> Result<String, String> {
        let mut ctx =
            Context::from_serialize(view).map_err(|e| format!("template context: {e}"))?;
        ctx.insert("css", &Value::safe_string(&self.css));
        let script = self.script.trim();
        ctx.insert("script", &Value::safe_string(script));
        ctx.insert("script_hash", &script_hash(script));
        ctx.insert("page_css", &Value::safe_string(&page_css(view)));
        let page = self
            .tera
            .render(TEMPLATES[0].0, &ctx)
            .map_err(|e| format!("cannot render {}: {e}", TEMPLATES[0].0));
        crate::oneshot::discard(ctx);
        page
    }
}

/// tera's HTML escaping, byte for byte ([`markdown::entity`]), written a run of plain text at a time instead of a
/// byte at a time: the page's every value goes through it.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(e) = markdown::entity(b) {
            out.write_all(&bytes[plain..i])?;
            out.write_all(e.as_bytes())?;
            plain = i + 1;
        }
    }
    out.write_all(&bytes[plain..])
}

/// `sha256-…` source expression of an inline script, for the Content-Security-Policy.
pub fn script_hash(script: &str) -> String {
    format!("sha256-{}", b64(&Sha256::digest(script.as_bytes())))
}

/// The `@page` margin boxes of the printed page, like the PDF's running head and foot: establishment and
/// classification at the top, version, "page N / M" and fingerprint at the foot. The plan's words become CSS
/// strings with [`css_string`], so no source text can end the rule or the `<style>` element.
pub fn page_css(view: &View) -> String {
    let c = &view.cover;
    let l = view.labels;
    let mut boxes = vec![("top-left", css_string(&c.establishment))];
    if let Some(class) = &c.classification {
        boxes.push(("top-right", css_string(class)));
    }
    if let Some(v) = &c.version {
        boxes.push(("bottom-left", css_string(&format!("{} {v}", l.version))));
    }
    boxes.push(("bottom-center", page_counter(l.page_of)));
    let fp = format!("{} {}", l.fingerprint, c.fingerprint);
    boxes.push(("bottom-right", css_string(&fp)));
    let rules: String = boxes
        .iter()
        .map(|(at, content)| format!("@{at}{{content:{content}}}"))
        .collect();
    format!("@media print{{@page{{{rules}}}}}")
}

/// `page {n} / {m}` → `"page " counter(page) " / " counter(pages)`.
fn page_counter(pattern: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        let (text, tail) = rest.split_at(i);
        if !text.is_empty() {
            parts.push(css_string(text));
        }
        let counter = if tail.starts_with("{n}") {
            "counter(page)"
        } else if tail.starts_with("{m}") {
            "counter(pages)"
        } else {
            parts.push(css_string("{"));
            rest = &tail[1..];
            continue;
        };
        parts.push(counter.to_string());
        rest = &tail[3..];
    }
    if !rest.is_empty() {
        parts.push(css_string(rest));
    }
    parts.join(" ")
}

/// A quoted CSS string of any text: letters, digits, spaces and plain punctuation as they are, every other
/// character (quote, backslash, `<`, braces, line breaks…) as a hex escape; control characters are dropped.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '.' | ',' | ':' | ';' | '-' | '/' | '\'' | '(' | ')'
            )
        {
            out.push(c);
        } else if !c.is_control() {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

fn extra_templates(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let rd = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read template folder {}: {e}", dir.display()))?;
    let mut names: Vec<String> = rd
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html.tera") || n.ends_with(".html"))
        .collect();
    names.sort();
    for n in names {
        let name = n.trim_end_matches(".tera").to_string();
        let p = dir.join(&n);
        let s = std::fs::read_to_string(&p)
            .map_err(|e| format!("cannot read template {}: {e}", p.display()))?;
        out.push((name, s));
    }
    Ok(out)
}

/// Renders the HTML page of a view with the built-in (or replaced) templates.
pub fn render(view: &View, templates: Option<&Path>) -> Result<String, String> {
    Templates::load(templates)?.render(view)
}

/// Standard base64 (with padding), enough for a CSP hash; no dependency needed for 32 bytes.
mod base64_lite {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(b: &[u8]) -> String {
        let mut o = String::with_capacity(b.len().div_ceil(3) * 4);
        for c in b.chunks(3) {
            let n = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= c.len() {
                    o.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    o.push('=');
                }
            }
        }
        o
    }

    #[cfg(test)]
    #[test]
    fn known_vectors() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg==");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
    }
}

#[cfg(test)]
mod tests {
    use super::{css_string, escape_html, page_counter};

    #[test]
    fn escaping_is_teras_own_byte_for_byte() {
        for text in [
            "",
            "plain text, no entity",
            "<script>alert('x')</script> & \"quoted\"",
            "&&<<>>''\"\"",
            "l'astreinte → 06 70 00 00 02 <a>",
            "fin&",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(text, &mut ours).expect("escape");
            tera::escape_html(text, &mut teras).expect("escape");
            assert_eq!(ours, teras, "{text}");
            assert_eq!(super::markdown::escape(text).as_bytes(), teras, "{text}");
        }
    }

    #[test]
    fn css_strings_cannot_break_out_of_the_rule_or_the_style_element() {
        assert_eq!(
            css_string("Diffusion restreinte"),
            "\"Diffusion restreinte\""
        );
        assert_eq!(css_string("CH d'Évian"), "\"CH d'Évian\"");
        let hostile = css_string("x\"}</style><script>alert(1)</script>\\\n{");
        assert!(!hostile[1..hostile.len() - 1].contains(['"', '<', '>', '{', '}', '\n']));
        assert!(hostile.contains("\\3c /style"), "{hostile}");
        // A hex escape ends with one space, so text after it is never read as more hex digits.
        assert_eq!(css_string("·a"), "\"\\b7 a\"");
    }

    #[test]
    fn page_numbers_follow_the_label() {
        assert_eq!(
            page_counter("page {n} / {m}"),
            "\"page \" counter(page) \" / \" counter(pages)"
        );
        assert_eq!(page_counter("{n}"), "counter(page)");
        assert_eq!(page_counter("p. {x}"), "\"p. \" \"\\7b \" \"x\\7d \"");
    }
}
