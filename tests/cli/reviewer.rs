//! The reviewer's workflow (issue 18): a batch of submissions reviewed into CSV (parsed by Python's `csv`
//! module), JSON with verdicts and batch findings, PDF letters (read back with pdftotext), the year-on-year
//! comparison; packs that round-trip and refuse hostile zips; minisign signatures checked by the real
//! `minisign`; output folders that hold only what their manifest lists.

use crate::support::{copy_dir, fixtures, pbn, repo};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-11-29";

fn edit(path: &Path, from: &str, to: &str) {
    let t = fs::read_to_string(path).unwrap();
    assert!(t.contains(from), "{} lacks {from}", path.display());
    fs::write(path, t.replacen(from, to, 1)).unwrap();
}

/// Five submissions: a plan that passes; a copy of it under another establishment name (same FINESS) with a
/// missing CSE opinion and a stale contact; the example hospital; a plan that does not validate; and the
/// integration base plan with its GHT layer.
fn batch(root: &Path) -> Vec<PathBuf> {
    let good = root.join("good");
    copy_dir(&fixtures().join("review/base"), &good);
    let bad = root.join("bad");
    copy_dir(&fixtures().join("review/base"), &bad);
    edit(
        &bad.join("establishment.yaml"),
        "Centre hospitalier de Test",
        "Clinique du Lac",
    );
    edit(&bad.join("establishment.yaml"), ", cse: 2026-09-25", "");
    edit(
        &bad.join("contacts.yaml"),
        "verified_on: 2026-10-01",
        "verified_on: 2025-01-15",
    );
    let example = root.join("exemple");
    copy_dir(&repo().join("examples/ch-val-exemple"), &example);
    copy_dir(
        &repo().join("examples/ght-exemple"),
        &root.join("ght-exemple"),
    );
    let broken = root.join("broken");
    copy_dir(&fixtures().join("review/base"), &broken);
    edit(
        &broken.join("contacts.yaml"),
        "roles: [dsi, rssi, astreinte-si]",
        "roles: [dsi, rssi, astreinte-si",
    );
    vec![good, bad, example, broken]
}

