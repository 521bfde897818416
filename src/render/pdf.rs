//! View model → the typesetter's [`Document`] for `plan.pdf` and `cards.pdf`.
//!
//! Same content and order as the HTML (the view's `contents`): cover, contents, T0 chronology and obligations,
//! crisis cell, reflex sheets (one page each), functions, procedures by function, messages, directory,
//! applications and backups, exercises and action plan, blank crisis-log pages, sources, provenance. Markdown
//! fields become styled inlines through [`markdown::to_paras`]; layout and PDF writing belong to `pbn-typeset`.

use super::markdown::{self, Para, Span};
use super::view::{Link, Person, StepItem, View};
use pbn_typeset::{
    Align, Block, CalloutStyle, Column, DateTime, Document, Inline, Labels as TsLabels, ListKind,
    Meta, Style, Target,
};

fn span_inline(s: &Span) -> Inline {
    let style = Style {
        bold: s.bold,
        italic: s.italic,
        mono: s.code,
    };
    match &s.link {
        Some(l) if l.starts_with('#') => Inline::Link {
            text: s.text.clone(),
            target: Target::Internal(l[1..].to_string()),
            style,
        },
        Some(l) => Inline::Link {
            text: s.text.clone(),
            target: Target::External(l.clone()),
            style,
        },
        None => Inline::Text {
            text: s.text.clone(),
            style,
        },
    }
}

fn para_inlines(p: &Para) -> Vec<Inline> {
    p.spans.iter().map(span_inline).collect()
}

/// Markdown → blocks: paragraphs, and list items grouped into lists.
pub fn md_blocks(md: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for p in markdown::to_paras(md) {
        match &p.bullet {
            None => out.push(Block::Paragraph(para_inlines(&p))),
            Some(b) => {
                let kind = if b.ends_with('.') {
                    ListKind::Ordered
                } else {
                    ListKind::Bullet
                };
                let item = vec![Block::Paragraph(para_inlines(&p))];
                match out.last_mut() {
                    Some(Block::List { kind: k, items }) if *k == kind => items.push(item),
                    _ => out.push(Block::List {
                        kind,
                        items: vec![item],
                    }),
                }
            }
        }
    }
    out
}

/// Markdown → one run of inlines (paragraphs separated by line breaks), for table cells and list items.
pub fn md_inlines(md: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, p) in markdown::to_paras(md).iter().enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        if let Some(b) = &p.bullet {
            out.push(Inline::text(format!("{b} ")));
        }
        out.extend(para_inlines(p));
    }
    out
}

/// "Label : value" in French (non-breaking space before the colon), "Label: value" in English.
fn colon(view: &View) -> &'static str {
    if view.lang == "fr" { "\u{a0}: " } else { ": " }
}

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::text(s)]
}

fn link(l: &Link) -> Inline {
    match &l.anchor {
        Some(a) => Inline::Link {
            text: l.text.clone(),
            target: Target::Internal(a.clone()),
            style: Style::default(),
        },
        None => Inline::text(l.text.clone()),
    }
}

fn links(ls: &[Link]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, l) in ls.iter().enumerate() {
        if i > 0 {
            out.push(Inline::text(", "));
        }
        out.push(link(l));
    }
    out
}

fn person(p: &Person) -> Vec<Inline> {
    let mut out = vec![Inline::Link {
        text: p.name.clone(),
        target: Target::Internal(p.anchor.clone()),
        style: Style::default(),
    }];
    if let Some(ph) = &p.phone {
        out.push(Inline::text(" "));
        out.push(Inline::Text {
            text: ph.clone(),
            style: Style {
                bold: true,
                mono: !p.masked,
                ..Style::default()
            },
        });
    }
    out
}

fn heading(level: u8, text: &str, anchor: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_string(),
        anchor: anchor.to_string(),
        outline: level <= 2,
    }
}

fn col(title: &str, weight: f32) -> Column {
    Column {
        title: title.to_string(),
        weight,
        align: Align::Left,
    }
}

fn kv(label: &str, value: Vec<Inline>) -> (String, Vec<Inline>) {
    (label.to_string(), value)
}

