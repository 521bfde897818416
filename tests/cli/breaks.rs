//! Page breaks of plan.pdf read back with poppler (issue 15): no page ends with a heading or a run-in label (a line
//! all in bold: "Kit papier", "Rôle — Directeur de crise"), nor with a heading and one line under it, on the
//! bundled example and a synthetic plan of 100 reflexes; and keeping blocks together leaves the pages full (the
//! page count does not explode). Lines, sizes and faces come from `pdftohtml -xml` (poppler, like pdftotext).

use crate::pages::{build, gen_plan};
use crate::support::repo;
use std::path::Path;
use std::process::Command;

/// Body text and labels are set at 10 pt, headings at 11 pt and more (`pdftohtml -zoom 1` rounds sizes to points).
const HEADING: f32 = 11.0;
/// Body text, and a run-in label.
const BODY_SIZE: f32 = 10.0;
/// The body's top and bottom, points from the top of an A4 page (the running header and footer are outside).
const BODY: (f32, f32) = (66.0, 841.89 - 60.0);

/// A line of a page: its top, its bottom, its largest size, whether all its text is bold, its text.
#[derive(Debug, Clone)]
struct Line {
    top: f32,
    bottom: f32,
    size: f32,
    bold: bool,
    text: String,
}

fn attr(tag: &str, name: &str) -> Option<f32> {
    tag.split(&format!("{name}=\""))
        .nth(1)?
        .split('"')
        .next()?
        .parse()
        .ok()
}

/// The body lines of each page of `pdf`, top to bottom.
fn pages(pdf: &Path) -> Vec<Vec<Line>> {
    let o = Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-zoom", "1"])
        .arg(pdf)
        .output()
        .expect("pdftohtml (poppler-utils, with pdftotext) is needed by this test");
    assert!(o.status.success(), "pdftohtml -xml {}", pdf.display());
    let xml = String::from_utf8_lossy(&o.stdout);
    let mut sizes = std::collections::BTreeMap::new();
    let mut pages: Vec<Vec<Line>> = Vec::new();
    for tag in xml.lines().map(str::trim) {
        // A page's tag may follow other output on its line ("link to page 46 <page number=…").
        if tag.contains("<page number=") {
            pages.push(Vec::new());
        } else if tag.starts_with("<fontspec ") {
            sizes.insert(
                attr(tag, "id").unwrap_or(-1.0) as i32,
                attr(tag, "size").unwrap_or(0.0),
            );
        } else if tag.starts_with("<text ") {
            let (Some(top), Some(height), Some(font), Some(page)) = (
                attr(tag, "top"),
                attr(tag, "height"),
                attr(tag, "font"),
                pages.last_mut(),
            ) else {
                continue;
            };
            let inner = tag
                .split_once('>')
                .map_or("", |(_, t)| t)
                .trim_end_matches("</text>");
            let text: String = strip_tags(inner);
            if text.trim().is_empty() || top < BODY.0 || top + height > BODY.1 {
                continue;
            }
            let bold = inner.trim_start_matches(|c| c != '<').starts_with("<b>")
                || inner.starts_with("<a ") && inner.contains("><b>");
            let size = sizes.get(&(font as i32)).copied().unwrap_or(0.0);
            match page.iter_mut().find(|l| (l.top - top).abs() < 2.0) {
                Some(l) => {
                    l.bottom = l.bottom.max(top + height);
                    l.size = l.size.max(size);
                    l.bold &= bold;
                    l.text.push_str(&text);
                }
                None => page.push(Line {
                    top,
                    bottom: top + height,
                    size,
                    bold,
                    text,
                }),
            }
        }
    }
    for page in &mut pages {
        page.sort_by(|a, b| a.top.total_cmp(&b.top));
    }
    pages
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in s.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            _ if !tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
}

/// Pages (1-based) that end with a heading, a heading over one line, or a bold label; the cover is skipped.
fn bad_ends(pages: &[Vec<Line>]) -> Vec<String> {
    let mut bad = Vec::new();
    for (i, page) in pages.iter().enumerate().skip(1) {
        let n = page.len();
        for (k, l) in page.iter().enumerate().skip(n.saturating_sub(2)) {
            let heading = l.bold && l.size >= HEADING;
            // Tables (9 pt) hold bold numbers and a form's blank is a bold band over empty ruled lines: text only.
            let label = l.bold && l.size >= BODY_SIZE && k + 1 == n;
            if heading || label {
                bad.push(format!(
                    "page {}: {:?} ({} of {n} lines)",
                    i + 1,
                    l.text,
                    k + 1
                ));
            }
        }
    }
    bad
}

/// How full the pages are on average: the body's height down to each page's last line, over the body's height.
fn fill(pages: &[Vec<Line>]) -> f32 {
    let used: f32 = pages
        .iter()
        .skip(1)
        .map(|p| p.last().map_or(0.0, |l| l.bottom - BODY.0) / (BODY.1 - BODY.0))
        .sum();
    used / pages.len().saturating_sub(1).max(1) as f32
}

fn check(plan: &Path, out: &Path) {
    build(plan, out);
    let pages = pages(&out.join("plan.pdf"));
    assert!(pages.len() > 10, "{} pages", pages.len());
    let bad = bad_ends(&pages);
    assert!(
        bad.is_empty(),
        "{}: headings or labels at the bottom of a page:\n{}",
        plan.display(),
        bad.join("\n")
    );
    // Blocks kept together move to the next page, which leaves space at the bottom of this one: never so much
    // that the binder grows by a quarter (the example fills its pages to 71 %, N=100 to 75 %).
    let f = fill(&pages);
    assert!(
        f > 0.6,
        "{}: pages filled to {:.0} %",
        plan.display(),
        f * 100.0
    );
}

#[test]
fn no_page_ends_with_a_heading_or_a_label_in_the_example() {
    let tmp = tempfile::tempdir().expect("tempdir");
    check(&repo().join("examples/ch-val-exemple"), tmp.path());
}

#[test]
fn no_page_ends_with_a_heading_or_a_label_at_n100() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan = tmp.path().join("n100");
    gen_plan::generate(100, &plan).expect("write the synthetic plan");
    check(&plan, &tmp.path().join("out"));
}

#[test]
fn the_check_sees_a_heading_at_the_bottom() {
    let line = |top: f32, size: f32, bold: bool, text: &str| Line {
        top,
        bottom: top + size,
        size,
        bold,
        text: text.into(),
    };
    let cover = vec![line(100.0, 28.0, true, "Plan")];
    let ends_with_label = vec![
        line(70.0, 10.0, false, "Texte"),
        line(760.0, 10.0, true, "Kit papier"),
    ];
    let heading_over_a_line = vec![
        line(70.0, 10.0, false, "Texte"),
        line(740.0, 13.0, true, "Réanimation"),
        line(760.0, 10.0, false, "Criticité : vitale"),
    ];
    let fine = vec![
        line(70.0, 13.0, true, "Titre"),
        line(90.0, 10.0, false, "a"),
        line(760.0, 10.0, false, "b"),
    ];
    let bad = bad_ends(&[cover, ends_with_label, heading_over_a_line, fine]);
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(
        bad[0].starts_with("page 2") && bad[1].starts_with("page 3"),
        "{bad:?}"
    );
}
