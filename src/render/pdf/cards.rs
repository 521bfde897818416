//! `cards.pdf`: one A4 sheet per role that acts in a reflex, to pin on a wall — whom to call first (large),
//! the role's own steps from every reflex it acts in (numbered), its "ne pas faire", the 24/7 numbers of its
//! holders and of the crisis director, with their roles, and the national numbers. (The mission is in the
//! binder.) The footer names the role, the plan's version and
//! fingerprint (no page count: each card stands alone).
//!
//! The steps are in order of urgency (due without delay first, then by deadline), steps that read the same once
//! normalised printed once; steps and "ne pas faire" items are set small (9 pt), the numbers in the body size.
//!
//! A card never runs onto a second sheet: each is laid out alone, and when it does not fit, content is left
//! out ("ne pas faire" items, then the least urgent steps, from the end — never whom to call or a number),
//! the card ends on a line saying how much is left out and on which pages of plan.pdf it is, and the cut is
//! reported as a [`CardCut`], which the build turns into a warning. The sheets laid out apart are then put
//! together.

use super::bisect::largest_near;
use super::emergency::{callee_people, callee_row, glued};
use super::inline::{colon, md_inlines, phone};
use super::sections::never_box;
use crate::render::view::{Person, ReflexSheet, RoleCard, StepItem, View};
use pbn_typeset::{
    Block, DateTime, Document, Error, Inline, Layout, ListKind, Meta, Prepared, Typesetter,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What was left out of a role's card so that it fits on one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardCut {
    /// The role id.
    pub role: String,
    /// What was left out, in words (English, for the diagnostic).
    pub cut: Vec<String>,
}

/// The page (1-based) of each anchor of plan.pdf, for the line of a cut card that says where the rest is.
pub type PlanPages = BTreeMap<String, usize>;

/// One of the role's steps: the sheet it comes from, when it is due, and its text as printed (converted once:
/// a card is laid out several times when it must be cut).
struct Step<'a> {
    reflex: &'a ReflexSheet,
    item: &'a StepItem,
    /// Minutes from T0 ([`deadlines`]).
    due: u64,
    text: Vec<Inline>,
}

/// Everything a card may show; [`Keep`] says how much of its steps and "ne pas faire" is printed (whom to
/// call and the numbers are always printed whole).
struct Card<'a> {
    role: &'a RoleCard,
    /// Most urgent first.
    steps: Vec<Step<'a>>,
    /// Each item, as printed, with the sheet it comes from.
    never: Vec<(&'a ReflexSheet, Vec<Inline>)>,
    cell: Vec<(String, Vec<Inline>)>,
    /// plan.pdf's pages, once known; before, a placeholder as wide as the widest page number.
    pages: Option<Arc<PlanPages>>,
}

/// How much of a card is printed: its first `steps` steps and `never` "ne pas faire" items.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Keep {
    steps: usize,
    never: usize,
}

/// `cards.pdf` prepared for writing, and what had to be cut from cards too long for one sheet.
///
/// A cut card ends on a line giving the pages of plan.pdf that hold the rest. Those pages are asked of
/// `plan_pages` only when some card is cut, after every card is fitted (so the fitting runs beside the
/// binder's layout); the cut cards are then laid out once more with the real numbers.
pub fn cards_pdf(
    view: &View,
    date: Option<DateTime>,
    plan_pages: impl FnOnce() -> Option<Arc<PlanPages>>,
) -> Result<(Prepared, Vec<CardCut>), Error> {
    let fitted = fit_cards(view, date)?;
    let pages = fitted.any_cut().then(plan_pages).flatten();
    fitted.finish(pages)
}

/// Every role's card fitted to one sheet, plan.pdf's page numbers not yet known ([`cards_pdf`] in two steps:
/// the first can run beside the binder's layout, the second needs its pages).
pub struct FittedCards<'v> {
    view: &'v View,
    date: Option<DateTime>,
    title: String,
    /// The cards share their first lines and national numbers, and a card cut to fit is tried several times.
    ts: Typesetter,
    /// Each card, with its layout when it is printed whole (a cut card is laid out by
    /// [`FittedCards::finish`], once its last line can give plan.pdf's pages).
    sheets: Vec<(Card<'v>, Meta, Option<Layout>, Keep)>,
}

