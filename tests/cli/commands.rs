//! The command line as users and CI pipelines drive it: the examples, `init`, the four output formats, exit codes,
//! `--deny-warnings`, `explain`, `schema` and `baseline`.

use crate::support::{Workspace, fixtures, output_run, pbn, repo, validate_json};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A workspace with one validate case overlaid (reusing the error fixtures).
fn with_case(case: &str) -> Workspace {
    let ws = Workspace::base();
    ws.overlay(&fixtures().join("validate").join(case));
    ws
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("run pbn");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ── examples and init ───────────────────────────────────────────────────────────────────────────────────

fn example_plans() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .expect("read examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("pbn.yaml").is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn every_example_validates_with_no_error() {
    let plans = example_plans();
    assert!(
        plans.len() >= 2,
        "expected at least two example plans, found {plans:?}"
    );
    for p in plans {
        let run = validate_json(&p);
        assert_eq!(run.exit, Some(0), "{}:\n{}", p.display(), run.summary());
        assert_eq!(run.json["errors"], 0, "{}:\n{}", p.display(), run.summary());
    }
}

#[test]
fn base_fixture_validates_with_no_diagnostic() {
    let ws = Workspace::base();
    let run = validate_json(&ws.plan());
    assert_eq!(run.exit, Some(0), "{}", run.summary());
    // Spec §3, exactly: a clean plan is `{"diagnostics":[],"errors":0,"warnings":0}`.
    assert_eq!(
        run.json,
        serde_json::json!({"diagnostics": [], "errors": 0, "warnings": 0})
    );
}

#[test]
fn init_output_validates_with_no_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    for (dir, args) in [
        ("defaut", vec![]),
        (
            "nomme",
            vec!["--name", "CH de Test-sur-Loue", "--finess", "2A0000014"],
        ),
        ("english", vec!["--language", "en"]),
    ] {
        let plan = tmp.path().join(dir);
        pbn().arg("init").arg(&plan).args(&args).assert().success();
        assert!(plan.join("pbn.yaml").is_file(), "init wrote no pbn.yaml");
        let run = validate_json(&plan);
        assert_eq!(run.exit, Some(0), "init {args:?}:\n{}", run.summary());
        assert_eq!(run.json["errors"], 0, "init {args:?}:\n{}", run.summary());
    }
}

/// A scaffold is not a plan: its « À COMPLÉTER », example numbers and example FINESS are warnings that
/// `--deny-warnings` refuses, and PLACEHOLDERS fails in review.
#[test]
fn a_fresh_init_plan_is_not_finished() {
    let tmp = tempfile::tempdir().expect("tmp");
    let plan = tmp.path().join("plan");
    pbn().arg("init").arg(&plan).assert().success();
    let run = validate_json(&plan);
    let codes: Vec<&str> = run
        .diagnostics()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"PBN080"), "{}", run.summary());
    let finess = run
        .diagnostics()
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("010000024"))
        })
        .cloned()
        .expect("the example FINESS is reported");
    assert_eq!(
        (finess["file"].as_str(), finess["line"].as_u64()),
        (Some("establishment.yaml"), Some(6))
    );
    pbn()
        .arg("validate")
        .arg(&plan)
        .arg("--deny-warnings")
        .assert()
        .code(1);
    let out = pbn()
        .args(["review", "--format", "json", "--as-of", "2026-12-01"])
        .arg(&plan)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rule = json["rules"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == "PLACEHOLDERS"))
        .expect("PLACEHOLDERS in the review");
    assert_eq!(rule["status"], "fail");
    assert!(
        rule["findings"].as_array().is_some_and(|f| f.len() >= 10),
        "{rule}"
    );
    // Example numbers ring nobody and an unadapted template covers nothing: the scaffold's directory and
    // functions fail too, not only PLACEHOLDERS.
    for id in ["CONTACT-247-CORE", "CONTACT-EXT-MIN", "FUNCTION-COVERAGE"] {
        let rule = json["rules"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["id"] == id))
            .expect("rule in the review");
        assert_eq!(rule["status"], "fail", "{rule}");
    }
}

