//! Layout tests: break rules, repeated headers, sheets, contents, running texts.

use super::*;
use crate::doc::{Block, Column, Inline, ListKind, Meta};
use crate::{Align, Document};

fn meta() -> Meta {
    Meta {
        title: "Essai".into(),
        lang: "fr".into(),
        header_left: "CH Essai".into(),
        header_right: "DIFFUSION RESTREINTE".into(),
        footer_left: "v1".into(),
        footer_right: "empreinte abc".into(),
        ..Meta::default()
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph(vec![Inline::text(text)])
}

fn heading(level: u8, text: &str, anchor: &str) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        anchor: anchor.into(),
        outline: true,
    }
}

fn texts(page: &Page) -> Vec<(f32, String)> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text { y, text, .. } => Some((*y, text.clone())),
            _ => None,
        })
        .collect()
}

/// Body texts of a page (running header and footer excluded), top to bottom.
fn body(page: &Page) -> Vec<(f32, String)> {
    let mut t: Vec<_> = texts(page)
        .into_iter()
        .filter(|(y, _)| *y < PAGE_HEIGHT - 60.0 && *y > 50.0)
        .collect();
    t.sort_by(|a, b| b.0.total_cmp(&a.0));
    t
}

const LOREM: &str = "La cellule de crise se réunit dans la salle de repli, consigne chaque décision dans \
                     la main courante et prévient les autorités sans délai.";

#[test]
fn heading_is_never_last_on_a_page() {
    // Fill a page with one-line paragraphs, then a heading, at every offset.
    for filler in 40..52 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("Ligne {i}"))).collect();
        blocks.push(heading(2, "Titre gardé", "t"));
        blocks.push(para(LOREM));
        blocks.push(para(LOREM));
        let l = layout(&Document {
            meta: meta(),
            blocks,
        })
        .unwrap();
        let (page, _) = l.anchors["t"];
        let b = body(&l.pages[page]);
        let pos = b.iter().position(|(_, t)| t == "Titre gardé").unwrap();
        assert!(
            pos + 2 < b.len(),
            "heading with fewer than 2 lines after it (filler {filler}): {b:?}"
        );
    }
}

#[test]
fn a_heading_and_its_one_line_subtitle_stay_with_what_follows() {
    // A function's heading, its one-line "Criticité" line, then a procedure's heading and text: at every offset,
    // the first two never end a page.
    for filler in 26..38 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("Ligne {i}"))).collect();
        blocks.push(heading(2, "Fonction", "f"));
        blocks.push(para("Criticité : vitale · Arrêt maximal toléré : 30 min"));
        blocks.push(heading(3, "Procédure", "p"));
        blocks.push(para(LOREM));
        let l = layout(&Document {
            meta: meta(),
            blocks,
        })
        .unwrap();
        assert_eq!(l.anchors["f"].0, l.anchors["p"].0, "filler {filler}");
    }
}

#[test]
fn paragraphs_leave_no_widow_nor_orphan() {
    let long = [LOREM; 4].join(" ");
    for filler in 38..52 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("Ligne {i}"))).collect();
        blocks.push(para(&long));
        let l = layout(&Document {
            meta: meta(),
            blocks,
        })
        .unwrap();
        let lines_per_page: Vec<usize> = l
            .pages
            .iter()
            .map(|p| {
                body(p)
                    .iter()
                    .filter(|(_, t)| !t.starts_with("Ligne"))
                    .count()
            })
            .filter(|&n| n > 0)
            .collect();
        for n in &lines_per_page {
            assert!(*n >= 2, "filler {filler}: {lines_per_page:?}");
        }
    }
}