/// Steps as a tick-box list: "text — who, within".
fn steps_list(view: &View, steps: &[StepItem]) -> Block {
    let l = view.labels;
    let items = steps
        .iter()
        .map(|s| {
            let mut inl = md_inlines(&s.text);
            let mut meta: Vec<Inline> = Vec::new();
            if let Some(w) = &s.within {
                meta.push(Inline::bold(w.clone()));
            }
            if let Some(who) = &s.who {
                if !meta.is_empty() {
                    meta.push(Inline::text(" · "));
                }
                meta.push(link(who));
            }
            if s.needs_it {
                if !meta.is_empty() {
                    meta.push(Inline::text(" · "));
                }
                meta.push(Inline::italic(l.needs_it));
            }
            if !meta.is_empty() {
                inl.push(Inline::text(" — "));
                inl.extend(meta);
            }
            vec![Block::Paragraph(inl)]
        })
        .collect();
    Block::List {
        kind: ListKind::Check,
        items,
    }
}

fn meta(view: &View, title: &str, date: Option<DateTime>) -> Meta {
    let l = view.labels;
    let c = &view.cover;
    Meta {
        title: title.to_string(),
        subject: c.title.clone(),
        author: c.establishment.clone(),
        lang: view.lang.to_string(),
        header_left: c.establishment.clone(),
        header_right: c.classification.clone().unwrap_or_default(),
        footer_left: match &c.version {
            Some(v) => format!("{} {v}", l.version),
            None => String::new(),
        },
        footer_right: format!("{} {}", l.fingerprint, c.fingerprint),
        creation_date: date,
        labels: TsLabels {
            contents: l.contents.to_string(),
            page_of: l.page_of.to_string(),
            continued: l.continued.to_string(),
        },
    }
}

