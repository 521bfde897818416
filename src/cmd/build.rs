//! `pbn build`: the whole pipeline of a print run, in order — compile (load, merge, check) → stop on errors →
//! audience → view → each requested output rendered in memory → `manifest.json` → safe writes.
//!
//! An output is a file name and a renderer `fn(&BuildContext) -> Result<Vec<u8>, String>` in [`OUTPUTS`];
//! an output whose renderer is not part of this build yet (`None`) is skipped, never faked.
//!
//! Safe writes: every file goes to a temporary file in the output folder (`.plan.html.tmp-<pid>`), is
//! fsynced, and only when all are written are they renamed over the final names (the manifest last). On any
//! failure the temporaries are removed and the previous outputs are left as they were (exit 2).

use crate::app;

use crate::manifest::{self, Manifest};
use crate::model::Plan;
use crate::render::{Audience, View, ViewOptions, html};
use crate::source::{Loc, SourceMap};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Everything a renderer may read. The merged plan is not in it: the view holds what the documents print, and
/// the plan is freed before rendering (a thousand-reflex plan is some thirty megabytes).
pub struct BuildContext<'a> {
    pub map: &'a SourceMap,
    /// The view model, audience applied.
    pub view: &'a View,
    /// `--templates DIR`.
    pub templates: Option<&'a Path>,
    /// The date written into the PDF metadata ([`pdf_date`]).
    pub pdf_date: Option<pbn_typeset::DateTime>,
    /// Where each reflex sheet is written, to locate the warning of a sheet longer than a page.
    pub reflexes: BTreeMap<String, Loc>,
}

pub type Renderer = fn(&BuildContext) -> Result<Vec<u8>, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    Pdf,
    Html,
    Cards,
}

pub struct Output {
    pub kind: OutputKind,
    pub file: &'static str,
    /// `--pdf`, `--html`, `--cards`.
    pub flag: &'static str,
    pub render: Option<Renderer>,
}

/// The outputs of `pbn build`, in the order they are listed.
pub const OUTPUTS: &[Output] = &[
    Output {
        kind: OutputKind::Pdf,
        file: "plan.pdf",
        flag: "--pdf",
        render: Some(render_plan_pdf),
    },
    Output {
        kind: OutputKind::Html,
        file: "plan.html",
        flag: "--html",
        render: Some(render_html),
    },
    Output {
        kind: OutputKind::Cards,
        file: "cards.pdf",
        flag: "--cards",
        render: Some(render_cards_pdf),
    },
];

/// The date printed in the PDF metadata: `SOURCE_DATE_EPOCH`, else the plan's adoption date, else none.
fn pdf_date(plan: &Plan, source_date_epoch: Option<i64>) -> Option<pbn_typeset::DateTime> {
    use chrono::{Datelike, Timelike};
    let dt = match source_date_epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        Some(d) => d.naive_utc(),
        None => plan
            .establishment
            .adopted_on
            .as_ref()?
            .v
            .and_hms_opt(0, 0, 0)?,
    };
    Some(pbn_typeset::DateTime {
        year: dt.year(),
        month: dt.month() as u8,
        day: dt.day() as u8,
        hour: dt.hour() as u8,
        minute: dt.minute() as u8,
        second: dt.second() as u8,
    })
}

/// Typesets a document; a sheet that does not fit on one page is a warning located on its fragment.
fn typeset(cx: &BuildContext, doc: pbn_typeset::Document) -> Result<Vec<u8>, String> {
    written(cx, pbn_typeset::prepare(doc))
}

/// The file of a prepared document ([`pbn_typeset::Prepared::write`]), after a warning for each reflex sheet
/// longer than a page.
fn written(
    cx: &BuildContext,
    prepared: Result<pbn_typeset::Prepared, pbn_typeset::Error>,
) -> Result<Vec<u8>, String> {
    let r = prepared
        .and_then(pbn_typeset::Prepared::write)
        .map_err(|e| e.to_string())?;
    let mut diags = crate::diag::Diags::default();
    for o in &r.overflows {
        // Only reflex sheets promise one page; a long role card simply continues.
        let Some((kind @ "reflex", id)) = o.source.as_deref().and_then(|s| s.split_once(':'))
        else {
            continue;
        };
        let loc = cx.reflexes.get(id).copied();
        diags.push(
            crate::diag::Diagnostic::new(crate::diag::Code::SheetOverflow, loc, format!("{kind} `{id}` does not fit on one printed page; it continues on the next one"))
                .help("shorten its steps or move details to a procedure, so the sheet can be pinned up as one page"),
        );
    }
    if !diags.list.is_empty() {
        super::err(&super::human_diags(&diags, cx.map));
    }
    Ok(r.pdf)
}

