//! The review letter as a PDF (`pbn review --letters OUT`), typeset with pbn-typeset in the plan's language:
//! the agency's letterhead, the establishment, reference, date and reply deadline, the verdict in one sentence
//! and the score with what it means, the validation errors when the plan does not validate, every finding
//! grouped by severity with its place (file:line and plan.pdf page) and how to fix it, and the signature.
//! The words are the terminal and HTML letters' ([`super::words`]).

use super::reviewer::Reviewer;
use super::words::{self, Words};
use crate::diag::Severity;
use crate::rules::report::{FindingOut, Report, RuleReport, Status, Verdict};
use chrono::Datelike;
use pbn_typeset::{Block, CalloutStyle, DateTime, Document, Inline, ListKind, Meta};

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![Inline::text(text)])
}

fn lines(parts: &[String]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        out.push(Inline::text(p.clone()));
    }
    out
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        anchor: String::new(),
        outline: level == 1,
    }
}

/// What the letter needs besides the report.
pub struct LetterInfo<'a> {
    pub reviewer: &'a Reviewer,
    pub reference: String,
    pub date: chrono::NaiveDate,
    pub deadline: chrono::NaiveDate,
}

fn letterhead(w: &Words, r: &Report, info: &LetterInfo, blocks: &mut Vec<Block>) {
    let rv = info.reviewer;
    let mut head = vec![Inline::bold(rv.agency.clone())];
    let mut rest: Vec<String> = rv.department.iter().cloned().collect();
    rest.extend(rv.address.iter().cloned());
    for l in rest {
        head.push(Inline::LineBreak);
        head.push(Inline::text(l));
    }
    blocks.push(Block::Paragraph(head));
    blocks.push(Block::Spacer(12.0));
    let mut to = vec![r.establishment.clone().unwrap_or_else(|| w.unnamed.into())];
    if let Some(f) = &r.finess {
        to.push(format!("FINESS {f}"));
    }
    let date = words::date(w, info.date);
    let dated = match (&rv.city, w.lang) {
        (Some(c), "en") => format!("{c}, {date}"),
        (Some(c), _) => format!("{c}, le {date}"),
        (None, _) => date,
    };
    let mut kv = vec![
        (w.to.to_string(), lines(&to)),
        (
            w.reference.to_string(),
            vec![Inline::text(info.reference.clone())],
        ),
        (w.date.to_string(), vec![Inline::text(dated)]),
        (
            w.reply_by.to_string(),
            vec![Inline::bold(words::date(w, info.deadline))],
        ),
    ];
    let mut by: Vec<String> = [&rv.reviewer, &rv.role, &rv.email, &rv.phone]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if !by.is_empty() {
        by.dedup();
        kv.push((w.followed_by.to_string(), lines(&by)));
    }
    let subject = format!("{} — {}", w.title, super::letter::identity(w, r));
    kv.push((w.subject_line.to_string(), vec![Inline::text(subject)]));
    blocks.push(Block::KeyValue(kv));
}

fn verdict(w: &Words, r: &Report, blocks: &mut Vec<Block>) {
    let (score, meaning) = words::score(w, r);
    blocks.push(heading(1, w.verdict));
    blocks.push(Block::Callout {
        style: if r.verdict == Verdict::Rejected {
            CalloutStyle::Warning
        } else {
            CalloutStyle::Note
        },
        title: String::new(),
        blocks: vec![Block::Paragraph(vec![Inline::bold(words::verdict(w, r))])],
    });
    blocks.push(para(score));
    blocks.push(Block::Paragraph(vec![Inline::italic(meaning)]));
    if let Some(t) = words::thresholds(w, r) {
        blocks.push(para(t));
    }
}

fn validation(w: &Words, r: &Report, blocks: &mut Vec<Block>) {
    if r.valid {
        return;
    }
    blocks.push(heading(1, w.validation));
    blocks.push(para(w.validation_intro));
    let items = r
        .diagnostics
        .iter()
        .map(|d| {
            let lines = words::diagnostic(w, d);
            let mut item = vec![
                Block::Paragraph(vec![Inline::bold(lines.head)]),
                Block::Paragraph(vec![Inline::text(lines.detail)]),
            ];
            if let Some(t) = lines.todo {
                item.push(Block::Paragraph(vec![Inline::italic(t)]));
            }
            item
        })
        .collect();
    blocks.push(Block::List {
        kind: ListKind::Bullet,
        items,
    });
}

/// The evidence matrix of `--framework`: one block per objective (status, source, rules, pages of plan.pdf).
fn framework(w: &Words, r: &Report, blocks: &mut Vec<Block>) {
    let Some(m) = &r.framework else {
        return;
    };
    let sep = if w.lang == "en" { ": " } else { " : " };
    blocks.push(heading(
        1,
        format!("{}{sep}{}", w.framework, words::framework_title(w, m)),
    ));
    blocks.push(Block::Paragraph(vec![Inline::italic(w.framework_note)]));
    let items = m
        .objectives
        .iter()
        .map(|ob| {
            let (title, status) = words::objective(w, ob);
            let mut p = vec![
                Inline::bold(format!("{} — {title}", ob.id)),
                Inline::text(format!(" — {status}")),
                Inline::LineBreak,
                Inline::text(format!("{}{sep}{}", w.source, ob.source)),
            ];
            if !ob.rules.is_empty() {
                p.push(Inline::LineBreak);
                p.push(Inline::text(format!(
                    "{}{sep}{}",
                    w.rules,
                    ob.rules.join(", ")
                )));
            }
            if !ob.evidence.is_empty() {
                p.push(Inline::LineBreak);
                p.push(Inline::text(format!(
                    "{}{sep}{}",
                    w.evidence,
                    words::evidence(w, ob)
                )));
            }
            vec![Block::Paragraph(p)]
        })
        .collect();
    blocks.push(Block::List {
        kind: ListKind::Bullet,
        items,
    });
}

