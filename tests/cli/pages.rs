//! The printed pages read back with poppler (issue 15): every glyph of `plan.pdf` and `cards.pdf` lies on its page,
//! clear of the running header's and footer's bands, on the bundled example and on synthetic plans of 10 and 100
//! reflexes (1 000 in an ignored test: `cargo test --release --test cli -- --ignored`, or
//! `scripts/check-pages.sh 1000`); and every channel value of the directory (phone numbers, e-mail addresses,
//! URLs) is printed whole, never broken across lines but where its kind allows.

use crate::support::{pbn, repo};
use std::path::Path;
use std::process::Command;

#[path = "../../examples/support/gen_plan.rs"]
#[allow(dead_code)]
pub mod gen_plan;

/// A word as `pdftotext -bbox` gives it: page (1-based), box in points from the top left, text.
#[derive(Debug)]
pub struct Word {
    pub page: usize,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

fn attr(tag: &str, name: &str) -> f32 {
    tag.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(f32::NAN)
}

/// Every word of `pdf` with its box, and each page's size.
pub fn words(pdf: &Path) -> (Vec<Word>, Vec<(f32, f32)>) {
    let o = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed by this test (scripts/test installs it)");
    assert!(o.status.success(), "pdftotext -bbox {}", pdf.display());
    let html = String::from_utf8_lossy(&o.stdout);
    let (mut words, mut pages) = (Vec::new(), Vec::new());
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attr(line, "width"), attr(line, "height")));
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let text = rest
                .split_once('>')
                .map_or("", |(_, t)| t.trim_end_matches("</word>"));
            words.push(Word {
                page: pages.len(),
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
                text: text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            });
        }
    }
    (words, pages)
}

/// The words of `pdf` outside their page, or in the band between the body and the running header (47–66 pt from
/// the top) or footer (2 pt below the body's bottom at 62 pt, down to the footer's rule at 46 pt).
pub fn misplaced(pdf: &Path) -> Vec<String> {
    let (words, pages) = words(pdf);
    let mut bad = Vec::new();
    for w in &words {
        let Some(&(pw, ph)) = w.page.checked_sub(1).and_then(|i| pages.get(i)) else {
            continue;
        };
        let outside = w.x0 < -0.5 || w.y0 < -0.5 || w.x1 > pw + 0.5 || w.y1 > ph + 0.5;
        let header_band = w.y1 > 47.0 && w.y0 < 66.0;
        let footer_band = w.y1 > ph - 60.0 && w.y0 < ph - 46.0;
        if outside || header_band || footer_band {
            bad.push(format!(
                "{}: page {} word {:?} at x {:.0}–{:.0}, y {:.0}–{:.0} (page {pw:.0}×{ph:.0})",
                pdf.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                w.page,
                w.text,
                w.x0,
                w.x1,
                w.y0,
                w.y1
            ));
        }
    }
    bad
}

