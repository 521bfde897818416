//! A realistic French crisis-plan document, shared by the `sample` example and the tests.
#![allow(dead_code)]

use pbn_typeset::{
    Align, Block, CalloutStyle, Column, DateTime, Document, Inline, Labels, ListKind, Meta, Style,
    Target,
};

fn p(text: &str) -> Block {
    Block::Paragraph(vec![Inline::text(text)])
}

fn h(level: u8, text: &str, anchor: &str) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        anchor: anchor.into(),
        outline: level <= 2,
    }
}

fn items(kind: ListKind, texts: &[&str]) -> Block {
    Block::List {
        kind,
        items: texts.iter().map(|t| vec![p(t)]).collect(),
    }
}

fn col(title: &str, weight: f32, align: Align) -> Column {
    Column {
        title: title.into(),
        weight,
        align,
    }
}

fn cell(text: &str) -> Vec<Inline> {
    vec![Inline::text(text)]
}

/// Metadata of the sample plan.
pub fn meta() -> Meta {
    Meta {
        title: "Plan blanc numérique — Centre hospitalier de Valmont".into(),
        subject: "Volet cyber du plan de gestion des tensions et des situations sanitaires exceptionnelles".into(),
        author: "Cellule de crise du CH de Valmont".into(),
        lang: "fr".into(),
        header_left: "Centre hospitalier de Valmont — Plan blanc numérique".into(),
        header_right: "DIFFUSION RESTREINTE".into(),
        footer_left: "Version 2.3 du 2 novembre 2026".into(),
        footer_right: "empreinte 8f3c2a91d4e7".into(),
        creation_date: Some(DateTime { year: 2026, month: 11, day: 2, hour: 9, minute: 30, second: 0 }),
        labels: Labels::default(),
    }
}

fn cover() -> Block {
    Block::Cover {
        title: "Plan blanc numérique".into(),
        subtitle: "Volet cyber — gestion de crise d’une cyberattaque".into(),
        lines: vec![
            ("Établissement".into(), "Centre hospitalier de Valmont".into()),
            ("FINESS".into(), "750\u{A0}000\u{A0}001".into()),
            ("Version".into(), "2.3".into()),
            ("Date".into(), "2 novembre 2026".into()),
            ("Classification".into(), "Diffusion restreinte".into()),
            ("Empreinte".into(), "sha256:8f3c2a91d4e7b05c6a1f".into()),
        ],
        note: "Document à usage interne. À conserver en version papier dans la salle de la cellule de crise \
               et au standard : il doit rester utilisable quand tous les écrans sont noirs."
            .into(),
    }
}

fn intro() -> Vec<Block> {
    vec![
        h(1, "1. Objet et périmètre", "objet"),
        p(
            "Ce plan décrit l’organisation du Centre hospitalier de Valmont face à une cyberattaque \
           qui rend indisponible tout ou partie du système d’information\u{A0}: dossier patient, \
           prescription, laboratoire, imagerie, messagerie et téléphonie. Il complète le plan blanc \
           de l’établissement et s’appuie sur les fiches réflexes de la partie\u{A0}4.",
        ),
        p(
            "Il s’adresse à la direction, à la cellule de crise, aux cadres de santé et aux équipes \
           techniques. Chaque fiche tient sur une page afin d’être photocopiée et affichée dans les \
           services dès le déclenchement.",
        ),
        Block::Paragraph(vec![
            Inline::text("Les décisions prises sont consignées dans la "),
            Inline::Link {
                text: "main courante".into(),
                target: Target::Internal("main-courante".into()),
                style: Style::default(),
            },
            Inline::text(" (partie\u{A0}6) et les contacts figurent dans l’"),
            Inline::Link {
                text: "annuaire de crise".into(),
                target: Target::Internal("annuaire".into()),
                style: Style {
                    bold: true,
                    ..Style::default()
                },
            },
            Inline::text(
                ". Le mot «\u{A0}anticonstitutionnellement\u{A0}» n’a rien à faire ici, mais il éprouve la césure.",
            ),
        ]),
        h(2, "1.1 Principes", "principes"),
        items(
            ListKind::Bullet,
            &[
                "Protéger les patients d’abord : la continuité des soins prime sur la restauration du système d’information.",
                "Isoler avant de comprendre : déconnecter les équipements suspects du réseau sans les éteindre.",
                "Tracer chaque décision, son heure et son auteur dans la main courante.",
                "Communiquer par des canaux qui ne dépendent pas du système d’information attaqué.",
            ],
        ),
        Block::Callout {
            style: CalloutStyle::Warning,
            title: "NE PAS FAIRE".into(),
            blocks: vec![items(
                ListKind::Bullet,
                &[
                    "Ne pas éteindre les serveurs ni les postes infectés : la mémoire contient des traces utiles à l’enquête.",
                    "Ne pas payer de rançon ni entrer en contact avec les attaquants.",
                    "Ne pas reconnecter un équipement avant l’accord écrit du responsable de la sécurité.",
                ],
            )],
        },
        h(2, "1.2 Déclenchement", "declenchement"),
        p(
            "Le plan est déclenché par le directeur de garde, sur alerte du responsable de la sécurité \
           des systèmes d’information (RSSI) ou de l’administrateur de garde. Le déclenchement est \
           notifié à l’ARS, au CERT Santé et, en cas d’atteinte aux données personnelles, à la CNIL \
           dans les 72\u{A0}heures.",
        ),
        Block::List {
            kind: ListKind::Ordered,
            items: vec![
                vec![p(
                    "Qualifier l’incident avec le RSSI : périmètre, heure de découverte, premiers symptômes.",
                )],
                vec![p(
                    "Réunir la cellule de crise dans la salle de repli, avec les classeurs papier.",
                )],
                vec![
                    p("Décider du passage en mode dégradé pour les services concernés :"),
                    items(
                        ListKind::Bullet,
                        &[
                            "urgences et SAMU ;",
                            "bloc opératoire ;",
                            "laboratoire et pharmacie.",
                        ],
                    ),
                ],
                vec![p("Notifier les autorités et ouvrir la main courante.")],
            ],
        },
        Block::Callout {
            style: CalloutStyle::Note,
            title: "À savoir".into(),
            blocks: vec![p(
                "Les numéros utiles 24\u{A0}h/24 sont repris sur chaque fiche réflexe : \
                            l’annuaire électronique sera sans doute inaccessible.",
            )],
        },
    ]
}

