//! The one place that knows every stage, in order: load (files → decoded objects) → merge (layers → one plan)
//! → check (references) → and then, per command, render, review, diff or verify.

use crate::check;
use crate::diag::{Code, Diagnostic, Diags};
use crate::load::{self, Fatal};
use crate::merge;
use crate::model::{Contact, Plan};
use crate::source::SourceMap;
use std::collections::BTreeMap;
use std::path::Path;

/// A compiled plan: the merged model, the sources it came from, and every diagnostic.
pub struct Compiled {
    pub plan: Plan,
    pub map: SourceMap,
    pub diags: Diags,
}

/// Loads, merges and checks a plan directory. `Err` only for exit-2 problems (no plan directory).
pub fn compile(dir: &Path) -> Result<Compiled, Fatal> {
    let mut diags = Diags::default();
    let t = crate::timing::span("load");
    let mut ld = load::load(dir, &mut diags)?;
    drop(t);
    let t = crate::timing::span("merge");
    let fragments = std::mem::take(&mut ld.fragments);
    let pin = pin(&ld, &mut diags);
    let merged = merge::merge_pinned(fragments, &mut diags, pin.as_ref());
    let contacts = merge_contacts(ld.contacts, &mut diags);
    let plan = Plan {
        manifest: ld.manifest,
        establishment: ld.establishment.unwrap_or_default(),
        contacts,
        exercises: ld.exercises,
        fragments: merged.fragments,
        history: merged.history,
        baseline: ld.baseline,
    };
    // A file that could not be read leaves its contacts, roles and fragments out of the plan: checking
    // references then would bury the one real error under dozens of "unknown contact" that are not.
    let unreadable = diags
        .list
        .iter()
        .any(|d| matches!(d.code, Code::YamlSyntax | Code::TooLarge));
    drop(t);
    if !unreadable {
        let _t = crate::timing::span("check");
        check::check(&plan, &ld.map, &mut diags);
    }
    diags.sort();
    Ok(Compiled {
        plan,
        map: ld.map,
        diags,
    })
}

/// The plan's `plan.baseline` pin, when the baseline is one of its layers and knows that version; an unknown
/// version is `PBN068` (the plan then merges as if unpinned).
fn pin<'a>(ld: &'a load::Loaded, diags: &mut Diags) -> Option<merge::Pin<'a>> {
    let version = ld.manifest.baseline.as_ref()?;
    let layer = ld
        .map
        .layers
        .iter()
        .position(|l| l.name.starts_with("baseline:"))?;
    let meta = &ld.baseline;
    if meta.position(&version.v).is_none() {
        diags.push(
            Diagnostic::new(
                Code::UnknownBaselineVersion,
                version.loc,
                format!("the national baseline has no version `{}`", version.v),
            )
            .help(format!(
                "known versions, newest first: {}; this pbn embeds {}",
                meta.versions().join(", "),
                meta.version
            )),
        );
        return None;
    }
    Some(merge::Pin {
        layer,
        version: &version.v,
        meta,
    })
}

/// Baseline contacts first; a higher layer's contact with the same id replaces the national one (that is how a
/// slot such as `ars` is completed). Two contacts with one id in the same layer are an error.
fn merge_contacts(all: Vec<Contact>, diags: &mut Diags) -> Vec<Contact> {
    let mut out: Vec<Contact> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for c in all {
        match index.get(&c.id.v) {
            Some(&i) if out[i].layer == c.layer => diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    c.id.loc,
                    format!("duplicate contact id `{}`", c.id.v),
                )
                .note(out[i].id.loc, "first defined here")
                .help("contact ids are unique; merge the two entries or rename one"),
            ),
            Some(&i) => out[i] = c,
            None => {
                index.insert(c.id.v.clone(), out.len());
                out.push(c);
            }
        }
    }
    out
}