pub fn build(plan: &Path, out: &Path) {
    let o = pbn()
        .arg("build")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .expect("run pbn build");
    assert_eq!(
        o.status.code(),
        Some(0),
        "pbn build {}: {}",
        plan.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn assert_on_page(plan: &Path, out: &Path) {
    build(plan, out);
    let mut bad = misplaced(&out.join("plan.pdf"));
    bad.extend(misplaced(&out.join("cards.pdf")));
    assert!(
        bad.is_empty(),
        "{} glyphs off their page or in a running band:\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

fn synthetic(n: usize) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan = tmp.path().join(format!("n{n}"));
    gen_plan::generate(n, &plan).expect("write the synthetic plan");
    assert_on_page(&plan, &tmp.path().join("out"));
}

#[test]
fn every_glyph_is_on_its_page_in_the_example() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_on_page(&repo().join("examples/ch-val-exemple"), tmp.path());
}

#[test]
fn every_glyph_is_on_its_page_at_n10_and_n100() {
    synthetic(10);
    synthetic(100);
}

/// A debug build takes minutes over N=1000: run it in release, or with `scripts/check-pages.sh 1000`.
#[test]
#[ignore = "slow in a debug build; scripts/check-pages.sh 1000 runs the same check"]
fn every_glyph_is_on_its_page_at_n1000() {
    synthetic(1000);
}

/// The channel values of a contacts file (`value: "…"`), as written.
fn channel_values(contacts: &str) -> Vec<String> {
    contacts
        .lines()
        .filter_map(|l| l.split("value: \"").nth(1)?.split('"').next())
        .map(str::to_string)
        .collect()
}

/// Where a value may break across lines: a number nowhere, an e-mail address after its `@` or a dot, a URL also
/// after a slash or a hyphen, any other text at its spaces and hyphens. `before` is the character ending the line,
/// `space` whether the value has a space right after it.
fn may_break_after(value: &str, before: char, space: bool) -> bool {
    let number = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +.()-".contains(c));
    if number {
        false
    } else if value.contains('@') {
        matches!(before, '@' | '.')
    } else if value.contains("://") || value.starts_with("www.") {
        matches!(before, '@' | '.' | '/' | '-')
    } else {
        space || before == '-'
    }
}

/// Every occurrence of `value` in `text` (spaces and line ends ignored, soft hyphens dropped) that is broken
/// across lines where `may_break_after` forbids it.
fn broken_occurrences(text: &str, value: &str) -> Vec<String> {
    // The text without whitespace, each character with whether a line ended just before it.
    // A line that ends with a soft hyphen (a hyphenated word) marks the break as hyphenated.
    let mut chars: Vec<(char, bool)> = Vec::new();
    let mut hyphenated: Vec<bool> = Vec::new();
    let (mut newline, mut soft) = (false, false);
    for c in text.chars() {
        if c == '\u{AD}' {
            soft = true;
        } else if c == '\n' {
            newline = true;
        } else if !c.is_whitespace() {
            chars.push((c, newline));
            hyphenated.push(newline && soft);
            newline = false;
            soft = false;
        }
    }
    let want: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    // For each character of `want`, whether the value has a space right after it.
    let spaced: Vec<bool> = value
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| value[i + c.len_utf8()..].starts_with(char::is_whitespace))
        .collect();
    let mut bad = Vec::new();
    if want.len() < 6 {
        return bad;
    }
    for start in 0..chars.len().saturating_sub(want.len() - 1) {
        let window = &chars[start..start + want.len()];
        if window.iter().map(|(c, _)| *c).ne(want.iter().copied()) {
            continue;
        }
        if let Some(k) = (1..want.len()).find(|&k| {
            // Plain text may also be hyphenated; numbers, addresses and URLs never.
            let text_value = may_break_after(value, 'a', true);
            window[k].1
                && !(text_value && hyphenated[start + k])
                && !may_break_after(value, want[k - 1], spaced[k - 1])
        }) {
            let (a, b): (String, String) = (want[..k].iter().collect(), want[k..].iter().collect());
            bad.push(format!("{value:?} printed as {a:?} / {b:?}"));
        }
    }
    bad
}

#[test]
fn channel_values_are_printed_whole_in_the_example() {
    let example = repo().join("examples/ch-val-exemple");
    let tmp = tempfile::tempdir().expect("tempdir");
    build(&example, tmp.path());
    let contacts = std::fs::read_to_string(example.join("contacts.yaml")).expect("contacts.yaml");
    let values = channel_values(&contacts);
    assert!(values.len() > 50, "{} channel values", values.len());
    let mut text = String::new();
    for pdf in ["plan.pdf", "cards.pdf"] {
        let o = Command::new("pdftotext")
            .arg(tmp.path().join(pdf))
            .arg("-")
            .output()
            .expect("pdftotext");
        text.push_str(&String::from_utf8_lossy(&o.stdout));
    }
    let mut bad = Vec::new();
    let mut printed = 0;
    for v in &values {
        let squeezed: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        let flat: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{AD}')
            .collect();
        printed += usize::from(flat.contains(&squeezed));
        bad.extend(broken_occurrences(&text, v));
    }
    assert!(
        printed + 2 >= values.len(),
        "only {printed} of {} values printed",
        values.len()
    );
    assert!(bad.is_empty(), "{} broken:\n{}", bad.len(), bad.join("\n"));
    // The check itself sees a number broken across lines.
    assert_eq!(
        broken_occurrences("au 01 00\n00 90 01.", "01 00 00 90 01").len(),
        1
    );
    assert!(broken_occurrences("a.b@\nc-d.fr", "a.b@c-d.fr").is_empty());
    assert_eq!(broken_occurrences("a.b@c-\nd.fr", "a.b@c-d.fr").len(), 1);
}

/// Every channel value of a synthetic plan of 10 reflexes, whose people are named "Personne 11": the name's
/// number never joins the phone number after it into one word that a narrow column (the deputy's) then cuts
/// inside the number ("Personne 11 06 10 00 00 1" / "1").
#[test]
fn channel_values_are_printed_whole_at_n10() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan = tmp.path().join("n10");
    gen_plan::generate(10, &plan).expect("write the synthetic plan");
    let out = tmp.path().join("out");
    build(&plan, &out);
    let contacts = std::fs::read_to_string(plan.join("contacts.yaml")).expect("contacts.yaml");
    let values = channel_values(&contacts);
    assert!(values.len() > 40, "{} channel values", values.len());
    let mut bad = Vec::new();
    for pdf in ["plan.pdf", "cards.pdf"] {
        let o = Command::new("pdftotext")
            .arg(out.join(pdf))
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&o.stdout);
        for v in &values {
            bad.extend(
                broken_occurrences(&text, v)
                    .into_iter()
                    .map(|b| format!("{pdf}: {b}")),
            );
        }
    }
    assert!(bad.is_empty(), "{} broken:\n{}", bad.len(), bad.join("\n"));
}

