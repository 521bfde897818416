//! The "En cas d'attaque" box holds on page 2, on one page, as the role cards hold on one sheet: it is measured
//! alone (the typesetter's measure-only pass, no page is made), and when it runs over, the first gestures are
//! shortened — whole gestures from the end, then the sentences of the last one kept — and the box ends on a line
//! sending the reader to the full sheet, with its page. Whom to call first with their 24/7 numbers (two or three
//! people a role, as `render/resolve.rs` picks them), the national numbers and the clocks
//! are never cut: a box too long without any gesture (a plan with dozens of obligations due within 72 h) still
//! runs over, and the warning says so. What was cut is reported as an
//! [`EmergencyCut`], which the build turns into a warning.

use super::bisect::largest;
use super::emergency::{Keep, emergency_box};
use super::inline::md_inlines;
use super::pagerefs;
use super::sentences::sentence_ends;
use crate::render::view::View;
use pbn_typeset::{Block, Document, Error, Meta, Typesetter};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// What was left out of the "En cas d'attaque" box so that it holds on page 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyCut {
    /// The first of the sheet's steps shortened or left out (0-based).
    pub step: usize,
    /// What was left out, in words (English, for the diagnostic).
    pub cut: Vec<String>,
    /// Whether the box, cut, holds on one page (when not, it still runs onto page 3).
    pub fits: bool,
}

/// The box with its page references, as the binder prints it.
pub(super) fn annotated(view: &View, k: Keep, printed: &BTreeSet<String>) -> Option<Block> {
    let mut b = vec![emergency_box(view, k)?];
    pagerefs::annotate(&mut b, printed, view.labels.page_ref);
    b.pop()
}

/// The box cut to hold on one page of `meta`'s layout, and what was cut; nothing when the plan has no box.
/// `printed` are the anchors of the binder (a reference to one of them gets its page).
pub(super) fn fitted(
    view: &View,
    meta: &Meta,
    printed: &BTreeSet<String>,
) -> Result<Option<(Block, Option<EmergencyCut>)>, Error> {
    let full = Keep::full(view);
    let Some(whole) = annotated(view, full, printed) else {
        return Ok(None);
    };
    let mut ts = Typesetter::new();
    let mut fits = |k: Keep| match annotated(view, k, printed) {
        Some(b) => ts.fits_one_page(&Document {
            meta: meta.clone(),
            blocks: vec![b],
        }),
        None => Ok(true),
    };
    if fits(full)? {
        return Ok(Some((whole, None)));
    }
    // No gesture at all, then as many whole gestures as fit, then as many sentences of the next one.
    let mut keep = Keep {
        steps: 0,
        sentences: 0,
    };
    let room = fits(keep)?;
    if room {
        keep.steps = largest(0, full.steps, |n| fits(Keep { steps: n, ..keep }))?;
        if let Some(next) = view.emergency.first_steps.get(keep.steps) {
            // All the sentences but the last: the whole gesture did not fit.
            let most = sentence_ends(&md_inlines(next)).len();
            keep.sentences = largest(0, most, |n| {
                fits(Keep {
                    sentences: n,
                    ..keep
                })
            })?;
        }
    }
    let block = annotated(view, keep, printed).unwrap_or(whole);
    Ok(Some((block, Some(cut(full, keep, room)))))
}

/// The cut, in words, from the whole box to `k`.
fn cut(full: Keep, k: Keep, fits: bool) -> EmergencyCut {
    let mut cut = Vec::new();
    let mut first = k.steps + 1;
    if k.sentences > 0 {
        let s = if k.sentences == 1 { "" } else { "s" };
        cut.push(format!(
            "the rest of first gesture {first} (its first {} sentence{s} kept)",
            k.sentences
        ));
        first += 1;
    }
    match full.steps.cmp(&first) {
        Ordering::Less => {}
        Ordering::Equal => cut.push(format!("first gesture {first}")),
        Ordering::Greater => cut.push(format!("first gestures {first} to {}", full.steps)),
    }
    EmergencyCut {
        step: k.steps,
        cut,
        fits,
    }
}
