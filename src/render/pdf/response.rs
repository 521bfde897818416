//! The response annexes of `plan.pdf`: network cuts and restart order, response means, and the forms — each
//! form on its own page, every blank a band with its label over ruled lines to write on by hand.

use super::blocks::{heading, title};
use super::inline::{link, link_opt, links, md_blocks, md_inlines, md_opt, person, text};
use super::table::{key_values, or_none, table};
use crate::render::markdown;
use crate::render::view::{FormBlank, FormSheet, Holder, Section, View};
use pbn_typeset::{Align, Block, Column, Inline};

fn rank(i: usize) -> Vec<Inline> {
    vec![Inline::bold(format!("{}", i + 1))]
}

/// The cut list, with a blank column for the time of each cut, then the restart order.
pub(super) fn network(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let net = &view.network;
    let mut b = vec![title(s), Block::Paragraph(text(l.network_intro))];
    if !net.cuts.is_empty() {
        b.push(heading(2, l.cut_list, "cut-list"));
        let rows: Vec<(usize, _)> = net.cuts.iter().enumerate().collect();
        let columns = [
            (l.rank, 0.4),
            (l.cut_what, 2.4),
            (l.cut_how, 2.6),
            (l.who, 1.4),
            (l.cut_done, 1.0),
        ];
        b.push(table(&columns, &rows, |(i, c)| {
            vec![
                rank(*i),
                md_inlines(&c.what),
                md_opt(c.how.as_deref()),
                link_opt(c.who.as_ref()),
                Vec::new(),
            ]
        }));
    }
    if !net.restart.is_empty() {
        b.push(heading(2, l.restart_order, "restart-order"));
        let rows: Vec<(usize, _)> = net.restart.iter().enumerate().collect();
        let columns = [
            (l.rank, 0.4),
            (l.application, 2.6),
            (l.rto, 0.8),
            (l.functions, 3.0),
        ];
        b.push(table(&columns, &rows, |(i, r)| {
            vec![
                rank(*i),
                vec![link(&r.application)],
                text(r.rto.as_deref().unwrap_or("")),
                or_none(links(&r.functions), l.none),
            ]
        }));
    }
    b
}

pub(super) fn resources(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let columns = [(l.resource, 3.0), (l.place, 2.4), (l.holder, 2.0)];
    let t = table(&columns, &view.resources, |r| {
        vec![
            md_inlines(&r.what),
            md_opt(r.place.as_deref()),
            match &r.holder {
                Some(Holder::Person(p)) => person(p),
                Some(Holder::Role(r)) => vec![link(r)],
                None => Vec::new(),
            },
        ]
    });
    vec![title(s), Block::Paragraph(text(l.resources_intro)), t]
}

/// The list of forms on the section's page, then each form on a page of its own.
pub(super) fn forms(view: &View, s: &Section) -> Vec<Block> {
    let l = view.labels;
    let mut b = vec![title(s), Block::Paragraph(text(l.forms_intro))];
    b.push(table(
        &[(l.forms, 3.0), (l.recipient, 2.4)],
        &view.forms,
        |f| {
            vec![
                vec![link(&crate::render::view::Link {
                    text: f.title.clone(),
                    anchor: Some(f.anchor.clone()),
                })],
                or_none(f.recipient.as_ref().map(person).unwrap_or_default(), l.none),
            ]
        },
    ));
    for f in &view.forms {
        b.push(Block::PageBreak);
        b.extend(form(view, f));
    }
    b
}

fn form(view: &View, f: &FormSheet) -> Vec<Block> {
    let l = view.labels;
    let mut b = vec![heading(2, &f.title, &f.anchor)];
    let facts = key_values([
        (l.recipient, f.recipient.as_ref().map(person)),
        (l.legal_basis, f.legal_basis.as_deref().map(md_inlines)),
    ]);
    if !facts.is_empty() {
        b.push(Block::KeyValue(facts));
    }
    if let Some(s) = &f.summary {
        b.extend(md_blocks(s));
    }
    b.extend(f.fields.iter().map(blank));
    if let Some(body) = &f.body {
        b.extend(md_blocks(body));
    }
    b
}

/// One blank: a table whose header band is the label, its first row the help (if any), then one empty ruled
/// row per line to write on. A table breaks between rows and repeats its band on the next page.
fn blank(f: &FormBlank) -> Block {
    let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
    if let Some(h) = &f.help {
        let help = md_inlines(h)
            .into_iter()
            .map(|i| match i {
                Inline::Text { text, mut style } => {
                    style.italic = true;
                    Inline::Text { text, style }
                }
                other => other,
            })
            .collect();
        rows.push(vec![help]);
    }
    rows.extend((0..f.lines).map(|_| vec![Vec::new()]));
    Block::Table {
        columns: vec![Column {
            title: markdown::to_text(&f.label),
            weight: 1.0,
            align: Align::Left,
        }],
        rows,
    }
}