#[test]
fn init_refuses_to_overwrite_and_bad_finess() {
    let tmp = tempfile::tempdir().expect("tmp");
    let plan = tmp.path().join("plan");
    pbn().arg("init").arg(&plan).assert().success();
    let before = std::fs::read(plan.join("pbn.yaml")).expect("read");
    pbn().arg("init").arg(&plan).assert().code(2);
    assert_eq!(
        std::fs::read(plan.join("pbn.yaml")).expect("read"),
        before,
        "init overwrote a plan"
    );
    pbn()
        .arg("init")
        .arg(tmp.path().join("p2"))
        .args(["--finess", "010000025"])
        .assert()
        .code(2);
    assert!(
        !tmp.path().join("p2").join("pbn.yaml").exists(),
        "a bad FINESS still wrote a plan"
    );
}

// ── exit codes ──────────────────────────────────────────────────────────────────────────────────────────

#[test]
fn missing_directory_exits_2() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (code, _, err) = stdout_of(pbn().arg("validate").arg(tmp.path().join("nulle-part")));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("nulle-part"),
        "the message should name the path: {err}"
    );
}

#[test]
fn directory_without_manifest_exits_2() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("notes.txt"), "not a plan\n").expect("write");
    for format in ["human", "json", "sarif", "junit"] {
        let (code, _, err) = stdout_of(
            pbn()
                .arg("validate")
                .arg(tmp.path())
                .args(["--format", format]),
        );
        assert_eq!(code, Some(2), "--format {format}: {err}");
        assert!(
            err.contains("pbn.yaml"),
            "the message should say what is missing: {err}"
        );
    }
}

#[test]
fn yaml_without_manifest_is_checked_as_a_shared_layer() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("contacts.yaml"), "contacts: []\n").expect("write");
    let (code, _, err) = stdout_of(pbn().arg("validate").arg(tmp.path()));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("PBN055") && err.contains("no pbn.yaml here"),
        "{err}"
    );
    assert!(
        !err.contains("PBN073"),
        "role holders belong to each hospital: {err}"
    );
}

#[test]
fn a_file_instead_of_a_directory_exits_2() {
    let ws = Workspace::base();
    pbn()
        .arg("validate")
        .arg(ws.plan().join("pbn.yaml"))
        .assert()
        .code(2);
}

#[test]
fn usage_errors_exit_2() {
    pbn().args(["validate", "--bogus"]).assert().code(2);
    pbn().args(["validate", "--format", "xml"]).assert().code(2);
    pbn().arg("no-such-command").assert().code(2);
    let ws = Workspace::base();
    let (code, _, err) = stdout_of(pbn().arg("explain").arg(ws.plan()).arg("premiers-gestes"));
    assert_eq!(
        code,
        Some(2),
        "KIND:ID without a kind is a usage error: {err}"
    );
}

#[test]
fn validate_defaults_to_the_current_directory() {
    let ws = Workspace::base();
    pbn()
        .current_dir(ws.plan())
        .arg("validate")
        .assert()
        .success();
    let ws = with_case("bad-phone");
    pbn()
        .current_dir(ws.plan())
        .arg("validate")
        .assert()
        .code(1);
}

#[test]
fn deny_warnings_turns_a_warning_into_exit_1() {
    let ws = Workspace::base();
    // An include pattern that matches nothing is a warning (PBN034), not an error.
    let manifest = ws.read("plan/pbn.yaml").replace(
        r#"include: ["fragments/**/*.yaml"]"#,
        r#"include: ["fragments/**/*.yaml", "annexes/*.yaml"]"#,
    );
    ws.write("plan/pbn.yaml", manifest);
    let run = validate_json(&ws.plan());
    assert_eq!(
        run.exit,
        Some(0),
        "a warning alone must not fail:\n{}",
        run.summary()
    );
    assert_eq!(run.json["errors"], 0);
    assert_eq!(run.json["warnings"], 1, "{}", run.summary());
    let w = &run.diagnostics()[0];
    assert_eq!(
        (w["code"].as_str(), w["file"].as_str(), w["line"].as_u64()),
        (Some("PBN034"), Some("pbn.yaml"), Some(10))
    );
    for format in ["human", "json", "sarif", "junit"] {
        pbn()
            .arg("validate")
            .arg(ws.plan())
            .args(["--format", format, "--deny-warnings"])
            .assert()
            .code(1);
    }
    // And without a warning, --deny-warnings changes nothing.
    pbn()
        .arg("validate")
        .arg(Workspace::base().plan())
        .arg("--deny-warnings")
        .assert()
        .success();
}

