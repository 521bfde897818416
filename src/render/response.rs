//! Merged plan → the response annexes of the [`View`] (spec §7.1–7.2): the cut list and restart order
//! (`network`), the inventory of response means (`resources`), the printable forms, and the line naming the
//! obligations that the establishment's regime leaves out.

use super::resolve::{PrintedPlan, anchor};
use super::view::*;
use crate::model::{Kind, Regime};

/// "Ne s'appliquent pas (régime : OSE) : Alerte NIS 2 (concerne : entité essentielle NIS 2, …)." — `None`
/// when every obligation applies. Says the regime, so that `[aucun]` reads as a decision, not an omission.
pub(super) fn not_applicable(cx: &PrintedPlan) -> Option<String> {
    let (plan, l) = (cx.plan, cx.labels);
    let lang = plan.manifest.language;
    let (_, out) = plan.obligations_by_regime();
    let out: Vec<_> = out
        .into_iter()
        .filter(|f| !cx.audience.excludes(f))
        .collect();
    if out.is_empty() {
        return None;
    }
    let regime = match plan.establishment.regimes() {
        Some(r) if r.is_empty() => l.regime_none.to_string(),
        Some(r) => names(&r, lang),
        None => l.regime_undeclared.to_string(),
    };
    let colon = if lang == crate::model::Lang::Fr {
        "\u{a0}:"
    } else {
        ":"
    };
    let items: Vec<String> = out
        .iter()
        .map(|f| match f.applies_to() {
            Some(r) => format!(
                "{} ({}{colon} {})",
                f.title(),
                l.applies_to,
                names(&r, lang)
            ),
            None => f.title().to_string(),
        })
        .collect();
    Some(format!(
        "{} ({}{colon} {}){colon} {}.",
        l.not_applicable,
        l.regime.to_lowercase(),
        regime,
        items.join(" ; ")
    ))
}

fn names(r: &[Regime], lang: crate::model::Lang) -> String {
    let v: Vec<&str> = r.iter().map(|x| x.label(lang)).collect();
    v.join(", ")
}

pub(super) fn network(cx: &PrintedPlan) -> NetworkAnnex {
    let Some(net) = &cx.plan.establishment.network else {
        return NetworkAnnex {
            cuts: Vec::new(),
            restart: Vec::new(),
        };
    };
    let lang = cx.plan.manifest.language;
    NetworkAnnex {
        cuts: net
            .cut_list
            .iter()
            .map(|c| CutRow {
                what: cx.md(&c.what.v),
                how: cx.md_opt(&c.how),
                who: c.who.as_ref().map(|r| cx.role_link(&r.v)),
            })
            .collect(),
        restart: net
            .restart_order
            .iter()
            .map(|a| {
                let app = cx.application(&a.v);
                RestartRow {
                    application: cx.app_link(&a.v),
                    rto: app.map(|x| x.rto.v.display(lang)),
                    functions: app
                        .map(|x| x.functions.iter().map(|f| cx.function_link(&f.v)).collect())
                        .unwrap_or_default(),
                }
            })
            .collect(),
    }
}

pub(super) fn resources(cx: &PrintedPlan) -> Vec<ResourceRow> {
    cx.plan
        .establishment
        .resources
        .iter()
        .map(|r| ResourceRow {
            what: cx.md(&r.what.v),
            place: cx.md_opt(&r.where_),
            holder: r.holder.as_ref().map(|h| match cx.person_by_id(&h.v) {
                Some(p) => Holder::Person(p),
                None => Holder::Role(cx.role_link(&h.v)),
            }),
        })
        .collect()
}

pub(super) fn forms(cx: &PrintedPlan) -> Vec<FormSheet> {
    cx.of_kind(Kind::Form)
        .into_iter()
        .map(|f| FormSheet {
            id: f.id.v.clone(),
            anchor: anchor("form", &f.id.v),
            title: f.title().to_string(),
            summary: cx.md_opt(&f.f.summary),
            recipient: f.f.recipient.as_ref().and_then(|r| cx.person_by_id(&r.v)),
            legal_basis: cx.md_opt(&f.f.legal_basis),
            fields: f
                .f
                .fields
                .as_ref()
                .map(|l| {
                    l.v.iter()
                        .map(|b| FormBlank {
                            id: b.id.v.clone(),
                            label: cx.md(&b.label.v),
                            lines: b.lines(),
                            help: cx.md_opt(&b.help),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            body: cx.md_opt(&f.f.body),
        })
        .collect()
}