fn review(args: &[&str]) -> (Option<i32>, String, String) {
    let out = pbn()
        .arg("review")
        .args(args)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn strs(dirs: &[PathBuf]) -> Vec<&str> {
    dirs.iter().map(|d| d.to_str().unwrap()).collect()
}

/// Rows of a CSV file as Python's csv module reads them.
fn python_csv(path: &Path) -> Vec<Vec<String>> {
    let script = "import csv,json,sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    print(json.dumps(list(csv.reader(f))))";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_batch_exports_to_csv_with_verdicts() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = batch(tmp.path());
    let mut args = strs(&dirs);
    args.extend(["--format", "csv", "--bom", "--sort", "finess"]);
    let (code, csv, _) = review(&args);
    assert_eq!(
        code,
        Some(1),
        "rejected plans and a duplicate FINESS: exit 1"
    );
    assert!(csv.starts_with('\u{feff}'));
    let file = tmp.path().join("revue.csv");
    fs::write(&file, &csv).unwrap();
    let rows = python_csv(&file);
    assert_eq!(
        rows[0],
        [
            "plan",
            "establishment",
            "finess",
            "version",
            "fingerprint",
            "score",
            "errors",
            "warnings",
            "verdict"
        ]
    );
    assert_eq!(rows.len(), 5);
    let verdict = |name: &str| {
        let r = rows.iter().find(|r| r[0].ends_with(name)).unwrap();
        (r[8].clone(), r[1].clone())
    };
    assert_eq!(verdict("good").0, "accepted");
    assert_eq!(verdict("exemple").0, "accepted");
    assert_eq!(
        verdict("bad"),
        ("rejected".into(), "Clinique du Lac".into())
    );
    assert_eq!(verdict("broken").0, "rejected");
    // Sorted by FINESS: the example's 0100099.. after the two 010001725.
    assert!(rows[3][0].ends_with("exemple") || rows[4][0].ends_with("exemple"));

    let mut args = strs(&dirs);
    args.extend(["--format", "csv-findings"]);
    let (_, csv, _) = review(&args);
    fs::write(&file, &csv).unwrap();
    let rows = python_csv(&file);
    assert_eq!(
        rows[0],
        [
            "plan",
            "finess",
            "rule",
            "severity",
            "subject",
            "file",
            "line",
            "message",
            "message_fr"
        ]
    );
    let bad: Vec<&Vec<String>> = rows.iter().filter(|r| r[0].ends_with("bad")).collect();
    assert!(
        bad.iter()
            .any(|r| r[2] == "PLAN-APPROVAL" && r[3] == "error"),
        "{bad:?}"
    );
    assert!(
        bad.iter()
            .any(|r| r[2] == "CONTACT-FRESH" && r[5] == "contacts.yaml"),
        "{bad:?}"
    );
    assert!(
        rows.iter().any(|r| r[0].ends_with("broken")
            && r[2] == "PBN001"
            && r[8].starts_with("le fichier n'est pas du YAML valide : ")),
        "{rows:?}"
    );
    assert!(
        rows.iter().all(|r| !r[8].contains('`') && !r[8].is_empty()),
        "message_fr is French text for a spreadsheet, without Markdown marks: {rows:?}"
    );
    assert!(
        bad.iter().any(|r| r[2] == "PLAN-APPROVAL"
            && r[7].contains("CSE")
            && r[8].contains("l'avis du CSE n'est pas enregistré")),
        "{bad:?}"
    );
}

#[test]
fn a_batch_in_json_has_verdicts_and_batch_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = batch(tmp.path());
    let expected = tmp.path().join("attendus.txt");
    fs::write(
        &expected,
        "# établissements de la région\n010001725 CH de Test\n750000010 CHU absent\n",
    )
    .unwrap();
    let mut args = strs(&dirs);
    args.extend(["--format", "json", "--expected", expected.to_str().unwrap()]);
    let (code, out, _) = review(&args);
    assert_eq!(code, Some(1));
    let v: Value = serde_json::from_str(&out).unwrap();
    let plans = v["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 4);
    assert!(
        plans
            .iter()
            .all(|p| p["verdict"] == "accepted" || p["verdict"] == "rejected")
    );
    let found = v["batch_findings"].as_array().unwrap();
    let kinds: Vec<&str> = found.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"duplicate-finess"), "{kinds:?}");
    assert!(
        kinds.contains(&"missing") && kinds.contains(&"unexpected"),
        "{kinds:?}"
    );
    let dup = found
        .iter()
        .find(|f| f["kind"] == "duplicate-finess")
        .unwrap();
    assert_eq!(dup["finess"][0], "010001725");
    // good, bad and broken claim 010001725; bad under another name.
    assert_eq!(dup["plans"].as_array().unwrap().len(), 3);

    // The same establishment twice: "submitted-twice"; the human table says so with a verdict column, in
    // the plans' language.
    let (_, table, _) = review(&[dirs[0].to_str().unwrap(), dirs[0].to_str().unwrap()]);
    assert!(
        table.contains("Avis") && table.contains("accepté") && table.contains("Sur l'ensemble"),
        "{table}"
    );
    assert!(
        !table.contains("accepted") && !table.contains("failed rules"),
        "{table}"
    );
    assert!(
        table.contains("[submitted-twice]") && table.contains("010001725"),
        "{table}"
    );
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn letters_are_french_pdfs_with_findings_and_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = batch(tmp.path());
    let profile = tmp.path().join("ars.yaml");
    fs::write(
        &profile,
        "agency: Agence régionale de santé Bretagne\naddress: [6 place des Colombes, 35042 Rennes Cedex]\n\
         city: Rennes\nreviewer: Claire Martin\nreference: ARS-BRE/PBN\nreply_within_days: 30\n",
    )
    .unwrap();
    let out = tmp.path().join("courriers");
    let mut args = strs(&dirs);
    args.extend([
        "--letters",
        out.to_str().unwrap(),
        "--reviewer",
        profile.to_str().unwrap(),
    ]);
    let (code, _, err) = review(&args);
    assert_eq!(code, Some(1), "{err}");
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "010001725-1.0.0-2.pdf",
            "010001725-1.0.0-3.pdf",
            "010001725-1.0.0.pdf",
            "010009900-2.1.0.pdf"
        ],
        "{err}"
    );
    // The second 010001725 letter is the rejected "Clinique du Lac".
    let bad = pdftotext(&out.join("010001725-1.0.0-2.pdf"));
    for want in [
        "Agence régionale de santé Bretagne",
        "Rennes, le 29 novembre 2026",
        "ARS-BRE/PBN-2026-010001725-1.0.0",
        "29 décembre 2026",
        "FINESS 010001725",
        "Claire Martin",
        "À corriger avant acceptation : 1 règle bloquante non respectée.",
        "Le score mesure",
        "PLAN-APPROVAL",
        "CONTACT-FRESH",
        "contact:dg",
        "contacts.yaml:",
        "plan.pdf, page",
        "Comment corriger",
    ] {
        assert!(bad.contains(want), "letter lacks «{want}»:\n{bad}");
    }
    assert!(!bad.contains('`') && !bad.contains("pbn "), "{bad}");
    let good = pdftotext(&out.join("010001725-1.0.0.pdf"));
    assert!(
        good.contains("Accepté : le plan respecte toutes les règles."),
        "{good}"
    );
    let broken = pdftotext(&out.join("010001725-1.0.0-3.pdf"));
    // The broken plan's validation diagnostic in French: code, French title, place, what to do.
    let broken = broken.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Erreurs de validation du plan",
        "PBN001 — le fichier n'est pas du YAML valide (contacts.yaml:",
        "Détail : ",
        "Que faire : Vérifier à la ligne indiquée l'indentation",
    ] {
        assert!(broken.contains(want), "«{want}» missing:\n{broken}");
    }
    let info = Command::new("pdfinfo")
        .arg(out.join("010009900-2.1.0.pdf"))
        .output()
        .unwrap();
    assert!(info.status.success());
}

