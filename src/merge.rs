//! Layers → one merged set of fragments (spec §2.6). A pure function of its input.
//!
//! Rules, applied to fragments in layer order (baseline, shared layers, plan) and file order within a layer:
//! - kind+id is unique within a layer (else `PBN007` on the second);
//! - a fragment whose kind+id exists in a lower layer must say `override: replace`, `override: patch` or
//!   `disable: true` (else `PBN007`, with a note pointing at the lower one); `override`/`disable` with nothing
//!   below is `PBN022`;
//! - `replace` swaps the whole fragment; `patch` replaces each field it names, except `steps`, which it edits
//!   item by item (`after`, `before`, `replace` keeping the id, `remove`, or append); a step id that does not
//!   exist is `PBN019` on that item;
//! - `disable: true` drops the inherited fragment, unless it is `required` (`PBN021`);
//! - `locked: true` (every field) or `locked: [fields]` in a lower layer forbids a higher one to change those
//!   fields, to replace or to disable the fragment (`PBN020`); the lock is inherited by the merged fragment.
//!
//! Each merged field keeps the location of the layer that supplied it; how each layer wrote each fragment is
//! kept in `history` for `pbn explain`. Contacts merge by id (`merge::contacts`).

use crate::diag::{Code, Diagnostic, Diags, did_you_mean};
use crate::model::fields::{self, for_each_field};
use crate::model::{
    BaselineMeta, Fields, Fragment, Kind, Locked, Override, Sp, Step, StepOp, Steps, Version,
};
use crate::source::Loc;
use std::collections::{BTreeMap, HashMap};

mod contacts;
#[cfg(test)]
mod props;

pub use contacts::{inherit_applications, merge_contacts};

pub type Key = (Kind, String);

#[derive(Debug, Default)]
pub struct Merged {
    pub fragments: BTreeMap<Key, Fragment>,
    pub history: BTreeMap<Key, Vec<Version>>,
}

/// The plan's `plan.baseline` pin, checked against the baseline's history: a plan fragment that collides with a
/// baseline fragment added after the pinned version is told which version added it (`PBN067`).
pub struct Pin<'a> {
    /// The layer of the embedded baseline.
    pub layer: usize,
    pub version: &'a str,
    pub meta: &'a BaselineMeta,
}

pub fn merge(input: Vec<Fragment>, diags: &mut Diags) -> Merged {
    merge_pinned(input, diags, None)
}