/// The first step of [`cards_pdf`]: each card laid out, cut until it fits.
pub fn fit_cards(view: &View, date: Option<DateTime>) -> Result<FittedCards<'_>, Error> {
    let title = format!("{} — {}", view.cover.title, view.labels.roles);
    let mut sheets = Vec::new();
    let mut ts = Typesetter::new();
    let mut texts = Texts::default();
    // What the previous cut card kept: where the search of the next one starts.
    let mut guess = Keep { steps: 0, never: 0 };
    for role in &view.crisis_cell.roles {
        let Some(card) = Card::new(view, role, &mut texts) else {
            continue;
        };
        let meta = card_meta(view, &title, role, date);
        let (layout, keep) = fit(&mut ts, view, &card, &meta, &mut guess)?;
        sheets.push((card, meta, layout, keep));
    }
    Ok(FittedCards {
        view,
        date,
        title,
        ts,
        sheets,
    })
}

impl FittedCards<'_> {
    /// Whether a card was cut: its last line then gives plan.pdf's pages, needed by [`FittedCards::finish`].
    pub fn any_cut(&self) -> bool {
        self.sheets.iter().any(|(c, _, _, k)| *k != c.full())
    }

    /// The second step of [`cards_pdf`]: the cut cards laid out again with plan.pdf's `pages`, then all put
    /// together.
    pub fn finish(self, pages: Option<Arc<PlanPages>>) -> Result<(Prepared, Vec<CardCut>), Error> {
        let FittedCards {
            view,
            date,
            title,
            mut ts,
            sheets,
        } = self;
        let mut all: Option<Layout> = None;
        let mut cuts = Vec::new();
        for (mut card, meta, layout, keep) in sheets {
            let layout = match layout {
                Some(l) => l,
                None => {
                    cuts.push(card.cut(keep));
                    card.pages.clone_from(&pages);
                    settle(&mut ts, view, &card, &meta, keep)?
                }
            };
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
}

/// A cut card laid out with plan.pdf's real page numbers. They are never wider than the placeholder it was
/// fitted with, so it fits as it is; one step less (or one item) is the safety net.
fn settle(
    ts: &mut Typesetter,
    view: &View,
    card: &Card,
    meta: &Meta,
    mut keep: Keep,
) -> Result<Layout, Error> {
    loop {
        let layout = ts.layout(&Document {
            meta: meta.clone(),
            blocks: vec![card.block(view, keep)],
        })?;
        if layout.pages.len() <= 1 {
            return Ok(layout);
        }
        if keep.steps > 0 {
            keep.steps -= 1;
        } else if keep.never > 0 {
            keep.never -= 1;
        } else {
            return Ok(layout);
        }
    }
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

/// Lays a card out alone, cutting it until it fits on one sheet; what of it is printed. A cut card is only
/// measured: its layout waits for plan.pdf's pages ([`settle`]). Each count is searched from what the previous
/// cut card kept (`guess`, updated).
fn fit(
    ts: &mut Typesetter,
    view: &View,
    card: &Card,
    meta: &Meta,
    guess: &mut Keep,
) -> Result<(Option<Layout>, Keep), Error> {
    let full = card.full();
    let doc = |k: Keep| Document {
        meta: meta.clone(),
        blocks: vec![card.block(view, k)],
    };
    // Cuts are tried by measuring only (no page is made); the card is laid out once, whole or as cut.
    if ts.fits_one_page(&doc(full))? {
        return Ok((Some(ts.layout(&doc(full))?), full));
    }
    let mut fits = |k: Keep| ts.fits_one_page(&doc(k));
    let mut keep = full;
    let mut whole = false;
    // What matters least on a wall goes first, each list from its end: "ne pas faire" items but the first
    // few, then the role's steps (the least urgent end the list), then the last "ne pas faire"; for each, the
    // largest count that fits with what comes after it still whole. Whom to call and the numbers are never cut.
    for (field, floor) in [
        (Field::Never, NEVER_KEPT),
        (Field::Steps, 0),
        (Field::Never, 0),
    ] {
        if whole {
            break;
        }
        let floor = floor.min(field.get(&keep));
        // The floor first: when even it does not fit, nothing above it does, and the search is one try. A card
        // far too long (most of those cut) skips straight to its steps.
        whole = fits(field.with(keep, floor))?;
        let lo = if whole {
            let near = field.get(guess);
            largest_near(floor, field.get(&keep), near, |n| fits(field.with(keep, n)))?
        } else {
            floor
        };
        keep = field.with(keep, lo);
    }
    // Steps cut for want of room may leave room for short "ne pas faire" items: give back as many as fit.
    if whole && keep.steps < full.steps && keep.never < full.never {
        let never = largest_near(keep.never, full.never, guess.never, |n| {
            fits(Field::Never.with(keep, n))
        })?;
        keep = Field::Never.with(keep, never);
    }
    *guess = keep;
    Ok((None, keep))
}

/// The "ne pas faire" items a card keeps as long as one of its steps can go instead (the first are the gravest:
/// do not switch off, do not pay).
const NEVER_KEPT: usize = 3;

#[derive(Clone, Copy)]
enum Field {
    Steps,
    Never,
}

impl Field {
    fn get(self, k: &Keep) -> usize {
        match self {
            Field::Steps => k.steps,
            Field::Never => k.never,
        }
    }

    fn with(self, mut k: Keep, n: usize) -> Keep {
        match self {
            Field::Steps => k.steps = n,
            Field::Never => k.never = n,
        }
        k
    }
}

/// "Ne pas faire" items compared without case, accents, punctuation or spacing differences.
fn normalise(s: &str) -> String {
    // One pass, one allocation: every step of every reflex of a role goes through here.
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    let mut push = |c: char| {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    };
    for c in s.chars() {
        // Most of the text is ASCII: lower-cased in place, no accent to fold.
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase()
                .map(crate::fold::unaccent)
                .for_each(&mut push);
        }
    }
    out
}

/// What the cards share: the same "ne pas faire" item or step text stands on many sheets, and so on many cards.
/// Each text is normalised once for all of them.
#[derive(Default)]
struct Texts<'a> {
    /// The number of each normalised text ([`normalise`]), by source text: equal numbers read the same.
    keys: FxHashMap<&'a str, u32>,
    normalised: FxHashMap<String, u32>,
}