fn render_plan_pdf(cx: &BuildContext) -> Result<Vec<u8>, String> {
    written(cx, prepare_plan_pdf(cx))
}

/// plan.pdf up to its writing: typeset document, layout, fonts, encoded pages ([`pbn_typeset::prepare`]).
fn prepare_plan_pdf(cx: &BuildContext) -> Result<pbn_typeset::Prepared, pbn_typeset::Error> {
    pbn_typeset::prepare(crate::render::pdf::plan_document(cx.view, cx.pdf_date))
}

fn render_cards_pdf(cx: &BuildContext) -> Result<Vec<u8>, String> {
    typeset(cx, crate::render::pdf::cards_document(cx.view, cx.pdf_date))
}

fn render_html(cx: &BuildContext) -> Result<Vec<u8>, String> {
    html::render(cx.view, cx.templates).map(String::into_bytes)
}

/// What the user asked for.
pub struct BuildArgs {
    pub dir: PathBuf,
    pub out: Option<PathBuf>,
    pub audience: String,
    pub kinds: Vec<OutputKind>,
    pub templates: Option<PathBuf>,
}

pub fn run(a: &BuildArgs) -> i32 {
    let progress = super::progress::start("compiling the plan");
    let c = match app::compile(&a.dir) {
        Ok(c) => c,
        Err(e) => return super::fatal(&e.0),
    };
    if !c.diags.list.is_empty() {
        super::err(&super::human_diags(&c.diags, &c.map));
    }
    if c.diags.has_errors() {
        super::err("error: the plan has errors; nothing was built\n");
        return crate::exit::PLAN;
    }
    let audience = match Audience::resolve(&a.audience, &c.plan.manifest) {
        Ok(x) => x,
        Err(e) => return super::fatal(&e),
    };
    let epoch = match source_date_epoch() {
        Ok(e) => e,
        Err(e) => return super::fatal(&e),
    };
    let opts = ViewOptions {
        audience,
        date: epoch
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|d| d.date_naive()),
    };
    let job = Job {
        kinds: &a.kinds,
        templates: a.templates.as_deref(),
        source_date_epoch: epoch,
    };
    let (files, manifest) = match render(c, &opts, &job) {
        Ok(r) => r,
        Err(e) => return super::fatal(&e),
    };
    let _t = crate::timing::span("write");
    let out = a.out.clone().unwrap_or_else(|| a.dir.join("dist"));
    progress.set(&format!("writing {}", out.display()));
    match write_outputs(&out, manifest, files) {
        Ok(written) => {
            for (path, len) in written {
                super::status(&format!("wrote {} ({})\n", path.display(), size(len)));
            }
            crate::exit::OK
        }
        Err(e) => super::fatal(&e),
    }
}

/// A rendered output: its file name and bytes.
pub type File = (String, Vec<u8>);

/// What to render, besides the plan and the audience.
pub struct Job<'a> {
    /// `--pdf`, `--html`, `--cards` (all when empty).
    pub kinds: &'a [OutputKind],
    /// `--templates DIR`.
    pub templates: Option<&'a Path>,
    /// `SOURCE_DATE_EPOCH`, when set: the only date a renderer may write.
    pub source_date_epoch: Option<i64>,
}

/// Everything `pbn build` does between a plan without errors and the files on disk: view, outputs in memory,
/// manifest (without its list of outputs, see [`Manifest::with_outputs`]). The plan is consumed: it is freed
/// as soon as the view is built.
pub fn render(
    c: app::Compiled,
    opts: &ViewOptions,
    job: &Job,
) -> Result<(Vec<File>, Manifest), String> {
    let epoch = job.source_date_epoch;
    let t = crate::timing::span("view");
    // The manifest's digests of the sources do not wait for the view.
    let (view, manifest) = rayon::join(
        || View::build(&c.plan, &c.map, opts),
        || Manifest::for_sources(&c.plan, &c.map, &opts.audience.name, epoch),
    );
    let manifest = manifest.with_fingerprint(view.cover.fingerprint_sha256.clone());
    drop(t);
    let app::Compiled { plan, map, .. } = c;
    let cx = BuildContext {
        map: &map,
        view: &view,
        templates: job.templates,
        pdf_date: pdf_date(&plan, epoch),
        reflexes: plan
            .of_kind(crate::model::Kind::Reflex)
            .into_iter()
            .map(|f| (f.id.v.clone(), f.id.loc))
            .collect(),
    };
    drop(plan);
    let _t = crate::timing::span("render");
    let sources: usize = map.files.iter().map(|f| f.text.len()).sum();
    let order = if sources > SIDE_BY_SIDE_MAX_SOURCES {
        Order::OneAtATime
    } else {
        Order::SideBySide
    };
    Ok((render_all(&cx, job.kinds, order)?, manifest))
}

