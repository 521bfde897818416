//! The sections of `plan.pdf`, one function each ([`section`] dispatches on the view's section list), and the
//! blocks they share: headings, step lists, reflex sheets, procedures.

use super::blocks::{heading, title};
use super::inline::{
    colon, internal, labelled, link, link_opt, links, md_blocks, md_inlines, md_opt, person,
    person_opt, text,
};
use super::table::{key_value_block, key_values, or_none, table};
use crate::render::view::{
    ChronoEntry, ProcedureSheet, ReflexSheet, Section, SectionId, StepItem, View,
};
use pbn_typeset::{Block, CalloutStyle, Inline, ListKind, Style, Target};

/// The blocks of one section, its heading first.
pub(super) fn section(view: &View, s: &Section) -> Vec<Block> {
    match s.id {
        SectionId::Chronology => chronology(view, s),
        SectionId::CrisisCell => crisis_cell(view, s),
        SectionId::Reflexes => reflexes(view, s),
        SectionId::Functions => functions(view, s),
        SectionId::Procedures => procedures(view, s),
        SectionId::Messages => messages(view, s),
        SectionId::Directory => directory(view, s),
        SectionId::Applications => applications(view, s),
        SectionId::Network => super::response::network(view, s),
        SectionId::Resources => super::response::resources(view, s),
        SectionId::Forms => super::response::forms(view, s),
        SectionId::Exercises => exercises(view, s),
        SectionId::CrisisLog => crisis_log(view, s),
        SectionId::Sources => sources(view, s),
        SectionId::Provenance => provenance(view, s),
    }
}

/// Steps as a tick-box list: "text — within · who · needs IT".
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

/// A list of markdown items.
fn md_list(kind: ListKind, items: &[String]) -> Block {
    Block::List {
        kind,
        items: items
            .iter()
            .map(|n| vec![Block::Paragraph(md_inlines(n))])
            .collect(),
    }
}

/// The "ne pas faire" box.
pub(super) fn never_box(view: &View, items: Vec<Vec<Block>>) -> Block {
    Block::Callout {
        style: CalloutStyle::Warning,
        title: view.labels.never.to_string(),
        blocks: vec![Block::List {
            kind: ListKind::Bullet,
            items,
        }],
    }
}

/// T0 chronology, then each obligation.
fn chronology(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let mut b = vec![title(s), Block::Paragraph(text(l.chronology_intro))];
    let columns = [
        (l.deadline, 1.0),
        (l.action, 3.6),
        (l.who, 0.9),
        (l.obligation, 1.5),
        (l.due_by_hand, 1.3),
    ];
    // The obligation is named on the first row of each run of rows that belong to it.
    let rows: Vec<(&ChronoEntry, bool)> = view
        .chronology
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let first = i == 0 || view.chronology[i - 1].obligation != e.obligation;
            (e, first)
        })
        .collect();
    b.push(table(&columns, &rows, |(e, first)| {
        vec![
            vec![Inline::bold(e.when.clone())],
            md_inlines(&e.what),
            link_opt(e.who.as_ref()),
            if *first {
                vec![link(&e.obligation)]
            } else {
                Vec::new()
            },
            Vec::new(),
        ]
    }));
    if let Some(n) = &view.not_applicable {
        b.push(Block::Paragraph(vec![Inline::italic(n.clone())]));
    }
    for o in &view.obligations {
        b.push(heading(2, &o.title, &o.anchor));
        b.push(Block::KeyValue(key_values([
            (
                l.legal_deadline,
                Some(vec![Inline::bold(o.deadline.clone())]),
            ),
            (l.recipient, o.recipient.as_ref().map(person)),
            (l.declarant, o.declarant.as_ref().map(|d| vec![link(d)])),
            (l.legal_basis, o.legal_basis.as_deref().map(text)),
        ])));
        if let Some(s) = &o.summary {
            b.extend(md_blocks(s));
        }
        if !o.steps.is_empty() {
            b.push(steps_list(view, &o.steps));
        }
    }
    b
}

