//! pbn among the tools around it (issue 9): help and version, shell completions, the man page, the committed JSON
//! Schema, the CI recipes of `examples/ci/` and the pre-commit hooks (valid YAML, and every `pbn` command line in
//! them runs here), and `pbn watch` (picks up an edit, survives a broken save).

use crate::support::{copy_dir, pbn, repo};
use clap::CommandFactory;
use serde_json::Value;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// ── help, version, completions, man ─────────────────────────────────────────────────────────────────────

/// Every command a user can type, nested ones included, has a one-line description and an example; a command
/// added later without them fails here.
#[test]
fn every_command_has_a_description_and_an_example() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = format!("{path} {}", sub.get_name());
            if sub
                .get_about()
                .is_none_or(|a| a.to_string().trim().is_empty())
            {
                missing.push(format!("`{name}`: no description (a `///` doc comment)"));
            }
            let after = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            if !after.contains("Example") || !after.contains(&format!("{name} ")) {
                missing.push(format!("`{name}`: no example in `after_help`"));
            }
            walk(sub, &name, missing);
        }
    }
    let mut missing = Vec::new();
    walk(&pbn::cli::Cli::command(), "pbn", &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn version_names_the_baseline() {
    let out = pbn().arg("--version").output().expect("run pbn");
    assert_eq!(out.status.code(), Some(0));
    let v = String::from_utf8_lossy(&out.stdout);
    assert!(
        v.starts_with("pbn ") && v.contains("baseline national"),
        "{v}"
    );
}

#[test]
fn a_mistyped_flag_or_command_gets_a_suggestion() {
    for (args, want) in [
        (&["validate", "--formt", "json"][..], "--format"),
        (&["build", "--audiance", "ars"][..], "--audience"),
        (&["valdate"][..], "validate"),
    ] {
        let out = pbn().args(args).output().expect("run pbn");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let e = String::from_utf8_lossy(&out.stderr);
        assert!(
            e.contains("tip: a similar") && e.contains(want),
            "{args:?}:\n{e}"
        );
    }
}

#[test]
fn completions_generate_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = pbn()
            .args(["completions", shell])
            .output()
            .expect("run pbn");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(
            s.contains("validate") && s.contains("watch"),
            "{shell}: {s}"
        );
    }
    // Where bash is installed, the script must at least parse.
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("pbn.bash");
    pbn().args(["completions", "bash"]).assert().success();
    let script = pbn()
        .args(["completions", "bash"])
        .output()
        .expect("run pbn")
        .stdout;
    fs::write(&file, script).expect("write");
    if let Ok(st) = Command::new("bash").arg("-n").arg(&file).status() {
        assert!(st.success(), "bash -n rejects the completion script");
    }
    let bad = pbn()
        .args(["completions", "tcsh"])
        .output()
        .expect("run pbn");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn man_page_on_stdout_and_one_per_command_in_a_folder() {
    let out = pbn().arg("man").output().expect("run pbn");
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.contains(".TH pbn 1"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains(".SH \"PBN VALIDATE\"") && page.contains("deny\\-warnings"));
    let dir = tempfile::tempdir().expect("tmp");
    pbn()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    for f in [
        "pbn.1",
        "pbn-validate.1",
        "pbn-build.1",
        "pbn-watch.1",
        "pbn-baseline-show.1",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} not written");
    }
}

// ── the JSON Schema ─────────────────────────────────────────────────────────────────────────────────────

#[test]
fn committed_schema_is_up_to_date() {
    let path = repo().join("schemas").join("pbn.schema.json");
    let committed = fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    let current = format!("{}\n", pbn::cmd::schema::schema_text());
    assert!(
        committed == current,
        "schemas/pbn.schema.json is out of date with `pbn schema`; regenerate it with\n\n    cargo run -q -- schema > schemas/pbn.schema.json\n"
    );
}

#[test]
fn init_points_the_editor_at_a_schema_it_writes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let plan = tmp.path().join("p");
    pbn().arg("init").arg(&plan).assert().success();
    let manifest = fs::read_to_string(plan.join("pbn.yaml")).expect("pbn.yaml");
    let first = manifest.lines().next().unwrap_or_default();
    let target = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("first line: {first}"));
    let schema = fs::read_to_string(plan.join(target)).expect("the schema init points at");
    assert_eq!(schema, format!("{}\n", pbn::cmd::schema::schema_text()));
}

// ── CI recipes and pre-commit hooks ─────────────────────────────────────────────────────────────────────

fn yaml(rel: &str) -> Value {
    let text = fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_saphyr::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("{rel} is not valid YAML: {e}"))
}