/// The printed binder.
pub fn plan_document(view: &View, date: Option<DateTime>) -> Document {
    let l = view.labels;
    let c = &view.cover;
    let mut b: Vec<Block> = Vec::new();
    b.push(Block::Cover {
        title: c.title.clone(),
        // The title often names the establishment already ("Plan blanc numérique — CH …").
        subtitle: if c.title.contains(&c.establishment) {
            String::new()
        } else {
            c.establishment.clone()
        },
        lines: c
            .lines
            .iter()
            .map(|x| (x.label.clone(), x.value.clone()))
            .collect(),
        note: c.audience.clone(),
    });
    b.push(Block::Toc);

    // T0 chronology, then each obligation.
    b.push(heading(1, l.chronology, "chronology"));
    b.push(Block::Paragraph(text(l.chronology_intro)));
    b.push(Block::Table {
        columns: vec![
            col(l.deadline, 1.0),
            col(l.action, 4.0),
            col(l.who, 1.6),
            col(l.obligation, 1.6),
        ],
        rows: view
            .chronology
            .iter()
            .map(|e| {
                let when = vec![Inline::Text {
                    text: e.when.clone(),
                    style: Style {
                        bold: true,
                        ..Style::default()
                    },
                }];
                vec![
                    when,
                    md_inlines(&e.what),
                    e.who.as_ref().map(|w| vec![link(w)]).unwrap_or_default(),
                    vec![link(&e.obligation)],
                ]
            })
            .collect(),
    });
    for o in &view.obligations {
        b.push(heading(2, &o.title, &o.anchor));
        let mut rows = vec![kv(l.legal_deadline, vec![Inline::bold(o.deadline.clone())])];
        if let Some(r) = &o.recipient {
            rows.push(kv(l.recipient, person(r)));
        }
        if let Some(d) = &o.declarant {
            rows.push(kv(l.declarant, vec![link(d)]));
        }
        if let Some(lb) = &o.legal_basis {
            rows.push(kv(l.legal_basis, text(lb)));
        }
        b.push(Block::KeyValue(rows));
        if let Some(s) = &o.summary {
            b.extend(md_blocks(s));
        }
        if !o.steps.is_empty() {
            b.push(steps_list(view, &o.steps));
        }
    }

    // Crisis cell.
    b.push(Block::PageBreak);
    b.push(heading(1, l.crisis_cell, "crisis-cell"));
    let cell = &view.crisis_cell;
    let mut rooms = Vec::new();
    if let Some(r) = &cell.room {
        rooms.push(kv(l.room, text(r)));
    }
    if let Some(r) = &cell.fallback_room {
        rooms.push(kv(l.fallback_room, text(r)));
    }
    if !rooms.is_empty() {
        b.push(Block::KeyValue(rooms));
    }
    if !cell.members.is_empty() {
        b.push(Block::Table {
            columns: vec![col(l.role, 1.5), col(l.holder, 2.0), col(l.deputy, 2.0)],
            rows: cell
                .members
                .iter()
                .map(|m| {
                    vec![
                        vec![link(&m.role)],
                        m.holder.as_ref().map(person).unwrap_or_default(),
                        m.deputy.as_ref().map(person).unwrap_or_default(),
                    ]
                })
                .collect(),
        });
    }
    if !cell.roles.is_empty() {
        b.push(heading(2, l.roles, "roles"));
        b.push(Block::Table {
            columns: vec![col(l.role, 1.3), col(l.mission, 3.2), col(l.holders, 2.0)],
            rows: cell
                .roles
                .iter()
                .map(|r| {
                    let mut holders = Vec::new();
                    for (i, p) in r.holders.iter().enumerate() {
                        if i > 0 {
                            holders.push(Inline::LineBreak);
                        }
                        holders.extend(person(p));
                    }
                    vec![
                        vec![Inline::bold(r.title.clone())],
                        r.mission.as_deref().map(md_inlines).unwrap_or_default(),
                        holders,
                    ]
                })
                .collect(),
        });
    }

    // Reflex sheets: one page each.
    b.push(Block::PageBreak);
    b.push(heading(1, l.reflexes, "reflexes"));
    for r in &view.reflexes {
        b.push(reflex_sheet(view, r));
    }

    // Functions.
    b.push(Block::PageBreak);
    b.push(heading(1, l.functions, "functions"));
    b.push(Block::Table {
        columns: vec![
            col(l.function, 2.0),
            col(l.criticality, 1.2),
            col(l.max_downtime, 1.2),
            col(l.applications, 2.2),
            col(l.procedures, 2.2),
        ],
        rows: view
            .functions
            .iter()
            .map(|f| {
                vec![
                    vec![Inline::bold(f.name.clone())],
                    text(&f.criticality),
                    text(&f.max_downtime),
                    links(&f.applications),
                    links(&f.procedures),
                ]
            })
            .collect(),
    });

    // Procedures by function.
    if !view.procedures.is_empty() {
        b.push(Block::PageBreak);
        b.push(heading(1, l.procedures, "procedures"));
        for g in &view.procedures {
            b.push(heading(2, &g.title, &g.anchor));
            b.push(Block::Paragraph(vec![Inline::italic(format!(
                "{}{}{} · {}{}{}",
                l.criticality,
                colon(view),
                g.criticality,
                l.max_downtime,
                colon(view),
                g.max_downtime
            ))]));
            for p in &g.procedures {
                b.extend(procedure(view, p));
            }
        }
    }

    if !view.messages.is_empty() {
        b.push(Block::PageBreak);
        b.push(heading(1, l.messages, "messages"));
        for m in &view.messages {
            b.push(heading(2, &m.title, &m.anchor));
            let mut rows = vec![kv(l.message_audience, text(&m.audience.join(", ")))];
            if let Some(ch) = &m.channel {
                rows.push(kv(l.channel, text(ch)));
            }
            b.push(Block::KeyValue(rows));
            if let Some(s) = &m.summary {
                b.extend(md_blocks(s));
            }
            b.push(Block::Callout {
                style: CalloutStyle::Note,
                title: l.message_text.to_string(),
                blocks: md_blocks(&m.body),
            });
        }
    }

    // Directory.
    b.push(Block::PageBreak);
    b.push(heading(1, l.directory, "directory"));
    b.push(Block::Table {
        columns: vec![
            col(l.name, 2.2),
            col(l.roles, 1.6),
            col(l.channels, 3.4),
            col(l.deputy, 1.3),
        ],
        rows: view
            .directory
            .iter()
            .map(|d| {
                let mut name = vec![Inline::bold(d.name.clone())];
                if let Some(o) = &d.organization {
                    name.push(Inline::LineBreak);
                    name.push(Inline::italic(o.clone()));
                }
                if d.to_complete {
                    name.push(Inline::LineBreak);
                    name.push(Inline::bold(l.to_complete));
                }
                let mut ch = Vec::new();
                for (i, c) in d.channels.iter().enumerate() {
                    if i > 0 {
                        ch.push(Inline::LineBreak);
                    }
                    ch.push(Inline::text(format!("{} ", c.kind_label)));
                    ch.push(Inline::Text {
                        text: c.value.clone(),
                        style: Style {
                            mono: !c.masked && c.kind != "url" && c.kind != "email",
                            bold: c.h24,
                            ..Style::default()
                        },
                    });
                    let mut flags = Vec::new();
                    if c.h24 {
                        flags.push(l.h24);
                    }
                    if c.independent_of_is {
                        flags.push(l.independent_of_is);
                    }
                    if !flags.is_empty() {
                        ch.push(Inline::italic(format!(" ({})", flags.join(", "))));
                    }
                }
                vec![
                    name,
                    links(&d.roles),
                    ch,
                    d.deputy.as_ref().map(|x| vec![link(x)]).unwrap_or_default(),
                ]
            })
            .collect(),
    });

    // Applications and backups.
    b.push(Block::PageBreak);
    b.push(heading(1, l.applications, "applications"));
    b.push(Block::Table {
        columns: vec![
            col(l.application, 2.2),
            col(l.critical, 0.9),
            col(l.rto, 0.8),
            col(l.rpo, 0.8),
            col(l.functions, 2.0),
            col(l.vendor, 2.2),
        ],
        rows: view
            .applications
            .iter()
            .map(|a| {
                vec![
                    vec![Inline::bold(a.name.clone())],
                    text(if a.critical { l.yes } else { l.no }),
                    text(&a.rto),
                    text(&a.rpo),
                    links(&a.functions),
                    a.vendor.as_ref().map(person).unwrap_or_default(),
                ]
            })
            .collect(),
    });
    if let Some(bk) = &view.backups {
        let mut rows = Vec::new();
        if let Some(o) = bk.offline {
            rows.push(kv(l.backups_offline, text(if o { l.yes } else { l.no })));
        }
        if let Some(d) = &bk.last_restore_test {
            rows.push(kv(l.last_restore_test, text(d)));
        }
        if !rows.is_empty() {
            b.push(heading(2, l.backups, "backups"));
            b.push(Block::KeyValue(rows));
        }
    }

    // Exercises and action plan.
    b.push(Block::PageBreak);
    b.push(heading(1, l.exercises, "exercises"));
    if !view.exercises.is_empty() {
        b.push(Block::Table {
            columns: vec![
                col(l.date, 1.1),
                col(l.scenario, 2.6),
                col(l.format, 1.1),
                col(l.participants, 2.0),
                col(l.procedures_tested, 2.0),
            ],
            rows: view
                .exercises
                .iter()
                .map(|x| {
                    vec![
                        text(x.date.as_deref().unwrap_or("")),
                        x.scenario.as_deref().map(md_inlines).unwrap_or_default(),
                        text(x.format.as_deref().unwrap_or("")),
                        text(&x.participants.join(", ")),
                        links(&x.procedures_tested),
                    ]
                })
                .collect(),
        });
    }
    if !view.action_plan.is_empty() {
        b.push(heading(2, l.action_plan, "action-plan"));
        b.push(Block::Table {
            columns: vec![
                col(l.finding, 2.4),
                col(l.action, 2.4),
                col(l.owner, 1.2),
                col(l.due, 1.0),
                col(l.status, 1.0),
            ],
            rows: view
                .action_plan
                .iter()
                .map(|a| {
                    vec![
                        md_inlines(&a.finding),
                        a.action.as_deref().map(md_inlines).unwrap_or_default(),
                        text(a.owner.as_deref().unwrap_or("")),
                        text(a.due.as_deref().unwrap_or("")),
                        text(&a.status),
                    ]
                })
                .collect(),
        });
    }

    // Blank crisis-log pages.
    b.push(Block::CrisisLog {
        columns: view
            .crisis_log
            .columns
            .iter()
            .map(|c| (c.title.clone(), c.width))
            .collect(),
        pages: view.crisis_log.pages,
        title: l.crisis_log.to_string(),
        anchor: Some("crisis-log".into()),
    });

    if !view.sources.is_empty() {
        b.push(Block::PageBreak);
        b.push(heading(1, l.sources, "sources"));
        for g in &view.sources {
            let mut items = Vec::new();
            for s in &g.items {
                let mut inl = vec![Inline::text(s.title.clone())];
                if let Some(r) = &s.reference {
                    inl.push(Inline::italic(format!(" — {r}")));
                }
                if let Some(u) = &s.url {
                    inl.push(Inline::text(" "));
                    inl.push(Inline::Link {
                        text: u.clone(),
                        target: Target::External(u.clone()),
                        style: Style {
                            mono: true,
                            ..Style::default()
                        },
                    });
                }
                items.push(vec![Block::Paragraph(inl)]);
            }
            let title = match &g.anchor {
                Some(a) => Inline::Link {
                    text: format!("{} — {}", g.kind, g.title),
                    target: Target::Internal(a.clone()),
                    style: Style {
                        bold: true,
                        ..Style::default()
                    },
                },
                None => Inline::bold(format!("{} — {}", g.kind, g.title)),
            };
            b.push(Block::Paragraph(vec![title]));
            b.push(Block::List {
                kind: ListKind::Bullet,
                items,
            });
        }
    }

    b.push(Block::PageBreak);
    b.push(heading(1, l.provenance, "provenance"));
    b.push(Block::Paragraph(text(l.provenance_intro)));
    b.push(Block::Table {
        columns: vec![col(l.item, 2.6), col(l.layers, 4.4)],
        rows: view
            .provenance
            .iter()
            .map(|p| {
                let name = match &p.anchor {
                    Some(a) => vec![Inline::Link {
                        text: format!("{} {}", p.kind, p.id),
                        target: Target::Internal(a.clone()),
                        style: Style::default(),
                    }],
                    None => text(&format!("{} {}", p.kind, p.id)),
                };
                let mut layers = Vec::new();
                for (i, x) in p.layers.iter().enumerate() {
                    if i > 0 {
                        layers.push(Inline::LineBreak);
                    }
                    layers.push(Inline::bold(format!("{} ", x.how)));
                    layers.push(Inline::text(format!("{} ", x.layer)));
                    layers.push(Inline::mono(x.location.clone()));
                }
                vec![name, layers]
            })
            .collect(),
    });

    Document {
        meta: meta(view, &c.title, date),
        blocks: b,
    }
}