fn crisis_cell(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let cell = &view.crisis_cell;
    let mut b = vec![title(s)];
    b.extend(key_value_block([
        (l.room, cell.room.as_deref().map(text)),
        (l.fallback_room, cell.fallback_room.as_deref().map(text)),
    ]));
    if !cell.members.is_empty() {
        let columns = [(l.role, 1.5), (l.holder, 2.0), (l.deputy, 2.0)];
        b.push(table(&columns, &cell.members, |m| {
            vec![
                vec![link(&m.role)],
                match &m.holder {
                    Some(p) => person(p),
                    None => vec![Inline::bold(l.unstaffed)],
                },
                or_none(person_opt(m.deputy.as_ref()), l.none),
            ]
        }));
    }
    if !cell.roles.is_empty() {
        b.push(heading(2, l.roles, "roles"));
        let columns = [(l.role, 1.3), (l.mission, 3.2), (l.holders, 2.0)];
        b.push(table(&columns, &cell.roles, |r| {
            vec![
                vec![Inline::bold(r.title.clone())],
                md_opt(r.mission.as_deref()),
                if r.unstaffed {
                    vec![Inline::bold(l.unstaffed)]
                } else {
                    super::inline::lines(&r.holders, person)
                },
            ]
        }));
    }
    b
}

/// Reflex sheets, one page each, after an index of them (which sheet applies when): the section's own page
/// is never a blank divider.
fn reflexes(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let columns = [
        (l.reflex_sheet, 2.4),
        (l.for_audience, 1.6),
        (l.trigger, 3.6),
    ];
    let index = table(&columns, &view.reflexes, |r| {
        vec![
            vec![internal(
                r.title.clone(),
                &r.anchor,
                Style {
                    bold: true,
                    ..Style::default()
                },
            )],
            links(&r.audience),
            md_opt(r.trigger.as_deref()),
        ]
    });
    let mut b = vec![
        title(s),
        Block::Paragraph(vec![Inline::bold(l.reflex_index)]),
        index,
    ];
    b.extend(view.reflexes.iter().map(|r| reflex_sheet(view, r)));
    b
}

fn reflex_sheet(view: &View, r: &ReflexSheet) -> Block {
    let l = view.labels;
    let mut blocks = Vec::new();
    if !r.audience.is_empty() {
        blocks.push(labelled(view, l.for_audience, links(&r.audience)));
    }
    if let Some(s) = &r.summary {
        blocks.extend(md_blocks(s));
    }
    if let Some(t) = &r.trigger {
        blocks.push(Block::KeyValue(vec![(
            l.trigger.to_string(),
            md_inlines(t),
        )]));
    }
    blocks.push(steps_list(view, &r.steps));
    if !r.never.is_empty() {
        let items = r
            .never
            .iter()
            .map(|n| vec![Block::Paragraph(md_inlines(n))])
            .collect();
        blocks.push(never_box(view, items));
    }
    if !r.then.is_empty() {
        blocks.push(labelled(view, l.then, links(&r.then)));
    }
    Block::Sheet {
        anchor: r.anchor.clone(),
        title: r.title.clone(),
        outline: true,
        blocks,
        source: Some(format!("reflex:{}", r.id)),
    }
}

fn functions(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let columns = [
        (l.function, 2.0),
        (l.criticality, 1.2),
        (l.max_downtime, 1.2),
        (l.applications, 2.2),
        (l.procedures, 2.2),
    ];
    let t = table(&columns, &view.functions, |f| {
        vec![
            vec![Inline::bold(f.name.clone())],
            text(&f.criticality),
            text(&f.max_downtime),
            or_none(links(&f.applications), l.none),
            or_none(links(&f.procedures), l.none),
        ]
    });
    vec![title(s), t]
}

/// Procedures by function.
fn procedures(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let mut b = vec![title(s)];
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
    b
}