// ── output formats ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn human_output_has_location_code_and_help_without_colour() {
    let ws = with_case("misspelt-field");
    let (code, stdout, err) = stdout_of(pbn().arg("validate").arg(ws.plan()));
    assert_eq!(code, Some(1));
    assert!(
        stdout.is_empty(),
        "human diagnostics go to stderr, stdout was: {stdout}"
    );
    assert!(
        err.contains("contacts.yaml:15:5"),
        "no file:line:col in:\n{err}"
    );
    assert!(err.contains("PBN003"), "no code in:\n{err}");
    assert!(
        err.contains("help: did you mean `organization`?"),
        "no help in:\n{err}"
    );
    assert!(err.contains("organisation:"), "no source line in:\n{err}");
    assert!(err.contains('^'), "no caret in:\n{err}");
    assert!(
        !err.contains('\u{1b}'),
        "colour escape codes despite NO_COLOR:\n{err:?}"
    );
    assert!(err.contains("1 error"), "no summary line in:\n{err}");
}

#[test]
fn sarif_is_2_1_0_with_located_results() {
    let ws = with_case("bad-phone");
    // As CI runs it: from the repository root, with a relative plan path.
    let (code, out, err) = stdout_of(
        pbn()
            .current_dir(ws.root())
            .args(["validate", "plan", "--format", "sarif"]),
    );
    assert_eq!(code, Some(1), "{err}");
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("SARIF is not JSON ({e}):\n{out}"));
    assert_eq!(v["version"], "2.1.0");
    assert!(
        v["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif") && s.contains("2.1.0")),
        "{}",
        v["$schema"]
    );
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "pbn");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty(), "no results");
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        assert!(id.len() == 6 && id.starts_with("PBN"), "ruleId {id}");
        assert!(
            rules.contains(&id),
            "ruleId {id} not among the driver's rules {rules:?}"
        );
        assert!(
            matches!(r["level"].as_str(), Some("error" | "warning" | "note")),
            "{r}"
        );
        assert!(r["message"]["text"].is_string(), "{r}");
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].is_string(), "{r}");
        assert!(
            loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1),
            "{r}"
        );
    }
    let phone = results
        .iter()
        .find(|r| r["ruleId"] == "PBN011")
        .expect("a PBN011 result");
    let loc = &phone["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "plan/contacts.yaml");
    assert_eq!(loc["region"]["startLine"], 48);
}

#[test]
fn sarif_of_a_clean_plan_has_no_results() {
    let ws = Workspace::base();
    let (code, out, _) = stdout_of(
        pbn()
            .arg("validate")
            .arg(ws.plan())
            .args(["--format", "sarif"]),
    );
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&out).expect("SARIF JSON");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));
}

/// An XML element: name, attributes, text content.
type Elem = (String, Vec<(String, String)>, String);