fn table_doc(rows: usize) -> Document {
    let rows = (0..rows)
        .map(|i| {
            vec![
                vec![Inline::text(format!("Rôle {i}"))],
                vec![Inline::mono(format!("01 02 03 04 {i:02}"))],
            ]
        })
        .collect();
    Document {
        meta: meta(),
        blocks: vec![
            heading(1, "Annuaire", "annuaire"),
            Block::Table {
                columns: vec![
                    Column {
                        title: "Fonction".into(),
                        weight: 2.0,
                        align: Align::Left,
                    },
                    Column {
                        title: "Téléphone".into(),
                        weight: 1.0,
                        align: Align::Right,
                    },
                ],
                rows,
            },
        ],
    }
}

#[test]
fn tables_break_between_rows_and_repeat_their_header() {
    let l = layout(&table_doc(150)).unwrap();
    assert!(l.pages.len() >= 3);
    let mut seen = Vec::new();
    for page in &l.pages {
        let b = body(page);
        let rows: Vec<&String> = b
            .iter()
            .map(|(_, t)| t)
            .filter(|t| t.starts_with("Rôle"))
            .collect();
        if rows.is_empty() {
            continue;
        }
        // The header is on the page, above the first row.
        let header_y = b
            .iter()
            .find(|(_, t)| t == "Fonction")
            .map(|(y, _)| *y)
            .expect("header repeated");
        let first_row_y = b
            .iter()
            .find(|(_, t)| t.starts_with("Rôle"))
            .map(|(y, _)| *y)
            .unwrap();
        assert!(header_y > first_row_y);
        // Each row's two cells are on the same page.
        for r in &rows {
            let n = r.trim_start_matches("Rôle ");
            assert!(
                b.iter().any(|(_, t)| t.ends_with(&format!(" {n:0>2}"))),
                "row {n} split"
            );
        }
        seen.extend(rows.into_iter().cloned());
    }
    let expected: Vec<String> = (0..150).map(|i| format!("Rôle {i}")).collect();
    assert_eq!(seen, expected);
}

fn sheet(anchor: &str, lines: usize) -> Block {
    Block::Sheet {
        anchor: anchor.into(),
        title: format!("Fiche {anchor}"),
        outline: true,
        blocks: vec![Block::List {
            kind: ListKind::Check,
            items: (0..lines)
                .map(|i| vec![para(&format!("Action {i} : {LOREM}"))])
                .collect(),
        }],
        source: Some(format!("reflexes/{anchor}.yaml:3:1")),
    }
}

#[test]
fn sheets_start_a_page_and_report_overflow() {
    let doc = Document {
        meta: meta(),
        blocks: vec![
            para("Avant"),
            sheet("courte", 5),
            sheet("longue", 40),
            sheet("suivante", 3),
        ],
    };
    let l = layout(&doc).unwrap();
    let (p1, _) = l.anchors["courte"];
    let (p2, _) = l.anchors["longue"];
    let (p3, _) = l.anchors["suivante"];
    assert_eq!(p1, 1, "a sheet starts a new page");
    assert_eq!(p2, p1 + 1);
    assert!(p3 >= p2 + 2);
    assert_eq!(
        l.overflows,
        vec![Overflow {
            anchor: "longue".into(),
            source: Some("reflexes/longue.yaml:3:1".into()),
            pages: p3 - p2
        }]
    );
    let cont = body(&l.pages[p2 + 1]);
    assert_eq!(cont[0].1, "Fiche longue (suite)");
    // A sheet that fits is not continued.
    assert!(
        !texts(&l.pages[p1 + 1])
            .iter()
            .any(|(_, t)| t.contains("courte"))
    );
}