fn reflex_sheet(view: &View, r: &super::view::ReflexSheet) -> Block {
    let l = view.labels;
    let mut blocks = Vec::new();
    if !r.audience.is_empty() {
        let mut inl = vec![Inline::bold(format!("{}{}", l.for_audience, colon(view)))];
        inl.extend(links(&r.audience));
        blocks.push(Block::Paragraph(inl));
    }
    if let Some(s) = &r.summary {
        blocks.extend(md_blocks(s));
    }
    if let Some(t) = &r.trigger {
        blocks.push(Block::KeyValue(vec![kv(l.trigger, md_inlines(t))]));
    }
    blocks.push(steps_list(view, &r.steps));
    if !r.never.is_empty() {
        blocks.push(Block::Callout {
            style: CalloutStyle::Warning,
            title: l.never.to_string(),
            blocks: vec![Block::List {
                kind: ListKind::Bullet,
                items: r
                    .never
                    .iter()
                    .map(|n| vec![Block::Paragraph(md_inlines(n))])
                    .collect(),
            }],
        });
    }
    if !r.then.is_empty() {
        let mut inl = vec![Inline::bold(format!("{}{}", l.then, colon(view)))];
        inl.extend(links(&r.then));
        blocks.push(Block::Paragraph(inl));
    }
    Block::Sheet {
        anchor: r.anchor.clone(),
        title: r.title.clone(),
        outline: true,
        blocks,
        source: Some(format!("reflex:{}", r.id)),
    }
}

