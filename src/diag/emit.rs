//! Printing diagnostics: human (rustc-like snippets, colour on a terminal unless `NO_COLOR`), JSON (spec §3),
//! SARIF 2.1.0 (GitHub code scanning) and JUnit XML (GitLab, Jenkins).

use super::{Diagnostic, Diags, Severity};
use crate::source::{Loc, SourceMap};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Junit,
}

/// Where a location points: the user-facing file name and position.
pub(super) fn file_of(map: &SourceMap, loc: Option<Loc>) -> Option<(&str, u32, u32)> {
    let loc = loc?;
    let f = map.files.get(loc.file as usize)?;
    Some((f.display.as_str(), loc.line, loc.col))
}

fn level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// The byte range of the token that starts at `col` (1-based, characters) in `line`.
fn token_range(line: &str, col: u32) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    if rest.starts_with("{{")
        && let Some(end) = rest.find("}}")
    {
        return start..start + end + 2;
    }
    if let Some(len) = quoted_len(rest) {
        return start..start + len;
    }
    let len = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':'))
        .map_or(rest.len(), |(i, _)| i)
        .max(rest.chars().next().map_or(0, char::len_utf8));
    start..start + len
}

/// The byte length of the quoted scalar that `s` starts with (`"…"` with `\"` escapes, or `'…'` with `''`), quotes
/// included; a value that goes on to the next lines covers the rest of this one. `None` when `s` is not quoted.
fn quoted_len(s: &str) -> Option<usize> {
    let quote = s.chars().next().filter(|&c| c == '"' || c == '\'')?;
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if s[i + 1..].starts_with('\'') => {
                chars.next();
            }
            _ if c == quote => return Some(i + 1),
            _ => {}
        }
    }
    Some(s.trim_end().len())
}

fn snippet<'a>(
    map: &'a SourceMap,
    loc: Loc,
    label: &'a str,
    kind: AnnotationKind,
) -> Option<Snippet<'a, annotate_snippets::Annotation<'a>>> {
    let f = map.files.get(loc.file as usize)?;
    let line = f.line_text(loc.line)?;
    let ann = kind.span(token_range(line, loc.col));
    let ann = if label.is_empty() {
        ann
    } else {
        ann.label(label)
    };
    Some(
        Snippet::source(line)
            .line_start(loc.line as usize)
            .path(f.display.as_str())
            .annotation(ann),
    )
}

/// rustc-style report of every diagnostic, then a one-line summary.
pub fn human(diags: &Diags, map: &SourceMap, color: bool) -> String {
    human_with(diags, map, color, false)
}

/// Human diagnostics, root causes first; what follows from a cause is hidden unless `all` (see `cascade`).
pub fn human_with(diags: &Diags, map: &SourceMap, color: bool, all: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let shown = super::cascade::causes_first(diags, map, all);
    let mut out = String::new();
    for (d, hides) in shown.list {
        let code = d.code_str();
        let mut title = level(d.severity)
            .primary_title(d.message.as_str())
            .id(code.as_str());
        let mut groups = Vec::new();
        let primary = d
            .loc
            .and_then(|l| snippet(map, l, "", AnnotationKind::Primary));
        if let Some(s) = primary {
            groups.push(title.element(s));
        } else {
            if let Some((file, _, _)) = file_of(map, d.loc) {
                title = level(d.severity)
                    .primary_title(d.message.as_str())
                    .id(code.as_str());
                groups.push(title.element(annotate_snippets::Origin::path(file)));
            } else {
                groups.push(Group::with_title(title));
            }
        }
        for n in &d.notes {
            let t = Level::NOTE.secondary_title(n.message.as_str());
            match snippet(map, n.loc, "", AnnotationKind::Context) {
                Some(s) => groups.push(t.element(s)),
                None => groups.push(Group::with_title(t)),
            }
        }
        if let Some(h) = &d.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
        if hides > 0 {
            let what = if hides == 1 {
                "diagnostic"
            } else {
                "diagnostics"
            };
            out.push_str(&format!(
                "({hides} more {what} caused by this one hidden; --all to show)\n\n"
            ));
        }
    }
    out.push_str(&summary(diags));
    out
}

pub fn summary(diags: &Diags) -> String {
    let (e, w) = (diags.count(Severity::Error), diags.count(Severity::Warning));
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    if e == 0 && w == 0 {
        "ok: the plan is valid\n".to_string()
    } else {
        format!("{}, {}\n", plural(e, "error"), plural(w, "warning"))
    }
}

fn json_diag(d: &Diagnostic, map: &SourceMap) -> Value {
    let mut o = serde_json::Map::new();
    o.insert("code".into(), json!(d.code_str()));
    o.insert("severity".into(), json!(d.severity.as_str()));
    o.insert("message".into(), json!(d.message));
    // Spec §7.5: `file`, `line` and `column` are always present, `null` when the diagnostic has none, so that a
    // consumer can index them without checking.
    let (file, line, column) = match file_of(map, d.loc) {
        Some((file, line, col)) if line > 0 => (json!(file), json!(line), json!(col.max(1))),
        Some((file, _, _)) => (json!(file), Value::Null, Value::Null),
        None => (Value::Null, Value::Null, Value::Null),
    };
    o.insert("file".into(), file);
    o.insert("line".into(), line);
    o.insert("column".into(), column);
    if let Some(h) = &d.help {
        o.insert("help".into(), json!(h));
    }
    if !d.notes.is_empty() {
        let notes: Vec<Value> = d
            .notes
            .iter()
            .map(|n| {
                let (file, line, _) = file_of(map, Some(n.loc)).unwrap_or(("?", 0, 0));
                json!({"message": n.message, "file": file, "line": line})
            })
            .collect();
        o.insert("notes".into(), Value::Array(notes));
    }
    Value::Object(o)
}