pub fn merge_pinned(input: Vec<Fragment>, diags: &mut Diags, pin: Option<&Pin>) -> Merged {
    let mut out = Merged::default();
    // Where each key was first seen in each layer, to catch duplicates within a layer.
    let mut seen: HashMap<(Key, usize), Loc> = HashMap::new();
    for f in input {
        let key = f.key();
        if let Some(first) = seen.get(&(key.clone(), f.layer)) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    f.id.loc,
                    format!("duplicate {} id `{}`", f.kind.as_str(), f.id.v),
                )
                .note(*first, "first defined here")
                .help("ids are unique per kind; rename one of them"),
            );
            continue;
        }
        seen.insert((key.clone(), f.layer), f.id.loc);
        out.history
            .entry(key.clone())
            .or_default()
            .push(Version::of(&f));
        let disable = f.disable.as_ref().filter(|d| d.v).map(|d| d.loc);
        let Some(base) = out.fragments.get(&key) else {
            if let Some(at) = disable.or(f.override_.as_ref().map(|o| o.loc)) {
                diags.push(
                    Diagnostic::new(Code::NothingToOverride, at, format!("no lower layer defines {} `{}`", f.kind.as_str(), f.id.v))
                        .help("`override` and `disable` change an inherited fragment; remove them to define a new one, or check the id"),
                );
                if disable.is_some() || f.override_.as_ref().is_some_and(|o| o.v == Override::Patch)
                {
                    continue;
                }
            }
            out.fragments.insert(key, f);
            continue;
        };
        if let Some(at) = disable {
            if base.is_required() {
                diags.push(
                    Diagnostic::new(
                        Code::RequiredDisabled,
                        at,
                        format!(
                            "{} `{}` is required and cannot be disabled",
                            f.kind.as_str(),
                            f.id.v
                        ),
                    )
                    .note(base.id.loc, "defined here")
                    .help("adapt it with `override: patch` instead"),
                );
            } else if matches!(base.locked.as_ref().map(|l| &l.v), Some(Locked::All)) {
                diags.push(
                    Diagnostic::new(
                        Code::LockedField,
                        at,
                        format!(
                            "{} `{}` is locked and cannot be disabled",
                            f.kind.as_str(),
                            f.id.v
                        ),
                    )
                    .note(base.id.loc, "locked here"),
                );
            } else {
                out.fragments.remove(&key);
            }
            continue;
        }
        match f.override_.as_ref().map(|o| o.v) {
            None => {
                if let Some(d) = pin.and_then(|p| added_after_pin(p, base, &f)) {
                    diags.push(d);
                    continue;
                }
                let layer_note = "already defined here; a higher layer must say how it relates";
                diags.push(
                    Diagnostic::new(Code::DuplicateId, f.id.loc, format!("{} `{}` is already defined in a lower layer", f.kind.as_str(), f.id.v))
                        .note(base.id.loc, layer_note)
                        .help("add `override: patch` to change some fields, or `override: replace` to replace it whole"),
                );
            }
            Some(Override::Replace) => {
                let base = base.clone();
                check_locks(&base, &f, &f.f, false, diags);
                let mut new = f;
                new.locked = base.locked.clone().or(new.locked);
                out.fragments.insert(key, new);
            }
            Some(Override::Patch) => {
                let mut merged = base.clone();
                let steps = apply_patch(&mut merged.f, &f, diags);
                let mut changes = f.f.clone();
                changes.steps = steps
                    .map(|s| Sp::new(Steps::List(s), f.f.steps.as_ref().map_or(f.loc, |x| x.loc)));
                check_locks(base, &f, &changes, true, diags);
                merged.layer = f.layer;
                if merged.locked.is_none() {
                    merged.locked = f.locked.clone();
                }
                out.fragments.insert(key, merged);
            }
        }
    }
    out
}

/// `PBN067` when `f` (without `override`) has the kind+id of a baseline fragment that the baseline added after
/// the plan's pinned version: the plan was right when written, and must now choose between adapting the
/// national fragment and renaming its own.
fn added_after_pin(pin: &Pin, base: &Fragment, f: &Fragment) -> Option<Diagnostic> {
    if base.layer != pin.layer {
        return None;
    }
    let kind = f.kind.as_str();
    let release = pin.meta.added_after(pin.version, kind, &f.id.v)?;
    Some(
        Diagnostic::new(
            Code::IdAddedByNewerBaseline,
            f.id.loc,
            format!(
                "the national baseline {} added its own {kind} `{}`, after the version this plan is pinned to ({})",
                release.version, f.id.v, pin.version
            ),
        )
        .note(base.id.loc, format!("added by baseline {} here", release.version))
        .help(format!(
            "to adapt the national one, write `override: patch` (change some fields) or `override: replace` in this \
             fragment; to keep yours apart, rename it (e.g. `{}-local`) and its references. Then pin \
             `plan.baseline: \"{}\"` in pbn.yaml (`pbn baseline changes --since {}` lists what else changed)",
            f.id.v, pin.meta.version, pin.version
        )),
    )
}

/// Reports changes to locked fields. `changes` holds the fields the higher fragment sets (for a patch, its
/// `steps` already applied to the inherited list).
fn check_locks(base: &Fragment, f: &Fragment, changes: &Fields, is_patch: bool, diags: &mut Diags) {
    let Some(lock) = &base.locked else { return };
    let locked_names: Vec<&str> = match &lock.v {
        Locked::All => fields::names().collect(),
        Locked::Fields(l) => l.iter().map(|t| t.v.as_str()).collect(),
    };
    macro_rules! cmp {
        ($field:ident) => {
            let name = stringify!($field);
            if locked_names.contains(&name) {
                let new = &changes.$field;
                let old = &base.f.$field;
                let differs = if is_patch { new.is_some() && new != old } else { new != old };
                if differs {
                    let at = new.as_ref().map_or(f.id.loc, |v| v.loc);
                    diags.push(
                        Diagnostic::new(Code::LockedField, at, format!("field `{name}` of {} `{}` is locked by a lower layer", base.kind.as_str(), base.id.v))
                            .note(lock.loc, "locked here")
                            .help("national obligations cannot be loosened; add your own steps in a separate fragment"),
                    );
                }
            }
        };
    }
    for_each_field!(cmp);
}

