//! The one place that knows every stage, in order: load (plan directory → [`SourceSet`]) → decode (files →
//! objects) → merge (layers → one plan) → check (references) → and then, per command, render, review, diff or
//! verify.
//!
//! Every caller compiles through [`compile_sources`]: the CLI over the files `load::sources` read, tests and the
//! fuzz targets over sets built in memory. [`build`] is `pbn build` after a compile without errors: view,
//! manifest, outputs rendered in memory (`build`); `output` writes them.

use crate::build::{BuildContext, File, Job, Order, render_all};
use crate::check;
use crate::decode::file::{Decoded, decode_all};
use crate::diag::{Code, Diagnostic, Diags};
use crate::load::{self, Fatal, SourceSet};
use crate::manifest::Manifest;
use crate::merge;
use crate::model::Plan;
use crate::render::{View, ViewOptions};
use crate::source::SourceMap;
use std::path::Path;

/// A compiled plan: the merged model, the sources it came from, and every diagnostic.
pub struct Compiled {
    pub plan: Plan,
    pub map: SourceMap,
    pub diags: Diags,
}

/// Reads, merges and checks a plan directory. `Err` only for exit-2 problems (no plan directory).
pub fn compile(dir: &Path) -> Result<Compiled, Fatal> {
    compile_then(dir, || {})
}

/// [`compile`], calling `parsed` once the sources are parsed: what a caller starts then runs beside the merge
/// and the checks, which leave a core idle, rather than beside the parsing, which uses every core.
pub fn compile_then(dir: &Path, parsed: impl FnOnce()) -> Result<Compiled, Fatal> {
    let t = crate::timing::span("load");
    let set = load::sources(dir)?;
    drop(t);
    Ok(compile_sources_then(set, parsed))
}

/// Decodes, merges and checks a set of sources.
pub fn compile_sources(set: SourceSet) -> Compiled {
    compile_sources_then(set, || {})
}

fn compile_sources_then(set: SourceSet, parsed: impl FnOnce()) -> Compiled {
    let SourceSet {
        map,
        roles,
        mut diags,
    } = set;
    let t = crate::timing::span("load: parse");
    let decoded = decode_all(&map, &roles, &mut diags);
    drop(t);
    parsed();
    let t = crate::timing::span("merge");
    let plan = assemble(decoded, &map, &mut diags);
    // A file that could not be read leaves its contacts, roles and fragments out of the plan: checking
    // references then would bury the one real error under dozens of "unknown contact" that are not.
    let unreadable = diags
        .list
        .iter()
        .any(|d| matches!(d.code, Code::YamlSyntax | Code::TooLarge));
    drop(t);
    if !unreadable {
        let _t = crate::timing::span("check");
        check::check(&plan, &map, &mut diags);
    }
    diags.sort();
    Compiled { plan, map, diags }
}

/// The plan from every file's decoded objects, in file order (hence layer order): one manifest, the last
/// establishment read, fragments merged across layers (under the plan's baseline pin), contacts merged by id.
fn assemble(decoded: Vec<Decoded>, map: &SourceMap, diags: &mut Diags) -> Plan {
    let mut plan = Plan::default();
    let mut contacts = Vec::new();
    let mut fragments = Vec::new();
    let mut shared_apps = Vec::new();
    for d in decoded {
        match d {
            Decoded::Manifest(m) => plan.manifest = m.unwrap_or_default(),
            Decoded::Establishment(Some(e)) => plan.establishment = *e,
            Decoded::Contacts(c) => contacts.extend(c),
            Decoded::Exercises(x) => plan.exercises.extend(x),
            Decoded::Fragments(f) => fragments.extend(f),
            Decoded::Meta(m) => plan.baseline = m,
            Decoded::Applications(a) => shared_apps.extend(a),
            Decoded::Establishment(None) | Decoded::Nothing => {}
        }
    }
    merge::inherit_applications(&mut plan.establishment.applications, shared_apps);
    let pin = pin(&plan, map, diags);
    let merged = merge::merge_pinned(fragments, diags, pin.as_ref());
    plan.fragments = merged.fragments;
    plan.history = merged.history;
    plan.contacts = merge::merge_contacts(contacts, diags);
    plan
}

/// The plan's `plan.baseline` pin, when the baseline is one of its layers and knows that version; an unknown
/// version is `PBN068` (the plan then merges as if unpinned).
fn pin<'a>(plan: &'a Plan, map: &SourceMap, diags: &mut Diags) -> Option<merge::Pin<'a>> {
    let version = plan.manifest.baseline.as_ref()?;
    let layer = map
        .layers
        .iter()
        .position(|l| l.name.starts_with("baseline:"))?;
    let meta = &plan.baseline;
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

/// A print run in memory: the files, the manifest that lists them, and what rendering found (`PBN038`).
pub struct Built {
    /// The sources, which the diagnostics point into.
    pub map: SourceMap,
    pub files: Vec<File>,
    pub manifest: Manifest,
    pub diags: Diags,
    /// Outputs this version of pbn does not build (none today), for a note.
    pub skipped: Vec<&'static str>,
}

/// Everything `pbn build` does between a plan without errors and the files on disk: view, outputs in memory,
/// manifest. The plan is consumed: it is freed as soon as the view is built. `Err` is `PBN050`, an output that
/// could not be rendered.
pub fn build(c: Compiled, opts: &ViewOptions, job: &Job) -> Result<Built, Diagnostic> {
    let epoch = job.source_date_epoch;
    let t = crate::timing::span("view");
    // The manifest's digests of the sources do not wait for the view. The view is built on this thread, not as
    // a task of rayon's pool: it spreads its own parts over the pool, which it does not do from inside it.
    let sources = || Manifest::for_sources(&c.plan, &c.map, &opts.audience.name, epoch);
    let (view, manifest) = std::thread::scope(|s| {
        // A thread that cannot start leaves the digests to this one, after the view.
        let manifest = std::thread::Builder::new().spawn_scoped(s, sources).ok();
        let view = View::build(&c.plan, &c.map, opts);
        let manifest = match manifest {
            Some(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            None => sources(),
        };
        (view, manifest)
    });
    let manifest = manifest.with_fingerprint(view.cover.fingerprint_sha256.clone());
    drop(t);
    let Compiled { plan, map, .. } = c;
    let cx = BuildContext::new(&plan, &map, &view, job.templates, epoch).warmed(job.warm.clone());
    drop(plan);
    let _t = crate::timing::span("render");
    let rendered = render_all(&cx, job.kinds, Order::for_sources(&map))?;
    let names = rendered.files.iter().map(|(n, _)| n.clone());
    let manifest = manifest.with_digests(names.zip(rendered.digests).collect());
    crate::oneshot::discard(cx);
    crate::oneshot::discard(view);
    Ok(Built {
        map,
        files: rendered.files,
        manifest,
        diags: rendered.diags,
        skipped: rendered.skipped,
    })
}