/// Every line of a shell script (a string, or a list of lines) that runs `pbn`.
fn pbn_lines(script: &Value, into: &mut Vec<String>) {
    let lines: Vec<&str> = match script {
        Value::String(s) => s.lines().collect(),
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    into.extend(
        lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| l.starts_with("pbn "))
            .map(String::from),
    );
}

#[test]
fn ci_recipes_have_the_shape_their_systems_expect() {
    let gh = yaml("examples/ci/github-actions.yml");
    let steps = gh["jobs"]["plan"]["steps"]
        .as_array()
        .expect("jobs.plan.steps");
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.contains(&"github/codeql-action/upload-sarif@v3"),
        "{uses:?}"
    );
    assert!(uses.contains(&"actions/upload-artifact@v4"), "{uses:?}");
    let sarif = steps
        .iter()
        .find(|s| s["uses"] == "github/codeql-action/upload-sarif@v3");
    assert_eq!(sarif.map(|s| &s["if"]), Some(&Value::from("always()")));
    assert!(gh["env"]["PBN_GIT"].is_string(), "env.PBN_GIT");

    let gl = yaml("examples/ci/gitlab-ci.yml");
    assert_eq!(
        gl["pbn-validate"]["artifacts"]["reports"]["junit"],
        "pbn-junit.xml"
    );
    assert_eq!(gl["pbn-validate"]["artifacts"]["when"], "always");
    assert_eq!(gl["pbn-build"]["artifacts"]["paths"][0], "dist/");

    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "pbn-validate");
    assert_eq!(hook["entry"], "pbn validate");
    assert_eq!(hook["pass_filenames"], false);
    assert!(matches!(hook["language"].as_str(), Some("rust" | "system")));
    assert_eq!(hook["files"], "\\.ya?ml$");
}

/// A repository laid out like the recipes expect: the example plan in `plan/`, its GHT layer beside it.
fn ci_checkout() -> tempfile::TempDir {
    let tmp = tempfile::Builder::new()
        .prefix("pbn-ci-")
        .tempdir()
        .unwrap_or_else(|e| panic!("temp dir: {e}"));
    copy_dir(
        &repo().join("examples/ch-val-exemple"),
        &tmp.path().join("plan"),
    );
    copy_dir(
        &repo().join("examples/ght-exemple"),
        &tmp.path().join("ght-exemple"),
    );
    tmp
}

