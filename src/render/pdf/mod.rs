//! View model → the typesetter's [`Document`] for `plan.pdf` and `cards.pdf`.
//!
//! The binder is the cover, the contents, then the view's `sections` in order, each through its own function
//! (`sections`); `cards` builds the role sheets, `inline` the text (markdown fields become styled inlines
//! through [`markdown::to_paras`](super::markdown::to_paras)), `table` the one shape of every table. Layout
//! and PDF writing belong to `pbn-typeset`.

mod cards;
mod inline;
mod response;
mod sections;
mod table;

use super::view::{SectionId, View};
use pbn_typeset::{Block, DateTime, Document, Labels as TsLabels, Meta};

fn meta(view: &View, title: &str, date: Option<DateTime>) -> Meta {
    let l = view.labels;
    let c = &view.cover;
    Meta {
        title: title.to_string(),
        subject: c.title.clone(),
        author: c.establishment.clone(),
        lang: view.lang.to_string(),
        header_left: c.establishment.clone(),
        header_right: c.classification.clone().unwrap_or_default(),
        footer_left: match &c.version {
            Some(v) => format!("{} {v}", l.version),
            None => String::new(),
        },
        footer_right: format!("{} {}", l.fingerprint, c.fingerprint),
        creation_date: date,
        labels: TsLabels {
            contents: l.contents.to_string(),
            page_of: l.page_of.to_string(),
            continued: l.continued.to_string(),
        },
    }
}

/// The printed binder: cover, contents, then every section of the view, each starting a page.
pub fn plan_document(view: &View, date: Option<DateTime>) -> Document {
    let c = &view.cover;
    let mut b = vec![
        Block::Cover {
            title: c.title.clone(),
            // The title often names the establishment already ("Plan blanc numérique — CH …").
            subtitle: if c.title.contains(&c.establishment) {
                String::new()
            } else {
                c.establishment.clone()
            },
            lines: c
                .lines
                .iter()
                .map(|x| (x.label.clone(), x.value.clone()))
                .collect(),
            note: c.audience.clone(),
        },
        Block::Toc,
    ];
    for (i, s) in view.sections.iter().enumerate() {
        // The contents end their own page, and the crisis log's ruled pages start theirs.
        if i > 0 && s.id != SectionId::CrisisLog {
            b.push(Block::PageBreak);
        }
        b.extend(sections::section(view, s));
    }
    Document {
        meta: meta(view, &c.title, date),
        blocks: b,
    }
}

/// `cards.pdf`: one page per role that has reflexes.
pub fn cards_document(view: &View, date: Option<DateTime>) -> Document {
    let l = view.labels;
    Document {
        meta: meta(view, &format!("{} — {}", view.cover.title, l.roles), date),
        blocks: cards::cards(view),
    }
}