/// A minimal XML well-formedness check: balanced tags, quoted attributes, no raw `<` or stray `&` in text or
/// attribute values. Returns every element as (name, attributes, text).
fn parse_xml(s: &str) -> Vec<Elem> {
    fn check_text(t: &str) {
        assert!(!t.contains('<'), "raw `<` in {t:?}");
        let mut rest = t;
        while let Some(i) = rest.find('&') {
            let tail = &rest[i..];
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| tail.starts_with(e))
                || (tail.starts_with("&#") && tail.contains(';'));
            assert!(ok, "stray `&` in {t:?}");
            rest = &rest[i + 1..];
        }
    }
    let mut s = s.trim_start_matches('\u{feff}');
    if let Some(rest) = s.strip_prefix("<?xml") {
        s = &rest[rest.find("?>").expect("unterminated XML declaration") + 2..];
    }
    let mut stack: Vec<usize> = Vec::new();
    let mut elems: Vec<Elem> = Vec::new();
    let mut roots = 0;
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        check_text(text);
        match stack.last() {
            Some(&top) => elems[top].2.push_str(text),
            None => assert!(text.trim().is_empty(), "text outside the root: {text:?}"),
        }
        let gt = rest[lt..].find('>').expect("unterminated tag") + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack
                .pop()
                .unwrap_or_else(|| panic!("closing </{name}> with nothing open"));
            assert_eq!(elems[top].0, name.trim(), "mismatched closing tag");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, mut attrs_src) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_:.".contains(c)),
            "bad tag name {name:?}"
        );
        let mut attrs = Vec::new();
        loop {
            attrs_src = attrs_src.trim_start();
            if attrs_src.is_empty() {
                break;
            }
            let (k, v) = attrs_src
                .split_once('=')
                .unwrap_or_else(|| panic!("attribute without value in <{tag}>"));
            let v = v.trim_start();
            let q = v.chars().next().expect("attribute value");
            assert!(q == '"' || q == '\'', "unquoted attribute in <{tag}>");
            let end = v[1..].find(q).expect("unterminated attribute") + 1;
            check_text(&v[1..end]);
            attrs.push((k.trim().to_string(), v[1..end].to_string()));
            attrs_src = &v[end + 1..];
        }
        if stack.is_empty() {
            roots += 1;
        }
        elems.push((name.to_string(), attrs, String::new()));
        if !self_closing {
            stack.push(elems.len() - 1);
        }
    }
    check_text(rest);
    assert!(rest.trim().is_empty(), "text after the root: {rest:?}");
    assert!(
        stack.is_empty(),
        "unclosed elements: {:?}",
        stack.iter().map(|&i| &elems[i].0).collect::<Vec<_>>()
    );
    assert_eq!(roots, 1, "an XML document has exactly one root");
    elems
}

#[test]
fn xml_checker_rejects_broken_documents() {
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a x=1/>",
        "<a></a><b/>",
        "<a>",
    ] {
        assert!(
            std::panic::catch_unwind(|| parse_xml(bad)).is_err(),
            "accepted {bad}"
        );
    }
    assert_eq!(
        parse_xml("<?xml version=\"1.0\"?>\n<a k=\"&amp;\"><b/>t&lt;</a>").len(),
        2
    );
}

#[test]
fn junit_is_well_formed_xml_with_one_failure_per_error() {
    // Two errors whose messages hold characters XML must escape (`<`, `&`, quotes, backticks).
    let ws = with_case("bad-phone");
    ws.overlay(&fixtures().join("validate").join("malformed-reference"));
    let (code, out, err) = stdout_of(
        pbn()
            .arg("validate")
            .arg(ws.plan())
            .args(["--format", "junit"]),
    );
    assert_eq!(code, Some(1), "{err}");
    let elems = parse_xml(&out);
    let failures: Vec<_> = elems.iter().filter(|e| e.0 == "failure").collect();
    assert_eq!(failures.len(), 2, "one <failure> per error:\n{out}");
    assert!(
        failures
            .iter()
            .any(|f| f.1.iter().any(|(k, v)| k == "type" && v == "PBN011")),
        "{out}"
    );
    assert!(
        failures
            .iter()
            .any(|f| f.1.iter().any(|(k, v)| k == "type" && v == "PBN026")),
        "{out}"
    );
    let cases: Vec<_> = elems.iter().filter(|e| e.0 == "testcase").collect();
    assert!(
        cases.iter().any(|c| c
            .1
            .iter()
            .any(|(k, v)| k == "name" && v.contains("contacts.yaml:48"))),
        "a test case should name the location:\n{out}"
    );
    let suite = elems
        .iter()
        .find(|e| e.0 == "testsuite")
        .expect("<testsuite>");
    let attr = |k: &str| suite.1.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
    assert_eq!(attr("failures").as_deref(), Some("2"), "{out}");
}

