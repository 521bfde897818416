//! The command line as an RSSI, a GHT and a CI pipeline meet it (issue 19): `init` never overwrites, the cause of
//! a cascade comes first, SARIF URIs that resolve from the repository root, JSON with `file`/`line`/`column`
//! always present, `--quiet`/`--color`, several plans in one `validate`, the plan found from a subfolder, usage
//! errors exiting 2, `explain` of every review subject, the offline reference (`pbn help TOPIC`).

use crate::support::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn run(cmd: &mut assert_cmd::Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("run pbn");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The codes of the human diagnostics shown on standard error, in order.
fn shown_codes(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("error[")
                .or_else(|| l.strip_prefix("warning["))
        })
        .filter_map(|l| l.split(']').next())
        .map(str::to_string)
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

// ── init ────────────────────────────────────────────────────────────────────────────────────────────────

#[test]
fn init_leaves_existing_files_byte_identical() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    fs::write(dir.join(".gitignore"), "target/\n*.log\n").expect("write");
    fs::write(dir.join("contacts.yaml"), "# mine\ncontacts: []\n").expect("write");
    let (code, _, err) = run(pbn().arg("init").arg(dir));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        fs::read(dir.join(".gitignore")).expect("read"),
        b"target/\n*.log\n"
    );
    assert_eq!(
        fs::read(dir.join("contacts.yaml")).expect("read"),
        b"# mine\ncontacts: []\n"
    );
    assert!(
        dir.join("pbn.yaml").is_file(),
        "the missing files are written"
    );
    assert!(
        err.contains(".gitignore") && err.contains("contacts.yaml"),
        "{err}"
    );
}

#[test]
fn init_in_english_writes_english_comments() {
    let tmp = tempfile::tempdir().expect("tmp");
    let plan = tmp.path().join("p");
    pbn()
        .args(["init", "--language", "en"])
        .arg(&plan)
        .assert()
        .success();
    for f in [
        "pbn.yaml",
        "establishment.yaml",
        "contacts.yaml",
        "exercises.yaml",
    ] {
        let text = fs::read_to_string(plan.join(f)).expect("read");
        assert!(
            !text.contains("À COMPLÉTER") && !text.contains("Données"),
            "{f} is French:\n{text}"
        );
    }
    assert!(
        fs::read_to_string(plan.join("establishment.yaml"))
            .expect("read")
            .contains("TO COMPLETE")
    );
    let (code, _, err) = run(pbn().arg("validate").arg(&plan));
    assert_eq!(code, Some(0), "{err}");
}

// ── causes first ────────────────────────────────────────────────────────────────────────────────────────

/// The base plan with one mistake; the first diagnostic shown must be `cause`, at most three errors shown, and
/// `--all` must show more than the default.
fn cascade(cause: &str, mistake: impl FnOnce(&Path)) {
    let ws = Workspace::base();
    mistake(&ws.plan());
    let (code, _, err) = run(pbn().arg("validate").arg(ws.plan()));
    assert_eq!(code, Some(1), "{err}");
    let codes = shown_codes(&err);
    assert_eq!(codes.first().map(String::as_str), Some(cause), "{err}");
    let errors = err.lines().filter(|l| l.starts_with("error[")).count();
    assert!(errors <= 3, "{errors} errors shown:\n{err}");
    let (_, _, all) = run(pbn().args(["validate", "--all"]).arg(ws.plan()));
    assert!(shown_codes(&all).len() >= codes.len(), "{all}");
}

#[test]
fn a_misspelt_contacts_key_shows_its_cause_first() {
    cascade("PBN003", |p| {
        edit(&p.join("contacts.yaml"), "contacts:", "contact:")
    });
}

/// Rewrites `file` in ISO-8859-1; returns the 1-based line and column of its first non-ASCII character.
fn to_latin1(file: &Path) -> (usize, usize) {
    let text = fs::read_to_string(file).expect("read");
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
        .collect();
    fs::write(file, latin1).expect("write");
    text.lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.chars()
                .position(|c| !c.is_ascii())
                .map(|c| (i + 1, c + 1))
        })
        .expect("the contacts hold an accent")
}

