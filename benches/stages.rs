//! pbn's stages, one benchmark each, over synthetic plans of N = 10, 100 and 1000 (N reflexes, N/2 procedures,
//! 5N contacts; the generator of `examples/gen-plan.rs`), with divan.
//!
//! ```sh
//! cargo bench --bench stages                         # every stage at N = 10, 100, 1000 (release profile)
//! cargo bench --bench stages -- compile pdf_         # only benchmarks whose name contains a filter
//! PBN_BENCH_SIZES=100 cargo bench --bench stages     # other sizes (comma separated)
//! ```
//!
//! Stages, in the order `pbn build` runs them: `load` (files → decoded objects), `merge` (layers → one plan),
//! `check` (references), `compile` (the three: what `pbn validate` does before printing), `review` (the ARS rule
//! set over a compiled plan), `view` (view model, audience applied), `html` (plan.html from the view),
//! `pdf_document` (view → typeset document for plan.pdf), `pdf_layout` (line breaking and pagination),
//! `pdf_write` (PDF export), `cards_pdf` (cards.pdf: document, layout and export), `build` (all of it in
//! process, outputs and manifest written to a temporary folder), and end to end through the `pbn` binary:
//! `cli_build`, `cli_validate`, `cli_version`. `review_batch` and `cli_review` review 100 copies of the bundled
//! example (`pbn review` of 100 plans, compile included), in process and through the binary.
//!
//! Plans are generated once per process into a temporary folder. Under `cargo test` (divan's test mode: each
//! benchmark runs once) only N = 10 is used.

// A benchmark reports on the terminal, and a broken fixture is a bug of the benchmark: panic.
#![allow(clippy::disallowed_macros, clippy::expect_used, clippy::unwrap_used)]

#[path = "../examples/support/gen_plan.rs"]
mod gen_plan;

use divan::Bencher;
use pbn::app::{self, Compiled};
use pbn::build::Job;
use pbn::decode::file::Decoded;
use pbn::diag::Diags;
use pbn::model::{Date, Fragment};
use pbn::render::{Audience, View, ViewOptions};
use pbn::rules::profile::{Profile, Settings};
use pbn_typeset::{Document, Layout};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

fn main() {
    divan::main();
    // Statics are never dropped: remove the generated plans now.
    if let Ok(mut root) = ROOT.lock() {
        root.take();
    }
}

/// `cargo test` runs a bench target without `--bench`: divan then runs each benchmark once.
fn test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench")
}

/// N values: `PBN_BENCH_SIZES` (comma separated), else 10, 100, 1000; only 10 in test mode.
fn sizes() -> Vec<usize> {
    if test_mode() {
        return vec![10];
    }
    match std::env::var("PBN_BENCH_SIZES") {
        Ok(s) if !s.trim().is_empty() => {
            s.split(',').filter_map(|x| x.trim().parse().ok()).collect()
        }
        _ => vec![10, 100, 1000],
    }
}

/// Copies of the bundled example reviewed by `review_batch`.
fn batch_size() -> usize {
    if test_mode() { 2 } else { 100 }
}

static ROOT: Mutex<Option<tempfile::TempDir>> = Mutex::new(None);

/// The temporary folder every plan and output goes to, created on first use.
fn root() -> PathBuf {
    let mut root = ROOT.lock().unwrap_or_else(|e| e.into_inner());
    root.get_or_insert_with(|| {
        tempfile::Builder::new()
            .prefix("pbn-bench-")
            .tempdir()
            .expect("cannot create a temporary folder")
    })
    .path()
    .to_path_buf()
}

/// Everything a stage needs, computed once per N by running the stages before it.
struct Fixture {
    dir: PathBuf,
    /// Loaded fragments of every layer, before merging.
    fragments: Vec<Fragment>,
    compiled: Compiled,
    settings: Settings,
    opts: ViewOptions,
    view: View,
    plan_doc: Document,
    plan_layout: Layout,
}

fn fixture(n: usize) -> &'static Fixture {
    static ALL: Mutex<BTreeMap<usize, &'static Fixture>> = Mutex::new(BTreeMap::new());
    let mut all = ALL.lock().unwrap_or_else(|e| e.into_inner());
    all.entry(n)
        .or_insert_with(|| Box::leak(Box::new(make_fixture(n))))
}

fn make_fixture(n: usize) -> Fixture {
    let dir = root().join(format!("plan-{n}"));
    gen_plan::generate(n, &dir).expect("cannot write the synthetic plan");
    let fragments = loaded_fragments(&dir);
    let compiled = app::compile(&dir).expect("cannot compile the synthetic plan");
    assert!(
        !compiled.diags.has_errors(),
        "the synthetic plan N={n} has errors"
    );
    let settings = Profile::default()
        .settings()
        .expect("default review settings");
    let opts = ViewOptions {
        audience: Audience::resolve("internal", &compiled.plan.manifest)
            .expect("the internal audience"),
        date: None,
    };
    let view = View::build(&compiled.plan, &compiled.map, &opts);
    let plan_doc = pbn::render::pdf::plan_document(&view, None);
    let plan_layout = pbn_typeset::layout(&plan_doc).expect("layout of plan.pdf");
    Fixture {
        dir,
        fragments,
        compiled,
        settings,
        opts,
        view,
        plan_doc,
        plan_layout,
    }
}

fn as_of() -> Date {
    Date::from_ymd_opt(2026, 11, 29).expect("a valid date")
}

// ---- compile: load, merge, check ----

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn load(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| loaded_fragments(&fx.dir).len());
}