/// A FINESS number with its Luhn key: `prefix` (8 digits) and the key that makes the sum a multiple of 10.
fn finess(prefix: u32) -> String {
    let with = |k: u32| format!("{prefix:08}{k}");
    let valid = |s: &str| {
        let sum: u32 = s
            .chars()
            .rev()
            .filter_map(|c| c.to_digit(10))
            .enumerate()
            .map(|(i, d)| {
                if i % 2 == 1 {
                    (d * 2) % 9 + u32::from(d == 9) * 9
                } else {
                    d
                }
            })
            .sum();
        sum.is_multiple_of(10)
    };
    (0..10).map(with).find(|s| valid(s)).unwrap_or_default()
}

/// A long title, a long name and 24 sites: the cover's lines move up and end above the distribution box at the
/// foot of the page, instead of running under it and into the footer. With 60 sites there is no room for the box
/// (its words are the cover's "Distribution" line): the lines still end above the footer.
#[test]
fn a_long_cover_ends_above_its_distribution_box() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (last_line, note) = long_cover(&tmp.path().join("24"), 24);
    assert!(
        last_line > 0.0 && note > last_line + 10.0,
        "next review at {last_line}, box at {note}"
    );
    let (last_line, note) = long_cover(&tmp.path().join("60"), 60);
    assert!(
        last_line > 700.0 && note < last_line,
        "next review at {last_line}, box at {note}"
    );
}

/// en-sample with a long title and name and `n` sites, built in `dir`: the bottom of the cover's last line and
/// the top of its lowest "Internal" (the box's when there is one), once no glyph of the cover is misplaced.
fn long_cover(dir: &Path, n: u32) -> (f32, f32) {
    let plan = dir.join("plan");
    crate::support::copy_dir(&repo().join("examples/en-sample"), &plan);
    let sites: Vec<String> = (0..n)
        .map(|i| format!("\"{}\"", finess(35_000_100 + i)))
        .collect();
    let est = std::fs::read_to_string(plan.join("establishment.yaml"))
        .expect("establishment.yaml")
        .replace("finess_et: [\"350009916\"]", &format!("finess_et: [{}]", sites.join(", ")))
        .replace(
            "name: \"Sample Bay Hospital\"",
            "name: \"Sample Bay Hospital Group — Centre hospitalier intercommunal de la baie, des vallées et du \
             plateau, établissement support du groupement hospitalier de territoire\"",
        );
    std::fs::write(plan.join("establishment.yaml"), est).expect("write");
    let manifest = std::fs::read_to_string(plan.join("pbn.yaml")).expect("pbn.yaml").replace(
        "title: \"Digital white plan — Sample Bay Hospital\"",
        "title: \"Digital white plan — Sample Bay Hospital Group, all sites, all departments, all wards, \
         version for the crisis cell and the regional health agency\"",
    );
    std::fs::write(plan.join("pbn.yaml"), manifest).expect("write");
    let out = dir.join("out");
    build(&plan, &out);
    let pdf = out.join("plan.pdf");
    let bad: Vec<String> = misplaced(&pdf)
        .into_iter()
        .filter(|b| b.contains("page 1 "))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    let (words, _) = words(&pdf);
    let cover: Vec<&Word> = words.iter().filter(|w| w.page == 1).collect();
    let last_line = cover
        .iter()
        .filter(|w| w.text == "2027")
        .map(|w| w.y1)
        .fold(0.0f32, f32::max);
    let note = cover
        .iter()
        .filter(|w| w.text == "Internal")
        .map(|w| w.y0)
        .fold(0.0f32, f32::max);
    (last_line, note)
}