#[test]
fn junit_of_a_clean_plan_passes() {
    let ws = Workspace::base();
    let (code, out, _) = stdout_of(
        pbn()
            .arg("validate")
            .arg(ws.plan())
            .args(["--format", "junit"]),
    );
    assert_eq!(code, Some(0));
    let elems = parse_xml(&out);
    assert!(elems.iter().any(|e| e.0 == "testcase"), "{out}");
    assert!(!elems.iter().any(|e| e.0 == "failure"), "{out}");
}

#[test]
fn json_is_one_object_on_stdout_and_nothing_on_stderr() {
    let ws = with_case("unknown-deputy");
    let (code, out, err) = stdout_of(
        pbn()
            .arg("validate")
            .arg(ws.plan())
            .args(["--format", "json"]),
    );
    assert_eq!(code, Some(1));
    assert!(
        err.trim().is_empty(),
        "stderr should be empty with --format json: {err}"
    );
    let v: Value = serde_json::from_str(&out).expect("one JSON object");
    let d = &v["diagnostics"][0];
    for key in [
        "code", "severity", "message", "file", "line", "column", "help",
    ] {
        assert!(d.get(key).is_some(), "no `{key}` in {d}");
    }
    assert_eq!(v["errors"], 1);
}

// ── explain ─────────────────────────────────────────────────────────────────────────────────────────────

fn explain(plan: &Path, what: &str) -> String {
    let (code, out, err) = stdout_of(pbn().arg("explain").arg(plan).arg(what));
    assert_eq!(code, Some(0), "pbn explain {what}: {err}");
    out
}

fn example() -> PathBuf {
    repo().join("examples").join("ch-val-exemple")
}