#[test]
fn compare_names_fixed_new_and_still_failing_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = batch(tmp.path());
    let (code, out, _) = review(&[
        dirs[0].to_str().unwrap(),
        "--compare",
        dirs[1].to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&out).unwrap();
    let fixed: Vec<&str> = v["compare"]["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        fixed.contains(&"PLAN-APPROVAL") && fixed.contains(&"CONTACT-FRESH"),
        "{fixed:?}"
    );
    assert_eq!(v["compare"]["new"], serde_json::json!([]));
    assert_eq!(v["verdict"], "accepted");
    let (code, out, _) = review(&[
        dirs[1].to_str().unwrap(),
        "--compare",
        dirs[0].to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("Depuis la version précédente")
            && out.contains("Nouvellement non respectées : "),
        "{out}"
    );
}

fn build(plan: &Path, extra: &[&str]) {
    let out = pbn()
        .arg("build")
        .arg(plan)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_pack_round_trips_and_a_changed_byte_fails() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base"), tmp.path());
    let plan = tmp.path().join("plan");
    build(&plan, &["--audience", "ars"]);
    let zip = tmp.path().join("soumission.zip");
    let out = pbn()
        .args(["pack"])
        .arg(&plan)
        .arg("--out")
        .arg(&zip)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Deterministic: a second pack gives the same bytes.
    let again = tmp.path().join("again.zip");
    pbn()
        .args(["pack"])
        .arg(&plan)
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(fs::read(&zip).unwrap(), fs::read(&again).unwrap());
    // The GHT layer is inside, at its place beside the plan.
    let list = Command::new("python3")
        .args([
            "-c",
            "import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&zip)
        .output()
        .unwrap();
    let names = String::from_utf8(list.stdout).unwrap();
    assert!(
        names.contains("sources/ght/") && names.contains("sources/plan/pbn.yaml"),
        "{names}"
    );
    assert!(
        names.contains("outputs/plan.pdf") && names.contains("outputs/manifest.json"),
        "{names}"
    );

    let ok = pbn().arg("verify").arg(&zip).output().unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    // review of the pack = review of the folder (but for the plan's name).
    let json = |p: &Path| {
        let (_, out, _) = review(&[p.to_str().unwrap(), "--format", "json"]);
        let mut v: Value = serde_json::from_str(&out).unwrap();
        v["plan"] = Value::Null;
        v
    };
    assert_eq!(json(&zip), json(&plan));
    for args in [
        vec!["explain", zip.to_str().unwrap(), "reflex:premiers-gestes"],
        vec!["diff", plan.to_str().unwrap(), zip.to_str().unwrap()],
    ] {
        let out = pbn().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // One changed byte in the middle of the zip: verify fails, naming the entry.
    let mut bytes = fs::read(&zip).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    fs::write(&zip, &bytes).unwrap();
    let bad = pbn().arg("verify").arg(&zip).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let text =
        String::from_utf8_lossy(&bad.stdout).to_string() + &String::from_utf8_lossy(&bad.stderr);
    assert!(
        text.contains("soumission.zip") && (text.contains("entry `") || text.contains("changed")),
        "{text}"
    );
}

fn hostile_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let names: Vec<String> = entries.iter().map(|(n, _)| format!("{n:?}")).collect();
    let datas: Vec<String> = entries
        .iter()
        .map(|(_, d)| format!("{:?}", String::from_utf8_lossy(d)))
        .collect();
    let script = format!(
        "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\nfor n,d in zip([{}],[{}]): z.writestr(n,d)\nz.close()",
        names.join(","),
        datas.join(",")
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn hostile_packs_are_refused_with_their_entry_named() {
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("p.zip");
    let big = vec![b'a'; 600 * 1024 * 1024 / 1000];
    for (entries, code) in [
        (vec![("../../evil.yaml", b"x".as_slice())], "PBN085"),
        (
            vec![
                ("pack.json", b"{}".as_slice()),
                ("Pack.json", b"{}".as_slice()),
            ],
            "PBN087",
        ),
        (vec![("readme.txt", b"hello".as_slice())], "PBN089"),
    ] {
        hostile_zip(&zip, &entries);
        let out = pbn().arg("verify").arg(&zip).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(code) && err.contains("p.zip"), "{code}: {err}");
        let out = pbn().arg("review").arg(&zip).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(code));
    }
    // A bomb: 1000 entries of 600 KB of one letter inflate past the budget.
    let script = "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\nfor i in range(1000): z.writestr('f%d'%i, 'a'*int(sys.argv[2]))\nz.close()";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&zip)
        .arg(big.len().to_string())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(fs::metadata(&zip).unwrap().len() < 5 * 1024 * 1024);
    let out = pbn().arg("verify").arg(&zip).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PBN086"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn signatures_verify_with_the_real_minisign() {
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("ch.key");
    pbn()
        .args(["keygen", "--out"])
        .arg(&key)
        .env("PBN_KEY_PASSWORD", "correct horse")
        .assert()
        .success();
    let file = tmp.path().join("soumission.zip");
    fs::write(&file, b"any bytes at all").unwrap();
    pbn()
        .arg("sign")
        .arg(&file)
        .arg("--key")
        .arg(&key)
        .env("PBN_KEY_PASSWORD", "correct horse")
        .assert()
        .success();
    let wrong = pbn()
        .arg("sign")
        .arg(&file)
        .arg("--key")
        .arg(&key)
        .env("PBN_KEY_PASSWORD", "wrong")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    let public = tmp.path().join("ch.key.pub");
    let m = Command::new("minisign")
        .arg("-Vm")
        .arg(&file)
        .arg("-p")
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        m.status.success(),
        "minisign: {}",
        String::from_utf8_lossy(&m.stderr)
    );
    pbn()
        .arg("verify")
        .arg(&file)
        .arg("--pubkey")
        .arg(&public)
        .assert()
        .success();
    // One changed byte: both refuse, pbn naming the file.
    fs::write(&file, b"any bytes at all!").unwrap();
    let m = Command::new("minisign")
        .arg("-Vm")
        .arg(&file)
        .arg("-p")
        .arg(&public)
        .output()
        .unwrap();
    assert!(!m.status.success());
    let out = pbn()
        .arg("verify")
        .arg(&file)
        .arg("--pubkey")
        .arg(&public)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("PBN090") && err.contains("soumission.zip"),
        "{err}"
    );
    // An unencrypted key for CI signs without a passphrase.
    let ci = tmp.path().join("ci.key");
    pbn()
        .args(["keygen", "--unencrypted", "--out"])
        .arg(&ci)
        .env_remove("PBN_KEY_PASSWORD")
        .assert()
        .success();
    pbn()
        .arg("sign")
        .arg(&file)
        .arg("--key")
        .arg(&ci)
        .env_remove("PBN_KEY_PASSWORD")
        .assert()
        .success();
    let m = Command::new("minisign")
        .arg("-Vm")
        .arg(&file)
        .arg("-p")
        .arg(tmp.path().join("ci.key.pub"))
        .output()
        .unwrap();
    assert!(
        m.status.success(),
        "minisign: {}",
        String::from_utf8_lossy(&m.stderr)
    );
}