#[test]
fn a_latin1_contacts_file_shows_the_encoding_error_first_with_its_line() {
    cascade("PBN002", |p| {
        to_latin1(&p.join("contacts.yaml"));
    });
}

/// The whole message as an RSSI reads it: one error, on the line and column of the first accent, the line shown,
/// what the byte is, how to fix it, and how many errors it hides.
#[test]
fn a_latin1_contacts_file_is_one_located_error_that_hides_the_rest() {
    let ws = Workspace::base();
    let (line, col) = to_latin1(&ws.plan().join("contacts.yaml"));
    let (code, _, err) = run(pbn().arg("validate").arg(ws.plan()));
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(shown_codes(&err)[0], "PBN002", "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error[")).count(),
        1,
        "{err}"
    );
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.contains("not UTF-8") && first.contains("is `é` in Latin-1"),
        "{first}"
    );
    assert!(
        err.contains(&format!("--> contacts.yaml:{line}:{col}\n")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{line} |")),
        "the line is shown: {err}"
    );
    assert!(err.contains("help: save the file as UTF-8"), "{err}");
    let hidden = err
        .lines()
        .find(|l| l.ends_with("caused by this one hidden; --all to show)"))
        .unwrap_or_else(|| panic!("no hidden count: {err}"));
    let n: usize = hidden
        .trim_start_matches('(')
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{hidden}"));
    assert!(n >= 10, "{hidden}");
    let (_, out, _) = run(pbn().args(["validate", "--format", "json"]).arg(ws.plan()));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let d = v["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "PBN002"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line as u64), Some(col as u64))
    );
}

#[test]
fn a_forgotten_override_shows_its_cause_first() {
    cascade("PBN007", |p| {
        edit(
            &p.join("fragments/surcharges/activation-cellule-crise.yaml"),
            "override: patch\n",
            "",
        )
    });
}

#[test]
fn an_unknown_override_mode_shows_its_cause_first() {
    cascade("PBN029", |p| {
        let f = p.join("fragments/surcharges/activation-cellule-crise.yaml");
        edit(&f, "override: patch", "override: merge")
    });
}

// ── CI formats ──────────────────────────────────────────────────────────────────────────────────────────

/// RFC 3986 percent-decoding of a URI path, for resolving SARIF URIs back to files.
fn decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("percent escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn sarif_uris_resolve_from_the_repository_root() {
    let ws = Workspace::base();
    let root = ws.root();
    fs::create_dir(root.join(".git")).expect("mkdir");
    // A layer folder with a space and an accent, and a broken file in it.
    fs::rename(root.join("ght"), root.join("ght commun é")).expect("rename");
    edit(
        &ws.plan().join("pbn.yaml"),
        "path: ../ght",
        "path: ../ght commun é",
    );
    let bad = root.join("ght commun é/bad.yaml");
    fs::write(&bad, "kind: role\nid: x\ntitle: X\nmision: m\n").expect("write");
    let abs = ws.plan().canonicalize().expect("canonical");
    let (code, out, err) = run(pbn()
        .current_dir(root)
        .args(["validate", "--format", "sarif"])
        .arg(&abs));
    assert_eq!(code, Some(1), "{err}");
    let v: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let run = &v["runs"][0];
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    let base_path = decode(base.trim_start_matches("file://"));
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        let a = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = a["uri"].as_str().expect("uri");
        assert_eq!(a["uriBaseId"], "%SRCROOT%", "{r}");
        assert!(
            !uri.contains("..") && !uri.contains(' ') && !uri.starts_with('/'),
            "{uri}"
        );
        let file = Path::new(&base_path).join(decode(uri));
        assert!(
            file.is_file(),
            "{uri} does not resolve to a file ({})",
            file.display()
        );
    }
    assert!(out.contains("ght%20commun%20%C3%A9/bad.yaml"), "{out}");
}

#[test]
fn json_diagnostics_always_carry_file_line_and_column() {
    // A national slot left empty (PBN031) has no place of its own.
    let tmp = tempfile::tempdir().expect("tmp");
    let plan = tmp.path().join("p");
    pbn().arg("init").arg(&plan).assert().success();
    edit(
        &plan.join("contacts.yaml"),
        "  - id: assureur",
        "  - id: assureur-local",
    );
    let (_, out, _) = run(pbn().args(["validate", "--format", "json"]).arg(&plan));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    assert!(!diags.is_empty(), "{out}");
    for d in diags {
        for key in ["file", "line", "column"] {
            assert!(d.get(key).is_some(), "no `{key}` in {d}");
        }
    }
    assert!(
        diags.iter().any(|d| d["file"].is_null()),
        "no unlocated diagnostic in {out}"
    );
}