fn procedure(view: &View, p: &ProcedureSheet) -> Vec<Block> {
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
    // One row per duration, as in the HTML: a shared row printed its key twice ("Arrêt maximal toléré |
    // Arrêt maximal toléré 30 min").
    b.push(Block::KeyValue(key_values([
        (l.owner, p.owner.as_ref().map(|o| vec![link(o)])),
        (
            l.applications,
            Some(links(&p.applications)).filter(|_| !p.applications.is_empty()),
        ),
        (l.max_downtime, p.max_downtime.as_deref().map(text)),
        (l.rto, p.rto.as_deref().map(text)),
        (l.rpo, p.rpo.as_deref().map(text)),
        (l.activation, p.activation.as_deref().map(md_inlines)),
    ])));
    if !p.steps.is_empty() {
        b.push(steps_list(view, &p.steps));
    }
    if !p.paper_kit.is_empty() {
        b.push(Block::Paragraph(vec![Inline::bold(l.paper_kit)]));
        b.push(md_list(ListKind::Check, &p.paper_kit));
    }
    for (label, v) in [(l.catch_up, &p.catch_up), (l.lifting, &p.lifting)] {
        if let Some(v) = v {
            b.push(Block::Paragraph(vec![Inline::bold(label)]));
            b.extend(md_blocks(v));
        }
    }
    b
}

fn messages(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let mut b = vec![title(s)];
    for m in &view.messages {
        b.push(heading(2, &m.title, &m.anchor));
        b.push(Block::KeyValue(key_values([
            (l.message_audience, Some(text(&m.audience.join(", ")))),
            (l.channel, m.channel.as_deref().map(text)),
        ])));
        if let Some(s) = &m.summary {
            b.extend(md_blocks(s));
        }
        b.push(Block::Callout {
            style: CalloutStyle::Note,
            title: l.message_text.to_string(),
            blocks: md_blocks(&m.body),
        });
    }
    b
}

fn directory(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let columns = [
        (l.name, 2.0),
        (l.roles, 1.4),
        (l.channels, 2.9),
        (l.deputy, 1.6),
        (l.verified_on, 1.3),
    ];
    let t = table(&columns, &view.directory, |d| {
        // A person under the family name the list is sorted by, then the given names.
        let mut name = match (&d.family_name, &d.given_name) {
            (Some(f), Some(g)) => vec![Inline::bold(f.clone()), Inline::text(format!(" {g}"))],
            _ => vec![Inline::bold(d.name.clone())],
        };
        if let Some(o) = &d.organization {
            name.push(Inline::LineBreak);
            name.push(Inline::italic(o.clone()));
        }
        if d.to_complete {
            name.push(Inline::LineBreak);
            name.push(Inline::bold(l.to_complete));
        }
        let channels = super::inline::lines(&d.channels, |c| {
            let mut ch = vec![
                // "Téléphone (ligne directe du médecin régulateur)", as plan.html prints it.
                Inline::text(match &c.label {
                    Some(label) => format!("{} ({label}) ", c.kind_label),
                    None => format!("{} ", c.kind_label),
                }),
                Inline::Text {
                    text: c.value.clone(),
                    style: Style {
                        // Numbers in the body face, as large as the text; kept whole by the typesetter.
                        bold: c.h24,
                        ..Style::default()
                    },
                },
            ];
            let flags: Vec<&str> = [(c.h24, l.h24), (c.independent_of_is, l.independent_of_is)]
                .into_iter()
                .filter_map(|(on, flag)| on.then_some(flag))
                .collect();
            if !flags.is_empty() {
                ch.push(Inline::italic(format!(" ({})", flags.join(", "))));
            }
            ch
        });
        vec![
            name,
            or_none(links(&d.roles), l.none),
            channels,
            or_none(person_opt(d.deputy.as_ref()), l.none),
            text(d.verified_on.as_deref().unwrap_or(l.none)),
        ]
    });
    vec![title(s), t]
}

