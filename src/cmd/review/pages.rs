//! Where a finding shows in plan.pdf: the plan is laid out as `pbn build --audience ars` prints it (what an
//! establishment submits) and each finding whose subject is printed gets the page of its object (reflexes,
//! procedures, obligations, messages have their own heading) or of the section that lists it (a contact: the
//! directory), counted as a PDF viewer counts (the cover is page 1). Only the layout runs: no PDF is written.

use crate::app::Compiled;
use crate::render::{Audience, View, ViewOptions};
use crate::rules::frameworks::Matrix;
use crate::rules::report::Report;
use std::collections::BTreeMap;

/// plan.pdf's anchors: the page (1-based) of each, and the printed title of the headings and sheets.
#[derive(Default)]
pub struct Anchors {
    pub pages: BTreeMap<String, u32>,
    pub titles: BTreeMap<String, String>,
}

/// The titles of the top-level headings and sheets, by anchor.
fn titles(doc: &pbn_typeset::Document) -> BTreeMap<String, String> {
    use pbn_typeset::Block;
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, anchor, .. }
            | Block::Sheet {
                title: text,
                anchor,
                ..
            } if !anchor.is_empty() => Some((anchor.clone(), text.clone())),
            _ => None,
        })
        .collect()
}

/// The anchors of plan.pdf; empty when the plan cannot be laid out.
pub fn anchors(c: &Compiled) -> Anchors {
    let Ok(audience) = Audience::resolve("ars", &c.plan.manifest) else {
        return Anchors::default();
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
        Ok(l) => Anchors {
            pages: l
                .anchors
                .into_iter()
                .map(|(k, (page, _))| (k, u32::try_from(page + 1).unwrap_or(u32::MAX)))
                .collect(),
            titles: titles(&doc),
        },
        Err(_) => Anchors::default(),
    }
}

/// Names each piece of evidence of the matrix by the title plan.pdf prints for it.
pub fn name_evidence(m: &mut Matrix, a: &Anchors) {
    for e in m.objectives.iter_mut().flat_map(|o| o.evidence.iter_mut()) {
        e.title = a.titles.get(&e.section).cloned();
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

/// Fills each finding's `page` from plan.pdf's anchors ([`anchors`]).
pub fn locate(report: &mut Report, pages: &BTreeMap<String, u32>) {
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