/// Plans with more YAML than this render their two memory-hungry outputs one after the other (see
/// [`render_all`]). A hospital's plan is well under a megabyte; the 1000-reflex benchmark plan is 7.6 MB.
const SIDE_BY_SIDE_MAX_SOURCES: usize = 3 << 20;

/// How the outputs share the machine ([`render_all`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// Everything at once.
    SideBySide,
    /// plan.html waits for plan.pdf's layout.
    OneAtATime,
}

/// Renders the requested outputs (all when none is named) in memory, listed in the order of [`OUTPUTS`].
///
/// The outputs share nothing but the view, so they render side by side. For a large plan, though, the two
/// largest things a build holds are plan.pdf's layout (its typeset document and positioned pages) and the HTML
/// page's template context (the whole view as template values): above [`SIDE_BY_SIDE_MAX_SOURCES`] they are
/// never held at once — the cards render beside the plan's layout, the HTML beside the plan's writing. A
/// thousand-reflex build then holds some forty megabytes less, for a tenth more time.
fn render_all(
    cx: &BuildContext,
    kinds: &[OutputKind],
    order: Order,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let one_at_a_time = order == Order::OneAtATime;
    let explicit = !kinds.is_empty();
    let mut todo: Vec<(&Output, Renderer)> = Vec::new();
    let mut skipped = Vec::new();
    for o in OUTPUTS {
        if explicit && !kinds.contains(&o.kind) {
            continue;
        }
        match o.render {
            Some(r) => todo.push((o, r)),
            None if explicit => {
                return Err(format!(
                    "`{}`: this build of pbn cannot write {} yet",
                    o.flag, o.file
                ));
            }
            None => skipped.push(o.file),
        }
    }
    if !skipped.is_empty() {
        super::err(&format!(
            "note: not built by this version of pbn: {}\n",
            skipped.join(", ")
        ));
    }
    let names: Vec<&str> = todo.iter().map(|(o, _)| o.file).collect();
    super::progress::stage(&format!("rendering {}", names.join(", ")));
    let run = |o: &Output, render: Renderer| {
        let _t = crate::timing::span(o.file);
        render(cx)
    };
    let mut done: Vec<(&str, Result<Vec<u8>, String>)> = std::thread::scope(|s| {
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<Vec<u8>, String>>| {
            h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        };
        let plan = todo.iter().find(|(o, _)| o.kind == OutputKind::Pdf);
        let (early, late): (Vec<_>, Vec<_>) = todo
            .iter()
            .filter(|(o, _)| o.kind != OutputKind::Pdf)
            .partition(|(o, _)| !one_at_a_time || plan.is_none() || o.kind != OutputKind::Html);
        let early: Vec<_> = early
            .into_iter()
            .map(|&(o, r)| (o.file, s.spawn(move || run(o, r))))
            .collect();
        let mut done = Vec::new();
        if let Some((o, _)) = plan {
            let t = crate::timing::span(o.file);
            let prepared = prepare_plan_pdf(cx);
            let late: Vec<_> = late
                .into_iter()
                .map(|&(o, r)| (o.file, s.spawn(move || run(o, r))))
                .collect();
            done.push((o.file, written(cx, prepared)));
            drop(t);
            done.extend(late.into_iter().map(|(f, h)| (f, join(h))));
        }
        done.extend(early.into_iter().map(|(f, h)| (f, join(h))));
        done
    });
    done.sort_by_key(|(file, _)| OUTPUTS.iter().position(|o| o.file == *file));
    done.into_iter()
        .map(|(file, bytes)| Ok((file.to_string(), bytes?)))
        .collect()
}

fn source_date_epoch() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if s.trim().is_empty() => Ok(None),
        Ok(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| chrono::DateTime::from_timestamp(*n, 0).is_some())
            .map(Some)
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH must be a number of seconds, not `{s}`")),
        Err(_) => Ok(None),
    }
}

