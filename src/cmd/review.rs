//! `pbn review DIR...`: compile each plan, run the reviewer rules (`crate::rules`) and print a reviewer's
//! letter, JSON or an offline HTML page; with several plans, a summary table, a JSON array or an HTML
//! dashboard. Plans are reviewed in parallel; one plan that cannot be read is reported in its row and does not
//! stop the others. This is the only place pbn reads the clock (today's date, unless `--as-of`).

mod batch;
mod compare;
mod csv;
mod fr;
mod html;
mod letter;
mod pages;
mod pdf;
mod reviewer;
mod table;
mod words;

pub use batch::SortKey;

use crate::app;
use crate::cli::ReviewFormat;
use crate::model::Date;
use crate::rules::frameworks::{self, Framework};
use crate::rules::profile::{Profile, Settings};
use crate::rules::report::{self, Report, Verdict};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use reviewer::Reviewer;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub struct ReviewArgs {
    pub dirs: Vec<PathBuf>,
    pub format: ReviewFormat,
    pub as_of: Option<Date>,
    pub min_score: Option<u32>,
    pub profile: Option<PathBuf>,
    /// `--letters OUT`: one PDF letter per plan in OUT.
    pub letters: Option<PathBuf>,
    /// `--reviewer FILE`: the letterhead.
    pub reviewer: Option<PathBuf>,
    /// `--compare OLD`.
    pub compare: Option<PathBuf>,
    /// `--expected FILE`: the FINESS numbers a batch should hold.
    pub expected: Option<PathBuf>,
    pub sort: Option<SortKey>,
    /// `--bom`: CSV starts with a byte-order mark.
    pub bom: bool,
    /// `--framework ID`: the evidence matrix to add to each report.
    pub framework: Option<String>,
}

/// How each plan is reviewed: "today", the reviewer's profile, and what to add to the report.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    pub as_of: Date,
    pub reviewer: &'a Profile,
    /// Locate each finding in plan.pdf (a layout of the plan; for letters).
    pub with_pages: bool,
    /// The evidence matrix of a regulatory framework (`--framework`).
    pub framework: Option<&'static Framework>,
}

/// One plan's result: a report, or why it could not be reviewed (exit-2 kind: no pbn.yaml, unreadable…).
pub enum Reviewed {
    Ok {
        report: Box<Report>,
        min_score: Option<u32>,
    },
    Broken {
        plan: String,
        error: String,
    },
}

impl Reviewed {
    fn below_bar(&self) -> bool {
        match self {
            Reviewed::Ok { report, .. } => report.verdict == Verdict::Rejected,
            Reviewed::Broken { .. } => true,
        }
    }
}

fn reviewer_profile(a: &ReviewArgs) -> Result<Profile, String> {
    let mut reviewer = match &a.profile {
        None => Profile::default(),
        Some(p) => std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|t| Profile::parse(&t))
            .map_err(|e| format!("review profile {}: {e}", p.display()))?,
    };
    if a.min_score.is_some() {
        reviewer.min_score = a.min_score;
    }
    reviewer.settings()?;
    Ok(reviewer)
}

fn check_args(a: &ReviewArgs) -> Result<(), String> {
    if a.compare.is_some() && a.dirs.len() != 1 {
        return Err("--compare OLD compares one plan: give a single NEW plan".into());
    }
    if a.reviewer.is_some() && a.letters.is_none() {
        return Err(
            "--reviewer FILE sets the letterhead of --letters OUT: give --letters too".into(),
        );
    }
    if a.bom && !matches!(a.format, ReviewFormat::Csv | ReviewFormat::CsvFindings) {
        return Err("--bom applies to --format csv and csv-findings".into());
    }
    Ok(())
}