#[test]
fn contents_numbers_match_the_anchors_and_link_to_them() {
    let mut blocks = vec![
        Block::Cover {
            title: "Plan".into(),
            subtitle: "".into(),
            lines: vec![],
            note: "".into(),
        },
        Block::Toc,
    ];
    for c in 0..6 {
        blocks.push(heading(1, &format!("Chapitre {c}"), &format!("c{c}")));
        for _ in 0..(c * 9) {
            blocks.push(para(LOREM));
        }
        blocks.push(heading(2, &format!("Section {c}.1"), &format!("s{c}")));
        blocks.push(para(LOREM));
    }
    let l = layout(&Document {
        meta: meta(),
        blocks,
    })
    .unwrap();
    let toc = &l.pages[1];
    let t = texts(toc);
    for c in 0..6 {
        for (title, anchor) in [
            (format!("Chapitre {c}"), format!("c{c}")),
            (format!("Section {c}.1"), format!("s{c}")),
        ] {
            let (y, _) = t
                .iter()
                .find(|(_, s)| *s == title)
                .unwrap_or_else(|| panic!("{title} in contents"));
            let number = t
                .iter()
                .filter(|(yy, s)| (yy - y).abs() < 0.01 && s.chars().all(|c| c.is_ascii_digit()))
                .map(|(_, s)| s.clone())
                .next()
                .unwrap();
            assert_eq!(number, (l.anchors[&anchor].0 + 1).to_string(), "{title}");
            assert!(toc.items.iter().any(
                |i| matches!(i, Item::Link { target: Target::Internal(a), .. } if *a == anchor)
            ));
        }
    }
    assert!(l.pages[l.anchors["c5"].0].items.len() > 3);
    assert!(l.broken_links.is_empty());
}

#[test]
fn running_texts_skip_the_cover_and_count_pages() {
    let mut blocks = vec![Block::Cover {
        title: "Plan".into(),
        subtitle: "".into(),
        lines: vec![],
        note: "".into(),
    }];
    blocks.extend((0..80).map(|_| para(LOREM)));
    let l = layout(&Document {
        meta: meta(),
        blocks,
    })
    .unwrap();
    let n = l.pages.len();
    assert!(n >= 3);
    assert!(
        !texts(&l.pages[0])
            .iter()
            .any(|(_, t)| t.starts_with("page "))
    );
    let footer = format!("page 3 / {n}");
    assert!(texts(&l.pages[2]).iter().any(|(_, t)| *t == footer));
    assert!(
        texts(&l.pages[2])
            .iter()
            .any(|(_, t)| t == "DIFFUSION RESTREINTE")
    );
}

#[test]
fn no_text_runs_off_the_text_block() {
    let l = layout(&table_doc(60)).unwrap();
    let fonts = crate::font::fonts().unwrap();
    for page in &l.pages {
        for item in &page.items {
            if let Item::Text {
                x,
                font,
                size,
                text,
                y,
                ..
            } = item
            {
                let w = fonts.width(*font, *size, text);
                assert!(
                    *x >= flow::MARGIN_X - 0.01 && x + w <= PAGE_WIDTH - flow::MARGIN_X + 0.01,
                    "{text}"
                );
                assert!(*y > 20.0 && *y < PAGE_HEIGHT - 20.0);
            }
        }
    }
}

#[test]
fn dump_is_stable() {
    let doc = Document {
        meta: meta(),
        blocks: vec![
            heading(1, "Objet", "objet"),
            Block::Paragraph(vec![
                Inline::text("Appeler le "),
                Inline::bold("15"),
                Inline::text(" puis consulter l’"),
                Inline::Link {
                    text: "annuaire".into(),
                    target: Target::Internal("objet".into()),
                    style: crate::Style::default(),
                },
                Inline::text("."),
            ]),
            Block::List {
                kind: ListKind::Check,
                items: vec![vec![para("Isoler le poste.")]],
            },
            Block::Callout {
                style: crate::CalloutStyle::Warning,
                title: "NE PAS FAIRE".into(),
                blocks: vec![para("Éteindre le serveur.")],
            },
        ],
    };
    let dump = dump(&layout(&doc).unwrap().pages);
    let expected = include_str!("snapshots/small.dump");
    if dump != expected && std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/layout/snapshots/small.dump"
        );
        std::fs::write(path, &dump).unwrap();
        return;
    }
    assert_eq!(dump, expected, "run with UPDATE_SNAPSHOTS=1 to accept");
}