fn chronology() -> Vec<Block> {
    let rows = [
        (
            "T0",
            "Découverte de l’incident, alerte de l’administrateur de garde",
            "Agent du service",
        ),
        (
            "T0 + 15 min",
            "Qualification, décision d’isoler les segments touchés",
            "RSSI, administrateur",
        ),
        (
            "T0 + 30 min",
            "Déclenchement du plan blanc numérique",
            "Directeur de garde",
        ),
        (
            "T0 + 1 h",
            "Réunion de la cellule de crise, ouverture de la main courante",
            "Cellule de crise",
        ),
        (
            "T0 + 2 h",
            "Déclaration au CERT Santé et à l’ARS",
            "Directeur, RSSI",
        ),
        (
            "T0 + 4 h",
            "Point de situation, passage en procédures dégradées",
            "Cellule de crise",
        ),
        ("T0 + 24 h", "Dépôt de plainte, premier bilan", "Direction"),
        (
            "T0 + 72 h",
            "Notification à la CNIL si des données personnelles sont atteintes",
            "DPO",
        ),
    ];
    vec![
        Block::PageBreak,
        h(1, "2. Chronologie des premières heures", "chronologie"),
        p(
            "Le tableau suivant fixe les délais cibles ; l’heure réelle de chaque étape est notée dans la main courante.",
        ),
        Block::Table {
            columns: vec![
                col("Délai", 1.0, Align::Left),
                col("Action", 3.2, Align::Left),
                col("Responsable", 1.6, Align::Left),
            ],
            rows: rows
                .iter()
                .map(|(a, b, c)| vec![cell(a), cell(b), cell(c)])
                .collect(),
        },
        h(2, "2.1 Cellule de crise", "cellule"),
        Block::KeyValue(vec![
            (
                "Directeur de crise".into(),
                cell("Directeur général ou directeur de garde"),
            ),
            (
                "Coordination médicale".into(),
                cell("Président de la CME ou médecin d’astreinte"),
            ),
            (
                "Systèmes d’information".into(),
                cell("DSI et RSSI, prestataire d’infogérance en renfort"),
            ),
            (
                "Communication".into(),
                cell(
                    "Chargée de communication ; aucune déclaration publique sans accord du directeur de crise",
                ),
            ),
            (
                "Logistique".into(),
                cell(
                    "Directeur des services économiques : papier, imprimantes autonomes, coursiers",
                ),
            ),
            (
                "Lieu".into(),
                cell("Salle de repli du bâtiment B, rez-de-chaussée (clé au standard)"),
            ),
        ]),
    ]
}

