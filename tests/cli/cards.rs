//! cards.pdf read back with poppler (issue 15): one sheet per role; whom to call first, the 24/7 numbers and the
//! national numbers on every card, whole; a card too long for its sheet loses its least urgent items, says so
//! on the card with the pages of plan.pdf that hold the rest, and the build warns (`PBN077`).

use crate::support::{Workspace, build, repo};
use std::path::Path;
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("`{name}` is needed by this test: {e}"));
    assert!(o.status.success(), "{name} {args:?}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn pages(pdf: &Path) -> usize {
    tool("pdfinfo", &[&pdf.to_string_lossy()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// Page `n` of `pdf` as text: with `layout`, line by line as printed; else with its spaces made plain and
/// runs of whitespace as one space.
pub(crate) fn page(pdf: &Path, n: usize, layout: bool) -> String {
    let n = n.to_string();
    let mut args = vec!["-f", &n, "-l", &n];
    if layout {
        args.push("-layout");
    }
    let p = pdf.to_string_lossy();
    args.extend([p.as_ref(), "-"]);
    let t = tool("pdftotext", &args).replace('\u{a0}', " ");
    if layout {
        t
    } else {
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The text of `card` between `from` and the first of `to` found after it ("" when `from` is absent).
fn between<'a>(card: &'a str, from: &str, to: &[&str]) -> &'a str {
    let Some(start) = card.find(from) else {
        return "";
    };
    let rest = &card[start + from.len()..];
    let end = to
        .iter()
        .filter_map(|t| rest.find(t))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The phone numbers of a contacts file (one channel per line, as the example writes them), split by whether
/// they are flagged `h24`.
fn phones(contacts: &str) -> (Vec<String>, Vec<String>) {
    let (mut h24, mut other) = (Vec::new(), Vec::new());
    for l in contacts.lines() {
        if !(l.contains("type: phone") || l.contains("type: mobile")) {
            continue;
        }
        let Some(v) = l
            .split("value: \"")
            .nth(1)
            .and_then(|v| v.split('"').next())
        else {
            continue;
        };
        if l.contains("h24: true") {
            h24.push(v.to_string());
        } else {
            other.push(v.to_string());
        }
    }
    (h24, other)
}

/// The PBN077 warnings of a build's standard error.
fn cut_warnings(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("PBN077")).collect()
}

/// Checks a cut card's last line: "Suite : … — plan.pdf p. 12, 23", each page a page of the binder that holds a
/// reflex sheet. Returns the pages.
fn rest_pages(card: &str, plan: &Path) -> Vec<usize> {
    let rest = between(card, "Suite : ", &["Version "]);
    let list = rest
        .split("plan.pdf p. ")
        .nth(1)
        .unwrap_or_else(|| panic!("no pages in `{rest}`"));
    let found: Vec<usize> = list
        .split(", ")
        .map(|n| {
            n.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .map(|n| {
            n.parse()
                .unwrap_or_else(|_| panic!("page `{n}` in `{rest}`"))
        })
        .collect();
    assert!(!found.is_empty());
    for &n in &found {
        assert!(n >= 1 && n <= pages(plan), "page {n} of `{rest}`");
    }
    found
}

/// The bundled example: each card on one sheet with the numbers it promises; every cut card (as many as the
/// build warns about) ends with the line that sends to plan.pdf.
#[test]
fn example_cards_keep_every_number_and_say_where_the_rest_is() {
    let example = repo().join("examples/ch-val-exemple");
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("dist");
    let stderr = build(&example, &out, &[]);
    let cards = out.join("cards.pdf");
    let contacts = std::fs::read_to_string(example.join("contacts.yaml")).expect("contacts");
    let (h24, other) = phones(&contacts);
    let n = pages(&cards);
    assert!(n >= 10, "{n} cards");
    let mut suites = 0;
    for i in 1..=n {
        let card = page(&cards, i, false);
        assert_eq!(
            card.matches("Rôle — ").count(),
            1,
            "card {i} is not one sheet: {card}"
        );
        let role = between(&card, "Rôle — ", &[" Appeler", " 24 h/24"]);
        // Whom to call first, never oneself: the guard administrator calls the IT on-call, not himself.
        let first = between(&card, "Appeler d'abord", &["24 h/24", "Numéros nationaux"]);
        assert!(
            first.contains("06 00 00 22 22") || role == "Astreinte informatique",
            "{role}: {first}"
        );
        assert!(
            !first.contains(&format!("{role} :")),
            "{role} is told to call itself: {first}"
        );
        // Under "24 h/24" only 24/7 numbers, the crisis director's on every card.
        let block = between(&card, "24 h/24", &["Numéros nationaux"]);
        assert!(block.contains("Directeur de crise : "), "{role}: {block}");
        for v in &other {
            assert!(
                !block.contains(v.as_str()),
                "{role}: `{v}` is not 24/7: {block}"
            );
        }
        assert!(
            h24.iter().any(|v| block.contains(v.as_str())),
            "{role}: {block}"
        );
        // The national numbers, whole.
        let national = between(&card, "Numéros nationaux", &["Vos actions"]);
        for v in ["09 72 43 91 25", "04 74 00 90 10", "SAMU", " : 15"] {
            assert!(national.contains(v), "{role}: no `{v}` in {national}");
        }
        if card.contains("Suite : ") {
            suites += 1;
            rest_pages(&card, &out.join("plan.pdf"));
        }
        // A person's name and number on one printed line.
        let lines = page(&cards, i, true);
        if let Some(l) = lines.lines().find(|l| l.contains("Perrin")) {
            assert!(l.contains("Nicolas Perrin 06 00 00 20 11"), "{role}: `{l}`");
        }
    }
    assert_eq!(
        suites,
        cut_warnings(&stderr).len(),
        "a warning per cut card: {stderr}"
    );
}

/// A reflex of 40 long steps for one role: its card keeps the most urgent steps (the one due without delay,
/// written last, comes first), drops the one due at 72 h, ends with "Suite : N autres actions — plan.pdf p. P"
/// where page P is the sheet, keeps its "ne pas faire", and the build names the role. cards.pdf built alone is the same file.
#[test]
fn a_long_card_is_cut_least_urgent_first_and_sends_to_the_binder() {
    let ws = Workspace::base();
    let mut yaml = String::from(
        "kind: reflex\nid: reflexe-long\ntitle: \"Fiche très longue des urgences\"\n\
         audience: [referent-urgences]\nsteps:\n",
    );
    for i in 0..40 {
        let (within, what) = match i {
            0 => ("72h", "ETAPE-TARDIVE"),
            39 => ("immediate", "ETAPE-URGENTE"),
            _ => ("4h", "Etape ordinaire"),
        };
        yaml.push_str(&format!(
            "  - id: etape-{i}\n    do: \"{what} {i} : vérifier chaque poste du service, noter l'heure, \
             prévenir l'encadrement et consigner le résultat dans la main courante de l'unité.\"\n    \
             who: referent-urgences\n    within: {within}\n"
        ));
    }
    yaml.push_str("never:\n  - \"Ne pas rebrancher un poste seul.\"\n");
    ws.write("plan/fragments/reflexes/reflexe-long.yaml", yaml);
    let out = ws.root().join("dist");
    let stderr = build(&ws.plan(), &out, &[]);
    let warnings = cut_warnings(&stderr);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`referent-urgences`") && w.contains("reflexe-long")),
        "{stderr}"
    );
    let cards = out.join("cards.pdf");
    let card = (1..=pages(&cards))
        .map(|i| page(&cards, i, false))
        .find(|c| c.contains("ETAPE-URGENTE"))
        .expect("the most urgent step is on the card");
    assert!(
        card.find("ETAPE-URGENTE") < card.find("Etape ordinaire"),
        "most urgent first"
    );
    assert!(
        !card.contains("ETAPE-TARDIVE"),
        "the step due at 72 h is cut first"
    );
    assert!(
        card.contains("Ne pas rebrancher un poste seul."),
        "the first \"ne pas faire\" stay"
    );
    assert!(
        card.contains(" autres actions") && card.contains(" plan.pdf p. "),
        "{card}"
    );
    let plan = out.join("plan.pdf");
    let at = rest_pages(&card, &plan);
    assert!(
        at.iter()
            .any(|&p| page(&plan, p, false).contains("ETAPE-TARDIVE")),
        "pages {at:?} do not hold the cut step"
    );
    // Built alone, cards.pdf lays the binder out for its pages: the same bytes.
    let alone = ws.root().join("alone");
    build(&ws.plan(), &alone, &["--cards"]);
    assert!(
        std::fs::read(alone.join("cards.pdf")).ok() == std::fs::read(&cards).ok(),
        "cards.pdf differs when built alone"
    );
}

/// A number to call first that the plan does not flag `h24` says so, on page 2 of plan.pdf, on the cards and in
/// plan.html: an office line at 3 a.m. rings in an empty office. The 24/7 numbers carry no such mark.
#[test]
fn a_number_to_call_first_that_is_not_24_7_says_so() {
    let ws = Workspace::base();
    let contacts = ws.plan().join("contacts.yaml");
    let text = std::fs::read_to_string(&contacts).expect("contacts.yaml");
    let from = "{type: mobile, value: \"0600001100\", h24: true, independent_of_is: true}";
    assert!(text.contains(from));
    ws.write(
        "plan/contacts.yaml",
        text.replace(from, "{type: mobile, value: \"0600001100\"}"),
    );
    let out = ws.root().join("dist");
    build(&ws.plan(), &out, &[]);
    let box_page = page(&out.join("plan.pdf"), 2, false);
    assert!(box_page.contains("0600001100 (pas 24 h/24)"), "{box_page}");
    assert!(
        !box_page.contains("10 02 (pas 24"),
        "a 24/7 number is marked: {box_page}"
    );
    let cards = out.join("cards.pdf");
    let marked = (1..=pages(&cards))
        .map(|i| page(&cards, i, false))
        .filter(|c| c.contains("0600001100 (pas 24 h/24)"))
        .count();
    assert!(marked > 0, "no card marks the office number");
    let html = std::fs::read_to_string(out.join("plan.html")).expect("plan.html");
    assert!(html.contains("class=\"not-h24\">(pas 24"), "plan.html");
}