fn size(n: usize) -> String {
    if n >= 10 * 1024 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// Adds the manifest and writes everything safely; returns the paths written with their sizes.
pub fn write_outputs(
    out: &Path,
    manifest: Manifest,
    mut files: Vec<(String, Vec<u8>)>,
) -> Result<Vec<(PathBuf, usize)>, String> {
    let listed: Vec<(String, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.clone(), b.as_slice()))
        .collect();
    let m = manifest.with_outputs(&listed);
    files.push((manifest::FILE_NAME.to_string(), m.to_json().into_bytes()));
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    write_atomically(out, &files)?;
    Ok(files.iter().map(|(n, b)| (out.join(n), b.len())).collect())
}

/// Writes every file to a temporary in `out`, fsyncs, then renames each over its final name, in order.
/// On failure, removes the temporaries: the files already in `out` are untouched unless renamed.
pub fn write_atomically(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let pid = std::process::id();
    let temps: Vec<PathBuf> = files
        .iter()
        .map(|(n, _)| out.join(format!(".{n}.tmp-{pid}")))
        .collect();
    let result = (|| {
        // A final name taken by a folder would fail its rename after others succeeded: refuse first.
        for (name, _) in files {
            let dest = out.join(name);
            if dest.is_dir() {
                return Err(format!(
                    "cannot write {}: it is a directory",
                    dest.display()
                ));
            }
        }
        for ((name, bytes), tmp) in files.iter().zip(&temps) {
            write_synced(tmp, bytes)
                .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))?;
        }
        for ((name, _), tmp) in files.iter().zip(&temps) {
            let dest = out.join(name);
            std::fs::rename(tmp, &dest)
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
        }
        sync_dir(out);
        Ok(())
    })();
    if result.is_err() {
        for t in &temps {
            let _ = std::fs::remove_file(t);
        }
    }
    result
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // A leftover from an interrupted run with the same pid; never follow whatever sits there.
    if std::fs::symlink_metadata(path).is_ok() {
        std::fs::remove_file(path)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes the renames durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Large plans render plan.html after plan.pdf's layout; CI's plans are small, so both orders are run here on
    /// the bundled example: same files, same bytes.
    #[test]
    fn both_render_orders_give_the_same_files() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ch-val-exemple");
        let c = app::compile(&dir).expect("the example compiles");
        let opts = ViewOptions {
            audience: Audience::resolve("internal", &c.plan.manifest).expect("audience"),
            date: None,
        };
        let view = View::build(&c.plan, &c.map, &opts);
        let cx = BuildContext {
            map: &c.map,
            view: &view,
            templates: None,
            pdf_date: pdf_date(&c.plan, Some(1_790_000_000)),
            reflexes: BTreeMap::new(),
        };
        for kinds in [
            vec![],
            vec![OutputKind::Html, OutputKind::Pdf],
            vec![OutputKind::Html],
        ] {
            let side = render_all(&cx, &kinds, Order::SideBySide).expect("side by side");
            let one = render_all(&cx, &kinds, Order::OneAtATime).expect("one at a time");
            let names: Vec<&str> = side.iter().map(|(n, _)| n.as_str()).collect();
            let expected: Vec<&str> = OUTPUTS
                .iter()
                .filter(|o| kinds.is_empty() || kinds.contains(&o.kind))
                .map(|o| o.file)
                .collect();
            assert_eq!(names, expected, "listed in the order of OUTPUTS");
            assert!(side == one, "{names:?}: the two orders differ");
        }
    }

    #[test]
    fn failed_write_leaves_previous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("plan.html"), b"old").unwrap();
        // A directory where the manifest should go makes the build fail…
        std::fs::create_dir(out.join("manifest.json")).unwrap();
        std::fs::write(out.join("manifest.json").join("x"), b"").unwrap();
        let files = vec![
            ("plan.html".to_string(), b"new".to_vec()),
            ("manifest.json".to_string(), b"{}".to_vec()),
        ];
        let e = write_atomically(out, &files).unwrap_err();
        assert!(e.contains("manifest.json"), "{e}");
        // …before plan.html is replaced: the old page is whole, and no temporary is left.
        assert_eq!(std::fs::read(out.join("plan.html")).unwrap(), b"old");
        let left: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![("a.txt".to_string(), b"1".to_vec())];
        write_atomically(dir.path(), &files).unwrap();
        let files = vec![("a.txt".to_string(), b"2".to_vec())];
        write_atomically(dir.path(), &files).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.txt")).unwrap(), b"2");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