#[test]
fn a_row_taller_than_a_page_breaks_across_pages() {
    // A role held by 150 people: the cell is 150 lines, three pages' worth.
    let holders: Vec<Inline> = (0..150)
        .flat_map(|i| {
            [
                Inline::text(format!("Titulaire {i} 06 00 00 {i:02} 00")),
                Inline::LineBreak,
            ]
        })
        .collect();
    let blocks = vec![
        para(LOREM),
        Block::Table {
            columns: vec![
                Column {
                    title: "Rôle".into(),
                    weight: 1.0,
                    align: Align::Left,
                },
                Column {
                    title: "Titulaires".into(),
                    weight: 2.0,
                    align: Align::Left,
                },
            ],
            rows: vec![
                vec![vec![Inline::text("Agent")], vec![Inline::text("Un seul")]],
                vec![vec![Inline::text("Soignant")], holders],
                vec![
                    vec![Inline::text("Fin")],
                    vec![Inline::text("Dernière ligne")],
                ],
            ],
        },
    ];
    let l = layout(&Document {
        meta: meta(),
        blocks,
    })
    .unwrap();
    assert!(l.pages.len() >= 3, "{} pages", l.pages.len());
    let mut seen = 0;
    for page in &l.pages {
        for (y, text) in texts(page) {
            // Every baseline on the page, in the body or on the running header/footer lines.
            let running = (y - 34.0).abs() < 0.1 || (y - (PAGE_HEIGHT - 40.0)).abs() < 0.1;
            assert!(
                running || (y > 62.0 && y < PAGE_HEIGHT - 68.0),
                "{text:?} at {y}"
            );
            seen += usize::from(text.starts_with("Titulaire "));
        }
        // Each continuation page starts with the repeated header.
        assert!(
            body(page)
                .first()
                .is_some_and(|(_, t)| t == "Rôle" || t.starts_with("La cellule"))
        );
    }
    assert_eq!(seen, 150, "every holder printed once");
    assert!(
        l.pages
            .iter()
            .any(|p| body(p).iter().any(|(_, t)| t == "Dernière ligne"))
    );
}

#[test]
fn labels_and_key_values_keep_together_and_chapters_leave_no_empty_page() {
    for filler in 40..52 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("Ligne {i}"))).collect();
        // A run-in label (a paragraph all in bold) stays with what follows.
        blocks.push(Block::Paragraph(vec![Inline::bold("Kit papier")]));
        blocks.push(para(LOREM));
        // An obligation's key–value block is read as one.
        blocks.push(Block::KeyValue(vec![
            ("Délai".into(), vec![Inline::text("72 h")]),
            ("Destinataire".into(), vec![Inline::text("ARS")]),
            ("Canal".into(), vec![Inline::text("portail national")]),
        ]));
        let l = layout(&Document {
            meta: meta(),
            blocks,
        })
        .unwrap();
        for page in &l.pages {
            let b = body(page);
            assert_ne!(
                b.last().map(|(_, t)| t.as_str()),
                Some("Kit papier"),
                "filler {filler}"
            );
            let kv = b
                .iter()
                .filter(|(_, t)| ["Délai", "Destinataire", "Canal"].contains(&t.as_str()));
            assert!(
                matches!(kv.count(), 0 | 3),
                "key–value block split (filler {filler}): {b:?}"
            );
        }
    }
    // A chapter heading followed by a sheet: the sheet goes on under it, no page holds the heading alone.
    let blocks = vec![
        para("Avant"),
        Block::PageBreak,
        heading(1, "Fiches réflexes", "reflexes"),
        Block::Sheet {
            anchor: "s".into(),
            title: "Premiers gestes".into(),
            outline: true,
            blocks: vec![para(LOREM)],
            source: None,
        },
    ];
    let l = layout(&Document {
        meta: meta(),
        blocks,
    })
    .unwrap();
    assert_eq!(l.pages.len(), 2);
    assert_eq!(l.anchors["reflexes"].0, l.anchors["s"].0);
}

