//! plan.html as a person uses it, in a real headless Chromium (issue 15): on a 390 px phone (no table wider than
//! the screen, search on a number typed without spaces, the T0 clock's year), a way back to the contents from
//! every section, and printed from the browser (page numbers and the classification on every page, no page
//! holding a single role card). Skipped, with a note, when no Chromium is installed.
//!
//! The page's own script runs under its own Content-Security-Policy; the test adds a probe script (allowed by its
//! hash) that types into the search box and the T0 field as a user would and writes what it measured into the
//! page, read back with `--dump-dom`.

use crate::support::{self, repo};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chromium() -> Option<&'static str> {
    let found = support::chromium();
    if found.is_none() {
        eprintln!("skipped: no chromium on PATH");
    }
    found
}

/// Builds `example` (a folder of `examples/` or any plan) into `out`; returns `out/plan.html`.
fn build_html(plan: &Path, out: &Path) -> PathBuf {
    support::build(plan, out, &["--html"]);
    out.join("plan.html")
}

/// Runs Chromium headless on `page` with the network cut, plus `args`.
fn run(browser: &str, profile: &Path, args: &[&str], page: &Path) -> Output {
    let o = support::offline_chromium(browser, profile, args, page);
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// What a user does on a phone, measured by the page itself: the page is narrowed to 390 px, a number is typed
/// without spaces into the search box, then a T0 of last year and one of this year into the clock.
const PROBE: &str = r##"(function () {
  var d = document, out = {}, q = function (s) { return [].slice.call(d.querySelectorAll(s)); };
  d.documentElement.style.width = "390px";
  out.viewport = window.innerWidth;
  out.page = d.body.scrollWidth;
  out.chrono = d.querySelector("table.chrono").getBoundingClientRect().right;
  out.tables = Math.max.apply(null, q("table").map(function (t) { return t.getBoundingClientRect().right; }));
  out.sections = q("main > section").length;
  out.backs = q('main > section > p.back > a[href="#contents"]').length;
  var f = d.getElementById("filter");
  out.filterShown = !f.closest(".filter").hidden;
  f.value = "0600001100"; f.dispatchEvent(new Event("input"));
  var shown = q("[data-filter]:not([hidden])");
  out.found = shown.length;
  out.allMatch = shown.every(function (e) { return e.textContent.replace(/\D/g, "").indexOf("600001100") >= 0; });
  out.items = q("[data-filter]").length;
  f.value = ""; f.dispatchEvent(new Event("input"));
  out.allBack = q("[data-filter][hidden]").length === 0;
  var y = new Date().getFullYear(), t0 = d.getElementById("t0"), cells = q("td.at[data-minutes]");
  var clock = function (year) {
    t0.value = year + "-06-01T08:00"; t0.dispatchEvent(new Event("input"));
    return cells.map(function (c) { return c.textContent; });
  };
  var past = clock(y - 1), now = clock(y);
  out.cells = cells.length;
  out.pastYear = past.every(function (t) { return t.indexOf(String(y - 1)) >= 0; });
  out.thisYear = now.every(function (t) { return t !== "" && t.indexOf(String(y)) < 0; });
  var pre = d.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out); d.body.appendChild(pre);
})();"##;

/// A copy of `page` with [`PROBE`] added, its hash allowed next to the page's own script.
fn with_probe(page: &Path) -> PathBuf {
    let html = std::fs::read_to_string(page).expect("plan.html");
    let hash = pbn::render::html::script_hash(PROBE);
    let csp = "script-src '";
    let at = html.find(csp).expect("the page has a script-src") + csp.len() - 1;
    let mut probed = html.clone();
    probed.insert_str(at, &format!("'{hash}' "));
    let body = probed.rfind("</body>").expect("</body>");
    probed.insert_str(body, &format!("<script>{PROBE}</script>\n"));
    let out = page.with_file_name("probe.html");
    std::fs::write(&out, probed).expect("write probe.html");
    out
}

