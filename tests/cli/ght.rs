//! GHT-scale plans (issue 19, spec §7.1): a shared layer holds the GHT's directory (`contacts.yaml`) and
//! application inventory (`applications.yaml`) beside its fragments; each hospital inherits them and may replace an
//! entry; `pbn validate` checks several hospitals in one run, or the shared layer alone.

use crate::support::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn run(cmd: &mut assert_cmd::Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("run pbn");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const GHT_CONTACTS: &str = r#"contacts:
  - id: astreinte-sil-ght
    name: "Astreinte du SIL du GHT"
    organization: "GHT Exemple"
    channels:
      - {type: phone, value: "04 74 00 20 30", h24: true, independent_of_is: true}
"#;

const GHT_APPLICATIONS: &str = r#"applications:
  - {id: sil-ght, name: "SIL commun du GHT", functions: [urgences], critical: true, rto: 24h, rpo: 4h,
     vendor: astreinte-sil-ght}
"#;

const GHT_PROCEDURE: &str = r#"kind: reflex
id: reflexe-sil-ght
title: "Panne du SIL commun du GHT"
audience: [tout-personnel]
steps:
  - id: appeler-astreinte-sil
    do: "Appeler {{contact:astreinte-sil-ght}} et passer aux bons papier pour {{application:sil-ght}}."
"#;

/// A GHT folder and two hospitals scaffolded by `pbn init`, each naming the GHT as a layer and using its contact
/// and application in a fragment of its own.
fn ght_with_two_hospitals(root: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let ght = root.join("ght");
    fs::create_dir_all(ght.join("reflexes")).expect("mkdir");
    fs::write(ght.join("contacts.yaml"), GHT_CONTACTS).expect("write");
    fs::write(ght.join("applications.yaml"), GHT_APPLICATIONS).expect("write");
    fs::write(ght.join("reflexes/sil.yaml"), GHT_PROCEDURE).expect("write");
    let mut plans = Vec::new();
    for (name, finess) in [("ch-a", "010000024"), ("ch-b", "350009908")] {
        let plan = root.join(name);
        pbn()
            .arg("init")
            .arg(&plan)
            .args(["--finess", finess])
            .assert()
            .success();
        let manifest = plan.join("pbn.yaml");
        let text = fs::read_to_string(&manifest).expect("read");
        let text = text.replace("  # - path: ../ght ", "  - path: ../ght   ");
        assert!(text.contains("  - path: ../ght"), "{text}");
        fs::write(&manifest, text).expect("write");
        fs::write(
            plan.join("fragments/local.yaml"),
            "kind: message\nid: message-sil\ntitle: \"Panne du SIL\"\naudience: personnel\nbody: \"Appeler {{contact:astreinte-sil-ght}} ({{application:sil-ght}}).\"\n",
        )
        .expect("write");
        plans.push(plan);
    }
    let b = plans.pop().expect("b");
    let a = plans.pop().expect("a");
    (ght, a, b)
}

#[test]
fn a_ght_contact_and_application_serve_two_hospitals() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_, a, b) = ght_with_two_hospitals(tmp.path());
    let (code, out, err) = run(pbn().arg("validate").arg(&a).arg(&b));
    assert_eq!(code, Some(0), "{out}{err}");
    // The merged plan holds the shared application, located in the GHT's file.
    let (code, out, err) = run(pbn().arg("explain").arg(&a).arg("application:sil-ght"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("applications.yaml"), "{out}");
}

#[test]
fn a_hospital_replaces_a_shared_entry_whole() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_, a, _) = ght_with_two_hospitals(tmp.path());
    let contacts = a.join("contacts.yaml");
    let mut text = fs::read_to_string(&contacts).expect("read");
    text.push_str("  - id: astreinte-sil-ght\n    name: \"Astreinte SIL locale\"\n    channels:\n      - {type: phone, value: \"04 74 99 99 99\", h24: true}\n");
    fs::write(&contacts, text).expect("write");
    let (code, out, err) = run(pbn()
        .arg("explain")
        .arg(&a)
        .arg("contact:astreinte-sil-ght"));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("04 74 99 99 99") && !out.contains("04 74 00 20 30"),
        "{out}"
    );
}

#[test]
fn validate_names_the_hospital_that_fails() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_, a, b) = ght_with_two_hospitals(tmp.path());
    fs::write(
        b.join("fragments/broken.yaml"),
        "kind: message\nid: autre\ntitle: T\naudience: personnel\nbody: \"{{contact:inconnu}}\"\n",
    )
    .expect("write");
    let (code, out, err) = run(pbn().arg("validate").arg(&a).arg(&b));
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(err.contains(&b.display().to_string()), "{err}");
    let (_, out, _) = run(pbn().args(["validate", "--format", "json"]).arg(&a).arg(&b));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let failing: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["plan"].as_str())
        .collect();
    assert!(
        !failing.is_empty() && failing.iter().all(|p| p.ends_with("ch-b")),
        "{out}"
    );
}

#[test]
fn a_shared_layer_validates_alone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (ght, _, _) = ght_with_two_hospitals(tmp.path());
    let (code, out, err) = run(pbn().arg("validate").arg(&ght));
    assert_eq!(code, Some(0), "{out}{err}");
    fs::write(
        ght.join("reflexes/bad.yaml"),
        "kind: reflex\nid: bad\ntitle: B\naudience: [tout-personnel]\nsteps:\n  - {do: \"x\", who: rssii}\n",
    )
    .expect("write");
    let (code, _, err) = run(pbn().arg("validate").arg(&ght));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("PBN014") && err.contains("bad.yaml"), "{err}");
}