#[test]
fn verify_names_a_file_the_manifest_does_not_list() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base"), tmp.path());
    let plan = tmp.path().join("plan");
    let out = tmp.path().join("envoi");
    build(
        &plan,
        &[
            "--html",
            "--audience",
            "ars",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let verify = || {
        pbn()
            .arg("verify")
            .arg(&plan)
            .arg("--manifest")
            .arg(out.join("manifest.json"))
            .output()
            .unwrap()
    };
    assert_eq!(verify().status.code(), Some(0));
    // The internal plan.pdf (confidential numbers) lying beside the ars build.
    let internal = tmp.path().join("interne");
    build(&plan, &["--pdf", "--out", internal.to_str().unwrap()]);
    fs::copy(internal.join("plan.pdf"), out.join("plan.pdf")).unwrap();
    let v = verify();
    assert_eq!(v.status.code(), Some(1));
    let text = String::from_utf8_lossy(&v.stdout);
    assert!(
        text.contains("PBN091") && text.contains("plan.pdf"),
        "{text}"
    );
    // An `ars` folder holding an internal build.
    let ars = tmp.path().join("ars");
    build(&plan, &["--html", "--out", ars.to_str().unwrap()]);
    let v = pbn()
        .arg("verify")
        .arg(&plan)
        .arg("--manifest")
        .arg(ars.join("manifest.json"))
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&v.stdout).contains("PBN092"));
}