/// Spec §3: `{"diagnostics":[...],"errors":N,"warnings":N}`.
pub fn json(diags: &Diags, map: &SourceMap) -> String {
    json_plans(&[Named::one(diags, map)])
}

/// One plan's diagnostics, named when `pbn validate` checks several plans in one run.
pub struct Named<'a> {
    /// The plan's folder as the user typed it; `None` for a single plan.
    pub plan: Option<&'a str>,
    pub diags: &'a Diags,
    pub map: &'a SourceMap,
}

impl<'a> Named<'a> {
    pub fn one(diags: &'a Diags, map: &'a SourceMap) -> Self {
        Self {
            plan: None,
            diags,
            map,
        }
    }
}

/// The JSON of spec §3 for one or several plans: with several, each diagnostic also says its `plan`, and the
/// counts are totals.
pub fn json_plans(plans: &[Named]) -> String {
    let mut list = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    for p in plans {
        for d in &p.diags.list {
            let mut v = json_diag(d, p.map);
            if let (Some(name), Value::Object(o)) = (p.plan, &mut v) {
                o.insert("plan".into(), json!(name));
            }
            list.push(v);
        }
        errors += p.diags.count(Severity::Error);
        warnings += p.diags.count(Severity::Warning);
    }
    let v = json!({"diagnostics": list, "errors": errors, "warnings": warnings});
    format!("{v}\n")
}

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test case per diagnostic (errors are failures; warnings pass with a system-out), or a single
/// passing case when the plan is clean.
pub fn junit(diags: &Diags, map: &SourceMap) -> String {
    junit_plans(&[Named::one(diags, map)])
}

/// JUnit XML for one or several plans: one test suite per plan, named after it.
pub fn junit_plans(plans: &[Named]) -> String {
    let (mut tests, mut failures, mut suites) = (0, 0, String::new());
    for p in plans {
        let (suite, t, f) = junit_suite(p);
        suites.push_str(&suite);
        tests += t;
        failures += f;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pbn validate\" tests=\"{tests}\" failures=\"{failures}\">\n{suites}</testsuites>\n"
    )
}

/// One `<testsuite>`, with its number of tests and failures.
fn junit_suite(p: &Named) -> (String, usize, usize) {
    let failures = p.diags.count(Severity::Error);
    let mut cases = String::new();
    for d in &p.diags.list {
        cases.push_str(&junit_case(d, p.map));
    }
    let tests = p.diags.list.len().max(1);
    if p.diags.list.is_empty() {
        cases.push_str("    <testcase classname=\"plan\" name=\"the plan validates\"/>\n");
    }
    let name = xml_escape(
        &p.plan
            .map_or("pbn validate".to_string(), |n| format!("pbn validate {n}")),
    );
    let suite = format!(
        "  <testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{cases}  </testsuite>\n"
    );
    (suite, tests, failures)
}

fn junit_case(d: &Diagnostic, map: &SourceMap) -> String {
    let at = match file_of(map, d.loc) {
        Some((f, l, c)) if l > 0 => format!("{f}:{l}:{c}"),
        Some((f, _, _)) => f.to_string(),
        None => "plan".into(),
    };
    let classname = xml_escape(at.split(':').next().unwrap_or("plan"));
    let name = xml_escape(&format!("{} {}: {}", d.code_str(), at, d.message));
    let body = xml_escape(&format!(
        "{}\n{}",
        d.message,
        d.help.clone().unwrap_or_default()
    ));
    match d.severity {
        Severity::Error => format!(
            "    <testcase classname=\"{classname}\" name=\"{name}\">\n      <failure type=\"{}\" message=\"{}\">{body}</failure>\n    </testcase>\n",
            d.code_str(),
            xml_escape(&d.message)
        ),
        _ => format!(
            "    <testcase classname=\"{classname}\" name=\"{name}\">\n      <system-out>{} {body}</system-out>\n    </testcase>\n",
            d.severity.as_str()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_range_stops_at_separators() {
        assert_eq!(token_range("  rssi: abc", 3), 2..6);
        assert_eq!(token_range("x", 5), 1..1);
        assert_eq!(token_range("é: 1", 1), 0..2);
        assert_eq!(token_range("a {{contact:x}} b", 3), 2..15);
    }

    #[test]
    fn token_range_covers_a_quoted_value() {
        let line = r#"  - {type: phone, value: "04 74 00 30"}"#;
        let r = token_range(line, 26);
        assert_eq!(&line[r], r#""04 74 00 30""#);
        let line = r#"do: "a \" b: c" # note"#;
        assert_eq!(&line[token_range(line, 5)], r#""a \" b: c""#);
        let line = "do: 'l''équipe, puis' x";
        assert_eq!(&line[token_range(line, 5)], "'l''équipe, puis'");
        // Closed by the next lines: the rest of this one.
        let line = "do: \"Débrancher le câble   ";
        assert_eq!(&line[token_range(line, 5)], "\"Débrancher le câble");
        assert_eq!(token_range("a: ''", 4), 3..5);
        assert_eq!(token_range("a: \"", 4), 3..4);
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