fn directory(rows: usize) -> Vec<Block> {
    let roles = [
        "Directeur de garde",
        "Administrateur de garde",
        "RSSI",
        "DSI",
        "Président de la CME",
        "Cadre de santé de garde",
        "Standard",
        "Sécurité incendie",
        "Pharmacie",
        "Laboratoire",
        "Imagerie",
        "Urgences",
        "SAMU",
        "ARS — point focal",
        "CERT Santé",
        "Prestataire d’infogérance",
        "Fournisseur d’accès",
        "Gendarmerie",
        "Préfecture — permanence",
        "Communication",
    ];
    let table_rows = (0..rows)
        .map(|i| {
            let role = roles[i % roles.len()];
            vec![
                cell(role),
                cell(&format!(
                    "Titulaire n°\u{A0}{} — {}",
                    i / roles.len() + 1,
                    [
                        "M. Martin",
                        "Mme Bernard",
                        "Dr Petit",
                        "M. Durand",
                        "Mme Lefèvre"
                    ][i % 5]
                )),
                vec![Inline::mono(format!(
                    "01\u{A0}23\u{A0}45\u{A0}{:02}\u{A0}{:02}",
                    i % 100,
                    (i * 7) % 100
                ))],
                cell(if i % 3 == 0 {
                    "24 h/24"
                } else {
                    "Heures ouvrées, astreinte le soir"
                }),
            ]
        })
        .collect();
    vec![
        Block::PageBreak,
        h(1, "3. Annuaire de crise", "annuaire"),
        p(
            "Numéros à appeler depuis un poste analogique ou un téléphone mobile ; ils ne dépendent pas de l’autocommutateur principal.",
        ),
        Block::Table {
            columns: vec![
                col("Fonction", 2.0, Align::Left),
                col("Titulaire", 2.2, Align::Left),
                col("Téléphone", 1.5, Align::Left),
                col("Disponibilité", 1.6, Align::Left),
            ],
            rows: table_rows,
        },
        h(2, "3.1 Applications critiques", "applications"),
        Block::Table {
            columns: vec![
                col("Application", 2.0, Align::Left),
                col("Usage", 3.0, Align::Left),
                col("RTO", 0.8, Align::Right),
                col("RPO", 0.8, Align::Right),
            ],
            rows: [
                (
                    "Dossier patient",
                    "Observations, prescriptions, plans de soins",
                    "4 h",
                    "1 h",
                ),
                (
                    "Laboratoire (SIL)",
                    "Résultats d’analyses, validation biologique",
                    "4 h",
                    "15 min",
                ),
                ("PACS", "Images radiologiques, comptes rendus", "8 h", "4 h"),
                (
                    "Gestion administrative",
                    "Admissions, identito-vigilance",
                    "24 h",
                    "4 h",
                ),
                (
                    "Messagerie",
                    "Courriels internes et externes",
                    "48 h",
                    "24 h",
                ),
                (
                    "Pharmacie",
                    "Dispensation, stocks, traçabilité",
                    "8 h",
                    "1 h",
                ),
            ]
            .iter()
            .map(|(a, b, c, d)| vec![cell(a), cell(b), cell(c), cell(d)])
            .collect(),
        },
    ]
}

