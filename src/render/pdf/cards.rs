//! `cards.pdf`: one A4 sheet per role that acts in a reflex, to pin on a wall — whom to call first (large),
//! the role's own steps from every reflex it acts in (numbered), its "ne pas faire", the 24/7 numbers of its
//! holders and of the crisis director, with their roles, and the national numbers. (The mission is in the
//! binder.) The footer names the role, the plan's version and
//! fingerprint (no page count: each card stands alone).
//!
//! A card never runs onto a second sheet: each is laid out alone, and when it does not fit, content is left
//! out (cell numbers, then "ne pas faire" items, then steps, from the end) and reported as a
//! [`CardCut`], which the build turns into a warning. The sheets laid out apart are then put together.

use super::emergency::{callee_people, callee_row};
use super::inline::{colon, md_inlines, phone};
use super::sections::never_box;
use crate::render::view::{Person, ReflexSheet, RoleCard, StepItem, View};
use pbn_typeset::{
    Block, DateTime, Document, Error, Inline, Layout, ListKind, Meta, Prepared, Style, Typesetter,
};
use std::collections::BTreeSet;

/// What was left out of a role's card so that it fits on one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardCut {
    /// The role id.
    pub role: String,
    /// What was left out, in words (English, for the diagnostic).
    pub cut: Vec<String>,
}

/// The role's share of one reflex: the sheet and the steps the role does, as printed.
struct Part<'a> {
    reflex: &'a ReflexSheet,
    steps: Vec<Vec<Inline>>,
}

/// Everything a card may show, its text ready to lay out (a card is laid out several times when it must be cut);
/// [`Keep`] says how much of it is printed.
struct Card<'a> {
    role: &'a RoleCard,
    parts: Vec<Part<'a>>,
    never: Vec<Vec<Inline>>,
    cell: Vec<(String, Vec<Inline>)>,
}

/// How much of a card is printed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Keep {
    steps: usize,
    never: usize,
    cell: usize,
}

/// `cards.pdf` prepared for writing, and what had to be cut from cards too long for one sheet.
pub fn cards_pdf(view: &View, date: Option<DateTime>) -> Result<(Prepared, Vec<CardCut>), Error> {
    let l = view.labels;
    let title = format!("{} — {}", view.cover.title, l.roles);
    let mut all: Option<Layout> = None;
    let mut cuts = Vec::new();
    // The cards share their first lines and national numbers, and a card cut to fit is tried several times.
    let mut ts = Typesetter::new();
    for role in &view.crisis_cell.roles {
        let Some(card) = Card::new(view, role) else {
            continue;
        };
        let meta = card_meta(view, &title, role, date);
        let (layout, cut) = fit(&mut ts, view, &card, &meta)?;
        cuts.extend(cut);
        match &mut all {
            Some(a) => a.append(layout),
            None => all = Some(layout),
        }
    }
    let meta = card_meta_plain(view, &title, date);
    let layout = match all {
        Some(l) => l,
        None => pbn_typeset::layout(&Document {
            meta: meta.clone(),
            blocks: Vec::new(),
        })?,
    };
    Ok((Prepared::from_layout(layout, meta)?, cuts))
}

/// The document metadata of the cards: no page count in the footer; the version and fingerprint on its sides.
fn card_meta_plain(view: &View, title: &str, date: Option<DateTime>) -> Meta {
    let mut m = super::meta(view, title, date);
    m.labels.page_of = String::new();
    m
}

/// One card's metadata: its footer names the role between the version and the fingerprint.
fn card_meta(view: &View, title: &str, role: &RoleCard, date: Option<DateTime>) -> Meta {
    let mut m = card_meta_plain(view, title, date);
    m.labels.page_of = role.title.clone();
    m
}

