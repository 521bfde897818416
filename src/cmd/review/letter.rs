//! The human review of one plan, written like a reviewer's letter: who and when, the verdict and the score,
//! then the failures grouped by severity — each finding with its subject, its place and how to fix it — then
//! the notes, the rules that pass and those that do not apply.

use crate::diag::Severity;
use crate::rules::profile::Thresholds;
use crate::rules::report::{FindingOut, Report, RuleReport, Status};
use std::fmt::Write as _;

const WIDTH: usize = 100;
/// Findings printed per rule; the rest are counted (JSON and HTML have them all).
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

pub fn place(f: &FindingOut) -> String {
    match (&f.file, f.line) {
        (Some(file), Some(line)) => format!("{file}:{line}"),
        (Some(file), None) => file.clone(),
        _ => String::new(),
    }
}

fn counts(r: &Report) -> (usize, usize, usize) {
    let pass = r.rules.iter().filter(|x| x.status == Status::Pass).count();
    let fail = r.rules.iter().filter(|x| x.status == Status::Fail).count();
    let na = r
        .rules
        .iter()
        .filter(|x| x.status == Status::NotApplicable)
        .count();
    (pass, fail, na)
}

fn header(r: &Report, o: &mut String) {
    let name = r
        .establishment
        .as_deref()
        .unwrap_or("(establishment not named)");
    let _ = writeln!(o, "Review of the plan blanc numérique — {name}");
    let mut id = Vec::new();
    if let Some(f) = &r.finess {
        id.push(format!("FINESS {f}"));
    }
    if let Some(v) = &r.version {
        id.push(format!("version {v}"));
    }
    id.push(format!("fingerprint {}", r.fingerprint));
    let _ = writeln!(o, "{}", id.join(" · "));
    let _ = writeln!(
        o,
        "Reviewed as of {} by pbn {}\n",
        r.as_of,
        env!("CARGO_PKG_VERSION")
    );
    let (pass, fail, na) = counts(r);
    let errors = r.failed(Severity::Error).count();
    let warnings = r.failed(Severity::Warning).count();
    let _ = writeln!(
        o,
        "Score {}/100 — {pass} of {} applicable rules pass; {fail} fail ({errors} error, {warnings} warning); {na} not applicable.",
        r.score,
        pass + fail
    );
    let verdict = if !r.valid {
        format!(
            "The plan does not validate ({} error(s)): run `pbn validate {}` and correct it first. The rules \
             that read the files with errors were not run (no finding is made up from what could not be \
             read); the others ran.",
            r.errors, r.plan
        )
    } else if errors > 0 {
        "The plan cannot be accepted as it stands: the errors below must be corrected.".to_string()
    } else if warnings > 0 {
        "The plan meets every required rule; the warnings below are to be corrected at the next revision."
            .to_string()
    } else {
        "The plan meets every rule.".to_string()
    };
    o.push_str(&wrap(&verdict, ""));
    if !r.diagnostics.is_empty() {
        o.push_str("\nValidation errors (the reason):\n");
        for d in &r.diagnostics {
            o.push_str(&wrap(
                &format!("{} {} — {}", d.code, d.place(), d.message),
                "  ",
            ));
        }
    }
    let d = Thresholds::default();
    if r.thresholds != d {
        let t = &r.thresholds;
        o.push_str(&wrap(
            &format!(
                "Thresholds in effect (months): contacts {}, exercise {}, restore test {}, review {}, training {} \
                 (defaults 6, 12, 12, 12, 12).",
                t.contact_freshness_months,
                t.exercise_months,
                t.restore_test_months,
                t.review_months,
                t.training_months
            ),
            "",
        ));
    }
}

fn rule_block(r: &RuleReport, o: &mut String) {
    let _ = writeln!(o, "\n  {} — {}", r.id, r.title);
    let failing: Vec<&FindingOut> = r
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    for f in failing.iter().take(MAX_FINDINGS) {
        let at = place(f);
        let at = if at.is_empty() {
            String::new()
        } else {
            format!(" ({at})")
        };
        let _ = writeln!(o, "    • {}{at}", f.subject);
        o.push_str(&wrap(&f.message, "      "));
    }
    if failing.len() > MAX_FINDINGS {
        let _ = writeln!(
            o,
            "    • … and {} more (every finding: --format json or --format html)",
            failing.len() - MAX_FINDINGS
        );
    }
    o.push_str(&wrap(&format!("Why: {}", r.rationale), "    "));
    o.push_str(&wrap(&format!("How to fix: {}", r.fix), "    "));
}

/// The evidence matrix of `--framework`: one line per objective, its rules and where the plan proves it.
fn framework(r: &Report, o: &mut String) {
    let Some(m) = &r.framework else {
        return;
    };
    let _ = write!(
        o,
        "\n{} (`{}`; objective ids are pbn's own)\n",
        m.title, m.id
    );
    for ob in &m.objectives {
        let _ = writeln!(o, "\n  [{}] {} — {}", ob.status.as_str(), ob.id, ob.title);
        o.push_str(&wrap(&format!("Source: {}.", ob.source), "    "));
        if !ob.rules.is_empty() {
            o.push_str(&wrap(&format!("Rules: {}.", ob.rules.join(", ")), "    "));
        }
        if !ob.evidence.is_empty() {
            let ev: Vec<String> = ob
                .evidence
                .iter()
                .map(|e| format!("{} (plan.pdf p. {})", e.section, e.page))
                .collect();
            o.push_str(&wrap(&format!("Evidence: {}.", ev.join(", ")), "    "));
        }
    }
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    header(r, &mut o);
    framework(r, &mut o);
    for (sev, heading) in [
        (
            Severity::Error,
            "To correct before the plan can be accepted (errors)",
        ),
        (
            Severity::Warning,
            "To correct at the next revision (warnings)",
        ),
        (Severity::Info, "Remarks"),
    ] {
        let failed: Vec<&RuleReport> = r.failed(sev).collect();
        if failed.is_empty() {
            continue;
        }
        let _ = write!(o, "\n{heading}\n");
        for rule in failed {
            rule_block(rule, &mut o);
        }
    }
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
    if !notes.is_empty() {
        o.push_str("\nFor information\n");
        for (id, f) in notes {
            let at = place(f);
            let at = if at.is_empty() {
                String::new()
            } else {
                format!(" ({at})")
            };
            let text = wrap(&format!("{id}, {}{at}: {}", f.subject, f.message), "    ");
            o.push_str("  • ");
            o.push_str(text.trim_start());
        }
    }
    let passed: Vec<&str> = r
        .rules
        .iter()
        .filter(|x| x.status == Status::Pass)
        .map(|x| x.id)
        .collect();
    if !passed.is_empty() {
        o.push('\n');
        o.push_str(&wrap(
            &format!("Rules that pass: {}.", passed.join(", ")),
            "",
        ));
    }
    for x in r.rules.iter().filter(|x| x.status == Status::NotApplicable) {
        let why = x.reason.as_deref().unwrap_or("");
        o.push_str(&wrap(&format!("Not applicable: {} — {why}.", x.id), ""));
    }
    o
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