/// Applies a patch's fields to `target`; returns the resulting steps when the patch edits them.
fn apply_patch(target: &mut Fields, patch: &Fragment, diags: &mut Diags) -> Option<Vec<Step>> {
    macro_rules! set {
        ($field:ident) => {
            if stringify!($field) != "steps"
                && let Some(v) = &patch.f.$field
            {
                target.$field = Some(v.clone());
            }
        };
    }
    for_each_field!(set);
    let ops = patch.f.steps.as_ref()?;
    let mut steps: Vec<Step> = target.steps().to_vec();
    let list_loc = target.steps.as_ref().map_or(ops.loc, |s| s.loc);
    match &ops.v {
        Steps::Ops(ops) => {
            for op in ops {
                apply_op(&mut steps, op, patch, diags);
            }
        }
        Steps::List(l) => steps = l.clone(),
    }
    target.steps = Some(Sp::new(Steps::List(steps.clone()), list_loc));
    Some(steps)
}

fn find(steps: &[Step], id: &Sp<String>, patch: &Fragment, diags: &mut Diags) -> Option<usize> {
    let i = steps
        .iter()
        .position(|s| s.id.as_ref().is_some_and(|x| x.v == id.v));
    if i.is_none() {
        let ids: Vec<&str> = steps
            .iter()
            .filter_map(|s| s.id.as_ref().map(|x| x.v.as_str()))
            .collect();
        let help = did_you_mean(&id.v, ids.iter().copied()).unwrap_or_else(|| {
            if ids.is_empty() {
                "the inherited fragment has no step ids".into()
            } else {
                format!("its step ids are: {}", ids.join(", "))
            }
        });
        diags.push(
            Diagnostic::new(
                Code::UnknownStep,
                id.loc,
                format!(
                    "{} `{}` has no step `{}`",
                    patch.kind.as_str(),
                    patch.id.v,
                    id.v
                ),
            )
            .help(help),
        );
    }
    i
}

fn insert(steps: &mut Vec<Step>, at: usize, s: &Step, diags: &mut Diags) {
    if let Some(id) = &s.id
        && let Some(other) = steps
            .iter()
            .find(|x| x.id.as_ref().is_some_and(|y| y.v == id.v))
    {
        diags.push(
            Diagnostic::new(
                Code::DuplicateStep,
                id.loc,
                format!("a step `{}` already exists", id.v),
            )
            .note(other.loc, "existing step")
            .help("use `replace:` to change it, or choose another id"),
        );
        return;
    }
    steps.insert(at.min(steps.len()), s.clone());
}

fn apply_op(steps: &mut Vec<Step>, op: &StepOp, patch: &Fragment, diags: &mut Diags) {
    match op {
        StepOp::After(t, s) => {
            if let Some(i) = find(steps, t, patch, diags) {
                insert(steps, i + 1, s, diags);
            }
        }
        StepOp::Before(t, s) => {
            if let Some(i) = find(steps, t, patch, diags) {
                insert(steps, i, s, diags);
            }
        }
        StepOp::Replace(t, s) => {
            if let Some(i) = find(steps, t, patch, diags) {
                let mut s = s.clone();
                s.id = Some(steps[i].id.clone().unwrap_or_else(|| t.clone()));
                steps[i] = s;
            }
        }
        StepOp::Remove(t) => {
            if let Some(i) = find(steps, t, patch, diags) {
                steps.remove(i);
            }
        }
        StepOp::Append(s) => {
            let n = steps.len();
            insert(steps, n, s, diags);
        }
    }
}