/// Lays a card out alone, cutting it until it fits on one sheet.
fn fit(
    ts: &mut Typesetter,
    view: &View,
    card: &Card,
    meta: &Meta,
) -> Result<(Layout, Option<CardCut>), Error> {
    let full = Keep {
        steps: card.step_count(),
        never: card.never.len(),
        cell: card.cell.len(),
    };
    let doc = |k: Keep| Document {
        meta: meta.clone(),
        blocks: vec![card.block(view, k)],
    };
    // Cuts are tried by measuring only (no page is made); the card is laid out once, whole or as cut.
    if ts.fits_one_page(&doc(full))? {
        return Ok((ts.layout(&doc(full))?, None));
    }
    let mut fits = |k: Keep| ts.fits_one_page(&doc(k));
    let mut keep = full;
    let mut whole = false;
    // What matters least on a wall goes first: the cell's numbers (the binder's directory has them), then
    // "ne pas faire" items, then the role's own steps, each from the end; for each, the largest count that
    // fits with what comes after it still whole.
    for field in [Field::Cell, Field::Never, Field::Steps] {
        if whole {
            break;
        }
        let (mut lo, mut hi) = (0, field.get(&keep));
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(field.with(keep, mid))? {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        // Keeping none of this field was not tried when something fit; when nothing did, try it now.
        whole = lo > 0 || fits(field.with(keep, 0))?;
        keep = field.with(keep, lo);
    }
    let layout = ts.layout(&doc(keep))?;
    Ok((layout, Some(card.cut(full, keep))))
}

#[derive(Clone, Copy)]
enum Field {
    Steps,
    Never,
    Cell,
}

impl Field {
    fn get(self, k: &Keep) -> usize {
        match self {
            Field::Steps => k.steps,
            Field::Never => k.never,
            Field::Cell => k.cell,
        }
    }

    fn with(self, mut k: Keep, n: usize) -> Keep {
        match self {
            Field::Steps => k.steps = n,
            Field::Never => k.never = n,
            Field::Cell => k.cell = n,
        }
        k
    }
}

/// "Ne pas faire" items compared without case, accents, punctuation or spacing differences.
fn normalise(s: &str) -> String {
    let folded: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            c => c,
        })
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<'a> Card<'a> {
    /// The card of a role that has steps in at least one reflex.
    fn new(view: &'a View, role: &'a RoleCard) -> Option<Card<'a>> {
        let is_role = |a: &Option<String>| a.as_deref() == Some(role.anchor.as_str());
        let parts: Vec<Part> = view
            .reflexes
            .iter()
            .filter_map(|r| {
                let audience = r.audience.iter().any(|a| is_role(&a.anchor));
                let steps: Vec<Vec<Inline>> = r
                    .steps
                    .iter()
                    .filter(|s| match &s.who {
                        Some(w) => is_role(&w.anchor),
                        None => audience,
                    })
                    .map(step_inlines)
                    .collect();
                (!steps.is_empty()).then_some(Part { reflex: r, steps })
            })
            .collect();
        if parts.is_empty() {
            return None;
        }
        let mut seen = BTreeSet::new();
        let never = parts
            .iter()
            .flat_map(|p| p.reflex.never.iter())
            .filter(|n| seen.insert(normalise(n)))
            .map(|n| md_inlines(n))
            .collect();
        Some(Card {
            role,
            parts,
            never,
            cell: cell_numbers(view, role),
        })
    }

    fn step_count(&self) -> usize {
        self.parts.iter().map(|p| p.steps.len()).sum()
    }

    /// The card as one sheet, with `k` of its content.
    fn block(&self, view: &View, k: Keep) -> Block {
        let l = view.labels;
        let e = &view.emergency;
        let mut b = Vec::new();
        if !e.call_first.is_empty() {
            b.push(Block::Paragraph(vec![Inline::bold(l.call_first)]));
            for c in &e.call_first {
                let mut line = vec![Inline::text(format!("{}{}", c.label, colon(view)))];
                line.extend(callee_people(c));
                b.push(Block::Large(line));
            }
        }
        b.extend(self.steps_blocks(view, k.steps));
        if k.never > 0 {
            let items = self.never[..k.never]
                .iter()
                .map(|n| vec![Block::Paragraph(n.clone())])
                .collect();
            b.push(never_box(view, items));
        }
        if k.cell > 0 {
            b.push(Block::Paragraph(vec![Inline::bold(l.h24)]));
            b.push(Block::KeyValue(self.cell[..k.cell].to_vec()));
        }
        if !e.national.is_empty() {
            b.push(Block::Paragraph(vec![Inline::bold(l.national_numbers)]));
            b.push(Block::KeyValue(e.national.iter().map(callee_row).collect()));
        }
        Block::Sheet {
            anchor: format!("card-{}", self.role.id),
            title: format!("{} — {}", l.role, self.role.title),
            outline: true,
            blocks: b,
            source: Some(format!("role:{}", self.role.id)),
        }
    }

    /// "Vos actions": for each reflex, its title then the role's steps numbered, `n` steps in all.
    fn steps_blocks(&self, view: &View, n: usize) -> Vec<Block> {
        let mut left = n;
        let mut b = Vec::new();
        for p in &self.parts {
            if left == 0 {
                break;
            }
            let take = p.steps.len().min(left);
            left -= take;
            if b.is_empty() {
                b.push(Block::Paragraph(vec![Inline::bold(view.labels.your_steps)]));
            }
            b.push(Block::Paragraph(vec![Inline::Text {
                text: p.reflex.title.clone(),
                style: Style {
                    bold: true,
                    italic: true,
                    ..Style::default()
                },
            }]));
            b.push(Block::List {
                kind: ListKind::Ordered,
                items: p.steps[..take]
                    .iter()
                    .map(|s| vec![Block::Paragraph(s.clone())])
                    .collect(),
            });
        }
        b
    }

    /// The cut, in words, from the full card to `k`.
    fn cut(&self, full: Keep, k: Keep) -> CardCut {
        let mut cut = Vec::new();
        if k.steps < full.steps {
            let mut seen = 0;
            let reflexes: Vec<&str> = self
                .parts
                .iter()
                .filter(|p| {
                    seen += p.steps.len();
                    seen > k.steps
                })
                .map(|p| p.reflex.id.as_str())
                .collect();
            cut.push(format!(
                "{} of its {} steps (from `{}`)",
                full.steps - k.steps,
                full.steps,
                reflexes.join("`, `")
            ));
        }
        if k.never < full.never {
            cut.push(format!(
                "{} of {} \"do not\" items",
                full.never - k.never,
                full.never
            ));
        }
        if k.cell < full.cell {
            cut.push(format!(
                "{} of {} crisis-cell numbers",
                full.cell - k.cell,
                full.cell
            ));
        }
        CardCut {
            role: self.role.id.clone(),
            cut,
        }
    }
}