/// `file:line` somewhere in the output (e.g. `fragments/surcharges/premiers-gestes.yaml:7`).
fn has_file_line(out: &str, file: &str) -> bool {
    out.match_indices(&format!("{file}:")).any(|(i, m)| {
        out[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn explain_shows_every_layer_of_a_patched_reflex() {
    let out = explain(&example(), "reflex:premiers-gestes");
    assert!(out.contains("baseline:national"), "{out}");
    assert!(out.contains("../ght-exemple"), "{out}");
    assert!(out.contains("plan"), "{out}");
    assert!(
        has_file_line(&out, "<baseline:national>/reflexes/premiers-gestes.yaml"),
        "{out}"
    );
    assert!(
        has_file_line(&out, "../ght-exemple/surcharges/premiers-gestes.yaml"),
        "{out}"
    );
    assert!(
        has_file_line(&out, "fragments/surcharges/premiers-gestes.yaml"),
        "{out}"
    );
    // Steps from all three layers, each with its origin.
    for (step, origin) in [
        (
            "alerter-astreinte",
            "<baseline:national>/reflexes/premiers-gestes.yaml:",
        ),
        (
            "signaler-application-ght",
            "../ght-exemple/surcharges/premiers-gestes.yaml:",
        ),
        (
            "proteger-dispositifs-medicaux",
            "fragments/surcharges/premiers-gestes.yaml:",
        ),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(step))
            .unwrap_or_else(|| panic!("no step {step}:\n{out}"));
        assert!(
            line.contains(origin),
            "step {step} should come from {origin}: {line}"
        );
    }
}

#[test]
fn explain_on_the_base_fixture_gives_exact_origins() {
    let ws = Workspace::base();
    let out = explain(&ws.plan(), "reflex:premiers-gestes");
    let origin = |step: &str| {
        out.lines()
            .find(|l| l.contains(&format!(" {step} ")))
            .unwrap_or_else(|| panic!("no step {step}:\n{out}"))
            .to_string()
    };
    assert!(
        origin("debrancher-reseau").contains("fragments/surcharges/premiers-gestes.yaml:6"),
        "replace"
    );
    assert!(
        origin("proteger-dispositifs-medicaux")
            .contains("fragments/surcharges/premiers-gestes.yaml:10"),
        "after"
    );
    assert!(
        origin("prevenir-cadre-unite").contains("fragments/surcharges/premiers-gestes.yaml:15"),
        "before"
    );
    assert!(
        origin("sortir-armoire-rouge").contains("fragments/surcharges/premiers-gestes.yaml:21"),
        "append"
    );
    assert!(
        origin("signaler-application-ght").contains("../ght/surcharges/premiers-gestes.yaml:6"),
        "ght"
    );
    assert!(
        !out.contains("noter-constats"),
        "a removed step is still listed:\n{out}"
    );
    // Order after the patches: replace in place, after, GHT's after, before, append at the end.
    let pos = |s: &str| {
        out.find(&format!(" {s} "))
            .unwrap_or_else(|| panic!("{s} missing"))
    };
    let order = [
        "debrancher-reseau",
        "proteger-dispositifs-medicaux",
        "alerter-astreinte",
        "signaler-application-ght",
        "prevenir-cadre-unite",
        "ouvrir-main-courante",
        "basculer-papier",
        "sortir-armoire-rouge",
    ];
    assert!(
        order.windows(2).all(|w| pos(w[0]) < pos(w[1])),
        "steps out of order:\n{out}"
    );
}

const STABLE_ROLES: &[&str] = &[
    "directeur-crise",
    "administrateur-garde",
    "rssi",
    "dsi",
    "astreinte-si",
    "communication",
    "dpo",
    "identitovigilance",
    "tout-personnel",
];
const STABLE_REFLEXES: &[&str] = &["premiers-gestes", "activation-cellule-crise"];
const STABLE_CONTACTS: &[&str] = &[
    "cert-sante",
    "ars",
    "cnil",
    "police-gendarmerie",
    "assureur",
];

#[test]
fn explain_works_for_every_stable_baseline_id() {
    let start = Instant::now();
    for (kind, ids) in [
        ("role", STABLE_ROLES),
        ("reflex", STABLE_REFLEXES),
        ("contact", STABLE_CONTACTS),
    ] {
        for id in ids {
            let out = explain(&example(), &format!("{kind}:{id}"));
            assert!(out.contains(id), "{kind}:{id}:\n{out}");
            assert!(
                out.lines().any(|l| l.split_whitespace().any(|w| w
                    .rsplit_once(':')
                    .is_some_and(|(_, n)| n.parse::<u32>().is_ok()))),
                "no file:line for {kind}:{id}:\n{out}"
            );
        }
    }
    // On a plan with no layer at all besides the baseline (init), the national objects are there too.
    let tmp = tempfile::tempdir().expect("tmp");
    let plan = tmp.path().join("p");
    pbn().arg("init").arg(&plan).assert().success();
    for id in STABLE_ROLES {
        assert!(
            explain(&plan, &format!("role:{id}")).contains("<baseline:national>/"),
            "role:{id}"
        );
    }
    eprintln!("explain of every stable id: {:?}", start.elapsed());
}

#[test]
fn explain_obligations_show_deadline_and_legal_basis() {
    for (id, deadline, basis) in [
        ("signalement-portail", "immediate", "L1111-8-2"),
        ("notification-cnil", "72h", "RGPD art. 33"),
        ("depot-plainte", "72h", "L12-10-1"),
        ("alerte-nis2", "24h", "2022/2555"),
    ] {
        let out = explain(&example(), &format!("obligation:{id}"));
        let line = |field: &str| {
            out.lines()
                .find(|l| l.trim_start().starts_with(field))
                .unwrap_or_else(|| panic!("obligation:{id} has no `{field}` line:\n{out}"))
                .to_string()
        };
        assert!(
            line("deadline").contains(deadline),
            "obligation:{id} deadline:\n{out}"
        );
        assert!(
            line("legal_basis").contains(basis),
            "obligation:{id} legal basis:\n{out}"
        );
        assert!(
            line("deadline").contains("<baseline:national>/obligations.yaml:"),
            "{out}"
        );
        assert!(
            out.contains("locked"),
            "national obligations are locked:\n{out}"
        );
    }
}

#[test]
fn explain_unknown_object_fails_with_its_name() {
    let (code, _, err) = stdout_of(pbn().arg("explain").arg(example()).arg("reflex:nulle-part"));
    assert!(matches!(code, Some(1 | 2)), "exit {code:?}");
    assert!(err.contains("nulle-part"), "{err}");
}

// ── schema and baseline ─────────────────────────────────────────────────────────────────────────────────

#[test]
fn schema_is_json_schema_2020_12() {
    let (code, out, err) = stdout_of(pbn().arg("schema"));
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("schema is not JSON: {e}"));
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let text = out.as_str();
    for word in [
        "contacts",
        "establishment",
        "finess_ej",
        "steps",
        "override",
        "deadline",
    ] {
        assert!(
            text.contains(&format!("\"{word}\"")),
            "schema does not mention `{word}`"
        );
    }
}

/// `pbn baseline list`: sections `kind:` followed by indented `id  title` lines.
fn baseline_counts() -> std::collections::BTreeMap<String, Vec<String>> {
    let (code, out, err) = stdout_of(pbn().args(["baseline", "list"]));
    assert_eq!(code, Some(0), "{err}");
    let mut counts = std::collections::BTreeMap::<String, Vec<String>>::new();
    let mut kind = None;
    for line in out.lines() {
        if let Some(k) = line
            .strip_suffix(':')
            .filter(|k| !k.starts_with(' ') && !k.contains(' '))
        {
            kind = Some(k.to_string());
        } else if line.starts_with("  ")
            && !line.trim().is_empty()
            && let Some(k) = &kind
        {
            let id = line.split_whitespace().next().unwrap_or_default();
            counts.entry(k.clone()).or_default().push(id.to_string());
        }
    }
    counts
}

#[test]
fn baseline_list_has_enough_of_each_kind() {
    let counts = baseline_counts();
    let n = |k: &str| counts.get(k).map_or(0, Vec::len);
    assert!(n("role") >= 9, "{counts:?}");
    assert!(n("obligation") >= 4, "{counts:?}");
    assert!(n("reflex") >= 8, "{counts:?}");
    assert!(n("procedure") >= 10, "{counts:?}");
    assert!(n("message") >= 3, "{counts:?}");
    let has = |k: &str, id: &str| counts.get(k).is_some_and(|v| v.iter().any(|x| x == id));
    for id in STABLE_ROLES {
        assert!(has("role", id), "role {id} missing from the baseline");
    }
    for id in [
        "signalement-portail",
        "notification-cnil",
        "depot-plainte",
        "alerte-nis2",
    ] {
        assert!(
            has("obligation", id),
            "obligation {id} missing from the baseline"
        );
    }
    for id in STABLE_REFLEXES {
        assert!(has("reflex", id), "reflex {id} missing from the baseline");
    }
}

#[test]
fn baseline_show_prints_the_library_source() {
    let (code, out, err) = stdout_of(pbn().args(["baseline", "show", "obligation:depot-plainte"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("id: depot-plainte") && out.contains("deadline:"),
        "{out}"
    );
    // The id alone is enough when one baseline entry has it; an unknown one says so and points to the list.
    let (code, alone, err) = stdout_of(pbn().args(["baseline", "show", "depot-plainte"]));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(alone, out);
    let (code, _, err) = stdout_of(pbn().args(["baseline", "show", "no-such-fragment"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("no fragment or contact `no-such-fragment`")
            && err.contains("pbn baseline list"),
        "{err}"
    );
}

/// Spec §7.2–7.3: the national contact slots are listed and shown with their sources; `changes --since` lists
/// what later releases did, and an unknown version is a usage error that names the known ones.
#[test]
fn baseline_contacts_and_changes_since_a_version() {
    let counts = baseline_counts();
    let contacts = counts.get("contact").cloned().unwrap_or_default();
    for id in [
        "cert-sante",
        "ars",
        "cnil",
        "police-gendarmerie",
        "assureur",
    ] {
        assert!(
            contacts.iter().any(|c| c == id),
            "contact {id}: {contacts:?}"
        );
    }
    let (code, out, err) = stdout_of(pbn().args(["baseline", "show", "contact:cnil"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("- id: cnil") && out.matches("- id:").count() == 1,
        "{out}"
    );
    let (code, out, err) = stdout_of(pbn().args(["baseline", "changes", "--since", "2026.11"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("national baseline"), "{out}");
    let (code, _, err) = stdout_of(pbn().args(["baseline", "changes", "--since", "1999.01"]));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("no version `1999.01`") && err.contains("2026.11"),
        "{err}"
    );
}

#[test]
fn run_output_helper_reports_signals() {
    // `output_run` keeps a missing exit code (killed by a signal) as None; the checks rely on it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pbn"))
        .arg("--version")
        .output()
        .expect("run");
    let run = output_run(&out, std::time::Duration::ZERO);
    assert_eq!(run.exit, Some(0));
    assert!(
        run.stdout.contains(env!("CARGO_PKG_VERSION")),
        "{}",
        run.stdout
    );
}

// ── YAML error messages ─────────────────────────────────────────────────────────────────────────────────

/// The parser's messages reach users: no advice meant for the programmer ("set DuplicateKeyPolicy in Options"),
/// and no second copy of the location that the diagnostic already carries.
#[test]
fn yaml_error_messages_speak_to_the_user() {
    for case in ["duplicate-yaml-key", "yaml-syntax-error", "tab-indentation"] {
        let ws = with_case(case);
        let run = validate_json(&ws.plan());
        let d = run
            .errors()
            .into_iter()
            .find(|d| d["code"] == "PBN001")
            .unwrap_or_else(|| panic!("{case}: no PBN001"));
        let msg = d["message"].as_str().unwrap_or_default();
        assert!(
            !msg.contains("Options") && !msg.contains("Policy"),
            "{case}: {msg}"
        );
        assert!(
            !msg.contains(" at line "),
            "{case}: the location is repeated in the message: {msg}"
        );
    }
}

/// The caret under a quoted value with spaces covers the whole value, not its first word.
#[test]
fn human_caret_covers_a_quoted_value() {
    let ws = with_case("bad-phone");
    let (_, _, err) = stdout_of(pbn().arg("validate").arg(ws.plan()));
    let carets = err
        .lines()
        .find(|l| l.contains('^'))
        .map_or(0, |l| l.matches('^').count());
    assert_eq!(carets, "\"04 74 00 30\"".len(), "{err}");
}

/// Regression: `pbn review` of 300 plans aborted with "has overflowed its stack": the loader's own rayon pool,
/// entered from a worker of the global pool, made that worker run other plans' jobs on top of its stack.
#[test]
fn review_of_hundreds_of_plans_completes() {
    let ex = example();
    let mut cmd = pbn();
    // A regression test for a crash, not a speed test: a debug build on a loaded machine takes ~50 s for 300
    // plans, beyond the usual hang guard.
    cmd.timeout(std::time::Duration::from_secs(300));
    cmd.args(["review", "--as-of", "2026-11-29", "--format", "json"]);
    for _ in 0..300 {
        cmd.arg(&ex);
    }
    let (code, out, err) = stdout_of(&mut cmd);
    // The verdict (0 or 1) follows the example's content; a crash or a usage error would not be either.
    assert!(matches!(code, Some(0 | 1)), "{code:?} {err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["plans"].as_array().map(Vec::len), Some(300));
    // The same plan 300 times: one batch finding saying so.
    assert_eq!(v["batch_findings"][0]["kind"], "submitted-twice");
}

/// The national baseline is French only: an English plan is told, once, that the fragments it keeps unchanged
/// print in French (info, not a failure); a French plan is not.
#[test]
fn an_english_plan_is_told_that_the_baseline_is_french() {
    let (code, _, err) = stdout_of(
        pbn()
            .args(["validate", "--color", "never"])
            .arg(repo().join("examples/en-sample")),
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err.matches("info[PBN051]").count(), 1, "{err}");
    assert!(
        err.contains("unchanged from the national baseline, which is written in French"),
        "{err}"
    );
    let (_, _, err) = stdout_of(
        pbn()
            .args(["validate", "--color", "never"])
            .arg(repo().join("examples/ch-val-exemple")),
    );
    assert!(!err.contains("PBN051"), "{err}");
}
