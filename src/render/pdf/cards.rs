//! `cards.pdf`: one sheet per role that has reflexes — mission, reflexes in order, "ne pas faire", the 24/7
//! numbers it needs.

use super::inline::{md_inlines, phone};
use super::sections::never_box;
use crate::render::view::{Person, ReflexSheet, RoleCard, View};
use pbn_typeset::{Block, Inline, ListKind};
use std::collections::BTreeSet;

/// The sheets of the roles that act in at least one reflex, in the order of the roles.
pub(super) fn cards(view: &View) -> Vec<Block> {
    view.crisis_cell
        .roles
        .iter()
        .filter_map(|role| {
            let reflexes: Vec<&ReflexSheet> = view
                .reflexes
                .iter()
                .filter(|r| {
                    r.audience
                        .iter()
                        .any(|a| a.anchor.as_deref() == Some(role.anchor.as_str()))
                })
                .collect();
            (!reflexes.is_empty()).then(|| card(view, role, &reflexes))
        })
        .collect()
}

fn card(view: &View, role: &RoleCard, reflexes: &[&ReflexSheet]) -> Block {
    let l = view.labels;
    let mut b = Vec::new();
    if let Some(m) = &role.mission {
        b.push(Block::KeyValue(vec![(
            l.mission.to_string(),
            md_inlines(m),
        )]));
    }
    // The reflexes in order, each with its trigger: the sheets themselves are in the binder.
    b.push(Block::Paragraph(vec![Inline::bold(l.reflexes)]));
    let items = reflexes
        .iter()
        .map(|r| {
            let mut inl = vec![Inline::bold(r.title.clone())];
            if let Some(first) = r.steps.first() {
                inl.push(Inline::text(" — "));
                inl.extend(md_inlines(&first.text));
            }
            vec![Block::Paragraph(inl)]
        })
        .collect();
    b.push(Block::List {
        kind: ListKind::Check,
        items,
    });
    let mut seen = BTreeSet::new();
    let nevers: Vec<Vec<Block>> = reflexes
        .iter()
        .flat_map(|r| r.never.iter())
        .filter(|n| seen.insert(n.as_str()))
        .take(6)
        .map(|n| vec![Block::Paragraph(md_inlines(n))])
        .collect();
    if !nevers.is_empty() {
        b.push(never_box(view, nevers));
    }
    let numbers = numbers(view, role);
    if !numbers.is_empty() {
        b.push(Block::Paragraph(vec![Inline::bold(l.phone_247)]));
        b.push(Block::KeyValue(numbers));
    }
    Block::Sheet {
        anchor: format!("card-{}", role.id),
        title: format!("{} — {}", l.role, role.title),
        outline: true,
        blocks: b,
        source: Some(format!("role:{}", role.id)),
    }
}

/// The numbers this role needs: its own holders, then the crisis cell.
fn numbers(view: &View, role: &RoleCard) -> Vec<(String, Vec<Inline>)> {
    let mut seen = BTreeSet::new();
    let cell = view
        .crisis_cell
        .members
        .iter()
        .flat_map(|m| m.holder.iter().chain(m.deputy.iter()));
    role.holders
        .iter()
        .chain(cell)
        .filter(|p: &&Person| p.phone.is_some() && seen.insert(p.id.clone()))
        .map(|p| {
            let ph = p.phone.as_deref().unwrap_or_default();
            (p.name.clone(), vec![phone(ph, p.masked)])
        })
        .collect()
}
