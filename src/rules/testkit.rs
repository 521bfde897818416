//! Test support for the rules: a copy of `tests/fixtures/review/base` (a small plan that passes every rule as
//! of 2026-11-29) in a temporary folder, edited by each test to break one thing.

use super::profile::Thresholds;
use super::{Finding, Outcome, RuleInputs, find};
use crate::model::{Date, Fragment, Plan, Step, Steps};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

pub struct Kit {
    dir: TempDir,
    pub as_of: Date,
    pub th: Thresholds,
}

fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

impl Kit {
    pub fn base() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review/base");
        copy(&src, dir.path());
        Self {
            dir,
            as_of: Date::from_ymd_opt(2026, 11, 29).unwrap(),
            th: Thresholds::default(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Replaces `from` (which must occur) by `to` in `file`.
    pub fn edit(self, file: &str, from: &str, to: &str) -> Self {
        let p = self.dir.path().join(file);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "`{from}` not in {file}");
        fs::write(&p, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Writes (or overwrites) a file.
    pub fn write(self, file: &str, text: &str) -> Self {
        let p = self.dir.path().join(file);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    pub fn remove(self, file: &str) -> Self {
        fs::remove_file(self.dir.path().join(file)).unwrap();
        self
    }

    pub fn on(mut self, d: &str) -> Self {
        self.as_of = d.parse().unwrap();
        self
    }

    pub fn outcome(&self, id: &str) -> Outcome {
        self.outcome_with(id, |_| {})
    }

    /// Runs a rule on the compiled plan after `edit` changed it (for what sources cannot express, e.g. a
    /// locked baseline obligation).
    pub fn outcome_with(&self, id: &str, edit: impl FnOnce(&mut Plan)) -> Outcome {
        let mut c = crate::app::compile(self.dir.path()).unwrap();
        edit(&mut c.plan);
        let ctx = RuleInputs {
            plan: &c.plan,
            map: &c.map,
            as_of: self.as_of,
            th: &self.th,
        };
        (find(id).unwrap().check)(&ctx)
    }

    /// Every finding (failures and notes); none when the rule does not apply.
    pub fn run(&self, id: &str) -> Vec<Finding> {
        match self.outcome(id) {
            Outcome::Checked(f) => f,
            Outcome::NotApplicable(_) => vec![],
        }
    }

    /// Every finding of a rule run on the edited plan.
    pub fn run_with(&self, id: &str, edit: impl FnOnce(&mut Plan)) -> Vec<Finding> {
        match self.outcome_with(id, edit) {
            Outcome::Checked(f) => f,
            Outcome::NotApplicable(_) => vec![],
        }
    }

    /// The failing findings.
    pub fn fails(&self, id: &str) -> Vec<Finding> {
        self.run(id).into_iter().filter(|f| !f.note).collect()
    }

    /// The subjects of the failing findings.
    pub fn failing_subjects(&self, id: &str) -> Vec<String> {
        self.fails(id).into_iter().map(|f| f.subject).collect()
    }

    pub fn passes(&self, id: &str) -> bool {
        matches!(self.outcome(id), Outcome::Checked(f) if f.iter().all(|f| f.note))
    }

    pub fn not_applicable(&self, id: &str) -> bool {
        matches!(self.outcome(id), Outcome::NotApplicable(_))
    }
}

/// The step list of a merged fragment, to edit in a test.
pub fn steps_mut(f: &mut Fragment) -> &mut Vec<Step> {
    match f.f.steps.as_mut().map(|s| &mut s.v) {
        Some(Steps::List(l)) => l,
        _ => panic!("no step list"),
    }
}