pub fn run(a: &ReviewArgs) -> i32 {
    let as_of = a.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    if let Err(e) = check_args(a) {
        return super::fatal(&e);
    }
    let reviewer = match reviewer_profile(a) {
        Ok(r) => r,
        Err(e) => return super::fatal(&e),
    };
    let letterhead = match &a.reviewer {
        Some(p) => match Reviewer::read(p) {
            Ok(r) => r,
            Err(e) => return super::fatal(&e),
        },
        None => Reviewer::default(),
    };
    let expected = match a.expected.as_deref().map(batch::read_expected).transpose() {
        Ok(e) => e,
        Err(e) => return super::fatal(&e),
    };
    let framework = match a.framework.as_deref().map(|id| (id, frameworks::find(id))) {
        None => None,
        Some((_, Some(f))) => Some(f),
        Some((id, None)) => {
            return super::fatal(&format!(
                "unknown framework `{id}` (one of {})",
                frameworks::ids().join(", ")
            ));
        }
    };
    let opts = Options {
        as_of,
        reviewer: &reviewer,
        with_pages: a.letters.is_some(),
        framework,
    };
    let mut results = review_all(&a.dirs, &opts);
    if let Some(out) = &a.letters
        && let Err(e) = write_letters(out, &results, &letterhead)
    {
        return super::fatal(&e);
    }
    if let Some(old) = &a.compare {
        let old = review_one(
            old,
            &Options {
                with_pages: false,
                framework: None,
                ..opts
            },
        );
        return compared(&results[0], &old, a.format);
    }
    if let [one] = results.as_slice()
        && expected.is_none()
    {
        return single(one, a.format, a.bom);
    }
    if let Some(key) = a.sort {
        batch::sort(&mut results, key);
    }
    let found = batch::findings(&results, expected.as_deref());
    let text = match a.format {
        ReviewFormat::Human => table::render(&results, &found),
        ReviewFormat::Json => json(&BatchJson {
            plans: results.iter().map(to_json).collect(),
            batch_findings: &found,
        }),
        ReviewFormat::Html => match html::dashboard(&results, &found) {
            Ok(t) => t,
            Err(e) => return super::fatal(&e),
        },
        ReviewFormat::Csv => csv::plans(&results, a.bom).unwrap_or_default(),
        ReviewFormat::CsvFindings => csv::findings(&results, a.bom).unwrap_or_default(),
    };
    super::out(&text);
    if results.iter().any(|r| matches!(r, Reviewed::Broken { .. })) {
        crate::exit::USAGE
    } else if results.iter().any(Reviewed::below_bar)
        || found
            .iter()
            .any(|f| f.severity == crate::diag::Severity::Error)
    {
        crate::exit::PLAN
    } else {
        crate::exit::OK
    }
}

#[derive(serde::Serialize)]
struct BatchJson<'a> {
    plans: Vec<JsonOut<'a>>,
    batch_findings: &'a [batch::BatchFinding],
}

/// Writes `OUT/<finess_ej>-<version>.pdf` for every plan that could be reviewed; a plan without a FINESS or
/// a version gets `sans-finess` / `sans-version`, and a second plan with the same name a `-2` suffix.
fn write_letters(out: &Path, results: &[Reviewed], rv: &Reviewer) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut used = std::collections::BTreeSet::new();
    let mut written = 0;
    for r in results {
        let Reviewed::Ok { report, .. } = r else {
            continue;
        };
        let finess = safe(report.finess.as_deref().unwrap_or("sans-finess"));
        let version = safe(report.version.as_deref().unwrap_or("sans-version"));
        let mut name = format!("{finess}-{version}.pdf");
        let mut n = 1;
        while !used.insert(name.clone()) {
            n += 1;
            name = format!("{finess}-{version}-{n}.pdf");
        }
        let date = words::as_of(report).unwrap_or_default();
        let info = pdf::LetterInfo {
            reviewer: rv,
            reference: rv.reference(chrono::Datelike::year(&date), &finess, &version),
            date,
            deadline: date + chrono::Days::new(u64::from(rv.reply_within_days)),
        };
        let doc = pdf::document(report, &info);
        let bytes = pbn_typeset::render_pdf(&doc)
            .map_err(|e| format!("letter for {}: {e}", report.plan))?
            .pdf;
        crate::output::write_atomically(out, &[(name, bytes)])?;
        written += 1;
    }
    super::err(&format!("wrote {written} letter(s) to {}\n", out.display()));
    Ok(())
}

/// A file-name-safe piece: letters, digits, `.`, `-`, `_`; anything else becomes `_`.
fn safe(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    t.trim_start_matches('.').to_string()
}