/// Spec §7.6: a build removes the outputs of the folder's previous manifest that it does not write again (the
/// stale case of the user trials: an internal plan.pdf left beside an `ars` plan.html), and `--audience ars`
/// builds into `dist/ars/` by default.
#[test]
fn a_build_removes_what_it_does_not_write_again() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base"), tmp.path());
    let plan = tmp.path().join("plan");
    let dist = plan.join("dist");
    build(&plan, &[]);
    assert!(dist.join("plan.pdf").is_file() && dist.join("cards.pdf").is_file());
    let out = pbn()
        .arg("build")
        .arg(&plan)
        .args(["--html", "--audience", "ars", "--out"])
        .arg(&dist)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed"));
    assert!(!dist.join("plan.pdf").exists() && !dist.join("cards.pdf").exists());
    let verify = |m: &Path| {
        pbn()
            .arg("verify")
            .arg(&plan)
            .arg("--manifest")
            .arg(m)
            .output()
            .unwrap()
    };
    assert_eq!(verify(&dist.join("manifest.json")).status.code(), Some(0));
    // The default folder of another audience is dist/NAME/; dist/ keeps its own build beside it.
    build(&plan, &[]);
    build(&plan, &["--html", "--audience", "ars"]);
    assert!(dist.join("ars/plan.html").is_file() && dist.join("plan.pdf").is_file());
    assert_eq!(
        verify(&dist.join("ars/manifest.json")).status.code(),
        Some(0)
    );
    assert_eq!(verify(&dist.join("manifest.json")).status.code(), Some(0));
}

