//! Shared helpers: the `pbn` command, temporary copies of the base plan with a case overlaid on it, running
//! `pbn validate --format json`, and matching its diagnostics against a case's `expected.json`.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The longest any single pbn run may take before a test calls it a hang: 30 s, or `PBN_TEST_HANG_SECS` on a
/// machine shared by several builds (a debug `pbn review` of 300 plans takes longer than 30 s there).
pub fn hang() -> Duration {
    let secs = std::env::var("PBN_TEST_HANG_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

/// `pbn`, built once by cargo for the whole test binary; colour off, so output is plain text on every machine.
pub fn pbn() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_pbn"));
    c.env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .timeout(hang());
    c
}

/// `pbn build PLAN --out OUT EXTRA…`, which must succeed; its standard error (warnings included).
pub fn build(plan: &Path, out: &Path, extra: &[&str]) -> String {
    let o = pbn()
        .arg("build")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run pbn build");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(
        o.status.code(),
        Some(0),
        "pbn build {} failed: {stderr}",
        plan.display()
    );
    stderr
}

/// The first headless-capable Chromium on PATH, if any.
pub fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok()
        })
}

/// Runs Chromium headless on `page` with `args` and no network at all: every host resolves to nothing and every
/// connection goes to a closed port, so a page that tried to load anything would show it.
pub fn offline_chromium(browser: &str, profile: &Path, args: &[&str], page: &Path) -> Output {
    std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests").join("fixtures")
}

/// Copies `src` into `dst` recursively (regular files and folders; the fixtures hold nothing else).
pub fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap_or_else(|e| panic!("mkdir {}: {e}", dst.display()));
    let entries = fs::read_dir(src).unwrap_or_else(|e| panic!("read {}: {e}", src.display()));
    for entry in entries {
        let entry = entry.expect("dir entry");
        let to = dst.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// A temporary copy of `tests/fixtures/base/` (`plan/` and its GHT layer `ght/`), deleted on drop.
pub struct Workspace {
    tmp: TempDir,
}

impl Workspace {
    pub fn base() -> Self {
        let tmp = tempfile::Builder::new()
            .prefix("pbn-test-")
            .tempdir()
            .expect("temp dir");
        copy_dir(&fixtures().join("base"), tmp.path());
        Self { tmp }
    }

    /// The folder holding `plan/` and `ght/`.
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// The plan directory, as passed to `pbn validate`.
    pub fn plan(&self) -> PathBuf {
        self.tmp.path().join("plan")
    }

    /// Copies a case folder over the workspace: every file except `expected.json` and `DELETE`, then removes the
    /// paths listed in `DELETE` (one per line, relative to the workspace root).
    pub fn overlay(&self, case: &Path) {
        for entry in fs::read_dir(case).unwrap_or_else(|e| panic!("read {}: {e}", case.display())) {
            let entry = entry.expect("dir entry");
            let name = entry.file_name();
            if name == "expected.json" || name == "DELETE" || name == "README.md" {
                continue;
            }
            let to = self.root().join(&name);
            if entry.file_type().expect("file type").is_dir() {
                copy_dir(&entry.path(), &to);
            } else {
                fs::copy(entry.path(), &to).expect("copy overlay file");
            }
        }
        if let Ok(list) = fs::read_to_string(case.join("DELETE")) {
            for rel in list
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
            {
                let p = self.root().join(rel);
                let r = if p.is_dir() {
                    fs::remove_dir_all(&p)
                } else {
                    fs::remove_file(&p)
                };
                r.unwrap_or_else(|e| panic!("DELETE {rel}: {e}"));
            }
        }
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.root().join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).expect("read workspace file")
    }
}

/// One run of `pbn validate DIR --format json`.
pub struct Run {
    pub exit: Option<i32>,
    pub json: Value,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn diagnostics(&self) -> &[Value] {
        self.json["diagnostics"]
            .as_array()
            .map_or(&[], Vec::as_slice)
    }

    pub fn errors(&self) -> Vec<&Value> {
        self.diagnostics()
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect()
    }

    /// Short, readable list of the diagnostics, for assertion messages.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        for d in self.diagnostics() {
            s.push_str(&format!(
                "  {} {} {}:{}:{} {} (help: {})\n",
                d["severity"].as_str().unwrap_or("?"),
                d["code"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("-"),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or(""),
                d["help"].as_str().unwrap_or("-"),
            ));
        }
        if s.is_empty() {
            s = format!(
                "  (no diagnostics) stdout={:?} stderr={:?}\n",
                self.stdout, self.stderr
            );
        }
        s
    }
}

pub fn output_run(out: &Output, elapsed: Duration) -> Run {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    Run {
        exit: out.status.code(),
        json,
        stdout,
        stderr,
        elapsed,
    }
}

pub fn validate_json(plan: &Path) -> Run {
    let start = Instant::now();
    let out = pbn()
        .arg("validate")
        .arg(plan)
        .args(["--format", "json"])
        .output()
        .expect("run pbn");
    let run = output_run(&out, start.elapsed());
    assert!(
        !run.stderr.contains("panicked"),
        "pbn panicked:\n{}",
        run.stderr
    );
    run
}

