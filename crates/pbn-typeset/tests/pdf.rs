//! The written PDF, read back with lopdf: text, fonts, outline, links, determinism.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test is the error report

#[path = "../examples/support/mod.rs"]
mod support;

use lopdf::{Document as Pdf, Object};
use pbn_typeset::{Font, render_pdf, text_width};

fn sample_pdf() -> (pbn_typeset::Rendered, Pdf) {
    let rendered = render_pdf(&support::sample(10)).expect("render");
    let pdf = Pdf::load_mem(&rendered.pdf).expect("lopdf reads it");
    (rendered, pdf)
}

fn resolve<'a>(pdf: &'a Pdf, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => pdf.get_object(*id).expect("reference resolves"),
        other => other,
    }
}

#[test]
fn two_renders_give_identical_bytes() {
    let a = render_pdf(&support::sample(10)).unwrap();
    let b = render_pdf(&support::sample(10)).unwrap();
    assert_eq!(a.pdf, b.pdf);
    // The trailer /ID is derived from the content, not left as the placeholder.
    let pdf = Pdf::load_mem(&a.pdf).unwrap();
    let id = pdf.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_ne!(id[0].as_str().unwrap(), &[0u8; 16]);
    // A different document gets a different /ID.
    let mut other = support::sample(10);
    other.meta.footer_right = "empreinte 000000000000".into();
    let c = render_pdf(&other).unwrap();
    let id_c = Pdf::load_mem(&c.pdf)
        .unwrap()
        .trailer
        .get(b"ID")
        .unwrap()
        .as_array()
        .unwrap()[0]
        .clone();
    assert_ne!(id[0], id_c);
}

#[test]
fn text_comes_back_with_its_accents() {
    let (r, pdf) = sample_pdf();
    assert!(r.pages >= 12, "{} pages", r.pages);
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), r.pages);
    let all = pdf.extract_text(&pages).unwrap();
    for needle in [
        "Établissement",
        "crise",
        "déconnecter",
        "«\u{A0}anticonstitutionnellement\u{A0}»",
        "Fiche réflexe 10",
    ] {
        assert!(all.contains(needle), "`{needle}` missing");
    }
    let third = pdf.extract_text(&[3]).unwrap();
    assert!(third.contains(&format!("page 3 / {}", r.pages)), "{third}");
    assert!(third.contains("empreinte 8f3c2a91d4e7"));
}

#[test]
fn fonts_are_embedded_and_subset() {
    let (_, pdf) = sample_pdf();
    let mut embedded = 0;
    for (_, obj) in pdf.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        assert!(dict.has(b"FontFile2"), "font descriptor without FontFile2");
        let name =
            String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).to_string();
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "{name} is not tagged as a subset"
        );
        let file = resolve(&pdf, dict.get(b"FontFile2").unwrap())
            .as_stream()
            .unwrap();
        let len1 = file.dict.get(b"Length1").unwrap().as_i64().unwrap();
        assert!(
            len1 > 1000 && len1 < 120_000,
            "{name}: {len1} bytes, not a subset?"
        );
        embedded += 1;
    }
    assert!(embedded >= 3, "{embedded} embedded fonts");
}

fn outline_titles(pdf: &Pdf) -> Vec<String> {
    let catalog = pdf.catalog().unwrap();
    let root = resolve(pdf, catalog.get(b"Outlines").unwrap())
        .as_dict()
        .unwrap();
    let mut titles = Vec::new();
    let mut stack = vec![root.get(b"First").unwrap().clone()];
    while let Some(node) = stack.pop() {
        let d = resolve(pdf, &node).as_dict().unwrap();
        let bytes = d.get(b"Title").unwrap().as_str().unwrap();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        titles.push(String::from_utf16(&units).unwrap());
        assert!(d.get(b"Dest").unwrap().as_array().unwrap().len() == 5);
        if let Ok(next) = d.get(b"Next") {
            stack.push(next.clone());
        }
        if let Ok(first) = d.get(b"First") {
            stack.push(first.clone());
        }
    }
    titles
}

#[test]
fn outline_has_every_section_and_sheet() {
    let (_, pdf) = sample_pdf();
    let layout = pbn_typeset::layout(&support::sample(10)).unwrap();
    let titles = outline_titles(&pdf);
    assert_eq!(titles.len(), layout.outline.len());
    assert!(titles.len() >= 5);
    assert!(
        titles
            .iter()
            .any(|t| t == "Fiche réflexe 10 — Retour à la normale")
    );
    assert!(titles.iter().any(|t| t == "Sommaire"));
    let mode = pdf
        .catalog()
        .unwrap()
        .get(b"PageMode")
        .unwrap()
        .as_name()
        .unwrap();
    assert_eq!(mode, b"UseOutlines");
}