fn compared(new: &Reviewed, old: &Reviewed, format: ReviewFormat) -> i32 {
    let (Reviewed::Ok { report: n, .. }, Reviewed::Ok { report: o, .. }) = (new, old) else {
        for r in [new, old] {
            if let Reviewed::Broken { error, .. } = r {
                return super::fatal(error);
            }
        }
        return crate::exit::USAGE;
    };
    let c = compare::compare(o, n);
    let text = match format {
        ReviewFormat::Json => json(&WithCompare {
            report: n,
            compare: &c,
        }),
        ReviewFormat::Human => {
            let mut t = letter::render(n);
            t.push_str(&compare::human(words::of(n), &c));
            t
        }
        _ => return super::fatal("--compare prints human or json (--format human|json)"),
    };
    super::out(&text);
    if new.below_bar() {
        crate::exit::PLAN
    } else {
        crate::exit::OK
    }
}

#[derive(serde::Serialize)]
struct WithCompare<'a> {
    #[serde(flatten)]
    report: &'a Report,
    compare: &'a compare::Compare,
}

fn single(r: &Reviewed, format: ReviewFormat, bom: bool) -> i32 {
    let Reviewed::Ok { report, .. } = r else {
        if let Reviewed::Broken { error, .. } = r {
            return super::fatal(error);
        }
        return crate::exit::USAGE;
    };
    let one = std::slice::from_ref(r);
    let text = match format {
        ReviewFormat::Human => letter::render(report),
        ReviewFormat::Json => json(&to_json(r)),
        ReviewFormat::Html => match html::single(report) {
            Ok(t) => t,
            Err(e) => return super::fatal(&e),
        },
        ReviewFormat::Csv => csv::plans(one, bom).unwrap_or_default(),
        ReviewFormat::CsvFindings => csv::findings(one, bom).unwrap_or_default(),
    };
    super::out(&text);
    if r.below_bar() {
        crate::exit::PLAN
    } else {
        crate::exit::OK
    }
}

/// A report as JSON; a broken plan as `{"plan", "error", "verdict": "rejected"}`.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum JsonOut<'a> {
    Report(&'a Report),
    Broken {
        plan: &'a str,
        error: &'a str,
        verdict: Verdict,
    },
}