/// The `load` stage: the plan's files read (`load::sources`) and decoded, every layer's fragments before merging.
fn loaded_fragments(dir: &Path) -> Vec<Fragment> {
    let set = pbn::load::sources(dir).expect("cannot load the synthetic plan");
    let mut diags = Diags::default();
    pbn::decode::file::decode_all(&set.map, &set.roles, &mut diags)
        .into_iter()
        .flat_map(|d| match d {
            Decoded::Fragments(f) => f,
            _ => Vec::new(),
        })
        .collect()
}

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn merge(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher
        .with_inputs(|| fx.fragments.clone())
        .bench_values(|fragments| pbn::merge::merge(fragments, &mut Diags::default()));
}

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn check(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| {
        let mut diags = Diags::default();
        pbn::check::check(&fx.compiled.plan, &fx.compiled.map, &mut diags);
        diags
    });
}

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn compile(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| app::compile(&fx.dir).map(|c| c.diags.list.len()));
}

// ---- review ----

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn review(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| pbn::rules::report::review(&fx.compiled, "plan", as_of(), &fx.settings));
}

/// `pbn review` of 100 copies of the bundled example, in process: `cmd::review::review_all` (compile and review
/// each plan, in parallel on rayon's global pool, as the command does).
#[divan::bench(sample_count = 10, max_time = 20)]
fn review_batch(bencher: Bencher) {
    let dirs = vec![example(); batch_size()];
    let profile = Profile::default();
    let opts = pbn::cmd::review::Options {
        as_of: as_of(),
        reviewer: &profile,
        with_pages: false,
        framework: None,
    };
    bencher.bench(|| pbn::cmd::review::review_all(&dirs, &opts));
}

/// `pbn review` of 100 copies of the bundled example, end to end.
#[divan::bench(sample_count = 10, max_time = 20)]
fn cli_review(bencher: Bencher) {
    let dir = example();
    let mut args: Vec<&OsStr> = vec!["review".as_ref(), "--as-of".as_ref(), "2026-11-29".as_ref()];
    args.extend(std::iter::repeat_n(dir.as_os_str(), batch_size()));
    bench_cli(bencher, &args);
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ch-val-exemple")
}

// ---- render ----

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn view(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| View::build(&fx.compiled.plan, &fx.compiled.map, &fx.opts));
}

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn html(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| pbn::render::html::render(&fx.view, None).map(|s| s.len()));
}

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn pdf_document(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| pbn::render::pdf::plan_document(&fx.view, None));
}

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn pdf_layout(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| pbn_typeset::layout(&fx.plan_doc).map(|l| l.pages.len()));
}

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn pdf_write(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| pbn_typeset::write_pdf(&fx.plan_layout, &fx.plan_doc.meta).map(|p| p.len()));
}

#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn cards_pdf(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bencher.bench(|| {
        // Without plan.pdf's pages (a build waits for them from plan.pdf's layout): cut cards print no page.
        pbn::render::pdf::cards_pdf(&fx.view, None, || None)
            .and_then(|(prepared, _)| prepared.write())
            .map(|r| r.pdf.len())
    });
}

// ---- whole build ----

/// What `pbn build` does, in process: compile, view, every output, manifest, safe writes (fsynced).
#[divan::bench(args = sizes(), sample_count = 20, max_time = 15)]
fn build(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    let out = root().join(format!("out-{n}"));
    std::fs::create_dir_all(&out).expect("output folder");
    let job = Job {
        kinds: &[],
        templates: None,
        source_date_epoch: None,
        warm: None,
    };
    bencher.bench(|| {
        let c = app::compile(&fx.dir).expect("compile");
        let built = app::build(c, &fx.opts, &job).expect("render");
        pbn::output::write_outputs(&out, &built.manifest, &built.files).expect("write");
    });
}

/// Runs the `pbn` binary built for this profile; `Err` when it fails.
fn pbn_cli(args: &[&OsStr]) -> Result<(), String> {
    let status = Command::new(env!("CARGO_BIN_EXE_pbn"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run pbn: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        let shown: Vec<_> = args.iter().take(4).map(|a| a.to_string_lossy()).collect();
        Err(format!("pbn {} …: {status}", shown.join(" ")))
    }
}

/// Times a `pbn` command. It is run once first: if it fails, the benchmark fails under `cargo test`, and is
/// skipped with a warning under `cargo bench` (so that one crash does not stop the whole run); failures while
/// timing are counted and reported.
fn bench_cli(bencher: Bencher, args: &[&OsStr]) {
    if let Err(e) = pbn_cli(args) {
        assert!(!test_mode(), "{e}");
        eprintln!("\nwarning: not timed, the command fails: {e}");
        return;
    }
    let failed = AtomicUsize::new(0);
    bencher.bench(|| {
        if pbn_cli(args).is_err() {
            failed.fetch_add(1, Ordering::Relaxed);
        }
    });
    let failed = failed.into_inner();
    if failed > 0 {
        eprintln!(
            "\nwarning: {failed} of the timed runs failed: the figures below are not the command's"
        );
    }
}

/// `pbn build DIR --out OUT`, end to end (process start, all outputs written).
#[divan::bench(args = sizes(), sample_count = 20, max_time = 15)]
fn cli_build(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    let out = root().join(format!("out-cli-{n}"));
    bench_cli(
        bencher,
        &[
            "build".as_ref(),
            fx.dir.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
    );
}

/// `pbn validate DIR`, end to end.
#[divan::bench(args = sizes(), sample_count = 20, max_time = 10)]
fn cli_validate(bencher: Bencher, n: usize) {
    let fx = fixture(n);
    bench_cli(bencher, &["validate".as_ref(), fx.dir.as_os_str()]);
}

/// `pbn --version`: start-up.
#[divan::bench(sample_count = 50, max_time = 5)]
fn cli_version(bencher: Bencher) {
    bench_cli(bencher, &["--version".as_ref()]);
}
