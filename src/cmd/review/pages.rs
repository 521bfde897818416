//! Where a finding shows in plan.pdf: the plan is laid out as `pbn build --audience ars` prints it (what an
//! establishment submits) and each finding whose subject is printed gets the page of its object (reflexes,
//! procedures, obligations, messages have their own heading) or of the section that lists it (a contact: the
//! directory), counted as a PDF viewer counts (the cover is page 1). Only the layout runs: no PDF is written.

use crate::app::Compiled;
use crate::render::{Audience, View, ViewOptions};
use crate::rules::report::Report;
use std::collections::BTreeMap;

/// The anchors of plan.pdf with their page (1-based); empty when the plan cannot be laid out.
fn anchors(c: &Compiled) -> BTreeMap<String, u32> {
    let Ok(audience) = Audience::resolve("ars", &c.plan.manifest) else {
        return BTreeMap::new();
    };
    let view = View::build(
        &c.plan,
        &c.map,
        &ViewOptions {
            audience,
            date: None,
        },
    );
    let doc = crate::render::pdf::plan_document(&view, None);
    match pbn_typeset::layout(&doc) {
        Ok(l) => l
            .anchors
            .into_iter()
            .map(|(k, (page, _))| (k, u32::try_from(page + 1).unwrap_or(u32::MAX)))
            .collect(),
        Err(_) => BTreeMap::new(),
    }
}

/// The anchors that may show a finding's subject, best first: the object's own (`reflex:premiers-gestes` →
/// `reflex-premiers-gestes`, printed for reflexes, procedures, obligations and messages), then the section
/// that lists objects of its kind (contacts are rows of the directory, applications of their table…).
fn anchors_of(subject: &str) -> Vec<String> {
    let (kind, id) = subject.split_once(':').unwrap_or((subject, ""));
    let section = match kind {
        "contact" => Some("directory"),
        "application" => Some("applications"),
        "function" => Some("functions"),
        "role" | "cell-member" | "crisis_cell" => Some("crisis-cell"),
        "exercise" | "exercises" | "finding" => Some("exercises"),
        "backups" => Some("backups"),
        "obligation" => Some("chronology"),
        "message" => Some("messages"),
        "reflex" => Some("reflexes"),
        "procedure" => Some("procedures"),
        _ => None,
    };
    let mut out = Vec::new();
    if !id.is_empty() {
        out.push(crate::render::resolve_anchor(kind, id));
    }
    out.extend(section.map(str::to_string));
    out
}

/// Fills each finding's `page`.
pub fn locate(report: &mut Report, c: &Compiled) {
    let pages = anchors(c);
    for rule in &mut report.rules {
        for f in &mut rule.findings {
            f.page = anchors_of(&f.subject)
                .iter()
                .find_map(|a| pages.get(a).copied());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_name_anchors() {
        assert_eq!(anchors_of("contact:dsi"), ["contact-dsi", "directory"]);
        assert_eq!(
            anchors_of("reflex:premiers-gestes")[0],
            "reflex-premiers-gestes"
        );
        assert_eq!(anchors_of("backups"), ["backups"]);
        assert!(anchors_of("plan").is_empty());
    }
}
