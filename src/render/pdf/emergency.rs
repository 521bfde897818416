//! The "En cas d'attaque" box of plan.pdf (page 2, right after the cover), and the callee lines it shares with
//! the role cards: a role or service, then each person with their number.

use super::inline::{colon, internal, link, link_opt, links, md_inlines, phone};
use super::sentences::first_sentences;
use crate::render::labels::Labels;
use crate::render::view::{Callee, Link, View};
use pbn_typeset::{Block, CalloutStyle, Inline, ListKind, Style};

/// How much of the box is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Keep {
    /// Whole first gestures, from the first.
    pub(super) steps: usize,
    /// Sentences of the gesture after them, when some of it is printed (0: none).
    pub(super) sentences: usize,
}

impl Keep {
    /// The whole box.
    pub(super) fn full(view: &View) -> Keep {
        Keep {
            steps: view.emergency.first_steps.len(),
            sentences: 0,
        }
    }
}

/// The box: first gestures, whom to call first, national numbers, clocks from T0, with `k` of the first
/// gestures ([`Keep`]). Nothing when the plan has none of these.
pub(super) fn emergency_box(view: &View, k: Keep) -> Option<Block> {
    let l = view.labels;
    let e = &view.emergency;
    let mut b = Vec::new();
    if !e.first_steps.is_empty() {
        b.push(Block::Paragraph(first_steps_head(
            l.emergency_first,
            e.sheet.as_ref(),
        )));
        b.extend(first_steps(&e.first_steps, k));
        if k.steps < e.first_steps.len() {
            // Cut to fit: the reader is sent to the whole sheet (its page is added with the other references).
            let mut rest = vec![Inline::bold(format!("{}{}", l.emergency_rest, colon(view)))];
            rest.extend(link_opt(e.sheet.as_ref()));
            b.push(Block::Paragraph(rest));
        }
    }
    for (title, callees) in [
        (l.call_first, &e.call_first),
        (l.national_numbers, &e.national),
    ] {
        if !callees.is_empty() {
            b.push(Block::Paragraph(vec![Inline::bold(title)]));
            b.push(Block::KeyValue(
                callees.iter().map(|c| callee_row(c, l)).collect(),
            ));
        }
    }
    if !e.clocks.is_empty() {
        b.push(Block::Paragraph(vec![Inline::bold(l.clocks)]));
        b.push(Block::KeyValue(
            e.clocks
                .iter()
                .map(|c| (c.when.clone(), links(&c.obligations)))
                .collect(),
        ));
    }
    if b.is_empty() {
        return None;
    }
    b.insert(0, Block::Large(vec![Inline::text(l.emergency)]));
    Some(Block::Callout {
        style: CalloutStyle::Warning,
        title: String::new(),
        blocks: b,
    })
}

/// The numbered first gestures `k` keeps: whole ones, then the first sentences of the next, ending on "[…]".
fn first_steps(steps: &[String], k: Keep) -> Option<Block> {
    let mut items: Vec<Vec<Block>> = steps
        .iter()
        .take(k.steps)
        .map(|s| vec![Block::Paragraph(md_inlines(s))])
        .collect();
    if let Some(next) = steps.get(k.steps).filter(|_| k.sentences > 0) {
        let mut text = first_sentences(&md_inlines(next), k.sentences);
        text.push(Inline::text("\u{a0}[…]"));
        items.push(vec![Block::Paragraph(text)]);
    }
    (!items.is_empty()).then_some(Block::List {
        kind: ListKind::Ordered,
        items,
    })
}

/// "Premiers gestes — <the sheet>"; only the sheet, in bold, when its title already begins with the label
/// ("Premiers gestes face à une attaque informatique").
fn first_steps_head(label: &str, sheet: Option<&Link>) -> Vec<Inline> {
    let Some(sheet) = sheet else {
        return vec![Inline::bold(label)];
    };
    if sheet.text.to_lowercase().starts_with(&label.to_lowercase()) {
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        return vec![match &sheet.anchor {
            Some(a) => internal(sheet.text.clone(), a, bold),
            None => Inline::bold(sheet.text.clone()),
        }];
    }
    vec![Inline::bold(label), Inline::text(" — "), link(sheet)]
}

/// A name whose words never part: no-break spaces, unless it is too long to stay on one line (a service's
/// long name may wrap).
pub(super) fn glued(name: &str) -> String {
    if name.chars().count() > GLUED_MAX {
        return name.to_string();
    }
    name.replace(' ', "\u{a0}")
}

/// The longest name kept on one line: a line of the 15 pt "Appeler d'abord" holds about forty characters.
const GLUED_MAX: usize = 28;

/// A key–value row: the role or service, then its people and numbers.
pub(super) fn callee_row(c: &Callee, l: &Labels) -> (String, Vec<Inline>) {
    (c.label.clone(), callee_people(c, l))
}

/// "Name 06 00 00 00 00 ; Name 06 …"; a person named like the role or service itself prints its number only. A
/// number the plan does not flag `h24` says so ("pas 24 h/24"): at 3 a.m. an office line rings in an empty office.
pub(super) fn callee_people(c: &Callee, l: &Labels) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, p) in c.people.iter().enumerate() {
        if i > 0 {
            out.push(Inline::text(" ; "));
        }
        // "Astreinte informatique (téléphone d'astreinte)" under "Astreinte informatique": the number only.
        if !p.name.to_lowercase().starts_with(&c.label.to_lowercase()) {
            // No-break spaces: a person's name and number stay on one line.
            out.push(internal(glued(&p.name), &p.anchor, Style::default()));
            out.push(Inline::text("\u{a0}"));
        }
        if let Some(ph) = &p.phone {
            out.push(phone(ph, p.masked));
            if !p.h24 && !p.masked {
                out.push(Inline::text(format!("\u{a0}({})", l.not_h24)));
            }
        }
    }
    if c.people.is_empty()
        && let Some(instead) = &c.instead
    {
        out.push(Inline::bold(instead.clone()));
    }
    out
}
