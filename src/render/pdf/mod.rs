//! View model → the typesetter's [`Document`] for `plan.pdf` and `cards.pdf`.
//!
//! The binder is the cover, the contents, then the view's `sections` in order, each through its own function
//! (`sections`); `cards` builds the role sheets, `inline` the text (markdown fields become styled inlines
//! through [`markdown::to_paras`](super::markdown::to_paras)), `table` the one shape of every table. Layout
//! and PDF writing belong to `pbn-typeset`.

mod bisect;
mod blocks;
mod cards;
mod emergency;
mod emergency_fit;
mod inline;
mod pagerefs;
mod response;
mod sections;
mod sentences;
mod table;

pub use cards::{CardCut, FittedCards, PlanPages, cards_pdf, fit_cards};
pub use emergency_fit::EmergencyCut;

use super::view::{SectionId, View};
use pbn_typeset::{Block, DateTime, Document, Error, Labels as TsLabels, Layout, Meta, Prepared};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

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

/// plan.pdf up to its writing: the binder laid out (once: page references are filled in by the typesetter),
/// fonts embedded, pages encoded.
pub fn plan_pdf(view: &View, date: Option<DateTime>) -> Result<Prepared, Error> {
    plan_pdf_then(view, date, |_| {}).map(|(p, _)| p)
}

/// [`plan_pdf`], giving `laid_out` the page of every anchor as soon as the layout is done (before the fonts
/// and pages are encoded): cards.pdf waits for them to say where the rest of a cut card is. Also what was left
/// out of the "En cas d'attaque" box so that it holds on page 2.
pub fn plan_pdf_then(
    view: &View,
    date: Option<DateTime>,
    laid_out: impl FnOnce(Arc<PlanPages>),
) -> Result<(Prepared, Option<EmergencyCut>), Error> {
    let (doc, cut) = fitted_plan_document(view, date)?;
    let layout = pbn_typeset::layout(&doc)?;
    let meta = doc.meta.clone();
    drop(doc);
    laid_out(Arc::new(anchor_pages(&layout)));
    Ok((Prepared::from_layout(layout, meta)?, cut))
}

/// The page of every anchor of plan.pdf, for a build of cards.pdf without plan.pdf.
pub fn plan_pages(view: &View, date: Option<DateTime>) -> Result<PlanPages, Error> {
    Ok(anchor_pages(&pbn_typeset::layout(&plan_document(
        view, date,
    ))?))
}

/// The page (1-based) of each anchor of a layout.
fn anchor_pages(layout: &Layout) -> PlanPages {
    layout
        .anchors
        .iter()
        .map(|(a, (page, _))| (a.clone(), page + 1))
        .collect()
}

/// The printed binder: cover, the "En cas d'attaque" box on its own page, contents, then every section of the
/// view, each starting a page; cross-references carry their target's page (`pagerefs`). The box is cut to
/// hold on one page, unless the fonts cannot be read (the layout that follows then says so).
pub fn plan_document(view: &View, date: Option<DateTime>) -> Document {
    match fitted_plan_document(view, date) {
        Ok((doc, _)) => doc,
        Err(_) => binder(view, date, |printed| {
            emergency_fit::annotated(view, emergency::Keep::full(view), printed)
        }),
    }
}

/// [`plan_document`], and what was left out of the "En cas d'attaque" box so that it holds on page 2.
pub fn fitted_plan_document(
    view: &View,
    date: Option<DateTime>,
) -> Result<(Document, Option<EmergencyCut>), Error> {
    let mut cut = Ok(None);
    let doc = binder(view, date, |printed| {
        let meta = meta(view, &view.cover.title, date);
        match emergency_fit::fitted(view, &meta, printed) {
            Ok(Some((block, c))) => {
                cut = Ok(c);
                Some(block)
            }
            Ok(None) => None,
            Err(e) => {
                cut = Err(e);
                None
            }
        }
    });
    Ok((doc, cut?))
}

/// The binder, with the box that `emergency` makes, given the anchors the binder prints, after the cover.
fn binder(
    view: &View,
    date: Option<DateTime>,
    emergency: impl FnOnce(&BTreeSet<String>) -> Option<Block>,
) -> Document {
    let c = &view.cover;
    let mut b = vec![Block::Cover {
        title: c.title.clone(),
        // The title often names the establishment already ("Plan blanc numérique — CH …").
        subtitle: if c.title.contains(&c.establishment) {
            String::new()
        } else {
            c.establishment.clone()
        },
        // The approval follows the identification lines: who gave an opinion, adoption, version, board.
        lines: c
            .lines
            .iter()
            .chain(&c.approval)
            .map(|x| (x.label.clone(), x.value.clone()))
            .collect(),
        note: c.audience.clone(),
    }];
    let after_cover = b.len();
    b.push(Block::Toc);
    // Sections are built side by side (a hundred reflex sheets are most of the binder), then put in order.
    let built: Vec<Vec<Block>> = view
        .sections
        .par_iter()
        .map(|s| sections::section(view, s))
        .collect();
    for (i, (s, blocks)) in view.sections.iter().zip(built).enumerate() {
        // The contents end their own page, and the crisis log's ruled pages start theirs.
        if i > 0 && s.id != SectionId::CrisisLog {
            b.push(Block::PageBreak);
        }
        b.extend(blocks);
    }
    let mut printed = BTreeSet::new();
    pagerefs::anchors(&b, &mut printed);
    b.par_chunks_mut(16)
        .for_each(|part| pagerefs::annotate(part, &printed, view.labels.page_ref));
    // The box is measured alone, once the binder's anchors are known, and holds no anchor itself.
    if let Some(e) = emergency(&printed) {
        b.splice(after_cover..after_cover, [e, Block::PageBreak]);
    }
    Document {
        meta: meta(view, &c.title, date),
        blocks: b,
    }
}