#[test]
fn a_short_tail_is_not_left_alone_on_a_page() {
    // One-line paragraphs then a forced break: whatever the count, the page before the break never holds
    // only one or two lines when the previous page could give some.
    for filler in 34..42 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("Ligne {i}"))).collect();
        blocks.push(Block::PageBreak);
        blocks.push(para("Chapitre suivant"));
        let l = layout(&Document {
            meta: meta(),
            blocks,
        })
        .unwrap();
        let tail = &l.pages[l.pages.len() - 2];
        let n = body(tail).len();
        assert!(
            l.pages.len() == 2 || n >= 3,
            "filler {filler}: tail page of {n} lines"
        );
    }
}

#[test]
fn contents_leave_no_page_holding_only_a_few_entries() {
    // Contents of one chapter and n sections: when they run a little over a page, the second page holds at
    // least four entries, never one to three.
    let mut seen = BTreeMap::new();
    for n in 36..52 {
        let mut blocks = vec![Block::Toc, heading(1, "Chapitre", "c")];
        for i in 0..n {
            blocks.push(heading(2, &format!("Section {i}"), &format!("s{i}")));
            blocks.push(para(LOREM));
        }
        let l = layout(&Document {
            meta: meta(),
            blocks,
        })
        .unwrap();
        // The contents end their page; the chapter starts the next one.
        let per_page: Vec<usize> = l.pages[..l.anchors["c"].0]
            .iter()
            .map(|p| {
                body(p)
                    .iter()
                    .filter(|(_, t)| t.starts_with("Section"))
                    .count()
            })
            .collect();
        assert_eq!(per_page.iter().sum::<usize>(), n, "{n}: {per_page:?}");
        assert!(
            per_page.iter().all(|&k| k == 0 || k >= 4) || per_page.len() == 1,
            "{n} sections: contents pages hold {per_page:?}"
        );
        seen.insert(per_page.len(), n);
    }
    // The range covers contents of one page and of two.
    assert!(seen.contains_key(&1) && seen.contains_key(&2), "{seen:?}");
}

#[test]
fn a_heading_goes_over_with_its_intro_and_the_first_lines_after() {
    let kv = Block::KeyValue(
        ["Responsable", "Applications", "RTO", "RPO"]
            .iter()
            .map(|k| (k.to_string(), vec![Inline::text("valeur")]))
            .collect(),
    );
    let list = Block::List {
        kind: ListKind::Check,
        items: (0..6).map(|_| vec![para(LOREM)]).collect(),
    };
    for filler in 30..52 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("Ligne {i}"))).collect();
        blocks.push(heading(2, "Fonction", "f"));
        blocks.push(Block::Paragraph(vec![Inline::italic("Criticité : vitale")]));
        blocks.push(heading(3, "Procédure", "p"));
        blocks.push(para(LOREM));
        blocks.push(kv.clone());
        blocks.push(list.clone());
        let l = layout(&Document {
            meta: meta(),
            blocks,
        })
        .unwrap();
        let (page, _) = l.anchors["f"];
        let b = body(&l.pages[page]);
        assert_eq!(l.anchors["p"].0, page, "filler {filler}: {b:?}");
        assert!(
            b.iter().any(|(_, t)| t == "Responsable"),
            "filler {filler}: the heading's page lacks the details: {b:?}"
        );
    }
}

/// A one-column table: a form's blank, its label as the header and `rows` empty lines to write on.
fn blank(label: &str, rows: usize) -> Block {
    Block::Table {
        columns: vec![Column {
            title: label.into(),
            weight: 1.0,
            align: Align::Left,
        }],
        rows: vec![vec![Vec::new()]; rows],
    }
}