/// A step: its text, then when it is due.
fn step_inlines(s: &StepItem) -> Vec<Inline> {
    let mut inl = md_inlines(&s.text);
    if let Some(w) = &s.within {
        inl.push(Inline::text(" — "));
        inl.push(Inline::bold(w.clone()));
    }
    inl
}

/// The crisis director whose numbers every card carries (besides the role's own).
const DIRECTOR: &str = "role-directeur-crise";

/// The 24/7 numbers a role needs beyond those to call first: its own holder and deputy and the crisis
/// director's, one row per role (its short title), only numbers flagged 24/7. The whole cell is in the
/// binder's directory.
fn cell_numbers(view: &View, role: &RoleCard) -> Vec<(String, Vec<Inline>)> {
    let h24 = |p: &Option<Person>| p.as_ref().filter(|p| p.h24 && p.phone.is_some()).cloned();
    view.crisis_cell
        .members
        .iter()
        .filter(|m| {
            let a = m.role.anchor.as_deref();
            a == Some(role.anchor.as_str()) || a == Some(DIRECTOR)
        })
        .filter_map(|m| {
            let people: Vec<Person> = [h24(&m.holder), h24(&m.deputy)]
                .into_iter()
                .flatten()
                .collect();
            if people.is_empty() {
                return None;
            }
            let mut v = Vec::new();
            for (i, p) in people.iter().enumerate() {
                if i > 0 {
                    v.push(Inline::text(" ; "));
                }
                v.push(Inline::text(format!("{} ", p.name)));
                v.push(phone(p.phone.as_deref().unwrap_or_default(), p.masked));
            }
            let role = crate::render::assemble::acronym(&m.role.text).unwrap_or(&m.role.text);
            Some((role.to_string(), v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn do_not_items_compare_after_normalising() {
        assert_eq!(
            normalise("Ne pas éteindre les postes !"),
            normalise("ne pas  eteindre les postes")
        );
        assert_ne!(normalise("Ne pas payer"), normalise("Ne pas débrancher"));
    }
}