#[test]
fn links_have_no_border_and_resolve() {
    let (r, pdf) = sample_pdf();
    assert!(r.broken_links.is_empty(), "{:?}", r.broken_links);
    let (mut goto, mut uri) = (0, 0);
    for (_, page) in pdf.get_pages() {
        let Ok(annots) = pdf
            .get_dictionary(page)
            .unwrap()
            .get(b"Annots")
            .and_then(Object::as_array)
        else {
            continue;
        };
        for annot in annots {
            assert!(
                matches!(annot, Object::Reference(_)),
                "annotations are indirect objects"
            );
            let d = resolve(&pdf, annot).as_dict().unwrap();
            assert_eq!(d.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            assert_eq!(d.get(b"P").unwrap().as_reference().unwrap(), page);
            let border: Vec<f32> = d
                .get(b"Border")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect();
            assert_eq!(border, vec![0.0, 0.0, 0.0]);
            let a = resolve(&pdf, d.get(b"A").unwrap()).as_dict().unwrap();
            match a.get(b"S").unwrap().as_name().unwrap() {
                b"GoTo" => {
                    let dest = a.get(b"D").unwrap().as_array().unwrap();
                    assert!(matches!(dest[0], Object::Reference(_)), "GoTo to a page");
                    goto += 1;
                }
                b"URI" => uri += 1,
                other => panic!("unexpected action {other:?}"),
            }
        }
    }
    assert!(goto >= 20, "{goto} internal links (contents + text)");
    assert_eq!(uri, 1);
}

#[test]
fn long_sheet_is_reported() {
    let (r, _) = sample_pdf();
    assert_eq!(r.overflows.len(), 1);
    assert_eq!(r.overflows[0].anchor, "fiche-3");
    assert_eq!(
        r.overflows[0].source.as_deref(),
        Some("reflexes/fiche-03.yaml:1:1")
    );
}

#[test]
fn widths_are_the_fonts_advances() {
    // Liberation Sans: M = 1706/2048 em, space = 569/2048 em.
    let m = text_width(Font::Regular, 10.0, "M").unwrap();
    assert!((m - 1706.0 / 2048.0 * 10.0).abs() < 1e-4, "{m}");
    let s = text_width(Font::Regular, 10.0, "M M").unwrap();
    assert!((s - (2.0 * 1706.0 + 569.0) / 2048.0 * 10.0).abs() < 1e-4);
    // Every Liberation Mono glyph is 1229/2048 em wide.
    let mono = text_width(Font::Mono, 9.0, "01 23 45 67 89").unwrap();
    assert!((mono - 14.0 * 1229.0 / 2048.0 * 9.0).abs() < 1e-3, "{mono}");
    assert!(
        text_width(Font::Bold, 10.0, "Établissement").unwrap()
            > text_width(Font::Regular, 10.0, "Établissement").unwrap()
    );
}

/// `/Count` as ISO 32000 12.3.3 defines it: an open entry counts its visible descendants, a closed one the
/// negative of what would show if it were opened, and the root every entry visible at opening.
#[test]
fn outline_counts_follow_the_standard() {
    use pbn_typeset::{Block, Document, Inline};
    let h = |level: u8, text: String| Block::Heading {
        level,
        text: text.clone(),
        anchor: text.to_lowercase().replace(' ', "-"),
        outline: true,
    };
    let mut doc = Document::default();
    doc.meta.title = "Essai".into();
    doc.blocks.push(h(1, "Court".into()));
    for i in 0..3 {
        doc.blocks.push(h(2, format!("Court {i}")));
        doc.blocks.push(Block::Paragraph(vec![Inline::text("x")]));
    }
    doc.blocks.push(h(1, "Long".into()));
    for i in 0..45 {
        doc.blocks.push(h(2, format!("Long {i}")));
    }
    let pdf = Pdf::load_mem(&render_pdf(&doc).unwrap().pdf).unwrap();
    let root = resolve(&pdf, pdf.catalog().unwrap().get(b"Outlines").unwrap())
        .as_dict()
        .unwrap();
    let count = |d: &lopdf::Dictionary| d.get(b"Count").unwrap().as_i64().unwrap();
    let first = resolve(&pdf, root.get(b"First").unwrap())
        .as_dict()
        .unwrap();
    let last = resolve(&pdf, root.get(b"Last").unwrap()).as_dict().unwrap();
    assert_eq!(count(first), 3, "an open chapter counts its 3 sections");
    assert_eq!(count(last), -45, "a chapter of 45 sections starts closed");
    assert_eq!(
        count(root),
        5,
        "2 chapters and the 3 sections of the open one"
    );
}

/// ISO 32000 12.6.4.7: a URI action holds 7-bit ASCII.
#[test]
fn uri_actions_are_ascii() {
    use pbn_typeset::{Block, Document, Inline, Style, Target};
    let mut doc = Document::default();
    doc.blocks.push(Block::Paragraph(vec![Inline::Link {
        text: "ARS".into(),
        target: Target::External("https://www.ars.sante.fr/santé publique".into()),
        style: Style::default(),
    }]));
    let r = render_pdf(&doc).unwrap();
    let pdf = Pdf::load_mem(&r.pdf).unwrap();
    let uris: Vec<Vec<u8>> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"A").ok())
        .filter_map(|a| {
            a.as_dict()
                .ok()?
                .get(b"URI")
                .ok()?
                .as_str()
                .ok()
                .map(<[u8]>::to_vec)
        })
        .collect();
    assert_eq!(
        uris,
        vec![b"https://www.ars.sante.fr/sant%C3%A9%20publique".to_vec()]
    );
}