fn finding(w: &Words, f: &FindingOut) -> Vec<Block> {
    let mut p = vec![Inline::bold(f.subject.clone())];
    let at = words::place(w, f.file.as_deref(), f.line, f.page);
    if !at.is_empty() {
        p.push(Inline::text(" — "));
        p.push(Inline::mono(at));
    }
    p.push(Inline::LineBreak);
    p.push(Inline::text(words::message(w, f)));
    vec![Block::Paragraph(p)]
}

fn rule(w: &Words, x: &RuleReport, notes: bool, blocks: &mut Vec<Block>) {
    blocks.push(heading(
        3,
        format!("{} — {}", x.id, words::rule_title(w, x.id, x.title)),
    ));
    let items = x
        .findings
        .iter()
        .filter(|f| (f.severity == Severity::Info) == notes)
        .map(|f| finding(w, f))
        .collect();
    blocks.push(Block::List {
        kind: ListKind::Bullet,
        items,
    });
    if !notes {
        let sep = if w.lang == "en" { ": " } else { " : " };
        blocks.push(Block::Paragraph(vec![
            Inline::bold(format!("{}{sep}", w.how_to_fix)),
            Inline::text(words::rule_fix(w, x.id, x.fix)),
        ]));
    }
}

fn findings(w: &Words, r: &Report, blocks: &mut Vec<Block>) {
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let failed: Vec<&RuleReport> = r.failed(sev).collect();
        if failed.is_empty() {
            continue;
        }
        blocks.push(heading(1, words::heading(w, sev)));
        failed.iter().for_each(|x| rule(w, x, false, blocks));
    }
    let noted: Vec<&RuleReport> = r
        .rules
        .iter()
        .filter(|x| x.findings.iter().any(|f| f.severity == Severity::Info))
        .collect();
    if !noted.is_empty() {
        blocks.push(heading(1, w.for_information));
        noted.iter().for_each(|x| rule(w, x, true, blocks));
    }
    let sep = if w.lang == "en" { ": " } else { " : " };
    let ids = |s: Status| -> Vec<&str> {
        r.rules
            .iter()
            .filter(|x| x.status == s)
            .map(|x| x.id)
            .collect()
    };
    // Rules not run because of validation errors are not "sans objet": they say so apart.
    let not_run: Vec<&str> = r.rules.iter().filter(|x| x.not_run).map(|x| x.id).collect();
    let not_run_label = if w.lang == "en" {
        "Not run because of the validation errors"
    } else {
        "Non appliquées à cause des erreurs de validation"
    };
    for (label, list) in [
        (w.passing, ids(Status::Pass)),
        (
            w.not_applicable,
            ids(Status::NotApplicable)
                .into_iter()
                .filter(|id| !not_run.contains(id))
                .collect(),
        ),
        (not_run_label, not_run),
    ] {
        if !list.is_empty() {
            blocks.push(Block::Paragraph(vec![
                Inline::bold(format!("{label}{sep}")),
                Inline::text(list.join(", ")),
            ]));
        }
    }
}

fn closing(w: &Words, r: &Report, info: &LetterInfo, blocks: &mut Vec<Block>) {
    let deadline = words::date(w, info.deadline);
    let warnings = r.failed(Severity::Warning).count() > 0;
    let text = match r.verdict {
        Verdict::Rejected => w.reply_rejected.replace("{date}", &deadline),
        Verdict::Accepted if warnings => w.reply_later.replace("{date}", &deadline),
        Verdict::Accepted => w.reply_accepted.to_string(),
    };
    blocks.push(Block::Spacer(12.0));
    blocks.push(para(text));
    let rv = info.reviewer;
    let sign: Vec<String> = [&rv.reviewer, &rv.role]
        .into_iter()
        .flatten()
        .cloned()
        .chain(std::iter::once(rv.agency.clone()))
        .collect();
    blocks.push(Block::Spacer(12.0));
    blocks.push(Block::Paragraph(lines(&sign)));
}

/// The letter as a typesetter document (deterministic: its date is the review date).
pub fn document(r: &Report, info: &LetterInfo) -> Document {
    let w = words::of(r);
    let mut blocks = Vec::new();
    letterhead(w, r, info, &mut blocks);
    verdict(w, r, &mut blocks);
    validation(w, r, &mut blocks);
    framework(w, r, &mut blocks);
    findings(w, r, &mut blocks);
    closing(w, r, info, &mut blocks);
    let name = r.establishment.clone().unwrap_or_else(|| w.unnamed.into());
    let mut meta = Meta {
        title: format!("{} — {name}", w.title),
        subject: info.reference.clone(),
        author: info.reviewer.agency.clone(),
        lang: w.lang.into(),
        header_left: info.reviewer.agency.clone(),
        header_right: info.reference.clone(),
        footer_left: name,
        footer_right: format!("{} {}", w.fingerprint, r.fingerprint),
        creation_date: Some(DateTime {
            year: info.date.year(),
            month: info.date.month() as u8,
            day: info.date.day() as u8,
            ..DateTime::default()
        }),
        ..Meta::default()
    };
    if w.lang == "en" {
        meta.labels.contents = "Contents".into();
        meta.labels.continued = "(continued)".into();
    }
    Document { meta, blocks }
}