impl<'a> Texts<'a> {
    /// The number of `text` once normalised.
    fn key(&mut self, text: &'a str) -> u32 {
        if let Some(&k) = self.keys.get(text) {
            return k;
        }
        let next = u32::try_from(self.normalised.len()).unwrap_or(u32::MAX);
        let k = *self.normalised.entry(normalise(text)).or_insert(next);
        self.keys.insert(text, k);
        k
    }
}

impl<'a> Card<'a> {
    /// The card of a role that has steps in at least one reflex.
    fn new(view: &'a View, role: &'a RoleCard, texts: &mut Texts<'a>) -> Option<Card<'a>> {
        let is_role = |a: &Option<String>| a.as_deref() == Some(role.anchor.as_str());
        let mut steps = Vec::new();
        let mut never = Vec::new();
        for r in &view.reflexes {
            let audience = r.audience.iter().any(|a| is_role(&a.anchor));
            let before = steps.len();
            for (item, due) in r.steps.iter().zip(deadlines(&r.steps)) {
                let mine = match &item.who {
                    Some(w) => is_role(&w.anchor),
                    None => audience,
                };
                if mine {
                    steps.push(Step {
                        reflex: r,
                        item,
                        due,
                        // Set once duplicates are gone.
                        text: Vec::new(),
                    });
                }
            }
            if steps.len() > before {
                never.extend(r.never.iter().map(|n| (r, n.as_str())));
            }
        }
        if steps.is_empty() {
            return None;
        }
        // Most urgent first; a sheet's own order between steps due at the same time (the sort is stable).
        steps.sort_by_key(|s| s.due);
        let mut seen = FxHashSet::default();
        steps.retain(|s| seen.insert(texts.key(&s.item.text)));
        for s in &mut steps {
            s.text = step_inlines(s.item);
        }
        let mut seen = FxHashSet::default();
        never.retain(|(_, n): &(&ReflexSheet, &str)| seen.insert(texts.key(n)));
        let never = never.into_iter().map(|(r, n)| (r, md_inlines(n))).collect();
        Some(Card {
            role,
            steps,
            never,
            cell: cell_numbers(view, role),
            pages: None,
        })
    }

    /// The whole card.
    fn full(&self) -> Keep {
        Keep {
            steps: self.steps.len(),
            never: self.never.len(),
        }
    }

    /// The card as one sheet, with `k` of its content.
    fn block(&self, view: &View, k: Keep) -> Block {
        let l = view.labels;
        let mut b = self.call_first(view);
        if !self.cell.is_empty() {
            b.push(Block::Paragraph(vec![Inline::bold(l.h24)]));
            b.push(number_lines(view, self.cell.iter().cloned()));
        }
        let national = &view.emergency.national;
        if !national.is_empty() {
            b.push(Block::Paragraph(vec![Inline::bold(l.national_numbers)]));
            b.push(number_lines(
                view,
                national.iter().map(|c| callee_row(c, view.labels)),
            ));
        }
        if k.steps > 0 {
            b.push(Block::Paragraph(vec![Inline::bold(l.your_steps)]));
            b.push(Block::List {
                kind: ListKind::Ordered,
                items: self.steps[..k.steps]
                    .iter()
                    .map(|s| vec![Block::Small(s.text.clone())])
                    .collect(),
            });
        }
        if k.never > 0 {
            let items = self.never[..k.never]
                .iter()
                .map(|(_, n)| vec![Block::Small(n.clone())])
                .collect();
            b.push(never_box(view, items));
        }
        if k != self.full() {
            b.push(Block::Paragraph(self.rest_line(view, k)));
        }
        Block::Sheet {
            anchor: format!("card-{}", self.role.id),
            title: format!("{} — {}", l.role, self.role.title),
            outline: true,
            blocks: b,
            source: Some(format!("role:{}", self.role.id)),
        }
    }

    /// "Appeler d'abord", in large bold type: the roles everyone calls first, but not the card's own role (its
    /// holder would be told to call themselves).
    fn call_first(&self, view: &View) -> Vec<Block> {
        let own = Some(self.role.anchor.as_str());
        let callees: Vec<_> = view
            .emergency
            .call_first
            .iter()
            .filter(|c| c.anchor.as_deref() != own)
            .collect();
        if callees.is_empty() {
            return Vec::new();
        }
        let mut b = vec![Block::Paragraph(vec![Inline::bold(view.labels.call_first)])];
        for c in callees {
            let mut line = vec![Inline::text(format!("{}{}", c.label, colon(view)))];
            line.extend(callee_people(c, view.labels));
            b.push(Block::Large(line));
        }
        b
    }

    /// The last line of a cut card, in bold: "Suite : 4 autres actions, 11 « ne pas faire » — plan.pdf p. 12,
    /// 23", the pages of the sheets the left-out items come from.
    fn rest_line(&self, view: &View, k: Keep) -> Vec<Inline> {
        let l = view.labels;
        let (steps, never) = (self.steps.len() - k.steps, self.never.len() - k.never);
        let mut what = Vec::new();
        if steps > 0 {
            let noun = if steps == 1 {
                l.card_rest_step
            } else {
                l.card_rest_steps
            };
            what.push(format!("{steps}\u{a0}{noun}"));
        }
        if never > 0 {
            let noun = if never == 1 {
                l.card_rest_never
            } else {
                l.card_rest_nevers
            };
            what.push(format!("{never}\u{a0}{noun}"));
        }
        let sheets: BTreeSet<&str> = self.steps[k.steps..]
            .iter()
            .map(|s| s.reflex.anchor.as_str())
            .chain(self.never[k.never..].iter().map(|(r, _)| r.anchor.as_str()))
            .collect();
        let list = match &self.pages {
            Some(p) => page_list(sheets.iter().filter_map(|a| p.get(*a).copied()).collect()),
            // As wide as the list will be, for page numbers under ten thousand.
            None if sheets.len() <= MAX_RANGES => vec!["0000".to_string(); sheets.len()],
            None => vec!["0000–0000".to_string()],
        };
        let mut text = format!(
            "{}{}{} — {}",
            l.card_rest,
            colon(view),
            what.join(", "),
            l.card_rest_where
        );
        if !list.is_empty() {
            text.push_str(&format!("\u{a0}{}\u{a0}{}", l.page_ref, list.join(", ")));
        }
        vec![Inline::bold(text)]
    }

    /// The cut, in words, from the full card to `k`.
    fn cut(&self, k: Keep) -> CardCut {
        let full = self.full();
        let mut cut = Vec::new();
        if k.steps < full.steps {
            let mut reflexes: Vec<&str> = Vec::new();
            for s in &self.steps[k.steps..] {
                if !reflexes.contains(&s.reflex.id.as_str()) {
                    reflexes.push(&s.reflex.id);
                }
            }
            cut.push(format!(
                "{} of its {} steps, the least urgent (from `{}`)",
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
        CardCut {
            role: self.role.id.clone(),
            cut,
        }
    }
}

/// Page ranges listed on a cut card's last line; beyond, the first and last pages only.
const MAX_RANGES: usize = 3;

/// "12, 15–17, 30", or "12–30" when there would be more than [`MAX_RANGES`] ranges.
fn page_list(pages: BTreeSet<usize>) -> Vec<String> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for p in pages {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == p => *last = p,
            _ => ranges.push((p, p)),
        }
    }
    if let (true, Some(&(first, _)), Some(&(_, last))) =
        (ranges.len() > MAX_RANGES, ranges.first(), ranges.last())
    {
        ranges = vec![(first, last)];
    }
    ranges
        .into_iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect()
}

/// When each step of a sheet is due, in minutes from T0: its own deadline, else that of the step before it
/// (a sheet is in order), else that of the first timed step after it; a sheet with no deadline at all comes
/// after every timed step.
fn deadlines(steps: &[StepItem]) -> Vec<u64> {
    let mut due: Vec<Option<u64>> = Vec::with_capacity(steps.len());
    for s in steps {
        let prev = due.last().copied().flatten();
        due.push(s.minutes.or(prev));
    }
    let first = due.iter().flatten().next().copied();
    due.into_iter()
        .map(|d| d.or(first).unwrap_or(u64::MAX))
        .collect()
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

/// "**Label** : Name 06 00 00 00 00 ; …", one line each, as one paragraph (no gap between the lines).
fn number_lines(view: &View, rows: impl Iterator<Item = (String, Vec<Inline>)>) -> Block {
    let mut v = Vec::new();
    for (label, people) in rows {
        if !v.is_empty() {
            v.push(Inline::LineBreak);
        }
        v.push(Inline::bold(format!("{label}{}", colon(view))));
        v.extend(people);
    }
    Block::Paragraph(v)
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
                // No-break space: a name is never left at a line's end without its number.
                v.push(Inline::text(format!("{}\u{a0}", glued(&p.name))));
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
    fn pages_of_the_rest_as_ranges() {
        let list = |v: &[usize]| page_list(v.iter().copied().collect()).join(", ");
        assert_eq!(list(&[30, 12, 16, 15, 17]), "12, 15–17, 30");
        assert_eq!(list(&[1, 3, 5, 7, 8]), "1–8");
        assert_eq!(list(&[]), "");
    }

    #[test]
    fn steps_without_deadline_take_their_neighbours() {
        let step = |minutes: Option<u64>| StepItem {
            id: None,
            text: String::new(),
            who: None,
            within: None,
            minutes,
            needs_it: false,
        };
        let due = deadlines(&[step(None), step(Some(60)), step(None), step(Some(240))]);
        assert_eq!(due, [60, 60, 60, 240]);
        assert_eq!(deadlines(&[step(None), step(None)]), [u64::MAX, u64::MAX]);
    }

    #[test]
    fn do_not_items_compare_after_normalising() {
        assert_eq!(
            normalise("Ne pas éteindre les postes !"),
            normalise("ne pas  eteindre les postes")
        );
        assert_ne!(normalise("Ne pas payer"), normalise("Ne pas débrancher"));
        assert_eq!(normalise("  L’Équipe, « vite » ! "), "l equipe vite");
    }
}
