//! `pbn build` end to end on the bundled example (issues 4 and 5): the PDF read back with poppler, the HTML
//! opened in a real headless Chromium with the network cut, the role cards, the manifest, byte-identical
//! rebuilds, and no confidential value in any output of the `ars` audience.

use crate::support::{self, Workspace, pbn, repo};
use std::path::Path;
use std::process::Command;

fn build(out: &Path, extra: &[&str]) {
    support::build(&repo().join("examples/ch-val-exemple"), out, extra);
}

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is needed by this test (scripts/test installs it): {e}")
    });
    assert!(
        o.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn pdf_text(p: &Path) -> String {
    tool("pdftotext", &["-layout", &p.to_string_lossy(), "-"])
}

#[test]
fn binder_pdf_cards_html_and_manifest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("dist");
    build(&out, &[]);
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    let fp = manifest["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();

    let pdf = out.join("plan.pdf");
    let info = tool("pdfinfo", &[&pdf.to_string_lossy()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert!(pages >= 12, "{pages} pages");
    let text = pdf_text(&pdf);
    assert!(
        text.contains(&format!("page 3 / {pages}")),
        "footer page numbers"
    );
    assert!(text.contains(&fp), "fingerprint {fp} printed in the PDF");
    for accented in [
        "Débrancher le câble réseau",
        "Chronologie des obligations",
        "Dépôt de plainte",
    ] {
        assert!(text.contains(accented), "PDF text lacks `{accented}`");
    }
    // Steps removed by the plan's patches (one baseline, one GHT) are gone; the GHT's inserted step is there.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        !flat.contains("qui administre les applications partagées"),
        "GHT step removed by the plan is printed"
    );
    assert!(
        !flat.contains("Désigner la personne qui tient la main courante de la cellule"),
        "baseline step removed by the plan is printed"
    );
    let fonts = tool("pdffonts", &[&pdf.to_string_lossy()]);
    for line in fonts.lines().skip(2) {
        assert!(line.contains(" yes "), "font not embedded: {line}");
    }
    let outline_titles = std::fs::read(&pdf)
        .map(|b| b.windows(6).filter(|w| w == b"/Title").count())
        .unwrap_or(0);
    assert!(outline_titles >= 5, "outline entries: {outline_titles}");

    let cards = pdf_text(&out.join("cards.pdf"));
    assert!(
        cards.contains("Directeur de crise") && cards.contains("Ne pas faire"),
        "cards.pdf content"
    );

    let html = std::fs::read_to_string(out.join("plan.html")).expect("html");
    assert!(html.contains(&fp), "fingerprint in the HTML");

    // Same sources, same bytes.
    let out2 = tmp.path().join("dist2");
    build(&out2, &[]);
    for f in ["plan.pdf", "cards.pdf", "plan.html", "manifest.json"] {
        assert_eq!(
            std::fs::read(out.join(f)).ok(),
            std::fs::read(out2.join(f)).ok(),
            "{f} differs between two builds"
        );
    }
}

/// The cover carries the whole approval (issue 16: `approval.version` and `approval.informed` too) in both
/// documents, and plan.html has plan.pdf's "En cas d'attaque" box right under its cover, with the same numbers.
#[test]
fn approval_on_the_cover_and_emergency_box_in_pdf_and_html() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("dist");
    build(&out, &["--pdf", "--html"]);
    let pdf = out.join("plan.pdf").to_string_lossy().into_owned();
    let page = |n: &str| tool("pdftotext", &["-f", n, "-l", n, &pdf, "-"]);
    let cover = page("1").split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Adopté le 2 octobre 2026",
        "Version adoptée 2.1.0",
        "Instance informée Conseil de surveillance 15 octobre 2026",
        "Prochaine révision 1er octobre 2027",
    ] {
        assert!(cover.contains(want), "PDF cover lacks `{want}`: {cover}");
    }
    let html = std::fs::read_to_string(out.join("plan.html")).expect("html");
    // Dates keep a no-break space between day and month.
    let spaced = html.replace('\u{a0}', " ");
    for want in [
        "<dt>Version adoptée</dt><dd>2.1.0</dd>",
        "<dt>Instance informée</dt><dd>Conseil de surveillance 15 octobre 2026</dd>",
    ] {
        assert!(spaced.contains(want), "HTML cover lacks `{want}`");
    }
    // The box sits between the cover and the contents.
    let start = html
        .find("<aside class=\"emergency\"")
        .expect("emergency box in plan.html");
    let end = start + html[start..].find("</aside>").expect("box closed");
    assert!(
        html.find("</header>").is_some_and(|h| h < start),
        "box before the cover ends"
    );
    assert!(
        html.find("<nav class=\"toc\"").is_some_and(|n| n > end),
        "box after the contents"
    );
    let boxed = &html[start..end];
    assert!(boxed.contains("En cas d&#39;attaque"), "box title");
    // Every number of the HTML box is in the PDF box (page 2), and the CERT Santé line is one of them.
    let numbers: Vec<&str> = boxed
        .split("class=\"tel\" href=\"tel:")
        .skip(1)
        .filter_map(|s| s.split('>').nth(1)?.split('<').next())
        .collect();
    assert!(
        numbers.contains(&"09 72 43 91 25"),
        "CERT Santé in the box: {numbers:?}"
    );
    let pdf_box = page("2");
    for n in &numbers {
        assert!(
            pdf_box.contains(n),
            "{n} is in the HTML box, not in the PDF one"
        );
    }
    for clock in [
        "obligation-signalement-portail",
        "obligation-notification-cnil",
    ] {
        assert!(
            boxed.contains(&format!("href=\"#{clock}\"")),
            "clock links {clock}"
        );
    }
}