fn procedure(view: &View, p: &super::view::ProcedureSheet) -> Vec<Block> {
    let l = view.labels;
    let mut b = vec![heading(3, &p.title, &p.anchor)];
    if p.template && !p.adapted {
        b.push(Block::Callout {
            style: CalloutStyle::Note,
            title: l.template_banner.to_string(),
            blocks: vec![Block::Paragraph(text(l.template_banner_help))],
        });
    }
    if let Some(s) = &p.summary {
        b.extend(md_blocks(s));
    }
    let mut rows = Vec::new();
    if let Some(o) = &p.owner {
        rows.push(kv(l.owner, vec![link(o)]));
    }
    if !p.applications.is_empty() {
        rows.push(kv(l.applications, links(&p.applications)));
    }
    // One row each, as in the HTML: a shared row would print its key twice ("Arrêt maximal toléré |
    // Arrêt maximal toléré 30 min").
    for (k, v) in [
        (l.max_downtime, &p.max_downtime),
        (l.rto, &p.rto),
        (l.rpo, &p.rpo),
    ] {
        if let Some(v) = v {
            rows.push(kv(k, text(v)));
        }
    }
    if let Some(a) = &p.activation {
        rows.push(kv(l.activation, md_inlines(a)));
    }
    b.push(Block::KeyValue(rows));
    if !p.steps.is_empty() {
        b.push(steps_list(view, &p.steps));
    }
    if !p.paper_kit.is_empty() {
        b.push(Block::Paragraph(vec![Inline::bold(l.paper_kit)]));
        b.push(Block::List {
            kind: ListKind::Check,
            items: p
                .paper_kit
                .iter()
                .map(|k| vec![Block::Paragraph(md_inlines(k))])
                .collect(),
        });
    }
    for (label, v) in [(l.catch_up, &p.catch_up), (l.lifting, &p.lifting)] {
        if let Some(v) = v {
            b.push(Block::Paragraph(vec![Inline::bold(label)]));
            b.extend(md_blocks(v));
        }
    }
    b
}

