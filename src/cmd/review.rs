//! `pbn review DIR...`: compile each plan, run the reviewer rules (`crate::rules`) and print a reviewer's
//! letter, JSON or an offline HTML page; with several plans, a summary table, a JSON array or an HTML
//! dashboard. Plans are reviewed in parallel; one plan that cannot be read is reported in its row and does not
//! stop the others. This is the only place pbn reads the clock (today's date, unless `--as-of`).

mod html;
mod letter;
mod table;

use crate::app;
use crate::cli::ReviewFormat;
use crate::model::Date;
use crate::render::{Audience, View, ViewOptions};
use crate::rules::frameworks::{self, Framework};
use crate::rules::profile::{Profile, Settings};
use crate::rules::report::{self, Report};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub struct ReviewArgs {
    pub dirs: Vec<PathBuf>,
    pub format: ReviewFormat,
    pub as_of: Option<Date>,
    pub min_score: Option<u32>,
    pub profile: Option<PathBuf>,
    /// `--framework`: the evidence matrix to add to each report.
    pub framework: Option<String>,
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
            Reviewed::Ok { report, min_score } => report.below_bar(*min_score),
            Reviewed::Broken { .. } => true,
        }
    }
}

pub fn run(a: &ReviewArgs) -> i32 {
    let as_of = a.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut reviewer = match &a.profile {
        None => Profile::default(),
        Some(p) => match std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|t| Profile::parse(&t))
        {
            Ok(p) => p,
            Err(e) => return super::fatal(&format!("review profile {}: {e}", p.display())),
        },
    };
    if a.min_score.is_some() {
        reviewer.min_score = a.min_score;
    }
    if let Err(e) = reviewer.settings() {
        return super::fatal(&e);
    }
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
    let results = review_all_with(&a.dirs, as_of, &reviewer, framework);
    if let [one] = results.as_slice() {
        return single(one, a.format);
    }
    let text = match a.format {
        ReviewFormat::Human => table::render(&results),
        ReviewFormat::Json => json(&results.iter().map(to_json).collect::<Vec<_>>()),
        ReviewFormat::Html => html::dashboard(&results),
    };
    super::out(&text);
    if results.iter().any(|r| matches!(r, Reviewed::Broken { .. })) {
        crate::exit::USAGE
    } else if results.iter().any(Reviewed::below_bar) {
        crate::exit::PLAN
    } else {
        crate::exit::OK
    }
}

fn single(r: &Reviewed, format: ReviewFormat) -> i32 {
    let Reviewed::Ok { report, .. } = r else {
        if let Reviewed::Broken { error, .. } = r {
            return super::fatal(error);
        }
        return crate::exit::USAGE;
    };
    let text = match format {
        ReviewFormat::Human => letter::render(report),
        ReviewFormat::Json => json(&to_json(r)),
        ReviewFormat::Html => html::single(report),
    };
    super::out(&text);
    if r.below_bar() {
        crate::exit::PLAN
    } else {
        crate::exit::OK
    }
}

/// A report as JSON; a broken plan as `{"plan", "error"}`.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum JsonOut<'a> {
    Report(&'a Report),
    Broken { plan: &'a str, error: &'a str },
}

fn to_json(r: &Reviewed) -> JsonOut<'_> {
    match r {
        Reviewed::Ok { report, .. } => JsonOut::Report(report),
        Reviewed::Broken { plan, error } => JsonOut::Broken { plan, error },
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Reviews every plan in parallel, in the order given; a progress bar on a terminal for several plans.
pub fn review_all(dirs: &[PathBuf], as_of: Date, reviewer: &Profile) -> Vec<Reviewed> {
    review_all_with(dirs, as_of, reviewer, None)
}

/// [`review_all`], each report with the evidence matrix of `framework`.
pub fn review_all_with(
    dirs: &[PathBuf],
    as_of: Date,
    reviewer: &Profile,
    framework: Option<&'static Framework>,
) -> Vec<Reviewed> {
    let bar = progress(dirs.len());
    let out = dirs
        .par_iter()
        .map(|d| {
            let r = review_one_with(d, as_of, reviewer, framework);
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
pub fn review_one(dir: &Path, as_of: Date, reviewer: &Profile) -> Reviewed {
    review_one_with(dir, as_of, reviewer, None)
}

/// plan.pdf's page (1-based) of each anchor, laid out as `pbn build --audience ars` writes it: the plan the
/// agency receives. Empty when the document cannot be laid out (fonts).
pub fn pdf_pages(c: &app::Compiled) -> BTreeMap<String, usize> {
    let audience =
        Audience::resolve("ars", &c.plan.manifest).unwrap_or_else(|_| Audience::internal());
    let view = View::build(
        &c.plan,
        &c.map,
        &ViewOptions {
            audience,
            date: None,
        },
    );
    let doc = crate::render::pdf::plan_document(&view, None);
    pbn_typeset::layout(&doc)
        .map(|l| {
            l.anchors
                .into_iter()
                .map(|(a, (p, _))| (a, p + 1))
                .collect()
        })
        .unwrap_or_default()
}

/// [`review_one`], with the evidence matrix of `framework`.
pub fn review_one_with(
    dir: &Path,
    as_of: Date,
    reviewer: &Profile,
    framework: Option<&'static Framework>,
) -> Reviewed {
    let label = dir.display().to_string();
    let broken = |error: String| Reviewed::Broken {
        plan: label.clone(),
        error,
    };
    let c = match app::compile(dir) {
        Ok(c) => c,
        Err(e) => return broken(e.0),
    };
    let settings = match settings(&c, reviewer) {
        Ok(s) => s,
        Err(e) => return broken(format!("{label}: {e}")),
    };
    let mut report = report::review(&c, &label, as_of, &settings);
    if let Some(fw) = framework {
        report.framework = Some(frameworks::matrix(fw, &report, &pdf_pages(&c)));
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

    /// The reviewer-rule fixture (`tests/fixtures/review/base`): it passes every rule as of 2026-11-29. (The
    /// example plan is reviewed in `tests/cli`; its verdict follows its content.)
    fn base() -> crate::rules::testkit::Kit {
        crate::rules::testkit::Kit::base()
    }

    #[test]
    fn the_base_plan_passes_and_goes_stale_a_year_later() {
        let p = Profile::default();
        let k = base();
        let now = review_one(k.path(), "2026-11-29".parse().unwrap(), &p);
        assert_eq!(failing(&now), Vec::<&str>::new());
        assert!(!now.below_bar());
        let later = review_one(k.path(), "2027-11-29".parse().unwrap(), &p);
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
        assert!(text.contains("contact:dg (contacts.yaml:6)"), "{text}");
        let page = html::single(report);
        assert!(!page.contains("http") && !page.contains("src="));
    }

    #[test]
    fn a_broken_plan_does_not_stop_the_others() {
        let k = base();
        let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review/nope");
        let rs = review_all(
            &[example(), missing, k.path().to_path_buf()],
            "2026-11-29".parse().unwrap(),
            &Profile::default(),
        );
        assert_eq!(rs.len(), 3);
        assert!(matches!(rs[0], Reviewed::Ok { .. }));
        assert!(matches!(rs[1], Reviewed::Broken { .. }));
        assert!(failing(&rs[2]).is_empty());
        let t = table::render(&rs);
        assert!(t.contains("not reviewed") && t.contains("010009900"), "{t}");
        assert!(html::dashboard(&rs).contains("plan-2"));
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
        let r = review_one(k.path(), "2026-11-29".parse().unwrap(), &reviewer);
        assert!(matches!(r, Reviewed::Broken { error, .. } if error.contains("min_scor")));
    }
}