/// Applications, then backups.
fn applications(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let yes_no = |b: bool| text(if b { l.yes } else { l.no });
    let columns = [
        (l.application, 2.2),
        (l.critical, 0.9),
        (l.rto, 0.8),
        (l.rpo, 0.8),
        (l.functions, 2.0),
        (l.vendor, 2.2),
    ];
    let mut b = vec![title(s)];
    b.push(table(&columns, &view.applications, |a| {
        vec![
            vec![Inline::bold(a.name.clone())],
            yes_no(a.critical),
            text(&a.rto),
            text(&a.rpo),
            or_none(links(&a.functions), l.none),
            or_none(person_opt(a.vendor.as_ref()), l.none),
        ]
    }));
    if let Some(bk) = &view.backups {
        let facts = key_value_block([
            (l.backups_offline, bk.offline.map(yes_no)),
            (
                l.last_restore_test,
                bk.last_restore_test.as_deref().map(text),
            ),
        ]);
        if let Some(facts) = facts {
            b.push(heading(2, l.backups, "backups"));
            b.push(facts);
        }
    }
    b
}

/// Exercises, then the action plan.
fn exercises(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let mut b = vec![title(s)];
    if !view.exercises.is_empty() {
        let columns = [
            (l.date, 1.1),
            (l.scenario, 2.6),
            (l.format, 1.1),
            (l.participants, 2.0),
            (l.procedures_tested, 2.0),
        ];
        b.push(table(&columns, &view.exercises, |x| {
            vec![
                text(x.date.as_deref().unwrap_or("")),
                md_opt(x.scenario.as_deref()),
                text(x.format.as_deref().unwrap_or("")),
                text(&x.participants.join(", ")),
                or_none(links(&x.procedures_tested), l.none),
            ]
        }));
    }
    if !view.action_plan.is_empty() {
        b.push(heading(2, l.action_plan, "action-plan"));
        let columns = [
            (l.finding, 2.4),
            (l.action, 2.4),
            (l.owner, 1.2),
            (l.due, 1.0),
            (l.status, 1.0),
        ];
        b.push(table(&columns, &view.action_plan, |a| {
            vec![
                md_inlines(&a.finding),
                md_opt(a.action.as_deref()),
                text(a.owner.as_deref().unwrap_or("")),
                text(a.due.as_deref().unwrap_or("")),
                text(&a.status),
            ]
        }));
    }
    b
}

/// Blank crisis-log pages (they carry their own title), with the fields to fill in on each.
fn crisis_log(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    vec![Block::CrisisLog {
        columns: view
            .crisis_log
            .columns
            .iter()
            .map(|c| (c.title.clone(), c.width))
            .collect(),
        pages: view.crisis_log.pages,
        title: s.title.clone(),
        anchor: Some(s.anchor.to_string()),
        fields: [l.log_date, l.log_t0, l.log_writer, l.log_sheet]
            .iter()
            .map(|f| format!("{f}{}", colon(view).trim_end()))
            .collect(),
    }]
}

fn sources(view: &View, s: &Section) -> Vec<Block> {
    let mut b = vec![title(s)];
    for g in &view.sources {
        let items = g
            .items
            .iter()
            .map(|s| {
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
                vec![Block::Paragraph(inl)]
            })
            .collect();
        let name = format!("{} — {}", g.kind, g.title);
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        let title = match &g.anchor {
            Some(a) => internal(name, a, bold),
            None => Inline::bold(name),
        };
        b.push(Block::Paragraph(vec![title]));
        b.push(Block::List {
            kind: ListKind::Bullet,
            items,
        });
    }
    b
}

fn provenance(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let columns = [(l.item, 2.6), (l.layers, 4.4)];
    let t = table(&columns, &view.provenance, |p| {
        let name = format!("{} {}", p.kind, p.id);
        let name = match &p.anchor {
            Some(a) => vec![internal(name, a, Style::default())],
            None => text(&name),
        };
        let layers = super::inline::lines(&p.layers, |x| {
            vec![
                Inline::bold(format!("{} ", x.how)),
                Inline::text(format!("{} ", x.layer)),
                Inline::mono(x.location.clone()),
            ]
        });
        vec![name, layers]
    });
    vec![title(s), Block::Paragraph(text(l.provenance_intro)), t]
}
