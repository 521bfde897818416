//! Value formats of spec §2.2–2.4, table-driven: every accepted form validates clean, every refused form is
//! reported with its code on its own line. The values go into a split contacts file (`contacts/formats.yaml`) and a
//! fragment, one value per object, so a diagnostic's line tells which value it is about.

use crate::support::{Workspace, validate_json};

const PHONES_OK: &[&str] = &[
    "04 74 00 10 20",
    "0474001020",
    "15",
    "17",
    "18",
    "112",
    "114",
    "3237",
    "116117",
    "116 117",
    "+33 4 74 00 10 20",
    "+33474001020",
    "+1 202 555 0100",
    "+44 20 7946 0958",
    "+32 2 555 95 06",
];
const PHONES_BAD: &[&str] = &[
    "04 74 00 10",
    "4 74 00 10 20",
    "+33",
    "téléphone",
    "00 74 00 10 20",
    "+33 4 74 00 10 20 99 99 99",
    "116",
    "16",
    "04 74 00 10 20 poste 12",
];
const EMAILS_OK: &[&str] = &["a@b.fr", "prenom.nom@ch-exemple.fr", "x+y@sub.domaine.org"];
const EMAILS_BAD: &[&str] = &["a@b", "a b@c.fr", "@c.fr", "a@", "a@@b.fr", "a.ch-test.fr"];
const URLS_OK: &[&str] = &[
    "https://x.fr",
    "http://intranet.local/path?q=1",
    "https://signalement.social-sante.gouv.fr",
];
const URLS_BAD: &[&str] = &[
    "www.x.fr",
    "ftp://x.fr",
    "https://",
    "https:// x.fr",
    "javascript:alert(1)",
];
const DURATIONS_OK: &[&str] = &["15m", "4h", "3d", "immediate", "72h", "30d", "1m"];
const DURATIONS_BAD: &[&str] = &["15 minutes", "1.5h", "h", "-1h", "demain", "15"];
const DATES_OK: &[&str] = &["2026-09-14", "2024-02-29", "2026-12-31"];
const DATES_BAD: &[&str] = &[
    "2026-02-30",
    "2026-02-29",
    "2026-13-01",
    "2026-9-14",
    "14/09/2026",
    "2026-09-14T10:00",
];

/// `contacts/formats.yaml` with one contact per (type, value); returns the file and the line of each value.
fn contacts(values: &[(&str, &str)]) -> (String, Vec<u64>) {
    let mut s = String::from("contacts:\n");
    let mut lines = Vec::new();
    for (i, (ty, v)) in values.iter().enumerate() {
        s.push_str(&format!(
            "  - id: format-{i}\n    name: \"Format {i}\"\n    channels:\n"
        ));
        lines.push(s.lines().count() as u64 + 1);
        s.push_str(&format!("      - {{type: {ty}, value: \"{v}\"}}\n"));
    }
    (s, lines)
}

/// A reflex with one step per duration (`within`) and an exercise per date.
fn steps_and_exercises(durations: &[&str], dates: &[&str]) -> (String, Vec<u64>, String, Vec<u64>) {
    let mut r = String::from(
        "kind: reflex\nid: formats\ntitle: \"Formats\"\naudience: [tout-personnel]\nsteps:\n",
    );
    let mut dl = Vec::new();
    for d in durations {
        r.push_str("  - do: \"x\"\n");
        dl.push(r.lines().count() as u64 + 1);
        r.push_str(&format!("    within: \"{d}\"\n"));
    }
    let mut x = String::from("exercises:\n");
    let mut xl = Vec::new();
    for (i, d) in dates.iter().enumerate() {
        x.push_str(&format!("  - id: ex-{i}\n"));
        xl.push(x.lines().count() as u64 + 1);
        x.push_str(&format!(
            "    date: \"{d}\"\n    scenario: \"x\"\n    format: tabletop\n"
        ));
    }
    (r, dl, x, xl)
}

fn typed<'a>(ty: &'a str, values: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    values.iter().map(|v| (ty, *v)).collect()
}

