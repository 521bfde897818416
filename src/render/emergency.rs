//! The "En cas d'attaque" box of the [`View`](super::view::View): the first gestures, whom to call first with
//! their 24/7 numbers, the national numbers, and the clocks from T0. Built from parts of the view already
//! assembled (reflex sheets, obligations) and from the plan's roles and contacts.

use super::resolve::{PrintedPlan, anchor};
use super::view::{Callee, Clock, Emergency, Link, ObligationSheet, ReflexSheet};
use crate::model::Kind;

/// The roles whose people are called first, in this order (spec §2.8 ids).
const CALL_FIRST: [&str; 2] = ["astreinte-si", "administrateur-garde"];
/// The national contact slots printed in the box and on every role card.
pub(super) const NATIONAL: [&str; 3] = ["cert-sante", "ars", "samu"];
/// The reflex sheet whose first steps the box repeats.
pub const FIRST_GESTURES: &str = "premiers-gestes";
/// How many first gestures the box repeats.
const FIRST_STEPS: usize = 3;
/// The clocks the box shows: deadlines up to 72 h.
const LAST_CLOCK_MINUTES: u64 = 72 * 60;

pub(super) fn emergency(
    cx: &PrintedPlan,
    reflexes: &[ReflexSheet],
    obligations: &[ObligationSheet],
) -> Emergency {
    let first = reflexes.iter().find(|r| r.id == FIRST_GESTURES);
    Emergency {
        first_steps: first
            .map(|r| {
                r.steps
                    .iter()
                    .take(FIRST_STEPS)
                    .map(|s| s.text.clone())
                    .collect()
            })
            .unwrap_or_default(),
        sheet: first.map(|r| Link {
            text: r.title.clone(),
            anchor: Some(r.anchor.clone()),
        }),
        call_first: CALL_FIRST
            .iter()
            .filter_map(|r| role_callee(cx, r))
            .collect(),
        national: national(cx),
        clocks: clocks(obligations),
    }
}

/// A role and the people to call for it, in the plan's call order ([`PrintedPlan::role_to_call`]: holder, deputy,
/// then the others; a number always when the plan has one); only people with a number. Not cut to two: when
/// the first two are masked for this audience, the third is the one whose number is printed.
fn role_callee(cx: &PrintedPlan, role: &str) -> Option<Callee> {
    let f = cx.fragment(Kind::Role, role)?;
    let to_call = cx.role_to_call(role);
    let mut people: Vec<_> = to_call
        .iter()
        .filter(|p| p.phone.is_some())
        .map(|p| (*p).clone())
        .collect();
    if people.is_empty() {
        // Nobody with a number: at least who holds the role (the directory has their other channels).
        people = to_call.into_iter().cloned().collect();
    }
    let instead = people.is_empty().then(|| cx.labels.unstaffed.to_string());
    Some(Callee {
        label: f.title().to_string(),
        anchor: cx
            .is_printed(Kind::Role, role)
            .then(|| anchor("role", role)),
        people,
        instead,
    })
}

/// CERT Santé, the ARS and the SAMU, those the plan has; one with no phone gives its web or e-mail address.
pub(super) fn national(cx: &PrintedPlan) -> Vec<Callee> {
    NATIONAL
        .iter()
        .filter_map(|id| cx.person_by_id(id))
        .map(|p| {
            let instead = p.phone.is_none().then(|| address(cx, &p.id)).flatten();
            Callee {
                label: p.name.clone(),
                anchor: Some(p.anchor.clone()),
                people: p.phone.is_some().then_some(p).into_iter().collect(),
                instead,
            }
        })
        .collect()
}

/// A contact's first channel this audience prints (a portal's URL, an e-mail address).
fn address(cx: &PrintedPlan, id: &str) -> Option<String> {
    cx.contact(id)?
        .channels
        .iter()
        .find(|ch| !cx.audience.masks(ch))
        .map(|ch| ch.value.v.to_string())
}

/// The obligations due within 72 h, grouped by deadline.
fn clocks(obligations: &[ObligationSheet]) -> Vec<Clock> {
    let mut due: Vec<&ObligationSheet> = obligations
        .iter()
        .filter(|o| !o.deadline.is_empty() && o.minutes <= LAST_CLOCK_MINUTES)
        .collect();
    due.sort_by_key(|o| o.minutes);
    let mut out: Vec<Clock> = Vec::new();
    for o in due {
        let link = Link {
            text: o.title.clone(),
            anchor: Some(o.anchor.clone()),
        };
        match out.last_mut() {
            Some(c) if c.minutes == o.minutes => c.obligations.push(link),
            _ => out.push(Clock {
                when: o.deadline.clone(),
                minutes: o.minutes,
                obligations: vec![link],
            }),
        }
    }
    out
}
