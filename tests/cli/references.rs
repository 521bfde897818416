//! Who the printed plan sends people to (issue 15, "Who to call"): the bundled example built, its plan.pdf
//! read back with `pdftotext` and its plan.html as text, checked as a reader would — the designated duty
//! phones appear where the first gestures say whom to call, even for the `ars` audience, and no sentence says
//! the same words twice (a phrase repeated back to back, or inside its own parenthesis).

use crate::support::{self, Workspace, fixtures, repo};
use std::path::Path;
use std::process::Command;

fn build(out: &Path, extra: &[&str]) {
    support::build(&repo().join("examples/ch-val-exemple"), out, extra);
}

/// plan.pdf as pdftotext reads it in reading order (not `-layout`: a phrase then flows across lines).
fn pdf_text(p: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(p)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("`pdftotext` is needed by this test: {e}"));
    assert!(o.status.success(), "pdftotext {}", p.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// plan.html's visible text: tags become spaces, the script and style are dropped, a few entities decoded,
/// a form feed before each crisis-log sheet (as between pages of the PDF).
fn html_text(p: &Path) -> String {
    let html = std::fs::read_to_string(p).expect("plan.html");
    let body = html.split("<body>").nth(1).unwrap_or(&html);
    let body = body.split("<script>").next().unwrap_or(body);
    // Each blank crisis-log sheet is a printed page of its own: its headings repeat by design.
    let body = body.replace("<table class=\"log", "\u{c}<table class=\"log");
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A token of running text: a word (lower case, elided article and surrounding punctuation removed) or
/// a parenthesis.
fn tokens(text: &str) -> Vec<String> {
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    spaced
        .split_whitespace()
        .map(|w| {
            let w = w.to_lowercase().replace('’', "'");
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != ')');
            let w = ["l'", "d'", "qu'", "n'", "s'", "j'"]
                .iter()
                .find_map(|p| w.strip_prefix(p))
                .unwrap_or(w);
            w.to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A phrase worth flagging: at least two words of three letters or more (numbers repeat legitimately:
/// `00 00`, and so do small words: "administrateur de garde (téléphone de garde)").
fn wordy(p: &[String]) -> bool {
    p.iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .count()
        >= 2
}

/// Phrases of 2 to 8 words said twice in a row, or said again inside the parenthesis that follows them, on
/// one page: "CERT Santé (CERT Santé …)", "Arrêt maximal toléré Arrêt maximal toléré 30 min".
fn repeated_phrases(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for page in text.split('\u{c}') {
        // Contents lines (dot leaders) list a section above its own sub-entries: not running text.
        let page: String = page
            .lines()
            .filter(|l| !l.contains(". . ."))
            .collect::<Vec<_>>()
            .join("\n");
        let t = tokens(&page);
        // A parenthesis separates: "des patients (cuisine centrale du GHT)" in one table cell and "Cuisine
        // centrale du GHT Exemple" in the next are not one phrase said twice.
        let words = &t;
        let paren = |p: &[String]| p.iter().any(|w| w == "(" || w == ")");
        for n in 2..=8 {
            for i in 0..words.len().saturating_sub(2 * n - 1) {
                let (a, b) = (&words[i..i + n], &words[i + n..i + 2 * n]);
                if a == b && wordy(a) && !paren(a) {
                    let ctx = &words[i.saturating_sub(4)..(i + 2 * n + 4).min(words.len())];
                    found.push(format!("back to back «{}»: {}", a.join(" "), ctx.join(" ")));
                }
            }
        }
        for (k, _) in t.iter().enumerate().filter(|(_, w)| *w == "(") {
            let depth_end = t[k + 1..]
                .iter()
                .scan(1i32, |d, w| {
                    *d += i32::from(w == "(") - i32::from(w == ")");
                    Some(*d)
                })
                .position(|d| d == 0)
                .map_or(t.len(), |p| k + 1 + p);
            let inside: Vec<&String> = t[k + 1..depth_end]
                .iter()
                .filter(|w| *w != "(" && *w != ")")
                .collect();
            for n in 2..=6 {
                let Some(start) = k.checked_sub(n) else { break };
                let before = &t[start..k];
                if before.iter().any(|w| w == "(" || w == ")") {
                    break;
                }
                // Said again at the start of the parenthesis ("CERT Santé (CERT Santé …"); further in, a
                // repeat is ordinary ("communication de crise cyber (collection Gestion de crise cyber)").
                if wordy(before)
                    && inside.len() >= n
                    && inside[..n].iter().zip(before).all(|(a, b)| *a == b)
                {
                    let ctx = &t[start.saturating_sub(4)..(depth_end + 1).min(t.len())];
                    found.push(format!("nested «{}»: {}", before.join(" "), ctx.join(" ")));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_repeated_phrase_check_finds_what_it_is_for() {
    for bad in [
        "Alerter l'astreinte informatique (Astreinte informatique (Astreinte informatique 06 70 00 00 02))",
        "Appeler le CERT Santé (CERT Santé (Agence du numérique en santé) 01 00 00 90 01)",
        "Arrêt maximal toléré\nArrêt maximal toléré 30 min",
    ] {
        assert!(!repeated_phrases(bad).is_empty(), "{bad}");
    }
    for good in [
        "Appeler le CERT Santé (01 00 00 90 01) ; 06 00 00 00 00",
        "l'astreinte informatique (06 00 00 22 22, sinon Nicolas Perrin 06 00 00 20 11)",
        "Arrêt maximal toléré 30 min\u{c}Arrêt maximal toléré 1 h",
    ] {
        assert_eq!(repeated_phrases(good), Vec::<String>::new(), "{good}");
    }
}

/// The step of "Premiers gestes" that says whom to alert, as printed (up to the step's next sentence).
/// Spaces removed, as lines may break anywhere.
fn alert_step(text: &str) -> String {
    let text = squash(text);
    let start = text
        .find("Alerterpartéléphone")
        .expect("the alert step of Premiers gestes");
    let rest = &text[start..];
    rest[..rest.find("Pasdecourriel").expect("end of the alert step")].to_string()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_example_names_the_duty_phones_once_each_for_every_audience() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for audience in ["internal", "ars"] {
        let out = tmp.path().join(audience);
        build(&out, &["--audience", audience, "--pdf", "--html"]);
        let pdf = pdf_text(&out.join("plan.pdf"));
        let html = html_text(&out.join("plan.html"));
        for (name, text) in [("plan.pdf", &pdf), ("plan.html", &html)] {
            let found = repeated_phrases(text);
            assert!(
                found.is_empty(),
                "{audience} {name} says things twice:\n{}",
                found.join("\n")
            );
        }
        // "Premiers gestes" alerts the IT on-call: its duty phone first, never masked (it is not
        // confidential), whatever the order of contacts.yaml.
        let first = alert_step(&pdf);
        assert!(
            first.contains(&squash("(06 00 00 22 22, sinon")),
            "{audience}: Premiers gestes lacks the IT on-call's duty phone first: {first}"
        );
        // The crisis cell table gives the guard administrator's duty phone, its name not repeating the role.
        assert!(
            squash(&pdf).contains(&squash("Téléphone de garde 06 00 00 11 00")),
            "{audience}: the guard administrator's duty phone"
        );
        // The SAMU's name already spells 15: printed once. A sentence that asks for the regulator's direct
        // line gets the channel labelled so, not the 15.
        let flat = squash(&pdf);
        assert!(!flat.contains("centre1515"), "{audience}: \"centre 15 15\"");
        assert!(
            flat.contains(&squash("04 74 00 90 15 sur sa ligne directe")),
            "{audience}: the SAMU's direct line where the text asks for it"
        );
        // Messages print what the plan knows instead of blanks; their audience reads as a word, not a code.
        for blank in [
            "[numéro]",
            "[Nom de l'établissement]",
            "[contact communication]",
            "[nom]",
        ] {
            assert!(
                !pdf.contains(blank),
                "{audience}: {blank} left in a message"
            );
        }
        assert!(
            flat.contains("DestinatairesPersonnel"),
            "{audience}: message audience label"
        );
        assert!(
            !flat.contains("Destinatairespersonnel"),
            "{audience}: message audience code"
        );
        // Names spliced mid-sentence read as common nouns, once, and numbers as words.
        let prose = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        for wrong in [
            "le Logiciel",
            "la Téléphonie",
            "avec le Référent",
            "plus de 1 heure",
            "ou le monitorage central",
            "ou l'automate",
            "ou le RIS",
        ] {
            assert!(!prose.contains(wrong), "{audience}: \"{wrong}\"");
        }
        // One parenthesis at a time, none after a colon; one role per duty.
        for wrong in [
            ") (",
            ": (",
            "Pharmacien de garde",
            "Référent médical de la cellule",
        ] {
            assert!(!prose.contains(wrong), "{audience}: \"{wrong}\"");
        }
        // The switchboard is a service: listed under its name, not as Mr "du CH Val-Exemple".
        let directory = &flat[flat.find("AnnuairedecriseNom").unwrap_or(0)..];
        assert!(!flat.contains("duCHVal-ExempleStandard"), "{audience}");
        let at = |s: &str| {
            directory
                .find(s)
                .unwrap_or_else(|| panic!("{audience}: {s} in the directory"))
        };
        assert!(at("Administrateurdegarde(") < at("StandardduCH"));
        assert!(
            at("RouxJean-Marc") < at("StandardduCH") && at("StandardduCH") < at("VasseurHélène")
        );
    }
}

/// The base plan staffs every role it calls on; the case `role-called-on-not-held` (PBN073) drops the holder
/// of `referent-urgences`: its role card, in plan.pdf and plan.html, then says "non pourvu" where the holders
/// would be, and nothing else does.
#[test]
fn a_role_nobody_holds_is_said_so_where_its_holder_would_be() {
    let count = |ws: &Workspace| {
        let out = ws.root().join("dist");
        support::build(&ws.plan(), &out, &["--pdf", "--html"]);
        let pdf = pdf_text(&out.join("plan.pdf"));
        let html = std::fs::read_to_string(out.join("plan.html")).expect("plan.html");
        (pdf.matches("non pourvu").count(), html)
    };
    let base = Workspace::base();
    assert_eq!(count(&base).0, 0, "the base plan staffs every role");
    let ws = Workspace::base();
    ws.overlay(&fixtures().join("validate/role-called-on-not-held"));
    let (n, html) = count(&ws);
    assert!(n >= 1, "plan.pdf prints \"non pourvu\"");
    let card = html
        .split("id=\"role-referent-urgences\"")
        .nth(1)
        .and_then(|rest| rest.split("<div class=\"role\"").next())
        .expect("the role card of referent-urgences in plan.html");
    assert!(
        card.contains("<em class=\"unstaffed\">non pourvu</em>"),
        "{card}"
    );
}

/// `pdftotext -layout` of pages `from`–`to` of a PDF (table rows stay on their line).
fn layout_pages(p: &Path, from: usize, to: usize) -> String {
    let o = Command::new("pdftotext")
        .args(["-layout", "-f", &from.to_string(), "-l", &to.to_string()])
        .arg(p)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("`pdftotext` is needed by this test: {e}"));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A plan kept aside from the example: the RSSI's crisis-cell entry names only a deputy, and the guard
/// administrator's first two people have only confidential 24/7 phones (no radio) while a third has a plain
/// office line.
fn plan_aside() -> Workspace {
    let ws = Workspace::base();
    let contacts = ws
        .read("plan/contacts.yaml")
        .replacen("    roles: [rssi]\n", "", 1)
        .replace(
            "value: \"0600001100\", h24: true, independent_of_is: true}",
            "value: \"0600001100\", h24: true, independent_of_is: true, confidential: true}",
        )
        .replace("      - {type: radio, value: \"Canal 1, PC sécurité\"}\n", "")
        .replace(
            "roles: [dpo, identitovigilance, secretaire-cellule, drh, communication]",
            "roles: [dpo, identitovigilance, secretaire-cellule, drh, communication, administrateur-garde]",
        );
    ws.write("plan/contacts.yaml", contacts);
    let establishment = ws.read("plan/establishment.yaml").replace(
        "{role: rssi, holder: rssi, deputy: dsi}",
        "{role: rssi, deputy: dsi}",
    );
    ws.write("plan/establishment.yaml", establishment);
    ws
}

/// A crisis-cell role held only by its deputy: the holder's cell says "non pourvu" and the deputy is named once,
/// in the deputy's cell — not also as the holder, which would read as two people answering.
#[test]
fn a_role_held_only_by_its_deputy_names_the_deputy_once_in_the_cell_table() {
    let ws = plan_aside();
    let out = ws.root().join("dist");
    support::build(&ws.plan(), &out, &["--pdf"]);
    let text = layout_pages(&out.join("plan.pdf"), 1, 40);
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("Responsable de la sécurité") && l.contains("Garnier"))
        .unwrap_or_else(|| panic!("the RSSI's row of the crisis cell table:\n{text}"));
    assert_eq!(row.matches("Thomas Garnier").count(), 1, "{row}");
    assert!(row.contains("non pourvu"), "{row}");
}

/// For the `ars` audience, when the first two people of a role to call first have only confidential numbers,
/// the "En cas d'attaque" box (page 2) and every card still give the next one, whose number is printed.
#[test]
fn the_emergency_box_keeps_a_number_to_call_when_the_first_two_are_masked() {
    let ws = plan_aside();
    let out = ws.root().join("dist");
    support::build(&ws.plan(), &out, &["--audience", "ars"]);
    let row = |text: &str| {
        let mut lines = text
            .lines()
            .skip_while(|l| !l.contains("Administrateur de garde"));
        let first = lines.next().unwrap_or_default().to_string();
        first + lines.next().unwrap_or_default()
    };
    let box_row = row(&layout_pages(&out.join("plan.pdf"), 2, 2));
    assert!(box_row.contains("[masqué]"), "{box_row}");
    assert!(box_row.contains("04 74 00 30 01"), "{box_row}");
    let o = Command::new("pdfinfo")
        .arg(out.join("cards.pdf"))
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&o.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    for page in 1..=pages {
        let card = layout_pages(&out.join("cards.pdf"), page, page);
        if card.contains("Rôle — Administrateur de garde") {
            continue;
        }
        let call_first = card.split("Numéros nationaux").next().unwrap_or_default();
        assert!(
            squash(call_first).contains("0474003001"),
            "card {page}:\n{call_first}"
        );
    }
}

/// No blank row in the "En cas d'attaque" box nor on a card: the IT on-call role that nobody holds says
/// "non pourvu", and a CERT Santé the plan gives only its portal's address for shows that address.
#[test]
fn the_emergency_box_never_leaves_a_row_blank() {
    let ws = Workspace::base();
    let contacts = ws
        .read("plan/contacts.yaml")
        .replace("roles: [dsi, astreinte-si]", "roles: [dsi]")
        + "  - id: cert-sante\n    name: \"CERT Santé\"\n    verified_on: 2026-11-01\n    channels:\n      \
           - {type: url, value: \"https://signalement.social-sante.gouv.fr\", h24: true}\n";
    ws.write("plan/contacts.yaml", contacts);
    let out = ws.root().join("dist");
    support::build(&ws.plan(), &out, &[]);
    let first_card = layout_pages(&out.join("cards.pdf"), 1, 1);
    for text in [layout_pages(&out.join("plan.pdf"), 2, 2), first_card] {
        let line = |start: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(start))
                .unwrap_or_else(|| panic!("no {start:?} row:\n{text}"))
                .to_string()
        };
        assert!(
            line("Astreinte informatique").contains("non pourvu"),
            "{text}"
        );
        assert!(
            line("CERT Santé").contains("signalement.social-sante.gouv.fr"),
            "{text}"
        );
    }
    let html = std::fs::read_to_string(out.join("plan.html")).expect("plan.html");
    assert!(
        html.contains("<dd><em class=\"unstaffed\">non pourvu</em></dd>")
            && html.contains(
                "<dd><span class=\"callee\">https://signalement.social-sante.gouv.fr</span></dd>"
            ),
        "plan.html's box"
    );
}

/// A guard administrator reached only by radio (no phone in the directory): references and the box give the
/// radio channel, not the contact's name again ("administrateur de garde (Administrateur de garde, sinon …)").
#[test]
fn a_holder_reached_only_by_radio_is_given_by_its_radio_channel() {
    let ws = Workspace::base();
    let contacts = ws.read("plan/contacts.yaml");
    let mobile =
        "      - {type: mobile, value: \"0600001100\", h24: true, independent_of_is: true}\n";
    assert!(contacts.contains(mobile), "the base plan's guard phone");
    ws.write("plan/contacts.yaml", contacts.replace(mobile, ""));
    let out = ws.root().join("dist");
    support::build(&ws.plan(), &out, &["--pdf"]);
    let text = pdf_text(&out.join("plan.pdf"));
    // (The base plan's directory has a contact named like its role beside it: only nesting is looked for.)
    let nested: Vec<String> = repeated_phrases(&text)
        .into_iter()
        .filter(|f| f.starts_with("nested"))
        .collect();
    assert_eq!(nested, Vec::<String>::new());
    assert!(
        squash(&text).contains("administrateurdegarde(Canal1,PCsécurité,sinonSophieRenaud"),
        "the reference gives the radio channel first"
    );
    let page2 = layout_pages(&out.join("plan.pdf"), 2, 2);
    let row = page2
        .lines()
        .find(|l| l.trim_start().starts_with("Administrateur de garde"))
        .unwrap_or_default();
    assert!(row.contains("Canal 1, PC sécurité"), "{page2}");
}

/// A crisis-cell entry that names only a deputy while a contact lists the role: that contact is the holder, called
/// before the deputy — in a `{{role:}}` reference as in the cell table.
#[test]
fn a_cell_entry_naming_only_a_deputy_calls_the_holder_first() {
    let ws = Workspace::base();
    let establishment = ws
        .read("plan/establishment.yaml")
        .replace("{role: dsi, holder: dsi}", "{role: dsi, deputy: dpo}");
    ws.write("plan/establishment.yaml", establishment);
    ws.write(
        "plan/fragments/cas.yaml",
        "kind: reflex\nid: appel-dsi\ntitle: \"Appel du DSI\"\naudience: [dsi]\nsteps:\n  - do: \"Appeler \
         le DSI ({{role:dsi}}).\"\n    who: rssi\n",
    );
    let out = ws.root().join("dist");
    support::build(&ws.plan(), &out, &["--pdf"]);
    let text = squash(&pdf_text(&out.join("plan.pdf")));
    assert!(
        text.contains("AppelerleDSI(ThomasGarnier0600002001,sinonJulieLambert0474003001)"),
        "holder then deputy"
    );
    let cell = layout_pages(&out.join("plan.pdf"), 1, 40);
    let row = cell
        .lines()
        .find(|l| l.trim_start().starts_with("Directeur des systèmes") && l.contains("Garnier"))
        .unwrap_or_else(|| panic!("the DSI's row:\n{cell}"));
    assert!(
        row.find("Thomas Garnier") < row.find("Julie Lambert"),
        "{row}"
    );
}