#[test]
fn phone_search_and_clock_in_chromium() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let page = build_html(
        &repo().join("examples/ch-val-exemple"),
        &tmp.path().join("dist"),
    );
    let probe = with_probe(&page);
    let o = run(
        browser,
        &tmp.path().join("profile"),
        &["--window-size=390,844", "--dump-dom"],
        &probe,
    );
    let dom = String::from_utf8_lossy(&o.stdout);
    let json = dom
        .split("<pre id=\"probe\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("the probe did not run (CSP or script error)"));
    let m: Value = serde_json::from_str(json).expect("probe JSON");
    let num = |k: &str| {
        m[k].as_f64()
            .unwrap_or_else(|| panic!("probe lacks {k}: {m}"))
    };
    assert!(num("viewport") <= 700.0, "not a phone-sized viewport: {m}");
    // Nothing wider than the 390 px screen: the page does not scroll sideways, no table needs to.
    assert!(num("page") <= 390.0, "the page scrolls sideways: {m}");
    assert!(
        num("chrono") <= 390.5,
        "chronology wider than the phone: {m}"
    );
    assert!(
        num("tables") <= 390.5,
        "a table is wider than the phone: {m}"
    );
    assert!(
        num("sections") > 5.0 && num("backs") == num("sections"),
        "{m}"
    );
    assert_eq!(
        m["filterShown"], true,
        "the search box is shown with JS: {m}"
    );
    // "0600001100" finds the guard administrator's "06 00 00 11 00", and only entries with that number.
    assert!(num("found") >= 1.0 && num("found") < num("items"), "{m}");
    assert_eq!(
        m["allMatch"], true,
        "an entry without the number is shown: {m}"
    );
    assert_eq!(
        m["allBack"], true,
        "clearing the search shows everything: {m}"
    );
    assert!(num("cells") > 5.0, "{m}");
    assert_eq!(
        m["pastYear"], true,
        "a deadline in another year shows it: {m}"
    );
    assert_eq!(
        m["thisYear"], true,
        "this year's deadlines do not repeat it: {m}"
    );
}

#[test]
fn back_to_contents_after_every_section_in_both_languages() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (example, label) in [
        ("ch-val-exemple", "Retour au sommaire"),
        ("en-sample", "Back to contents"),
    ] {
        let page = build_html(
            &repo().join("examples").join(example),
            &tmp.path().join(example),
        );
        let html = std::fs::read_to_string(page).expect("plan.html");
        let sections = html.matches("<section ").count();
        let backs = html
            .matches(&format!(
                "<p class=\"back\"><a href=\"#contents\">{label}</a></p>\n</section>"
            ))
            .count();
        assert!(sections > 5, "{example}: {sections} sections");
        assert_eq!(backs, sections, "{example}: a section without `{label}`");
        assert!(
            html.contains("id=\"contents\""),
            "{example}: the link's target"
        );
    }
}

/// The text of each page of a PDF (pdftotext's form feeds), whitespace squashed.
fn pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed by this test");
    assert!(o.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&o.stdout);
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

/// The bundled example with `n` more roles (short missions, no holder: "non pourvu").
fn example_with_roles(root: &Path, n: usize) -> PathBuf {
    // The example's GHT layer is `../ght-exemple`: both are copied, side by side.
    let plan = root.join("ch-val-exemple");
    for dir in ["ch-val-exemple", "ght-exemple"] {
        crate::support::copy_dir(&repo().join("examples").join(dir), &root.join(dir));
    }
    let roles: Vec<String> = (1..=n)
        .map(|i| {
            format!(
                "kind: role\nid: essai-{i}\ntitle: \"Rôle d'essai {i}\"\n\
                 mission: \"Une mission courte pour l'essai de mise en page.\"\nrequired: true\n"
            )
        })
        .collect();
    std::fs::write(
        plan.join("fragments/roles/roles-essai.yaml"),
        roles.join("---\n"),
    )
    .expect("write roles");
    plan
}

#[test]
fn printed_from_chromium_every_page_has_its_number_and_classification() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    // Six more roles: an odd count whose last card, without the page-break rules, falls alone on a page.
    let plan = example_with_roles(tmp.path(), 6);
    let page = build_html(&plan, &tmp.path().join("dist"));
    let pdf = tmp.path().join("printed.pdf");
    // Chromium's defaults, as Ctrl-P: the page's margin boxes must replace the browser's own header and footer.
    run(
        browser,
        &tmp.path().join("profile"),
        &[&format!("--print-to-pdf={}", pdf.display())],
        &page,
    );
    let pages = pages(&pdf);
    let n = pages.len();
    assert!(n > 20, "{n} printed pages");
    for (i, text) in pages.iter().enumerate() {
        let no = format!("page {} / {n}", i + 1);
        assert!(text.contains(&no), "printed page {} lacks `{no}`", i + 1);
        assert!(
            text.contains("Diffusion restreinte"),
            "printed page {} lacks the classification",
            i + 1
        );
        assert!(
            !text.contains("file://"),
            "the browser's own footer is printed"
        );
    }
    // Every role card ends with its holders: no page holds a single card.
    let cards: Vec<usize> = pages
        .iter()
        .map(|p| p.matches("Titulaires :").count())
        .collect();
    assert!(cards.iter().sum::<usize>() > 10, "{cards:?}");
    assert!(
        !cards.contains(&1),
        "a page holds one role card alone: {cards:?}"
    );
}