/// `cards.pdf`: one page per role that has reflexes — mission, reflexes in order, the 24/7 numbers it needs.
pub fn cards_document(view: &View, date: Option<DateTime>) -> Document {
    let l = view.labels;
    let mut blocks = Vec::new();
    for role in &view.crisis_cell.roles {
        let reflexes: Vec<&super::view::ReflexSheet> = view
            .reflexes
            .iter()
            .filter(|r| {
                r.audience
                    .iter()
                    .any(|a| a.anchor.as_deref() == Some(role.anchor.as_str()))
            })
            .collect();
        if reflexes.is_empty() {
            continue;
        }
        let mut b = Vec::new();
        if let Some(m) = &role.mission {
            b.push(Block::KeyValue(vec![kv(l.mission, md_inlines(m))]));
        }
        // The reflexes in order, each with its trigger: the sheets themselves are in the binder.
        b.push(Block::Paragraph(vec![Inline::bold(l.reflexes)]));
        let items = reflexes
            .iter()
            .map(|r| {
                let mut inl = vec![Inline::bold(r.title.clone())];
                if let Some(first) = r.steps.first() {
                    inl.push(Inline::text(" — "));
                    inl.extend(md_inlines(&first.text));
                }
                vec![Block::Paragraph(inl)]
            })
            .collect();
        b.push(Block::List {
            kind: ListKind::Check,
            items,
        });
        let mut seen = std::collections::BTreeSet::new();
        let nevers: Vec<Vec<Block>> = reflexes
            .iter()
            .flat_map(|r| r.never.iter())
            .filter(|n| seen.insert(n.as_str()))
            .take(6)
            .map(|n| vec![Block::Paragraph(md_inlines(n))])
            .collect();
        if !nevers.is_empty() {
            b.push(Block::Callout {
                style: CalloutStyle::Warning,
                title: l.never.to_string(),
                blocks: vec![Block::List {
                    kind: ListKind::Bullet,
                    items: nevers,
                }],
            });
        }
        // The 24/7 numbers this role needs: its own holders, then the crisis cell.
        let mut numbers: Vec<(String, Vec<Inline>)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for p in role.holders.iter().chain(
            view.crisis_cell
                .members
                .iter()
                .flat_map(|m| m.holder.iter().chain(m.deputy.iter())),
        ) {
            if p.phone.is_some() && seen.insert(p.id.clone()) {
                numbers.push((
                    p.name.clone(),
                    vec![Inline::Text {
                        text: p.phone.clone().unwrap_or_default(),
                        style: Style {
                            bold: true,
                            mono: !p.masked,
                            ..Style::default()
                        },
                    }],
                ));
            }
        }
        if !numbers.is_empty() {
            b.push(Block::Paragraph(vec![Inline::bold(l.phone_247)]));
            b.push(Block::KeyValue(numbers));
        }
        blocks.push(Block::Sheet {
            anchor: format!("card-{}", role.id),
            title: format!("{} — {}", l.role, role.title),
            outline: true,
            blocks: b,
            source: Some(format!("role:{}", role.id)),
        });
    }
    Document {
        meta: meta(view, &format!("{} — {}", view.cover.title, l.roles), date),
        blocks,
    }
}
