//! `pbn __complete-ids [DIR]` (hidden): every `KIND:ID` that `pbn explain` accepts for the plan in `DIR`, one per
//! line, sorted. The completion scripts of `pbn completions` call it when the user presses Tab after
//! `pbn explain`; it prints nothing else and always exits 0, since a completion must never show an error.

use crate::app;
use crate::model::Plan;
use std::path::Path;

/// The subjects of `plan` that `pbn explain` can show, sorted and without duplicates.
pub fn subjects(plan: &Plan) -> Vec<String> {
    let e = &plan.establishment;
    let mut out: Vec<String> = plan
        .fragments
        .keys()
        .map(|(k, id)| format!("{}:{id}", k.as_str()))
        .collect();
    let records = [
        (
            "contact",
            plan.contacts.iter().map(|c| &c.id.v).collect::<Vec<_>>(),
        ),
        (
            "application",
            e.applications.iter().map(|a| &a.id.v).collect(),
        ),
        ("function", e.functions.iter().map(|f| &f.id.v).collect()),
        ("exercise", plan.exercises.iter().map(|x| &x.id.v).collect()),
        ("cell", e.members.iter().map(|m| &m.role.v).collect()),
    ];
    for (kind, ids) in records {
        out.extend(ids.into_iter().map(|id| format!("{kind}:{id}")));
    }
    out.sort();
    out.dedup();
    out
}

pub fn run(dir: &Path) -> i32 {
    let dir = super::find_plan(dir);
    // A broken plan still completes what could be merged; a folder that is not a plan completes nothing.
    if let Ok(c) = app::compile(&dir) {
        let mut text = String::new();
        for s in subjects(&c.plan) {
            text.push_str(&s);
            text.push('\n');
        }
        super::out(&text);
        super::leak_at_exit(c);
    }
    crate::exit::OK
}