/// A role held by 72 people: its row of the crisis roles table runs over several pages, and each continuation
/// page says whose holders it lists ("Chefs de service et cadres de santé (continued)"), not a bare list.
#[test]
fn a_row_split_across_pages_names_its_role_on_each_continuation_page() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan = tmp.path().join("plan");
    crate::support::copy_dir(&repo().join("examples/en-sample"), &plan);
    let mut contacts = std::fs::read_to_string(plan.join("contacts.yaml")).expect("contacts.yaml");
    for i in 1..=72 {
        contacts.push_str(&format!(
            "  - id: night-{i:02}\n    name: \"Night nurse manager {i:02}\"\n    roles: [cadre-sante]\n    \
             verified_on: 2026-11-02\n    channels:\n      - {{type: mobile, value: \"06 00 01 {i:02} {i:02}\", h24: true}}\n"
        ));
    }
    std::fs::write(plan.join("contacts.yaml"), contacts).expect("write");
    let out = tmp.path().join("out");
    build(&plan, &out);
    let pdf = out.join("plan.pdf");
    let label = "Chefs de service et cadres de santé (continued)";
    // The pages of the crisis roles table (its "Mission" header) that list the night managers.
    let (words, pages) = words(&pdf);
    let on = |page: usize, text: &str| words.iter().any(|w| w.page == page && w.text == text);
    let holding: std::collections::BTreeSet<usize> = words
        .iter()
        .map(|w| w.page)
        .filter(|&p| on(p, "Night") && on(p, "Mission"))
        .collect();
    assert!(
        holding.len() >= 2,
        "the row spans pages: {holding:?} of {}",
        pages.len()
    );
    for &page in holding.iter().skip(1) {
        let o = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text: String = String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(label), "page {page}: {text}");
    }
}

#[test]
fn the_check_sees_a_word_off_the_page() {
    // The check itself: a page whose text runs past the bottom edge is reported.
    let tmp = tempfile::tempdir().expect("tempdir");
    // poppler drops what lies wholly off the page, so content running off the bottom is caught as it crosses the
    // footer band (the layout tests of pbn-typeset check the page box on the items themselves).
    for y in [55.0, 780.0] {
        let bad = misplaced(&write_pdf_with_word_at(tmp.path(), y));
        assert_eq!(bad.len(), 1, "baseline at {y}: {bad:?}");
    }
    let inside = misplaced(&write_pdf_with_word_at(tmp.path(), 400.0));
    assert!(inside.is_empty(), "{inside:?}");
}

/// A one-page A4 PDF with the word "Perdu" whose baseline is `y` points above the bottom edge.
fn write_pdf_with_word_at(dir: &Path, y: f32) -> std::path::PathBuf {
    let content = format!("BT /F1 10 Tf 100 {y} Td (Perdu) Tj ET");
    let objects = [
        "<</Type/Catalog/Pages 2 0 R>>".to_string(),
        "<</Type/Pages/Kids[3 0 R]/Count 1>>".to_string(),
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.28 841.89]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>"
            .to_string(),
        "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".to_string(),
        format!("<</Length {}>>stream\n{content}\nendstream", content.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    let path = dir.join(format!("word-{y}.pdf"));
    std::fs::write(&path, pdf).expect("write the test PDF");
    path
}

fn tool(name: &str, args: &[&str]) -> (bool, String) {
    let o = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is needed by this test (scripts/test installs it): {e}")
    });
    let mut text = String::from_utf8_lossy(&o.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&o.stderr));
    (o.status.success(), text)
}

