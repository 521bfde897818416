//! The human review of one plan, written like the reviewer's letter (the same words as the PDF and HTML
//! letters, [`super::words`], in the plan's language): who and when, the verdict first, the score and what it
//! means, the validation errors when the plan does not validate, then the failures grouped by severity — each
//! finding with its subject, its place and how to fix it — then the notes, the rules that pass and those that
//! do not apply.

use super::words::{self, Words, plain};
use crate::diag::Severity;
use crate::rules::report::{FindingOut, Report, RuleReport, Status};
use std::fmt::Write as _;

const WIDTH: usize = 100;
/// Findings printed per rule; the rest are counted (JSON, HTML and the PDF letter have them all).
const MAX_FINDINGS: usize = 12;

/// Words of `text` wrapped at [`WIDTH`], every line starting with `indent`.
pub fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for w in text.split_whitespace() {
        if line.len() > indent.len() && line.chars().count() + 1 + w.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if line.len() > indent.len() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Where a finding is, in the report's language: `contacts.yaml:12 · plan.pdf, page 7`.
pub fn place(w: &Words, f: &FindingOut) -> String {
    words::place(w, f.file.as_deref(), f.line, f.page)
}

/// The identity line: FINESS, version, fingerprint.
pub fn identity(w: &Words, r: &Report) -> String {
    let mut id = Vec::new();
    if let Some(f) = &r.finess {
        id.push(format!("FINESS {f}"));
    }
    if let Some(v) = &r.version {
        id.push(format!("{} {v}", w.version));
    }
    id.push(format!("{} {}", w.fingerprint, r.fingerprint));
    id.join(" · ")
}

fn header(w: &Words, r: &Report, o: &mut String) {
    let name = r.establishment.as_deref().unwrap_or(w.unnamed);
    let _ = writeln!(o, "{} — {name}", w.title);
    let _ = writeln!(o, "{}", identity(w, r));
    let date = words::as_of(r).map_or(r.as_of.clone(), |d| words::date(w, d));
    let _ = writeln!(o, "{} {date}\n", w.as_of);
    o.push_str(&wrap(&words::verdict(w, r), ""));
    let (score, meaning) = words::score(w, r);
    o.push_str(&wrap(&score, ""));
    o.push_str(&wrap(&meaning, ""));
    if let Some(t) = words::thresholds(w, r) {
        o.push_str(&wrap(&t, ""));
    }
}

fn validation(w: &Words, r: &Report, o: &mut String) {
    if r.valid {
        return;
    }
    let _ = write!(o, "\n{}\n", w.validation);
    o.push_str(&wrap(w.validation_intro, "  "));
    for d in &r.diagnostics {
        let lines = words::diagnostic(w, d);
        o.push_str("  • ");
        o.push_str(wrap(&lines.head, "    ").trim_start());
        o.push_str(&wrap(&lines.detail, "    "));
        if let Some(t) = &lines.todo {
            o.push_str(&wrap(t, "    "));
        }
    }
}

fn rule_block(w: &Words, r: &RuleReport, o: &mut String) {
    let _ = writeln!(o, "\n  {} — {}", r.id, words::rule_title(w, r.id, r.title));
    let failing: Vec<&FindingOut> = r
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    for f in failing.iter().take(MAX_FINDINGS) {
        let at = place(w, f);
        let at = if at.is_empty() {
            String::new()
        } else {
            format!(" ({at})")
        };
        let _ = writeln!(o, "    • {}{at}", f.subject);
        o.push_str(&wrap(&words::message(w, f), "      "));
    }
    if failing.len() > MAX_FINDINGS {
        let more = w
            .more
            .replace("{n}", &(failing.len() - MAX_FINDINGS).to_string());
        let _ = writeln!(o, "    • … {more}");
    }
    if w.lang == "en" {
        o.push_str(&wrap(&format!("{}: {}", w.why, plain(r.rationale)), "    "));
    }
    let fix = words::rule_fix(w, r.id, r.fix);
    let sep = if w.lang == "en" { ": " } else { " : " };
    o.push_str(&wrap(&format!("{}{sep}{fix}", w.how_to_fix), "    "));
}

/// The evidence matrix of `--framework`: one block per objective, its status, source, rules and where the plan
/// proves it.
fn framework(w: &Words, r: &Report, o: &mut String) {
    let Some(m) = &r.framework else {
        return;
    };
    let sep = if w.lang == "en" { ": " } else { " : " };
    let _ = write!(
        o,
        "\n{}{sep}{}\n",
        w.framework,
        words::framework_title(w, m)
    );
    o.push_str(&wrap(w.framework_note, "  "));
    for ob in &m.objectives {
        let (title, status) = words::objective(w, ob);
        o.push('\n');
        o.push_str(&wrap(&format!("[{status}] {} — {title}", ob.id), "  "));
        o.push_str(&wrap(&format!("{}{sep}{}.", w.source, ob.source), "    "));
        if !ob.rules.is_empty() {
            o.push_str(&wrap(
                &format!("{}{sep}{}.", w.rules, ob.rules.join(", ")),
                "    ",
            ));
        }
        if !ob.evidence.is_empty() {
            let ev = words::evidence(w, ob);
            o.push_str(&wrap(&format!("{}{sep}{ev}.", w.evidence), "    "));
        }
    }
}

pub fn render(r: &Report) -> String {
    let w = words::of(r);
    let mut o = String::new();
    header(w, r, &mut o);
    validation(w, r, &mut o);
    framework(w, r, &mut o);
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let failed: Vec<&RuleReport> = r.failed(sev).collect();
        if failed.is_empty() {
            continue;
        }
        let _ = write!(o, "\n{}\n", words::heading(w, sev));
        for rule in failed {
            rule_block(w, rule, &mut o);
        }
    }
    notes(w, r, &mut o);
    let passed: Vec<&str> = r
        .rules
        .iter()
        .filter(|x| x.status == Status::Pass)
        .map(|x| x.id)
        .collect();
    let sep = if w.lang == "en" { ": " } else { " : " };
    if !passed.is_empty() {
        o.push('\n');
        o.push_str(&wrap(
            &format!("{}{sep}{}.", w.passing, passed.join(", ")),
            "",
        ));
    }
    // Rules that share a reason share a line: an invalid plan's dozen rules not run read as one sentence.
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for x in r.rules.iter().filter(|x| x.status == Status::NotApplicable) {
        let why = words::reason(w, x);
        match groups.iter_mut().find(|(r, _)| *r == why) {
            Some((_, ids)) => ids.push(x.id),
            None => groups.push((why, vec![x.id])),
        }
    }
    for (why, ids) in groups {
        o.push_str(&wrap(
            &format!("{}{sep}{} — {why}.", w.not_applicable, ids.join(", ")),
            "",
        ));
    }
    o
}

fn notes(w: &Words, r: &Report, o: &mut String) {
    let notes: Vec<(&str, &FindingOut)> = r
        .rules
        .iter()
        .flat_map(|x| {
            x.findings
                .iter()
                .filter(|f| f.severity == Severity::Info)
                .map(move |f| (x.id, f))
        })
        .collect();
    if notes.is_empty() {
        return;
    }
    let _ = write!(o, "\n{}\n", w.for_information);
    let sep = if w.lang == "en" { ": " } else { " : " };
    for (id, f) in notes {
        let at = place(w, f);
        let at = if at.is_empty() {
            String::new()
        } else {
            format!(" ({at})")
        };
        let text = wrap(
            &format!("{id}, {}{at}{sep}{}", f.subject, words::message(w, f)),
            "    ",
        );
        o.push_str("  • ");
        o.push_str(text.trim_start());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_indent() {
        let long = "word ".repeat(40);
        let w = wrap(&long, "    ");
        assert!(
            w.lines()
                .all(|l| l.starts_with("    word") && l.chars().count() <= WIDTH)
        );
        assert_eq!(wrap("", "  "), "");
    }
}