// ── console ─────────────────────────────────────────────────────────────────────────────────────────────

#[test]
fn status_goes_to_stderr_and_quiet_silences_it() {
    let ws = Workspace::base();
    let out_dir = ws.root().join("out");
    let (code, out, err) = run(pbn()
        .args(["build", "--html", "--out"])
        .arg(&out_dir)
        .arg(ws.plan()));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.is_empty(), "status on stdout: {out}");
    assert!(err.contains("wrote"), "{err}");
    let (code, out, err) = run(pbn()
        .args(["build", "--quiet", "--html", "--out"])
        .arg(&out_dir)
        .arg(ws.plan()));
    assert_eq!(code, Some(0));
    assert!(
        out.is_empty() && err.is_empty(),
        "--quiet printed: {out}{err}"
    );
    let (_, _, err) = run(pbn().args(["validate", "-q"]).arg(ws.plan()));
    assert!(err.is_empty(), "{err}");
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let ws = with_bad_phone();
    let esc = |e: &str| e.contains('\u{1b}');
    let (_, _, err) = run(pbn()
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .arg("validate")
        .arg(ws.plan()));
    assert!(esc(&err), "CLICOLOR_FORCE gave no colour");
    let (_, _, err) = run(pbn()
        .env("CLICOLOR_FORCE", "1")
        .arg("validate")
        .arg(ws.plan()));
    assert!(!esc(&err), "NO_COLOR did not win");
    let (_, _, err) = run(pbn().args(["--color", "always", "validate"]).arg(ws.plan()));
    assert!(esc(&err), "--color always gave no colour");
    let (_, _, err) = run(pbn()
        .env_remove("NO_COLOR")
        .args(["validate", "--color", "never"])
        .arg(ws.plan()));
    assert!(!esc(&err));
}

fn with_bad_phone() -> Workspace {
    let ws = Workspace::base();
    ws.overlay(&fixtures().join("validate").join("bad-phone"));
    ws
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(pbn().args(["baseline", "show", "reflex:nope"]));
    assert_eq!(code, Some(2), "{err}");
    let ws = Workspace::base();
    let (code, _, _) = run(pbn().arg("explain").arg(ws.plan()).arg("reflex:nope"));
    assert_eq!(code, Some(2));
    let (code, _, err) = run(pbn().arg("validate").arg(ws.root().join("missing")));
    assert_eq!(code, Some(2));
    assert!(err.contains("does not exist"), "{err}");
}

// ── several plans, subfolders ───────────────────────────────────────────────────────────────────────────

#[test]
fn several_plans_in_one_validate() {
    let a = Workspace::base();
    let b = with_bad_phone();
    let (code, _, err) = run(pbn().arg("validate").arg(a.plan()).arg(a.plan()));
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = run(pbn().arg("validate").arg(a.plan()).arg(b.plan()));
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&b.plan().display().to_string()),
        "the failing plan is not named:\n{err}{out}"
    );
    let (_, out, _) = run(pbn()
        .args(["validate", "--format", "json"])
        .arg(a.plan())
        .arg(b.plan()));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        v["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .all(|d| d["plan"].is_string())
    );
}

#[test]
fn validate_inside_a_plan_folder_finds_the_plan() {
    let ws = Workspace::base();
    let (code, _, err) = run(pbn()
        .current_dir(ws.plan().join("fragments"))
        .arg("validate"));
    assert_eq!(code, Some(0), "{err}");
}

// ── explain, help ───────────────────────────────────────────────────────────────────────────────────────