#[test]
fn accepted_forms_validate_clean() {
    let ws = Workspace::base();
    let mut values = typed("phone", PHONES_OK);
    values.extend(typed("mobile", PHONES_OK));
    values.extend(typed("email", EMAILS_OK));
    values.extend(typed("url", URLS_OK));
    values.extend([
        ("radio", "Canal 3 : PC sécurité"),
        ("satellite", "Iridium +8816 0000 0000"),
    ]);
    ws.write("plan/contacts/formats.yaml", contacts(&values).0);
    let (r, _, x, _) = steps_and_exercises(DURATIONS_OK, DATES_OK);
    ws.write("plan/fragments/formats.yaml", r);
    ws.write("plan/exercises.yaml", x);
    let run = validate_json(&ws.plan());
    assert_eq!(run.exit, Some(0), "{}", run.summary());
    assert!(run.diagnostics().is_empty(), "{}", run.summary());
}

#[test]
fn refused_forms_are_each_reported_on_their_line() {
    let ws = Workspace::base();
    let mut values = typed("phone", PHONES_BAD);
    values.extend(typed("email", EMAILS_BAD));
    values.extend(typed("url", URLS_BAD));
    let (c, clines) = contacts(&values);
    ws.write("plan/contacts/formats.yaml", c);
    let (r, dlines, x, xlines) = steps_and_exercises(DURATIONS_BAD, DATES_BAD);
    ws.write("plan/fragments/formats.yaml", r);
    ws.write("plan/exercises.yaml", x);
    let run = validate_json(&ws.plan());
    assert_eq!(run.exit, Some(1));
    let at = |code: &str, file: &str, line: u64| {
        run.errors()
            .iter()
            .any(|d| d["code"] == code && d["file"] == file && d["line"] == line)
    };
    let mut missing = Vec::new();
    for ((ty, v), line) in values.iter().zip(&clines) {
        let code = match *ty {
            "email" => "PBN012",
            "url" => "PBN013",
            _ => "PBN011",
        };
        if !at(code, "contacts/formats.yaml", *line) {
            missing.push(format!(
                "{code} for {ty} `{v}` at contacts/formats.yaml:{line}"
            ));
        }
    }
    for (v, line) in DURATIONS_BAD.iter().zip(&dlines) {
        if !at("PBN008", "fragments/formats.yaml", *line) {
            missing.push(format!("PBN008 for `{v}` at fragments/formats.yaml:{line}"));
        }
    }
    for (v, line) in DATES_BAD.iter().zip(&xlines) {
        if !at("PBN009", "exercises.yaml", *line) {
            missing.push(format!("PBN009 for `{v}` at exercises.yaml:{line}"));
        }
    }
    assert!(
        missing.is_empty(),
        "not reported:\n{}\n\ngot:\n{}",
        missing.join("\n"),
        run.summary()
    );
    let expected = values.len() + DURATIONS_BAD.len() + DATES_BAD.len();
    assert_eq!(
        run.errors().len(),
        expected,
        "one error per bad value:\n{}",
        run.summary()
    );
}

#[test]
fn corsican_finess_uses_21_and_22_for_the_key() {
    // 2A0000014: Luhn over 210000014 holds; 2B0000014 (220000014) does not.
    for (finess, ok) in [
        ("2A0000014", true),
        ("2A0000015", false),
        ("2B0000014", false),
        ("2B0000012", true),
    ] {
        let ws = Workspace::base();
        let e = ws
            .read("plan/establishment.yaml")
            .replace("\"010001725\"", &format!("\"{finess}\""));
        ws.write("plan/establishment.yaml", e);
        let run = validate_json(&ws.plan());
        if ok {
            assert_eq!(run.exit, Some(0), "{finess} is valid:\n{}", run.summary());
        } else {
            assert!(
                run.errors()
                    .iter()
                    .any(|d| d["code"] == "PBN010" && d["line"] == 4),
                "{finess} has a wrong key:\n{}",
                run.summary()
            );
        }
    }
}