/// Rows of `pdftotext` for one page of a PDF.
fn pdf_page_text(pdf: &Path, page: u64) -> String {
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// `--framework` (issue 17, spec §7.4): the JSON shape, every objective citing its text, evidence pages that
/// are the pages of the plan.pdf the agency receives; an unknown framework is a usage error.
#[test]
fn review_framework_matrix_json_points_at_plan_pdf_pages() {
    let plan = fixtures().join("review/base");
    let p = plan.to_str().unwrap();
    let (code, out, err) = review(&[p, "--format", "json", "--framework", "r3131"]);
    assert_eq!(code, Some(0), "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let fw = &json["framework"];
    assert_eq!(fw["id"], "r3131");
    let objectives = fw["objectives"].as_array().unwrap();
    let ids: Vec<&str> = objectives
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "r3131:adoption",
            "r3131:1",
            "r3131:2",
            "r3131:3",
            "r3131:4",
            "r3131:5",
            "r3131:6"
        ]
    );
    for o in objectives {
        for key in ["title", "source", "status", "rules", "evidence"] {
            assert!(!o[key].is_null(), "{key} missing in {o}");
        }
        assert!(o["source"].as_str().unwrap().contains("R3131-10"), "{o}");
        assert_eq!(o["status"], "pass", "{o}");
    }
    // Each piece of evidence is on its page of the ars plan.pdf.
    let dist = tempfile::tempdir().unwrap();
    pbn()
        .args(["build", "--pdf", "--audience", "ars", "--out"])
        .arg(dist.path())
        .arg(&plan)
        .assert()
        .success();
    let pdf = dist.path().join("plan.pdf");
    let five = objectives.iter().find(|o| o["id"] == "r3131:5").unwrap();
    let ev = &five["evidence"][0];
    assert_eq!(ev["section"], "resources");
    let page = pdf_page_text(&pdf, ev["page"].as_u64().unwrap());
    assert!(page.contains(ev["title"].as_str().unwrap()), "{ev}: {page}");
    let one = objectives.iter().find(|o| o["id"] == "r3131:1").unwrap();
    let ev = &one["evidence"][0];
    assert_eq!(ev["section"], "crisis-cell");
    let page = pdf_page_text(&pdf, ev["page"].as_u64().unwrap());
    assert!(page.contains("Cellule de crise"), "{ev}: {page}");
    // Unknown framework: usage error, naming the ones that exist.
    let (code, _, err) = review(&[p, "--framework", "iso27001"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("r3131") && err.contains("dns-2025-12"),
        "{err}"
    );
}

/// The matrix in the human letter (in the plan's language) and in the HTML page: a failing objective is the
/// one whose subject fails, DNS/2025/12 lists what a plan cannot show.
#[test]
fn review_framework_matrix_in_the_letter_and_the_html_page() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    copy_dir(&fixtures().join("review/base"), &plan);
    // No fallback room: CELL-ROOMS fails, so R3131's 1° (crisis cell) fails and 5° still passes.
    edit(
        &plan.join("establishment.yaml"),
        "  fallback_room: \"Salle du conseil, bâtiment C\"\n",
        "",
    );
    let p = plan.to_str().unwrap();
    let (code, out, err) = review(&[p, "--framework", "r3131"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Référentiel : Plan blanc"), "{out}");
    assert!(
        out.contains("[non respecté] r3131:1 — 1° Cellule de crise"),
        "{out}"
    );
    assert!(out.contains("[respecté] r3131:5"), "{out}");
    assert!(
        out.contains("« Cellule de crise » (plan.pdf, page "),
        "{out}"
    );
    let (_, html, _) = review(&[p, "--framework", "r3131", "--format", "html"]);
    assert!(
        html.contains("<td class=\"fail\">non respecté</td>")
            && html.contains("<code>r3131:1</code>"),
        "{html}"
    );
    let (_, out, _) = review(&[p, "--framework", "dns-2025-12"]);
    assert_eq!(
        out.matches("[non vérifiable à partir du plan]").count(),
        5,
        "{out}"
    );
    // An English plan gets the English matrix.
    edit(&plan.join("pbn.yaml"), "language: fr", "language: en");
    let (_, out, _) = review(&[p, "--framework", "care-d2"]);
    assert!(
        out.contains("Framework: CaRE programme, domain 2")
            && out.contains("[pass] care-d2:pcra-soins"),
        "{out}"
    );
}

/// English words that a French letter must not hold (each between spaces).
const ENGLISH: [&str; 12] = [
    " the ", " is ", " has ", " no ", " not ", " does ", " and ", " of ", " with ", " which ",
    " was ", " only ",
];

/// A French plan's letter reads in French from end to end: the findings' messages, the rules' titles and
/// fixes, the reasons a rule does not apply (issue 18). Checked on the text of the PDF, for the rule fixture
/// broken in several places and for the example hospital.
#[test]
fn french_letters_hold_no_english() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad");
    copy_dir(&fixtures().join("review/base"), &bad);
    let est = bad.join("establishment.yaml");
    edit(&est, ", cse: 2026-09-25", "");
    edit(&est, "  version: \"1.0.0\"\n", "");
    edit(
        &est,
        "  fallback_room: \"Salle du conseil, bâtiment C\"\n",
        "",
    );
    edit(&est, "  regime: [aucun]\n", "");
    edit(
        &bad.join("contacts.yaml"),
        "verified_on: 2026-10-01",
        "verified_on: 2025-01-15",
    );
    let example = tmp.path().join("exemple");
    copy_dir(&repo().join("examples/ch-val-exemple"), &example);
    copy_dir(
        &repo().join("examples/ght-exemple"),
        &tmp.path().join("ght-exemple"),
    );
    let out = tmp.path().join("courriers");
    let (_, _, err) = review(&[
        bad.to_str().unwrap(),
        example.to_str().unwrap(),
        "--letters",
        out.to_str().unwrap(),
        "--framework",
        "r3131",
    ]);
    let mut letters: Vec<PathBuf> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    letters.sort();
    assert_eq!(letters.len(), 2, "{err}");
    for pdf in &letters {
        let text = pdftotext(pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let text = format!(" {text} ");
        for word in ENGLISH {
            assert!(
                !text.contains(word),
                "{}: «{}» in a French letter:\n{text}",
                pdf.display(),
                word.trim()
            );
        }
        assert!(text.contains("Référentiel : Plan blanc"), "{text}");
    }
    let bad_letter = pdftotext(&letters[0]);
    for want in [
        "l'avis du CSE n'est pas enregistré",
        "l'adoption ne précise pas sur quelle version",
        "le plan ne désigne pas de salle de repli",
        "le plan ne déclare pas son régime",
        "a été vérifié pour la dernière fois le 15 janvier 2025",
    ] {
        assert!(
            bad_letter
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(want),
            "«{want}» missing:\n{bad_letter}"
        );
    }
}

/// The dashboard of French plans is French; of English plans, English.
#[test]
fn the_dashboard_speaks_the_plans_language() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    copy_dir(&fixtures().join("review/base"), &a);
    copy_dir(&fixtures().join("review/base"), &b);
    edit(&b.join("establishment.yaml"), ", cse: 2026-09-25", "");
    let dirs = [a.to_str().unwrap(), b.to_str().unwrap()];
    let (_, html, _) = review(&[dirs[0], dirs[1], "--format", "html"]);
    for want in [
        "<html lang=\"fr\">",
        "<h1>Examen de 2 plans</h1>",
        "Examiné au 29 novembre 2026",
        "<th>Règles non respectées</th>",
        "à corriger avant acceptation</td>",
        "le même établissement a transmis 2 plans",
        "l&#39;avis du CSE n&#39;est pas enregistré",
    ] {
        assert!(html.contains(want), "«{want}» missing:\n{html}");
    }
    for unwanted in [
        "Review of",
        "failed rules",
        "Across the batch",
        "Written by",
    ] {
        assert!(!html.contains(unwanted), "«{unwanted}» in:\n{html}");
    }
    for p in [&a, &b] {
        edit(&p.join("pbn.yaml"), "language: fr", "language: en");
    }
    let (_, html, _) = review(&[dirs[0], dirs[1], "--format", "html"]);
    for want in [
        "<html lang=\"en\">",
        "<h1>Review of 2 plans</h1>",
        "the opinion of the CSE is not recorded",
    ] {
        assert!(html.contains(want), "«{want}» missing:\n{html}");
    }
}

/// The example hospital, copied with its GHT layer, with `edits` applied: (file, from, to).
fn example_variant(root: &Path, name: &str, edits: &[(&str, &str, &str)]) -> PathBuf {
    let dir = root.join(name);
    copy_dir(&repo().join("examples/ch-val-exemple"), &dir.join("plan"));
    copy_dir(
        &repo().join("examples/ght-exemple"),
        &dir.join("ght-exemple"),
    );
    for (file, from, to) in edits {
        edit(&dir.join("plan").join(file), from, to);
    }
    dir.join("plan")
}

/// The rules a review fails, each with its failing subjects.
fn failing(v: &Value) -> Vec<(String, Vec<String>)> {
    v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .map(|r| {
            let subjects = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] != "info")
                .map(|f| f["subject"].as_str().unwrap().to_string())
                .collect();
            (r["id"].as_str().unwrap().to_string(), subjects)
        })
        .collect()
}