#[test]
fn explain_accepts_the_subjects_review_prints() {
    let ws = Workspace::base();
    let text = fs::read_to_string(ws.plan().join("establishment.yaml")).expect("read");
    let app = text
        .lines()
        .find_map(|l| l.split("{id: ").nth(1).filter(|_| l.contains("rto")))
        .and_then(|r| r.split(',').next())
        .expect("an application id")
        .to_string();
    let (code, out, err) = run(pbn()
        .arg("explain")
        .arg(ws.plan())
        .arg(format!("application:{app}")));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("establishment.yaml:") && out.contains("rto"),
        "{out}"
    );
    let (code, out, _) = run(pbn().arg("explain").arg(ws.plan()).arg("function:urgences"));
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = run(pbn()
        .args(["explain", "--full"])
        .arg(ws.plan())
        .arg("obligation:depot-plainte"));
    assert_eq!(code, Some(0));
    assert!(!out.contains('…'), "--full still cuts values:\n{out}");
}

/// Every objective of every framework, and every finding subject that names a framework (`r3131:1`,
/// `care-d2:soins`), is something `pbn explain` shows: what it asks, its source and its rules.
#[test]
fn explain_shows_every_framework_objective_and_subject() {
    let ws = Workspace::base();
    for fw in ["r3131", "care-d2", "dns-2025-12"] {
        let (_, out, _) = run(pbn()
            .args(["review", "--format", "json", "--framework", fw])
            .arg(ws.plan()));
        let v: Value = serde_json::from_str(&out).expect("review JSON");
        let mut subjects: Vec<String> = v["framework"]["objectives"]
            .as_array()
            .expect("objectives")
            .iter()
            .filter_map(|o| o["id"].as_str().map(String::from))
            .collect();
        assert!(!subjects.is_empty(), "{fw}: no objectives");
        for rule in v["rules"].as_array().expect("rules") {
            for f in rule["findings"].as_array().into_iter().flatten() {
                if let Some(s) = f["subject"]
                    .as_str()
                    .filter(|s| s.starts_with(&format!("{fw}:")))
                {
                    subjects.push(s.to_string());
                }
            }
        }
        for subject in subjects {
            let (code, out, err) = run(pbn().arg("explain").arg(ws.plan()).arg(&subject));
            assert_eq!(code, Some(0), "explain {subject}: {err}");
            assert!(
                out.contains("objective ") && out.contains("rules "),
                "{out}"
            );
        }
    }
    // Subjects of findings, as PLAN-SECTIONS-R3131, CARE-D2-SCOPE and CARE-D2-TEST print them.
    for subject in [
        "r3131:5",
        "care-d2:soins",
        "care-d2:plateau-technique",
        "care-d2:tests",
    ] {
        let (code, out, err) = run(pbn().args(["explain", subject]));
        assert_eq!(code, Some(0), "explain {subject}: {err}");
        assert!(out.contains("rules "), "{out}");
    }
    let (code, _, err) = run(pbn().args(["explain", "r3131:9"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("has no objective `r3131:9`"), "{err}");
}

#[test]
fn the_reference_ships_in_the_binary() {
    for (topic, needle) in [
        ("format", "pbn.yaml"),
        ("rules", "CONTACT-247-CORE"),
        ("diagnostics", "PBN001"),
    ] {
        let (code, out, _) = run(pbn().args(["help", topic]));
        assert_eq!(code, Some(0));
        assert!(out.contains(needle), "pbn help {topic} lacks {needle}");
    }
    let (code, out, _) = run(pbn().args(["help", "validate"]));
    assert_eq!(code, Some(0));
    assert!(out.contains("--deny-warnings"), "{out}");
}

/// Microsoft's SARIF multitool (`validate`) finds no error and no warning in pbn's SARIF, as CI runs it: an absolute
/// plan path, from a repository root, with a layer outside the plan. `scripts/test` installs the tool from npm and
/// sets `SARIF_MULTITOOL`.
#[test]
fn sarif_passes_the_sarif_multitool() {
    let Some(tool) = std::env::var_os("SARIF_MULTITOOL") else {
        eprintln!(
            "skipped: SARIF_MULTITOOL is not set (scripts/test installs the multitool with npm)"
        );
        return;
    };
    let ws = with_bad_phone();
    fs::create_dir(ws.root().join(".git")).expect("mkdir");
    fs::write(
        ws.root().join("ght/bad.yaml"),
        "kind: role\nid: x\ntitle: X\nmision: m\n",
    )
    .expect("write");
    let abs = ws.plan().canonicalize().expect("canonical");
    let (_, out, _) = run(pbn()
        .current_dir(ws.root())
        .args(["validate", "--format", "sarif"])
        .arg(&abs));
    let input = ws.root().join("pbn.sarif");
    let report = ws.root().join("validation.sarif");
    fs::write(&input, out).expect("write");
    let status = std::process::Command::new(tool)
        .arg("validate")
        .arg(&input)
        .arg("--output")
        .arg(&report)
        .args(["--log", "ForceOverwrite", "--quiet"])
        .status()
        .expect("run the SARIF multitool");
    let v: Value =
        serde_json::from_str(&fs::read_to_string(&report).expect("report")).expect("JSON");
    let problems: Vec<&Value> = v["runs"][0]["results"]
        .as_array()
        .map(|r| r.iter().filter(|r| r["level"] != "note").collect())
        .unwrap_or_default();
    assert!(
        problems.is_empty(),
        "the multitool found: {problems:#?} (exit {status})"
    );
}

// ── files pbn does not read ────────────────────────────────────────────────────────────────────────────────

/// A fragment saved as `.yml` is read by a `*.yaml` pattern; YAML files that no pattern takes are a located
/// warning each, and outputs, hidden folders and the plan's own files are not.
#[test]
fn yml_fragments_are_read_and_stray_yaml_files_are_named() {
    let ws = Workspace::base();
    let plan = ws.plan();
    edit(
        &plan.join("pbn.yaml"),
        "include: [\"fragments/**/*.yaml\"]",
        "include: [\"fragments/*/*.yaml\"]",
    );
    let reflex =
        fs::read_to_string(plan.join("fragments/reflexes/reflexe-urgences.yaml")).expect("read");
    let yml = reflex.replace("id: reflexe-urgences", "id: reflexe-yml");
    ws.write("plan/fragments/reflexes/reflexe-yml.yml", &yml);
    ws.write("plan/notes.yaml", "a: 1\n");
    ws.write("plan/fragments/old/deep/ancien.yaml", &reflex);
    for ignored in [
        "plan/dist/out.yaml",
        "plan/.github/ci.yml",
        "plan/contacts/extra.yaml",
    ] {
        ws.write(ignored, "contacts: []\n");
    }
    let (code, out, err) = run(pbn().arg("explain").arg(&plan).arg("reflex:reflexe-yml"));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("fragments/reflexes/reflexe-yml.yml"), "{out}");
    let (code, out, _) = run(pbn().args(["validate", "--format", "json"]).arg(&plan));
    assert_eq!(code, Some(0), "{out}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let stray: Vec<(&str, &Value)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "PBN056")
        .map(|d| (d["file"].as_str().unwrap_or_default(), &d["line"]))
        .collect();
    assert_eq!(
        stray,
        [
            ("fragments/old/deep/ancien.yaml", &Value::Null),
            ("notes.yaml", &Value::Null)
        ],
        "{out}"
    );
    let (_, _, err) = run(pbn().arg("validate").arg(&plan));
    assert!(
        err.contains("warning[PBN056]: `notes.yaml` is not read"),
        "{err}"
    );
    assert!(err.contains("--> notes.yaml\n"), "{err}");
    assert!(
        err.contains("help: to use it, add `fragments/old/deep/*.yaml` to `include` in pbn.yaml; if it is not part of the plan, move it out of the plan directory"),
        "{err}"
    );
}

/// The manifest of a build lists the plan's sources only, not the stray file a warning names.
#[test]
fn a_stray_yaml_file_is_not_a_source_of_the_build() {
    let ws = Workspace::base();
    ws.write("plan/notes.yaml", "a: 1\n");
    let out = ws.root().join("out");
    let (code, _, err) = run(pbn()
        .args(["build", "--html", "--out"])
        .arg(&out)
        .arg(ws.plan()));
    assert_eq!(code, Some(0), "{err}");
    let manifest = fs::read_to_string(out.join("manifest.json")).expect("manifest");
    assert!(
        manifest.contains("contacts.yaml") && !manifest.contains("notes.yaml"),
        "{manifest}"
    );
}

// ── completions ─────────────────────────────────────────────────────────────────────────────────────────────

/// `pbn completions bash`, sourced in a real bash: Tab after `pbn explain` offers the plan's `KIND:ID`s. Bash
/// splits `obligation:dep` at the colon, as it does on a terminal; the script completes what follows it.
#[test]
fn bash_completes_explain_subjects_from_the_plan() {
    let ws = Workspace::base();
    let (_, script, _) = run(pbn().args(["completions", "bash"]));
    let file = ws.root().join("pbn.bash");
    fs::write(&file, script).expect("write");
    let bin = Path::new(env!("CARGO_BIN_EXE_pbn"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let complete = |line: &str| -> Vec<String> {
        let words: Vec<String> = line
            .replace(':', " : ")
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| format!("'{w}'"))
            .collect();
        let trailing = if line.ends_with(' ') { " ''" } else { "" };
        let script = format!(
            "source '{}'\nCOMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\nCOMP_WORDS=({}{trailing})\nCOMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n_pbn_with_subjects pbn \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.display(),
            words.join(" ")
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(script)
            .current_dir(ws.plan())
            .env("PATH", &path)
            .output()
            .expect("bash");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    };
    let all = complete("pbn explain obl");
    assert!(
        all.contains(&"obligation:depot-plainte".to_string()),
        "{all:?}"
    );
    assert!(all.iter().all(|s| s.starts_with("obligation:")), "{all:?}");
    assert_eq!(
        complete("pbn explain obligation:depot-p"),
        ["depot-plainte"]
    );
    let (_, ids, _) = run(pbn().arg("__complete-ids").current_dir(ws.plan()));
    let contacts_d: Vec<String> = ids
        .lines()
        .filter_map(|l| l.strip_prefix("contact:d"))
        .map(|rest| format!("d{rest}"))
        .collect();
    assert!(contacts_d.contains(&"dg".to_string()), "{ids}");
    assert_eq!(complete("pbn --quiet explain --full contact:d"), contacts_d);
    let from_outside = complete(&format!("pbn explain {} application:", ws.plan().display()));
    assert!(
        from_outside.contains(&"dpi".to_string()),
        "{from_outside:?}"
    );
    assert!(
        complete("pbn valid").contains(&"validate".to_string()),
        "the static part still works"
    );
}

/// The hidden command behind the completions lists every subject `explain` accepts, sorted, and each one explains.
#[test]
fn complete_ids_lists_what_explain_accepts() {
    let ws = Workspace::base();
    let (code, ids, err) = run(pbn().arg("__complete-ids").arg(ws.plan()));
    assert_eq!(code, Some(0), "{err}");
    let ids: Vec<&str> = ids.lines().collect();
    for want in [
        "obligation:depot-plainte",
        "reflex:reflexe-urgences",
        "contact:dg",
        "application:dpi",
    ] {
        assert!(ids.contains(&want), "{want} missing: {ids:?}");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    for id in ["contact:dg", "application:dpi", "obligation:depot-plainte"] {
        let (code, _, err) = run(pbn().arg("explain").arg(ws.plan()).arg(id));
        assert_eq!(code, Some(0), "{id}: {err}");
    }
    let (code, out, _) = run(pbn().arg("__complete-ids").arg(ws.root().join("nowhere")));
    assert_eq!(
        (code, out.as_str()),
        (Some(0), ""),
        "no plan, no completion and no error"
    );
    let (_, help, _) = run(pbn().arg("--help"));
    assert!(!help.contains("__complete-ids"), "{help}");
}

/// The same in fish, when fish is installed (`complete -C` asks fish for the completions of a line).
#[test]
fn fish_completes_explain_subjects_from_the_plan() {
    let ws = Workspace::base();
    if std::process::Command::new("fish")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: fish is not installed");
        return;
    }
    let (_, script, _) = run(pbn().args(["completions", "fish"]));
    let file = ws.root().join("pbn.fish");
    fs::write(&file, script).expect("write");
    let bin = Path::new(env!("CARGO_BIN_EXE_pbn"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("fish")
        .arg("-c")
        .arg(format!(
            "source '{}'; complete -C 'pbn explain obligation:depot-p'",
            file.display()
        ))
        .current_dir(ws.plan())
        .env("PATH", &path)
        .output()
        .expect("fish");
    let out = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.trim(), "obligation:depot-plainte", "{out}");
}