#[test]
fn a_greeting_a_role_label_and_a_blank_stay_with_what_follows() {
    let bold_link = Block::Paragraph(vec![
        Inline::Link {
            text: "Rôle — Directeur de crise".into(),
            target: Target::Internal("role-dir".into()),
            style: crate::Style {
                bold: true,
                ..crate::Style::default()
            },
        },
        Inline::text("\u{a0}→\u{a0}p.\u{a0}"),
        Inline::PageRef {
            anchor: "role-dir".into(),
            style: crate::Style::default(),
        },
    ]);
    // Every offset on a page of one-line paragraphs (about 36 a page).
    for filler in 0..40 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("Ligne {i}"))).collect();
        blocks.push(para("Madame, Monsieur,"));
        blocks.push(para(LOREM));
        blocks.push(bold_link.clone());
        blocks.push(para(LOREM));
        blocks.push(blank("Besoins", 3));
        blocks.push(para(LOREM));
        let l = layout(&Document {
            meta: meta(),
            blocks,
        })
        .unwrap();
        for page in &l.pages {
            let b = body(page);
            let bottom = b.last().map_or(0.0, |(y, _)| *y);
            let last: Vec<&str> = b
                .iter()
                .filter(|(y, _)| *y == bottom)
                .map(|(_, t)| t.as_str())
                .collect();
            assert!(
                !last
                    .iter()
                    .any(|t| ["Madame, Monsieur,", "Rôle — Directeur de crise"].contains(t)),
                "filler {filler}: {b:?}"
            );
            // The blank is read as one: never split, so never continued.
            assert!(
                b.iter().all(|(_, t)| !t.contains("(suite)")),
                "filler {filler}: {b:?}"
            );
        }
    }
}

#[test]
fn a_long_one_column_table_says_it_goes_on() {
    let l = layout(&Document {
        meta: meta(),
        blocks: vec![blank("Main courante", 80)],
    })
    .unwrap();
    assert!(l.pages.len() >= 2);
    let second = body(&l.pages[1]);
    assert_eq!(
        second.first().map(|(_, t)| t.as_str()),
        Some("Main courante (suite)")
    );
}

#[test]
fn a_run_of_headings_taller_than_a_page_breaks_as_usual() {
    // Nothing but headings: a keep-with-next run that never ends. The run is let go past a quarter page, so
    // layout ends, every heading is printed once, and the pages are full.
    let blocks: Vec<Block> = (0..120)
        .map(|i| heading(3, &format!("Titre {i}"), &format!("t{i}")))
        .collect();
    let l = layout(&Document {
        meta: meta(),
        blocks,
    })
    .unwrap();
    assert_eq!(l.anchors.len(), 120);
    let full = layout(&Document {
        meta: meta(),
        blocks: (0..120).map(|i| para(&format!("Titre {i}"))).collect(),
    })
    .unwrap();
    assert!(
        l.pages.len() <= full.pages.len() + 2,
        "{} pages",
        l.pages.len()
    );
}

#[test]
fn page_numbers_are_filled_in_and_their_line_closes_up() {
    // A reference on page 1 to a heading pushed to page 3, followed on its line by more text.
    let mut blocks = vec![Block::Paragraph(vec![
        Inline::text("Voir\u{a0}p.\u{a0}"),
        Inline::PageRef {
            anchor: "loin".into(),
            style: crate::Style::default(),
        },
        Inline::text(", puis la suite."),
        Inline::text(" Et\u{a0}p.\u{a0}"),
        Inline::PageRef {
            anchor: "absent".into(),
            style: crate::Style::default(),
        },
    ])];
    blocks.push(Block::PageBreak);
    blocks.push(para("Deux"));
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, "Loin", "loin"));
    let doc = Document {
        meta: meta(),
        blocks,
    };
    let l = layout(&doc).unwrap();
    assert_eq!(l.anchors["loin"].0, 2);
    let fonts = crate::font::fonts().unwrap();
    let runs: Vec<(f32, String, f32)> = l.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                x,
                text,
                font,
                size,
                y,
                ..
            } if *y > 100.0 && *y < PAGE_HEIGHT - 60.0 => {
                Some((*x, text.clone(), fonts.width(*font, *size, text)))
            }
            _ => None,
        })
        .collect();
    let number = runs
        .iter()
        .position(|r| r.1 == "3")
        .expect("the page number");
    let (x, _, w) = &runs[number];
    let next = &runs[number + 1];
    assert!(next.1.starts_with(", puis"), "{runs:?}");
    assert!(
        (next.0 - (x + w)).abs() < 0.01,
        "no gap after the number: {runs:?}"
    );
    assert!(runs.iter().any(|r| r.1 == "?"), "a missing anchor prints ?");
    assert!(
        !l.pages
            .iter()
            .flat_map(|p| &p.items)
            .any(|i| matches!(i, Item::PageRef { .. }))
    );
}