/// Runs every `pbn …` line of the GitHub and GitLab recipes with a POSIX shell, as the runner would (variables
/// from the recipe, redirections), in a checkout holding the example plan; then the pre-commit hook's entry.
#[cfg(unix)]
#[test]
fn ci_recipe_commands_run_here() {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_pbn"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let recipes = [
        ("examples/ci/github-actions.yml", "env"),
        ("examples/ci/gitlab-ci.yml", "variables"),
    ];
    for (rel, vars_key) in recipes {
        let doc = yaml(rel);
        let mut lines = Vec::new();
        if let Some(jobs) = doc["jobs"].as_object() {
            for job in jobs.values() {
                for step in job["steps"].as_array().into_iter().flatten() {
                    pbn_lines(&step["run"], &mut lines);
                }
            }
        }
        if let Some(top) = doc.as_object() {
            for job in top.values() {
                for key in ["before_script", "script"] {
                    pbn_lines(&job[key], &mut lines);
                }
            }
        }
        assert!(
            lines.iter().any(|l| l.contains(" validate ")),
            "{rel}: no `pbn validate` line"
        );
        assert!(
            lines.iter().any(|l| l.contains(" build ")),
            "{rel}: no `pbn build` line"
        );
        let checkout = ci_checkout();
        for line in &lines {
            let mut sh = Command::new("sh");
            sh.arg("-ec")
                .arg(line)
                .current_dir(checkout.path())
                .env("PATH", &path);
            sh.env("NO_COLOR", "1")
                .env("SOURCE_DATE_EPOCH", "1790000000");
            for (k, v) in doc[vars_key].as_object().into_iter().flatten() {
                sh.env(k, v.as_str().unwrap_or_default());
            }
            let out = sh.output().expect("run sh");
            assert_eq!(
                out.status.code(),
                Some(0),
                "{rel}: `{line}` failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let root = checkout.path();
        if lines.iter().any(|l| l.contains("sarif")) {
            let s: Value =
                serde_json::from_slice(&fs::read(root.join("pbn.sarif")).expect("pbn.sarif"))
                    .expect("SARIF is JSON");
            assert_eq!(s["version"], "2.1.0");
        }
        if lines.iter().any(|l| l.contains("junit")) {
            let x = fs::read_to_string(root.join("pbn-junit.xml")).expect("pbn-junit.xml");
            assert!(x.starts_with("<?xml") && x.contains("<testsuites"), "{x}");
        }
        assert!(
            root.join("dist/plan.html").is_file(),
            "{rel}: no dist/plan.html"
        );
        assert!(
            root.join("dist/manifest.json").is_file(),
            "{rel}: no dist/manifest.json"
        );
    }

    // pre-commit runs `entry` + `args` from the repository root, without file names.
    let hooks = yaml(".pre-commit-hooks.yaml");
    let checkout = ci_checkout();
    for hook in hooks.as_array().expect("a list of hooks") {
        let entry = hook["entry"].as_str().expect("entry");
        let mut words = entry.split_whitespace();
        assert_eq!(words.next(), Some("pbn"));
        let out = pbn()
            .args(words)
            .arg("plan")
            .current_dir(checkout.path())
            .output()
            .expect("run pbn");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{entry} plan: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // …and fails the commit when the plan is broken.
    fs::write(checkout.path().join("plan/contacts.yaml"), "contacts: [").expect("write");
    let out = pbn()
        .args(["validate", "plan"])
        .current_dir(checkout.path())
        .output()
        .expect("run pbn");
    assert_eq!(out.status.code(), Some(1));
}

// ── pbn watch ───────────────────────────────────────────────────────────────────────────────────────────

/// A running `pbn watch`, killed on drop; its stderr lines arrive on a channel.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(plan: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pbn"))
            .arg("watch")
            .arg(plan)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start pbn watch: {e}"));
        let Some(stderr) = child.stderr.take() else {
            panic!("no stderr pipe");
        };
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits (up to 20 s) for a line containing `what`, after the lines already consumed.
    fn expect(&mut self, what: &str) -> &str {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l);
                    if self.seen.last().is_some_and(|l| l.contains(what)) {
                        return self.seen.last().map_or("", String::as_str);
                    }
                }
                Err(_) => panic!(
                    "no line with {what:?} from pbn watch; it printed:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_on_save_and_survives_a_broken_file() {
    let tmp = tempfile::Builder::new()
        .prefix(".pbn-watch-") // a hidden folder: only hidden files *inside* the plan are ignored
        .tempdir()
        .expect("tmp");
    let plan: PathBuf = tmp.path().join("en-sample");
    copy_dir(&repo().join("examples/en-sample"), &plan);
    let html = plan.join("dist").join("plan.html");

    let mut w = Watch::start(&plan);
    w.expect("rebuilt");
    w.expect("watching");
    assert!(html.is_file(), "the first build wrote no plan.html");

    // An edit is picked up: the new text reaches plan.html.
    let est = plan.join("establishment.yaml");
    let text = fs::read_to_string(&est).expect("establishment.yaml");
    let renamed = text.replacen("Sample Bay", "Sample Watched Bay", 1);
    assert_ne!(renamed, text, "the sample no longer names Sample Bay");
    fs::write(&est, &renamed).expect("write");
    w.expect("rebuilt");
    let page = fs::read_to_string(&html).expect("plan.html");
    assert!(
        page.contains("Sample Watched Bay"),
        "the edit did not reach plan.html"
    );

    // A half-saved file is a diagnostic, the previous plan.html stays, and the watcher lives on.
    fs::write(
        plan.join("fragments").join("half-saved.yaml"),
        "kind: reflex\nid: [x\n",
    )
    .expect("write");
    w.expect("PBN001");
    w.expect("previous outputs kept");
    assert!(w.alive(), "pbn watch died on a broken file");
    assert_eq!(
        fs::read_to_string(&html).expect("plan.html"),
        page,
        "a broken build touched plan.html"
    );

    // Fixing it rebuilds again.
    fs::remove_file(plan.join("fragments").join("half-saved.yaml")).expect("rm");
    w.expect("rebuilt");
    assert!(w.alive());

    // An editor's atomic save (write a hidden temporary, rename it over the file) is a save too.
    let tmp_file = plan.join(".establishment.yaml.swp");
    fs::write(
        &tmp_file,
        renamed.replacen("Sample Watched Bay", "Sample Renamed Bay", 1),
    )
    .expect("write");
    fs::rename(&tmp_file, &est).expect("rename");
    w.expect("rebuilt");
    let page = fs::read_to_string(&html).expect("plan.html");
    assert!(
        page.contains("Sample Renamed Bay"),
        "the atomic save did not reach plan.html"
    );

    // Ctrl-C stops it cleanly (exit 0).
    #[cfg(unix)]
    {
        let pid = w.child.id().to_string();
        let st = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill");
        assert!(st.success());
        w.expect("stopped watching");
        let deadline = Instant::now() + Duration::from_secs(10);
        let code = loop {
            if let Ok(Some(st)) = w.child.try_wait() {
                break st.code();
            }
            assert!(
                Instant::now() < deadline,
                "pbn watch did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert_eq!(code, Some(0));
    }
}