/// Plans kept aside, each one realistic change away from the example hospital, and the verdict a careful
/// reviewer gives: exactly these rules fail, on these subjects, and nothing else.
#[test]
fn verdicts_on_plans_kept_aside() {
    let tmp = tempfile::tempdir().unwrap();
    // The example's national contacts were checked on 2026-12-03: review them on that day.
    let json = |plan: &Path| {
        let out = pbn()
            .args(["review", "--format", "json", "--as-of", "2026-12-03"])
            .arg(plan)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code(), v)
    };
    // The RSSI's own line goes through the hospital's IPBX: the role is reachable only through the deputy,
    // who is also the IT on-call (`astreinte-si`).
    let subtle = example_variant(
        tmp.path(),
        "subtle",
        &[(
            "contacts.yaml",
            "{type: mobile, value: \"06 00 00 20 10\", h24: true, independent_of_is: true, confidential: true}",
            "{type: phone, value: \"04 74 00 20 99\", h24: true}",
        )],
    );
    let (code, v) = json(&subtle);
    assert_eq!(code, Some(1));
    assert_eq!(
        failing(&v),
        [(
            "CONTACT-247-CORE".to_string(),
            vec!["contact:rssi-titulaire".to_string()]
        )]
    );
    let rule = &v["rules"].as_array().unwrap()[4];
    let m = rule["findings"][0]["message_fr"].as_str().unwrap();
    assert!(
        m.contains(
            "son suppléant `contact:rssi-suppleant` tient aussi le rôle essentiel `astreinte-si`"
        ),
        "{m}"
    );
    // Near-misses of several rules at once: opinions on the previous version, the portal's address on the
    // hospital's site, the police only at 17 (and an e-mail), maternity declared `essential`, and the
    // year's cyber exercise played with payroll instead of a care department.
    let near = example_variant(
        tmp.path(),
        "near",
        &[
            (
                "establishment.yaml",
                "  version: \"2.1.0\"",
                "  version: \"2.0.0\"",
            ),
            (
                "establishment.yaml",
                "name: \"Maternité et salle de naissance\", criticality: vital",
                "name: \"Maternité et salle de naissance\", criticality: essential",
            ),
            (
                "contacts.yaml",
                "\"https://signalement.social-sante.gouv.fr\"",
                "\"https://www.ch-val-exemple.fr/signalement\"",
            ),
            (
                "contacts.yaml",
                "{type: phone, value: \"04 74 00 90 30\", h24: true, independent_of_is: true}",
                "{type: phone, value: \"17\", h24: true, independent_of_is: true}",
            ),
            (
                "exercises.yaml",
                "participants: [direction, urgences, admissions, pharmacie, dpi, maternite, dsi, rssi, communication, cadre-sante]",
                "participants: [direction, paie-rh, dsi, rssi, communication]",
            ),
        ],
    );
    let (code, v) = json(&near);
    assert_eq!(code, Some(1));
    let s = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        failing(&v),
        [
            ("PLAN-APPROVAL".to_string(), s(&["approval:version"])),
            (
                "CONTACT-EXT-MIN".to_string(),
                s(&["contact:police-gendarmerie", "contact:cert-sante"])
            ),
            ("FUNCTION-COVERAGE".to_string(), s(&["function:maternite"])),
            (
                "EXERCISE-12M".to_string(),
                s(&["exercise:ex-2026-03", "exercise:ex-2026-09", "exercises"])
            ),
        ]
    );
    // One YAML error in contacts.yaml: the diagnostic is the reason, nothing fails for what was not read.
    let broken = example_variant(
        tmp.path(),
        "broken",
        &[("contacts.yaml", "    roles: [rssi]\n", "    roles: [rssi\n")],
    );
    let (code, v) = json(&broken);
    assert_eq!(code, Some(1));
    assert_eq!(v["verdict"], "rejected");
    assert_eq!(v["diagnostics"][0]["code"], "PBN001");
    assert_eq!(v["diagnostics"][0]["file"], "contacts.yaml");
    assert!(failing(&v).is_empty(), "{:?}", failing(&v));
    let core = &v["rules"].as_array().unwrap()[4];
    assert_eq!(
        (&core["id"], &core["not_run"]),
        (&Value::from("CONTACT-247-CORE"), &Value::from(true))
    );
}