#[test]
fn a_typesetter_measures_what_layout_paginates() {
    let mut ts = Typesetter::new();
    for n in [10, 19, 20, 21, 22, 23, 24, 40, 120] {
        let doc = Document {
            meta: meta(),
            blocks: (0..n)
                .map(|i| para(&format!("Ligne {i} — {LOREM}")))
                .collect(),
        };
        let pages = layout(&doc).unwrap().pages.len();
        assert_eq!(
            ts.fits_one_page(&doc).unwrap(),
            pages == 1,
            "{n} paragraphs"
        );
        assert_eq!(
            ts.layout(&doc).unwrap(),
            layout(&doc).unwrap(),
            "{n} paragraphs"
        );
    }
}

#[test]
fn labels_and_narrow_columns_break_at_spaces() {
    // Long labels beside numbers: the labels take the room the numbers leave and are never hyphenated.
    let kv = Block::KeyValue(vec![
        (
            "CERT Santé (Agence du numérique en santé)".into(),
            vec![Inline::bold("09 72 43 91 25")],
        ),
        (
            "ARS Auvergne-Rhône-Alpes — point focal régional de veille et d'alerte".into(),
            vec![Inline::bold("04 74 00 90 10")],
        ),
    ]);
    // A narrow "Qui" column holds its longest word whole.
    let columns = ["Délai", "Action", "Qui", "Obligation", "Échéance"]
        .iter()
        .zip([0.8, 4.2, 1.0, 1.6, 1.2])
        .map(|(t, weight)| Column {
            title: t.to_string(),
            weight,
            align: Align::Left,
        })
        .collect();
    let row = |who: &str| {
        vec![
            vec![Inline::text("24 h")],
            vec![Inline::text(LOREM)],
            vec![Inline::text(who)],
            vec![Inline::text("Déclaration du sinistre à l'assureur cyber")],
            vec![],
        ]
    };
    let l = layout(&Document {
        meta: meta(),
        blocks: vec![
            kv,
            Block::Table {
                columns,
                rows: vec![
                    row("Administrateur de garde"),
                    row("Secrétaire de la cellule de crise"),
                ],
            },
        ],
    })
    .unwrap();
    let b = body(&l.pages[0]);
    let texts: Vec<&str> = b.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        texts.contains(&"CERT Santé (Agence du numérique en santé)"),
        "{texts:?}"
    );
    for word in [
        "Administrateur",
        "Secrétaire",
        "cellule",
        "Déclaration",
        "l'assureur",
    ] {
        assert!(
            texts
                .iter()
                .any(|t| t.split_whitespace().any(|w| w == word)),
            "{word} not whole: {texts:?}"
        );
    }
}

