//! The "En cas d'attaque" box holds on page 2, on one page, as the role cards hold on one sheet: it is measured
//! alone (the typesetter's measure-only pass, no page is made), and when it runs over, the first gestures are
//! shortened — whole gestures from the end, then the sentences of the last one kept — and the box ends on a line
//! sending the reader to the full sheet, with its page. Whom to call first with their 24/7 numbers (two or three
//! people a role, as `render/resolve.rs` picks them), the national numbers and the clocks
//! are never cut: a box too long without any gesture (a plan with dozens of obligations due within 72 h) still
//! runs over, and the warning says so. What was cut is reported as an
//! [`EmergencyCut`], which the build turns into a warning.

use super::cards::largest;
use super::emergency::emergency_box;
use super::inline::md_inlines;
use super::pagerefs;
use crate::render::view::View;
use pbn_typeset::{Block, Document, Error, Inline, Meta, Typesetter};
use std::cmp::Ordering;
use std::collections::BTreeSet;

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

/// Where the sentences of a run of inlines end: (inline, byte offset just after the full stop, question or
/// exclamation mark), for each mark followed by white space — the last sentence's end is not listed. A mark
/// after a lone letter ("M. Martin", "p. 12") ends no sentence.
fn sentence_ends(v: &[Inline]) -> Vec<(usize, usize)> {
    fn text(i: &Inline) -> &str {
        match i {
            Inline::Text { text, .. } | Inline::Link { text, .. } => text,
            Inline::LineBreak => "\n",
            Inline::PageRef { .. } => "",
        }
    }
    let mut ends = Vec::new();
    // The mark waiting for its next character (which may be in the next inline); the length of the word being
    // read and of the last word read.
    let mut pending: Option<(usize, usize)> = None;
    let (mut word, mut last) = (0usize, 0usize);
    for (n, inline) in v.iter().enumerate() {
        for (at, c) in text(inline).char_indices() {
            if let Some(end) = pending.take()
                && c.is_whitespace()
            {
                ends.push(end);
            }
            if c.is_alphanumeric() {
                word += 1;
                last = word;
            } else {
                word = 0;
            }
            if ".!?".contains(c) && last > 1 {
                pending = Some((n, at + c.len_utf8()));
            }
        }
    }
    ends
}

/// The first `n` sentences of a run of inlines (`n` at least one, at most [`sentence_ends`]'s count), in their
/// styles.
pub(super) fn first_sentences(v: &[Inline], n: usize) -> Vec<Inline> {
    let ends = sentence_ends(v);
    let Some(&(at, offset)) = n.checked_sub(1).and_then(|i| ends.get(i)) else {
        return v.to_vec();
    };
    let mut out = v[..at].to_vec();
    let mut last = v[at].clone();
    if let Inline::Text { text, .. } | Inline::Link { text, .. } = &mut last {
        text.truncate(offset);
    }
    out.push(last);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: &[Inline]) -> String {
        v.iter()
            .map(|i| match i {
                Inline::Text { text, .. } | Inline::Link { text, .. } => text.as_str(),
                _ => "",
            })
            .collect()
    }

    #[test]
    fn sentences_end_at_a_mark_before_a_space() {
        let v = vec![
            Inline::bold("Débrancher le câble."),
            Inline::text(" Appeler M. Martin, p. 12, au 06 00. Ne pas éteindre ! Fin"),
        ];
        assert_eq!(sentence_ends(&v).len(), 3);
        assert_eq!(plain(&first_sentences(&v, 1)), "Débrancher le câble.");
        assert_eq!(
            plain(&first_sentences(&v, 2)),
            "Débrancher le câble. Appeler M. Martin, p. 12, au 06 00."
        );
        assert_eq!(plain(&first_sentences(&v, 9)), plain(&v));
    }

    #[test]
    fn a_number_with_dots_ends_no_sentence() {
        let v = vec![Inline::text("Appeler le 01.02.03.04.05 puis attendre.")];
        assert!(sentence_ends(&v).is_empty());
    }
}