/// Exit code of a run that must end normally: never a panic (101), never a signal, never a hang.
pub fn sane_exit(out: &Output, what: &str) -> i32 {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or_else(|| {
        panic!(
            "{what}: pbn was killed by a signal or timed out ({:?})\n{stderr}",
            out.status
        )
    });
    assert!(
        matches!(code, 0..=2),
        "{what}: exit code {code} (a panic is 101)\nstderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "{what}: pbn panicked\n{stderr}"
    );
    code
}

/// Checks a run against a case's `expected.json`:
///
/// ```json
/// {"exit": 1,
///  "diagnostics": [{"code": "PBN015", "file": "contacts.yaml", "line": 12,
///                   "column": 5, "message": "substring", "help": "substring",
///                   "notes": [{"file": "../ght/x.yaml", "line": 3}]}],
///  "exact": true}
/// ```
///
/// Every listed diagnostic must be present (`line: null` means "no line"; a missing key is not checked). With
/// `exact` (the default), the run may report no other error.
pub fn check_expected(case: &str, expected: &Value, run: &Run) {
    let want_exit = expected["exit"].as_i64().expect("expected.json: exit") as i32;
    let ctx = || {
        format!(
            "case `{case}`: got exit {:?} and\n{}",
            run.exit,
            run.summary()
        )
    };
    assert_eq!(run.exit, Some(want_exit), "wrong exit code; {}", ctx());
    if want_exit == 2 {
        return;
    }
    assert!(
        run.json.is_object(),
        "stdout is not the JSON object of spec §3; {}",
        ctx()
    );
    let wanted = expected["diagnostics"]
        .as_array()
        .expect("expected.json: diagnostics");
    let actual = run.diagnostics();
    let mut used = vec![false; actual.len()];
    for w in wanted {
        let found = actual.iter().position(|a| matches(w, a));
        match found {
            Some(i) => used[i] = true,
            None => panic!("missing diagnostic {w}; {}", ctx()),
        }
    }
    if expected["exact"].as_bool().unwrap_or(true) {
        for (i, a) in actual.iter().enumerate() {
            // A second diagnostic at the same place (another facet of the same mistake) is fine when listed;
            // an unlisted error is not.
            if !used[i] && a["severity"] == "error" && !wanted.iter().any(|w| matches(w, a)) {
                panic!("unexpected error {a}; {}", ctx());
            }
        }
    }
    // Spec §3 shape.
    let errors = run.errors().len() as u64;
    assert_eq!(
        run.json["errors"].as_u64(),
        Some(errors),
        "`errors` count; {}",
        ctx()
    );
    assert!(
        run.json["warnings"].is_u64(),
        "`warnings` missing; {}",
        ctx()
    );
    for a in actual {
        assert!(
            a["code"].as_str().is_some_and(|c| c.len() == 6
                && c.starts_with("PBN")
                && c[3..].bytes().all(|b| b.is_ascii_digit())),
            "bad code in {a}"
        );
        assert!(
            matches!(a["severity"].as_str(), Some("error" | "warning" | "info")),
            "bad severity in {a}"
        );
        assert!(a["message"].is_string(), "no message in {a}");
        // Spec §7.5: `file`, `line` and `column` are always there, `null` when there is none.
        for key in ["file", "line", "column"] {
            assert!(a.get(key).is_some(), "no `{key}` in {a}");
        }
        if let Some(l) = a.get("line").filter(|l| !l.is_null()) {
            assert!(l.as_u64().is_some_and(|l| l >= 1), "line is 1-based in {a}");
            assert!(
                a["column"].as_u64().is_some_and(|c| c >= 1),
                "column is 1-based in {a}"
            );
        }
    }
}

fn matches(w: &Value, a: &Value) -> bool {
    if a["code"] != w["code"] || a["file"] != w["file"] {
        return false;
    }
    match w.get("line") {
        Some(Value::Null) if !a["line"].is_null() => return false,
        Some(l @ Value::Number(_)) if a.get("line") != Some(l) => return false,
        _ => {}
    }
    if let Some(c) = w.get("column")
        && a.get("column") != Some(c)
    {
        return false;
    }
    for key in ["message", "help"] {
        if let Some(s) = w[key].as_str()
            && !a[key].as_str().is_some_and(|t| t.contains(s))
        {
            return false;
        }
    }
    if let Some(notes) = w["notes"].as_array() {
        let got = a["notes"].as_array().map_or(&[][..], Vec::as_slice);
        for n in notes {
            let ok = got.iter().any(|g| {
                g["file"] == n["file"] && n.get("line").is_none_or(|l| g.get("line") == Some(l))
            });
            if !ok {
                return false;
            }
        }
    }
    true
}

/// Runs one case folder of `tests/fixtures/validate/`, after `setup` (for what a fixture file cannot hold:
/// symlinks, generated documents). Returns the run for extra checks.
pub fn run_case_with(case: &str, setup: impl FnOnce(&Workspace)) -> Run {
    let dir = fixtures().join("validate").join(case);
    assert!(dir.is_dir(), "no fixture folder {}", dir.display());
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(dir.join("expected.json")).expect("read expected.json"),
    )
    .unwrap_or_else(|e| panic!("{case}/expected.json: {e}"));
    let ws = Workspace::base();
    ws.overlay(&dir);
    setup(&ws);
    let run = validate_json(&ws.plan());
    check_expected(case, &expected, &run);
    run
}

pub fn run_case(case: &str) -> Run {
    run_case_with(case, |_| {})
}
