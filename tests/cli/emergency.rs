//! The "En cas d'attaque" box of plan.pdf read back with poppler (issue 15): it is page 2, on one page, with
//! the 24/7 numbers to call first and CERT Santé's whatever the length of the first gestures; gestures too
//! long are shortened, the box sends the reader to the full sheet with its page, and the build warns
//! (`PBN079`) at the first step it shortened.

use crate::cards::{page, pages};
use crate::support::{Workspace, build, fixtures};

/// The numbers the box must print whole on page 2: the IT on-call's and the guard administrator's 24/7
/// numbers, and CERT Santé's (from the base plan's `contacts.yaml`).
const MUST_PRINT: [&str; 4] = [
    "06 00 00 20 01",
    "0600001100",
    "+33 6 00 00 10 02",
    "09 72 43 91 25",
];

/// First gestures of some 3 000 and 1 000 characters (`tests/fixtures/render/long-first-gestures/`).
#[test]
fn long_first_gestures_are_shortened_so_the_box_stays_on_page_2() {
    let ws = Workspace::base();
    ws.overlay(&fixtures().join("render/long-first-gestures"));
    let out = ws.root().join("dist");
    let stderr = build(&ws.plan(), &out, &[]);
    let warning = stderr
        .lines()
        .position(|l| l.contains("PBN079"))
        .unwrap_or_else(|| panic!("no PBN079 warning: {stderr}"));
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[warning].contains("first gesture 1")
            && lines[warning].contains("first gestures 2 to 3"),
        "{}",
        lines[warning]
    );
    // Located at the first step shortened: the local patch's `do:` of `debrancher-reseau`.
    assert!(
        lines[warning + 1].contains("fragments/surcharges/premiers-gestes.yaml:8:"),
        "{}",
        lines[warning + 1]
    );

    let plan = out.join("plan.pdf");
    let two = page(&plan, 2, false);
    assert!(two.contains("En cas d'attaque Premiers gestes"), "{two}");
    for n in MUST_PRINT {
        assert!(two.contains(n), "page 2 lacks `{n}`: {two}");
    }
    for label in [
        "Appeler d'abord",
        "Numéros nationaux",
        "CERT Santé",
        "Délais depuis T0",
    ] {
        assert!(two.contains(label), "page 2 lacks `{label}`");
    }
    // The start of the first gesture is kept, cut at a sentence's end; its end and the other two are not.
    assert!(
        two.contains("1. Débrancher le câble réseau (prise murale bleue)"),
        "{two}"
    );
    assert!(two.contains("sur la main courante. […]"), "{two}");
    assert!(
        !two.contains("FIN-DU-GESTE-UN") && !two.contains("GESTE-DEUX"),
        "{two}"
    );

    // The last line of the gestures sends to the full sheet, whose page holds the end of the first gesture.
    let rest = two
        .split("Suite des gestes sur la fiche complète : ")
        .nth(1)
        .unwrap_or_else(|| panic!("no line to the full sheet: {two}"));
    let at: usize = rest
        .split("→ p. ")
        .nth(1)
        .and_then(|p| p.split(' ').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no page in `{rest}`"));
    assert!(at > 3 && at <= pages(&plan));
    assert!(
        (at..=at + 1).any(|p| page(&plan, p, false).contains("FIN-DU-GESTE-UN")),
        "page {at} does not hold the full sheet"
    );

    // Page 3 is the contents: nothing of the box runs onto it.
    let three = page(&plan, 3, false);
    assert!(three.contains("Sommaire"), "{three}");
    for label in [
        "En cas d'attaque",
        "Appeler d'abord",
        "Numéros nationaux",
        "Délais depuis T0",
    ] {
        assert!(!three.contains(label), "page 3 continues the box: {three}");
    }
}