#[test]
fn keys_of_key_values_are_never_hyphenated() {
    // The long words fall at a line's end somewhere among these prefixes.
    for prefix in [
        "",
        "A ",
        "Ab ",
        "Abc ",
        "Abcd ",
        "Abcde ",
        "Abcdef ",
        "Abcdefg ",
        "Abcdefgh ",
    ] {
        let key = format!(
            "{prefix}CERT Santé (Agence du numérique en santé), département de la cybersécurité"
        );
        let doc = Document {
            meta: meta(),
            blocks: vec![Block::KeyValue(vec![
                (key, vec![Inline::text("09 72 43 91 25")]),
                ("SAMU".into(), vec![Inline::text("15")]),
            ])],
        };
        let l = layout(&doc).unwrap();
        let lines = body(&l.pages[0]);
        assert!(lines.len() > 3, "the key wraps: {lines:?}");
        for (_, t) in &lines {
            assert!(
                !t.ends_with(['\u{ad}', '-']),
                "hyphenated key line {t:?} in {lines:?}"
            );
        }
    }
}

/// A binder long enough to be laid out in parts: a cover, the contents, chapters separated by page breaks,
/// runs of sheets, a table, references forward and back across parts — and, when `glued`, a chapter heading
/// right before a page break (kept with what follows: that cut is not a fresh start).
fn long_binder(glued: bool) -> Document {
    let reference = |anchor: &str| {
        Block::Paragraph(vec![
            Inline::text("Voir\u{a0}p.\u{a0}"),
            Inline::PageRef {
                anchor: anchor.into(),
                style: crate::Style::default(),
            },
            Inline::text(format!(" ({LOREM})")),
        ])
    };
    let mut blocks = vec![
        Block::Cover {
            title: "Plan blanc".into(),
            subtitle: "CH Essai".into(),
            lines: Vec::new(),
            note: String::new(),
        },
        Block::Toc,
    ];
    for chapter in 0..6 {
        blocks.push(Block::PageBreak);
        blocks.push(heading(
            1,
            &format!("Chapitre {chapter}"),
            &format!("ch{chapter}"),
        ));
        blocks.push(reference(&format!("s{}-0", (chapter + 3) % 6)));
        blocks.extend((0..12).map(|i| para(&format!("{i}. {LOREM} {LOREM}"))));
        blocks.extend((0..6).map(|s| sheet(&format!("s{chapter}-{s}"), 4 + (s * 7) % 13)));
        if glued && chapter == 3 {
            blocks.push(Block::PageBreak);
            blocks.push(heading(1, "Annexe collée", "collee"));
        }
    }
    blocks.push(Block::PageBreak);
    blocks.extend(table_doc(120).blocks);
    Document {
        meta: meta(),
        blocks,
    }
}

#[test]
fn a_binder_laid_out_in_parts_is_laid_out_as_in_one_piece() {
    let fonts = fonts().unwrap();
    for glued in [false, true] {
        let doc = long_binder(glued);
        let cuts = parts(&doc.blocks);
        assert!(cuts.len() > 1, "cut into parts: {cuts:?}");
        let covered: usize = cuts.iter().map(|r| r.len()).sum();
        assert_eq!(
            covered,
            doc.blocks.len(),
            "the parts cover every block once"
        );
        let whole = layout_whole(&doc, 3, fonts);
        let parted = layout_parts(&doc, &cuts, 3, fonts);
        if glued {
            // Cut right after the glued heading's page break: the heading is kept with what follows, so that
            // part does not end on a fresh start and the cut is refused.
            let k = doc
                .blocks
                .iter()
                .position(|b| matches!(b, Block::Heading { anchor, .. } if anchor == "collee"))
                .unwrap();
            let at = k + 2;
            assert!(matches!(doc.blocks[at - 1], Block::PageBreak));
            let cut = [0..at, at..doc.blocks.len()];
            assert!(layout_parts(&doc, &cut, 3, fonts).is_none());
        } else {
            let (layout, refs) = parted.expect("every cut is a fresh start");
            assert_eq!(refs, whole.1);
            assert_eq!(layout.pages.len(), whole.0.pages.len());
            assert_eq!(dump(&layout.pages), dump(&whole.0.pages));
            assert_eq!(layout, whole.0);
        }
        assert_eq!(layout_with(&doc, 3).unwrap(), whole);
    }
}
