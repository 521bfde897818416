//! [`View`] → one self-contained HTML file, with tera.
//!
//! The built-in templates, stylesheet and script are compiled into the binary; `--templates DIR` replaces any
//! of them by file name (`plan.html.tera` or `plan.html`, `plan.css`, `plan.js`…). Templates get the view
//! (`cover`, `sections`, `reflexes`, `labels`…; `plan.html` loops over `sections` and calls one component of
//! `sections.html` per section) plus `css`, `script` and `script_hash`, and two filters:
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
        self.tera
            .render(TEMPLATES[0].0, &ctx)
            .map_err(|e| format!("cannot render {}: {e}", TEMPLATES[0].0))
    }
}

/// `sha256-…` source expression of an inline script, for the Content-Security-Policy.
pub fn script_hash(script: &str) -> String {
    format!("sha256-{}", b64(&Sha256::digest(script.as_bytes())))
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