/// Every `confidential: true` channel value of the example's directory.
fn confidential_values() -> Vec<String> {
    let src = std::fs::read_to_string(repo().join("examples/ch-val-exemple/contacts.yaml"))
        .expect("contacts");
    src.lines()
        .filter(|l| l.contains("confidential: true"))
        .filter_map(|l| {
            l.split("value: \"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn ars_audience_leaks_no_confidential_value() {
    let secrets = confidential_values();
    assert!(
        secrets.len() >= 5,
        "the example has confidential numbers: {secrets:?}"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("ars");
    build(&out, &["--audience", "ars"]);
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let outputs = [
        ("plan.pdf", pdf_text(&out.join("plan.pdf"))),
        ("cards.pdf", pdf_text(&out.join("cards.pdf"))),
        (
            "plan.html",
            std::fs::read_to_string(out.join("plan.html")).expect("html"),
        ),
        (
            "manifest.json",
            std::fs::read_to_string(out.join("manifest.json")).expect("manifest"),
        ),
    ];
    for (name, text) in &outputs {
        let flat = squash(text);
        for s in &secrets {
            assert!(
                !flat.contains(&squash(s)),
                "{name} shows the confidential number {s}"
            );
        }
    }
    assert!(
        outputs[0].1.contains("[masqué]"),
        "masked values are marked in the PDF"
    );
    // Non-confidential numbers stay.
    assert!(
        squash(&outputs[2].1).contains(&squash("04 74 00")),
        "ordinary numbers are kept"
    );
}

#[test]
fn html_renders_in_headless_chromium_without_network() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("dist");
    build(&out, &["--html"]);
    let page = out.join("plan.html");
    let html = std::fs::read_to_string(&page).expect("html");
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url(http"),
        "external reference"
    );
    let browser = support::chromium().expect("chromium is needed (scripts/test installs it)");
    let profile = tmp.path().join("profile");
    let o = support::offline_chromium(browser, &profile, &["--dump-dom"], &page);
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    for expected in [
        "Chronologie des obligations",
        "Premiers gestes face à une attaque informatique",
        "Annuaire de crise",
    ] {
        assert!(dom.contains(expected), "rendered DOM lacks `{expected}`");
    }
    assert!(dom.contains("lang=\"fr\""), "document language");
}

/// Builds the base plan with `extra` arguments; returns the text of every output (the PDFs read back).
fn build_base_outputs(ws: &Workspace, name: &str, extra: &[&str]) -> Vec<(&'static str, String)> {
    let out = ws.root().join(name);
    let o = pbn()
        .arg("build")
        .arg(ws.plan())
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .expect("run pbn build");
    assert_eq!(
        o.status.code(),
        Some(0),
        "pbn build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let read = |f: &str| std::fs::read_to_string(out.join(f)).expect(f);
    vec![
        ("plan.pdf", pdf_text(&out.join("plan.pdf"))),
        ("cards.pdf", pdf_text(&out.join("cards.pdf"))),
        ("plan.html", read("plan.html")),
        ("manifest.json", read("manifest.json")),
    ]
}

/// Digits only, with the `+` of an international number: how a number is looked for whatever its spacing.
fn digits(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

#[test]
fn ars_audience_masks_confidential_numbers_typed_in_free_text() {
    let ws = Workspace::base();
    // The base plan's confidential mobiles, typed literally (not `{{contact:…}}`) in a reflex and in a contact's
    // notes, in several written forms; the garde's mobile is not confidential and stays.
    ws.write(
        "plan/fragments/reflexes/numeros-directs.yaml",
        "kind: reflex\nid: numeros-directs\ntitle: \"Numéros directs\"\naudience: [tout-personnel]\n\
         trigger: |\n  Le directeur (06 00 00 10 01) ou, à défaut,\n  sa directrice adjointe au +33 6 00 00 10 02.\n\
         steps:\n  - do: \"Appeler la RSSI au 06.00.00.20.10 ou au `0033 6 00 00 20 10`.\"\n\
         \x20 - do: \"Sinon l'administrateur de garde au 06 00 00 11 00.\"\n\
         never:\n  - \"Ne pas donner le 0600001001 à la presse.\"\n",
    );
    let contacts = ws
        .read("plan/contacts.yaml")
        .replace(
            "    name: \"Julie Lambert\"\n",
            "    name: \"Julie Lambert\"\n    notes: \"En congé : joindre le +33 (0)6 00 00 10 02 ou Julie.Lambert@Perso.example.\"\n",
        )
        .replace(
            "      - {type: phone, value: \"04 74 00 30 01\"}\n",
            "      - {type: phone, value: \"04 74 00 30 01\"}\n      - {type: email, value: \"julie.lambert@perso.example\", confidential: true}\n",
        );
    ws.write("plan/contacts.yaml", contacts);
    // Exercises are free text too: a typed number in a finding, a reference in a scenario.
    let exercises = ws
        .read("plan/exercises.yaml")
        .replace(
            "scenario: \"Rançongiciel sur le DPI un samedi soir\"",
            "scenario: \"Rançongiciel sur le DPI un samedi soir, alerte par {{contact:dpo}}\"",
        )
        .replace(
            "action: \"Mettre à jour l'annuaire\"",
            "action: \"Mettre à jour l'annuaire (RSSI : 06 00 00 20 10)\"",
        );
    ws.write("plan/exercises.yaml", exercises);
    let secrets = [
        "0600001001",
        "0600001002",
        "+33600001002",
        "0600002010",
        "0033600002010",
    ];
    let kept = "0600001100";

    let internal = build_base_outputs(&ws, "internal", &[]);
    let html = digits(&internal[2].1);
    for s in secrets {
        assert!(html.contains(s), "the internal HTML prints {s}");
    }
    let pdf = digits(&internal[0].1);
    assert!(
        pdf.contains("0600001001") && pdf.contains("0600002010"),
        "the internal PDF prints the numbers"
    );

    let ars = build_base_outputs(&ws, "ars", &["--audience", "ars"]);
    for (name, text) in &ars {
        let flat = digits(text);
        for s in secrets {
            assert!(
                !flat.contains(s),
                "{name} shows the confidential number {s}"
            );
        }
        // The national number without its 0, as in `+33 (0)6 …`.
        for s in ["600001001", "600001002", "600002010"] {
            assert!(
                !flat.contains(s),
                "{name} shows the confidential number …{s}"
            );
        }
    }
    assert!(
        digits(&ars[2].1).contains(kept),
        "a number that is not confidential stays"
    );
    assert!(
        ars[0].1.contains("[masqué]"),
        "masked values are marked in the PDF"
    );
    assert!(
        internal[2].1.contains("Julie.Lambert@Perso.example"),
        "the internal HTML prints the typed address"
    );
    for (name, text) in &ars {
        assert!(
            !text.to_lowercase().contains("julie.lambert@perso.example"),
            "{name} shows the confidential address"
        );
    }
    for (name, text) in internal.iter().chain(&ars) {
        assert!(
            !text.contains("{{contact:dpo}}"),
            "{name} prints the exercise's reference as written"
        );
    }
    assert!(
        internal[2].1.contains("alerte par <a") && internal[2].1.contains("Julie Lambert"),
        "the HTML links the reference in an exercise's scenario"
    );
}

/// Issue 16, read back from the outputs: with `regime: [aucun]` neither the OSE/OIV nor the NIS 2 obligation
/// is in the chronology and one line says so; a form starts a page of its own, its blanks ruled; the cut list
/// and the restart order (the base plan's `network`) and the response means are annexes of both documents.
#[test]
fn regime_none_forms_and_response_annexes_in_pdf_and_html() {
    let ws = Workspace::base();
    let est = ws.plan().join("establishment.yaml");
    let text = std::fs::read_to_string(&est).expect("read");
    std::fs::write(
        &est,
        text.replace("regime: [nis2-essentielle]", "regime: [aucun]"),
    )
    .expect("write");
    std::fs::write(
        ws.plan().join("fragments/issue16.yaml"),
        "kind: obligation\nid: signalement-operateur\ntitle: \"Signalement opérateur\"\ndeadline: immediate\n\
         declarant: directeur-crise\nlegal_basis: \"Règles OSE\"\napplies_to: [ose, oiv]\n---\n\
         kind: form\nid: point-situation\ntitle: \"Point de situation\"\nrecipient: ars\nfields:\n  \
         - {id: heure, label: \"Heure du point\"}\n  - {id: faits, label: \"Faits nouveaux\", lines: 6}\n",
    )
    .expect("write");
    let outputs = build_base_outputs(&ws, "dist", &[]);
    let (pdf, html) = (&outputs[0].1, &outputs[2].1);
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let pdf_flat = flat(pdf);
    assert!(
        pdf_flat.contains("Ne s'appliquent pas (régime : aucun (ni OSE, ni OIV, ni NIS 2)) :"),
        "{pdf}"
    );
    assert!(
        pdf_flat.contains("Signalement opérateur (concerne : opérateur de services essentiels")
    );
    // Only in that line: not in the chronology table nor as an obligation sheet.
    assert_eq!(
        pdf_flat.matches("Signalement opérateur").count(),
        1,
        "{pdf}"
    );
    assert!(!html.contains("id=\"obligation-signalement-operateur\""));
    assert!(!html.contains("id=\"obligation-alerte-nis2\""));
    for heading in [
        "Coupures réseau et redémarrage",
        "Ordre de redémarrage",
        "Moyens de réponse",
    ] {
        assert!(pdf.contains(heading), "{heading}");
        assert!(html.contains(heading), "{heading}");
    }
    // The form's page: its title at the top, its blanks after.
    let pages: Vec<&str> = pdf.split('\u{c}').collect();
    let form_page = pages
        .iter()
        .find(|p| p.contains("Faits nouveaux"))
        .expect("a page with the form");
    let first_line = form_page
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .nth(1)
        .unwrap_or_default();
    assert_eq!(first_line, "Point de situation", "{form_page}");
    // This form's own blanks (1 + 6 ruled lines); the national forms of the baseline follow with theirs.
    let own = html
        .split("id=\"form-point-situation\"")
        .nth(1)
        .and_then(|rest| rest.split("id=\"form-").next())
        .unwrap_or_default();
    assert_eq!(own.matches("<div class=\"write-line\"></div>").count(), 7);
}

fn page_count(pdf: &Path) -> usize {
    tool("pdfinfo", &[&pdf.to_string_lossy()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// Issue 15: page 2 is the "En cas d'attaque" box with the 24/7 numbers to call first, the national numbers
/// and the clocks with their pages; cross-references carry the page they point to, and that page holds the
/// target; each role card is one sheet with no page count, and every card has the national numbers.
#[test]
fn emergency_box_page_references_and_one_sheet_cards() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("dist");
    build(&out, &[]);
    let pdf = out.join("plan.pdf");
    let p2 = tool(
        "pdftotext",
        &["-f", "2", "-l", "2", &pdf.to_string_lossy(), "-"],
    );
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let p2 = flat(&p2);
    assert!(p2.starts_with("Centre hospitalier de Val-Exemple"), "{p2}");
    for expected in [
        "En cas d'attaque",
        "Appeler d'abord",
        "06 00 00 22 22", // the IT on-call duty phone (astreinte-si)
        "06 00 00 11 00", // the guard administrator's duty phone
        "Numéros nationaux",
        "CERT Santé",
        "sans délai",
        "72 h",
    ] {
        assert!(p2.contains(expected), "page 2 lacks `{expected}`: {p2}");
    }
    // "Signalement … → p. N": page N holds that obligation's heading.
    let at = p2
        .find("Signalement de l'incident sur le portail national → p.")
        .expect("clock with page");
    let n: String = p2[at..]
        .split("p. ")
        .nth(1)
        .map(|s| s.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    let target = tool(
        "pdftotext",
        &["-f", &n, "-l", &n, &pdf.to_string_lossy(), "-"],
    );
    assert!(
        flat(&target).contains("Signalement de l'incident sur le portail national Échéance légale"),
        "page {n} does not hold the obligation"
    );

    let cards = out.join("cards.pdf");
    let text = pdf_text(&cards);
    let sheets = text.matches("Rôle — ").count();
    assert!(sheets >= 5, "{sheets} cards");
    assert_eq!(page_count(&cards), sheets, "one sheet per card");
    assert!(!text.contains("page 1 /"), "no page count on a card");
    assert_eq!(text.matches("Numéros nationaux").count(), sheets);
    assert!(text.contains("Appeler d'abord"));
}