fn sheet(n: usize, long: bool) -> Block {
    let titles = [
        "Découverte d’un rançongiciel sur un poste",
        "Isoler un service du réseau",
        "Passer les urgences en mode dégradé",
        "Laboratoire sans système d’information",
        "Pharmacie : dispensation sur papier",
        "Imagerie sans PACS",
        "Communication interne sans messagerie",
        "Relations avec la presse",
        "Déconnecter les accès distants",
        "Retour à la normale",
    ];
    let title = format!("Fiche réflexe {} — {}", n + 1, titles[n % titles.len()]);
    let mut actions: Vec<&str> = vec![
        "Ne pas éteindre le poste ; débrancher le câble réseau et désactiver le Wi-Fi.",
        "Noter l’heure, le nom du poste et le message affiché.",
        "Prévenir l’administrateur de garde au 01\u{A0}23\u{A0}45\u{A0}67\u{A0}89.",
        "Basculer le service sur les procédures papier du classeur rouge.",
        "Informer le cadre de santé et consigner l’action dans la main courante.",
    ];
    if long {
        actions.extend(std::iter::repeat_n(
            "Vérifier avec chaque équipe que les prescriptions en cours ont été recopiées sur papier, \
             puis faire contresigner la liste par le médecin responsable de l’unité.",
            16,
        ));
    }
    Block::Sheet {
        anchor: format!("fiche-{}", n + 1),
        title,
        outline: true,
        source: Some(format!("reflexes/fiche-{:02}.yaml:1:1", n + 1)),
        blocks: vec![
            Block::KeyValue(vec![
                (
                    "Qui".into(),
                    cell("Tout agent qui constate l’incident, puis l’administrateur de garde"),
                ),
                (
                    "Quand".into(),
                    cell(
                        "Dès le premier symptôme : écran de rançon, fichiers illisibles, lenteurs inhabituelles",
                    ),
                ),
                (
                    "Objectif".into(),
                    vec![
                        Inline::text("Contenir la propagation "),
                        Inline::bold("sans détruire les traces"),
                        Inline::text("."),
                    ],
                ),
            ]),
            h(3, "Actions", ""),
            Block::List {
                kind: ListKind::Check,
                items: actions.iter().map(|a| vec![p(a)]).collect(),
            },
            Block::Callout {
                style: CalloutStyle::Warning,
                title: "NE PAS FAIRE".into(),
                blocks: vec![items(
                    ListKind::Bullet,
                    &[
                        "Ne pas redémarrer le poste.",
                        "Ne pas brancher de clé USB pour « sauver » des fichiers.",
                    ],
                )],
            },
            h(3, "Numéros utiles 24 h/24", ""),
            Block::Table {
                columns: vec![
                    col("Qui", 2.0, Align::Left),
                    col("Numéro", 1.2, Align::Left),
                ],
                rows: vec![
                    vec![
                        cell("Administrateur de garde"),
                        vec![Inline::mono("01\u{A0}23\u{A0}45\u{A0}67\u{A0}89")],
                    ],
                    vec![
                        cell("RSSI (astreinte)"),
                        vec![Inline::mono("06\u{A0}12\u{A0}34\u{A0}56\u{A0}78")],
                    ],
                    vec![
                        cell("Standard (poste de repli)"),
                        vec![Inline::mono("01\u{A0}23\u{A0}45\u{A0}00\u{A0}00")],
                    ],
                ],
            },
        ],
    }
}

fn closing() -> Vec<Block> {
    vec![
        Block::CrisisLog {
            columns: vec![
                ("Heure".into(), 0.8),
                ("Qui".into(), 1.4),
                ("Quoi".into(), 3.0),
                ("Décision".into(), 2.2),
            ],
            pages: 2,
            title: "6. Main courante".into(),
            anchor: Some("main-courante".into()),
            fields: vec!["Date :".into(), "Rédacteur :".into()],
        },
        h(1, "7. Sources", "sources"),
        Block::Paragraph(vec![
            Inline::text("Guide de l’ANSSI et du ministère de la santé : "),
            Inline::Link {
                text: "https://cyber.gouv.fr/publications".into(),
                target: Target::External("https://cyber.gouv.fr/publications".into()),
                style: Style {
                    mono: true,
                    ..Style::default()
                },
            },
            Inline::text(". Référentiel plan blanc, version nationale 2026."),
        ]),
    ]
}

/// The sample plan: cover, contents, chapters, a long directory, `sheets` reflex sheets
/// (the third one too long for a page), two crisis-log pages.
pub fn sample(sheets: usize) -> Document {
    let mut blocks = vec![cover(), Block::Toc];
    blocks.extend(intro());
    blocks.extend(chronology());
    blocks.extend(directory(60));
    blocks.push(Block::PageBreak);
    blocks.push(h(1, "4. Fiches réflexes", "fiches"));
    blocks.push(p(
        "Chaque fiche tient sur une page ; elle peut être détachée et affichée dans le service.",
    ));
    for n in 0..sheets {
        blocks.push(sheet(n, n == 2));
    }
    blocks.extend(closing());
    Document {
        meta: meta(),
        blocks,
    }
}

/// A big plan for timing: the sample's chapters repeated `copies` times.
pub fn big(copies: usize) -> Document {
    let mut blocks = vec![cover(), Block::Toc];
    for c in 0..copies {
        let mut part = intro();
        part.extend(chronology());
        part.extend(directory(60));
        for n in 0..10 {
            part.push(sheet(n, false));
        }
        // Copy 0 keeps its anchors, so the text's internal links resolve.
        for b in &mut part {
            match b {
                Block::Heading { anchor, .. } | Block::Sheet { anchor, .. }
                    if c > 0 && !anchor.is_empty() =>
                {
                    *anchor = format!("{anchor}-{c}");
                }
                _ => {}
            }
        }
        blocks.extend(part);
    }
    blocks.extend(closing());
    Document {
        meta: meta(),
        blocks,
    }
}