fn to_json(r: &Reviewed) -> JsonOut<'_> {
    match r {
        Reviewed::Ok { report, .. } => JsonOut::Report(report),
        Reviewed::Broken { plan, error } => JsonOut::Broken {
            plan,
            error,
            verdict: Verdict::Rejected,
        },
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Reviews every plan in parallel, in the order given; a progress bar on a terminal for several plans.
pub fn review_all(dirs: &[PathBuf], opts: &Options) -> Vec<Reviewed> {
    let bar = progress(dirs.len());
    let out = dirs
        .par_iter()
        .map(|d| {
            let r = review_one(d, opts);
            if let Some(b) = &bar {
                b.inc(1);
            }
            r
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    out
}

fn progress(n: usize) -> Option<ProgressBar> {
    let shown = n > 1
        && std::io::stderr().is_terminal()
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
    if !shown {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("reviewing {bar:30} {pos}/{len} plans ({elapsed})")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// Compiles and reviews one plan. The plan's `review:` section applies under the reviewer's profile.
pub fn review_one(dir: &Path, opts: &Options) -> Reviewed {
    let label = dir.display().to_string();
    let broken = |error: String| Reviewed::Broken {
        plan: label.clone(),
        error,
    };
    // A submission pack (`pbn pack`) is reviewed from a temporary copy of its plan; the finding paths are
    // the same as in the folder (the pack keeps the plan's layout).
    let source = match crate::pack::PlanSource::open(dir) {
        Ok(s) => s,
        Err(e) => return broken(e),
    };
    let c = match app::compile(&source.dir) {
        Ok(c) => c,
        Err(e) => return broken(e.0),
    };
    let settings = match settings(&c, opts.reviewer) {
        Ok(s) => s,
        Err(e) => return broken(format!("{label}: {e}")),
    };
    let mut report = report::review(&c, &label, opts.as_of, &settings);
    // Laying the plan out is the slow part: once, for the letters' pages and the matrix's evidence.
    if opts.with_pages || opts.framework.is_some() {
        let anchors = pages::anchors(&c);
        if opts.with_pages {
            pages::locate(&mut report, &anchors.pages);
        }
        if let Some(fw) = opts.framework {
            let mut m = frameworks::matrix(fw, &report, &anchors.pages);
            pages::name_evidence(&mut m, &anchors);
            report.framework = Some(m);
        }
    }
    Reviewed::Ok {
        report: Box::new(report),
        min_score: settings.min_score,
    }
}

/// Defaults ← the plan's `review:` section in pbn.yaml ← the reviewer's profile.
fn settings(c: &app::Compiled, reviewer: &Profile) -> Result<Settings, String> {
    let top = c.map.layers.len().saturating_sub(1);
    let manifest = c
        .map
        .files
        .iter()
        .find(|f| f.layer == top && f.display == "pbn.yaml");
    let plan = match manifest.map(|f| Profile::from_manifest(&f.text)) {
        Some(Ok(p)) => p.unwrap_or_default(),
        // A pbn.yaml that does not parse is already an error of the report; review with the defaults.
        Some(Err(_)) if c.diags.has_errors() => Profile::default(),
        Some(Err(e)) => return Err(e),
        None => Profile::default(),
    };
    plan.overlay(reviewer).settings()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::report::Status;

    fn opts<'a>(as_of: &str, reviewer: &'a Profile, with_pages: bool) -> Options<'a> {
        Options {
            as_of: as_of.parse().unwrap(),
            reviewer,
            with_pages,
            framework: None,
        }
    }

    fn example() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ch-val-exemple")
    }

    fn failing(r: &Reviewed) -> Vec<&'static str> {
        let Reviewed::Ok { report, .. } = r else {
            panic!("not reviewed")
        };
        report
            .rules
            .iter()
            .filter(|x| x.status == Status::Fail)
            .map(|x| x.id)
            .collect()
    }

    /// The reviewer-rule fixture passes every rule as of 2026-11-29 (the example's verdict follows its content).
    #[test]
    fn the_base_plan_passes_and_goes_stale_a_year_later() {
        let p = Profile::default();
        let k = crate::rules::testkit::Kit::base();
        let now = review_one(k.path(), &opts("2026-11-29", &p, false));
        assert_eq!(failing(&now), Vec::<&str>::new());
        assert!(!now.below_bar());
        let later = review_one(k.path(), &opts("2027-11-29", &p, true));
        assert_eq!(
            failing(&later),
            [
                "PLAN-REVIEW-12M",
                "CONTACT-FRESH",
                "BACKUP-OFFLINE",
                "TRAINING-PLAN",
                "CARE-D2-TEST"
            ]
        );
        assert!(later.below_bar());
        let Reviewed::Ok { report, .. } = &later else {
            panic!()
        };
        let text = letter::render(report);
        assert!(
            text.contains("contact:dg (contacts.yaml:6 · plan.pdf, page "),
            "{text}"
        );
        assert!(
            text.starts_with("Avis sur le plan blanc numérique"),
            "{text}"
        );
        assert!(text.contains("À corriger avant acceptation : "), "{text}");
        let page = html::single(report).unwrap();
        assert!(!page.contains("http") && !page.contains("src="));
    }

    #[test]
    fn a_broken_plan_does_not_stop_the_others() {
        let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review/nope");
        let k = crate::rules::testkit::Kit::base();
        let p = Profile::default();
        let rs = review_all(
            &[example(), missing, k.path().to_path_buf()],
            &opts("2026-11-29", &p, false),
        );
        assert_eq!(rs.len(), 3);
        assert!(matches!(rs[1], Reviewed::Broken { .. }));
        assert!(failing(&rs[2]).is_empty());
        let t = table::render(&rs, &[]);
        assert!(t.contains("non examiné") && t.contains("010009900"), "{t}");
        assert!(html::dashboard(&rs, &[]).unwrap().contains("plan-2"));
    }

    #[test]
    fn the_plan_section_sits_under_the_reviewer_profile() {
        let k = crate::rules::testkit::Kit::base().edit(
            "pbn.yaml",
            "include:",
            "review:\n  contact_freshness_months: 60\n  min_score: 99\ninclude:",
        );
        let reviewer = Profile::parse("contact_freshness_months: 3").unwrap();
        let c = app::compile(k.path()).unwrap();
        let s = settings(&c, &reviewer).unwrap();
        assert_eq!(s.thresholds.contact_freshness_months, 3);
        assert_eq!(s.min_score, Some(99));
        let k = k.edit("pbn.yaml", "min_score: 99", "min_scor: 99");
        let r = review_one(k.path(), &opts("2026-11-29", &reviewer, false));
        assert!(matches!(r, Reviewed::Broken { error, .. } if error.contains("min_scor")));
    }
}