#[test]
fn plan_and_cards_are_tagged_pdfs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    build(&repo().join("examples/ch-val-exemple"), tmp.path());
    for pdf in ["plan.pdf", "cards.pdf"] {
        let path = tmp.path().join(pdf);
        let p = path.to_string_lossy();
        let (_, info) = tool("pdfinfo", &[&p]);
        assert!(info.contains("Tagged:          yes"), "{pdf}: {info}");
        assert!(info.contains("Metadata Stream: yes"), "{pdf}: {info}");
        let (ok, check) = tool("qpdf", &["--check", &p]);
        assert!(
            ok && check.contains("No syntax or stream encoding errors"),
            "{pdf}: {check}"
        );
        let (_, meta) = tool("pdfinfo", &["-meta", &p]);
        assert!(
            meta.contains("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Plan blanc numérique"),
            "{meta}"
        );
        assert!(meta.contains("<rdf:li>fr</rdf:li>"), "{meta}");
        let (_, tree) = tool("pdfinfo", &["-struct-text", &p]);
        let roles: std::collections::BTreeSet<&str> = tree
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        let want: &[&str] = if pdf == "plan.pdf" {
            &[
                "Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD",
                "Link", "TOC", "TOCI",
            ]
        } else {
            &["Document", "H2", "P", "L", "LI", "Link"]
        };
        for role in want {
            assert!(
                roles.contains(role),
                "{pdf}: no {role} element in\n{}",
                &tree[..tree.len().min(3000)]
            );
        }
        // The text is reachable through the tree, words apart across line ends, and links carry their annotation.
        assert!(
            tree.contains("\"Premiers gestes face à une attaque informatique\""),
            "{pdf}"
        );
        assert!(
            tree.contains("Object "),
            "{pdf}: no link annotation in the tree"
        );
    }
}

/// The body lines of each page of `pdf` (words grouped by their top, the running header's and footer's bands left
/// out), top to bottom: the height of the line's tallest word and its text.
fn body_lines(pdf: &Path) -> Vec<Vec<(f32, String)>> {
    let (words, pages) = words(pdf);
    let mut lines: Vec<Vec<(f32, f32, String)>> = vec![Vec::new(); pages.len()];
    for w in &words {
        let Some(&(_, ph)) = w.page.checked_sub(1).and_then(|i| pages.get(i)) else {
            continue;
        };
        if w.y0 < 66.0 || w.y1 > ph - 60.0 {
            continue;
        }
        let page = &mut lines[w.page - 1];
        match page.iter_mut().find(|(top, ..)| (top - w.y0).abs() < 1.0) {
            Some((_, h, text)) => {
                *h = h.max(w.y1 - w.y0);
                text.push(' ');
                text.push_str(&w.text);
            }
            None => page.push((w.y0, w.y1 - w.y0, w.text.clone())),
        }
    }
    lines
        .into_iter()
        .map(|mut page| {
            page.sort_by(|a, b| a.0.total_cmp(&b.0));
            page.into_iter().map(|(_, h, t)| (h, t)).collect()
        })
        .collect()
}

#[test]
fn no_page_of_the_example_ends_with_a_heading() {
    let tmp = tempfile::tempdir().expect("tempdir");
    build(&repo().join("examples/ch-val-exemple"), tmp.path());
    // Body text is set at 10 pt (11.2 pt high for poppler), headings at 11 pt and more; the cover (page 1) is
    // a page of its own.
    let heading = |h: f32| h > 12.0;
    let mut bad = Vec::new();
    for (i, page) in body_lines(&tmp.path().join("plan.pdf"))
        .iter()
        .enumerate()
        .skip(1)
    {
        let n = page.len();
        // The last line, or the last but one over a single line (a heading's one-line subtitle).
        for (k, (h, text)) in page.iter().enumerate().skip(n.saturating_sub(2)) {
            if heading(*h) {
                bad.push(format!("page {}: {text:?} ({} of {n} lines)", i + 1, k + 1));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "headings at the bottom of a page:\n{}",
        bad.join("\n")
    );
}
