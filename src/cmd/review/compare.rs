//! `pbn review NEW --compare OLD`: the year-on-year review — which rules the new version fixed, which newly
//! fail, which still fail, and the findings (rule and subject) that stayed from one version to the other.

use super::words::{Words, plain};
use crate::rules::report::{Report, Status, Verdict};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Compare {
    /// Rules that failed in the old version and do not any more.
    pub fixed: Vec<&'static str>,
    /// Rules that fail now and did not before.
    pub new: Vec<&'static str>,
    /// Rules that fail in both.
    pub still: Vec<&'static str>,
    /// Findings (rule, subject) present in both versions.
    pub still_findings: Vec<StillFinding>,
    /// The old version, for the record.
    pub previous: Previous,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StillFinding {
    pub rule: &'static str,
    pub subject: String,
    pub message: String,
    /// The message in French (the terminal letter of a French plan).
    #[serde(skip)]
    pub message_fr: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Previous {
    pub plan: String,
    pub version: Option<String>,
    pub score: u32,
    pub verdict: Verdict,
}

fn failing(r: &Report) -> BTreeSet<&'static str> {
    r.rules
        .iter()
        .filter(|x| x.status == Status::Fail)
        .map(|x| x.id)
        .collect()
}

/// Compares the reviews of two versions (rule order: the rule set's).
pub fn compare(old: &Report, new: &Report) -> Compare {
    let (was, is) = (failing(old), failing(new));
    let order = |set: &dyn Fn(&&'static str) -> bool| -> Vec<&'static str> {
        new.rules
            .iter()
            .map(|x| x.id)
            .filter(|id| set(id))
            .collect()
    };
    let old_findings: BTreeSet<(&str, &str)> = old
        .rules
        .iter()
        .flat_map(|x| x.findings.iter().map(move |f| (x.id, f.subject.as_str())))
        .collect();
    let still_findings = new
        .rules
        .iter()
        .filter(|x| x.status == Status::Fail)
        .flat_map(|x| x.findings.iter().map(move |f| (x.id, f)))
        .filter(|(id, f)| old_findings.contains(&(*id, f.subject.as_str())))
        .map(|(rule, f)| StillFinding {
            rule,
            subject: f.subject.clone(),
            message: f.message.clone(),
            message_fr: f.message_fr.clone(),
        })
        .collect();
    Compare {
        fixed: old
            .rules
            .iter()
            .map(|x| x.id)
            .filter(|id| was.contains(id) && !is.contains(id))
            .collect(),
        new: order(&|id| is.contains(id) && !was.contains(id)),
        still: order(&|id| is.contains(id) && was.contains(id)),
        still_findings,
        previous: Previous {
            plan: old.plan.clone(),
            version: old.version.clone(),
            score: old.score,
            verdict: old.verdict,
        },
    }
}

fn list(ids: &[&str]) -> String {
    if ids.is_empty() {
        "—".into()
    } else {
        ids.join(", ")
    }
}

/// The comparison as a section of the letter, in its language.
pub fn human(w: &Words, c: &Compare) -> String {
    let en = w.lang == "en";
    let version = c.previous.version.as_deref().unwrap_or("?");
    let mut o = String::new();
    let (head, fixed, new, still, kept) = if en {
        (
            format!(
                "Since the previous version ({version}, score {}/100)",
                c.previous.score
            ),
            "Fixed",
            "Newly not met",
            "Still not met",
            "Findings that stayed",
        )
    } else {
        (
            format!(
                "Depuis la version précédente ({version}, score {}/100)",
                c.previous.score
            ),
            "Corrigées",
            "Nouvellement non respectées",
            "Toujours non respectées",
            "Constats toujours présents",
        )
    };
    let sep = if en { ": " } else { " : " };
    let _ = writeln!(o, "\n{head}");
    let _ = writeln!(o, "  {fixed}{sep}{}", list(&c.fixed));
    let _ = writeln!(o, "  {new}{sep}{}", list(&c.new));
    let _ = writeln!(o, "  {still}{sep}{}", list(&c.still));
    if !c.still_findings.is_empty() {
        let _ = writeln!(o, "  {kept}{sep}");
        for f in &c.still_findings {
            let message = if en { &f.message } else { &f.message_fr };
            let text = format!("{}, {}{sep}{}", f.rule, f.subject, plain(message));
            o.push_str("    • ");
            o.push_str(super::letter::wrap(&text, "      ").trim_start());
        }
    }
    o
}
