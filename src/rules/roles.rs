//! Who does what: every role the plan gives work to has someone holding it (ROLE-HOLDER), and nobody holds
//! so many crisis-cell positions that the cell stops when they do (ROLE-OVERLOAD).

use super::{Finding, Msg, Outcome, Rule, RuleInputs, msg};
use crate::diag::Severity;
use crate::model::Kind;
use crate::refs::{self, Piece, RefKind};
use crate::source::Loc;
use std::collections::BTreeMap;

pub const ROLE_HOLDER: Rule = Rule {
    id: "ROLE-HOLDER",
    severity: Severity::Error,
    title: "Every role the plan gives work to has a holder",
    rationale: "A step whose `who` names a role nobody holds is done by nobody on the night of the attack: \
                each role named by a step, a procedure's owner or a `{{role:…}}` reference needs a contact \
                (ANSSI, « Crise d'origine cyber », 2021: roles assigned to named people in advance). Roles \
                meant for everyone (`tout-personnel`) are excepted.",
    fix: "Add the role to the `roles` of the contact who holds it in `contacts.yaml`, or name the position's \
          `holder` in `crisis_cell.members`.",
    check: role_holder,
};

pub const ROLE_OVERLOAD: Rule = Rule {
    id: "ROLE-OVERLOAD",
    severity: Severity::Warning,
    title: "Nobody holds or deputises three or more crisis-cell positions",
    rationale: "A crisis cell runs for days: one person holding or relieving three positions cannot do them \
                at once, and the cell loses three positions when that person is away (ANSSI, « Crise \
                d'origine cyber », 2021: a holder and a deputy per position, distinct people).",
    fix: "Spread the `holder` and `deputy` of `crisis_cell.members` over more people.",
    check: role_overload,
};

/// Roles meant for everyone: nobody holds them by name.
pub(crate) const EVERYONE: [&str; 1] = ["tout-personnel"];

/// Every role the printed fragments give work to, with where it is first named and how many times.
fn named_roles(cx: &RuleInputs) -> BTreeMap<String, (Loc, Msg, usize)> {
    let mut out: BTreeMap<String, (Loc, Msg, usize)> = BTreeMap::new();
    let mut add = |role: &str, loc: Loc, place: Msg| {
        out.entry(role.to_string())
            .and_modify(|e| e.2 += 1)
            .or_insert((loc, place, 1));
    };
    for f in cx.plan.fragments.values().filter(|f| cx.printed(f)) {
        let what = format!("{} `{}`", f.kind.as_str(), f.id.v);
        let kind_fr = match f.kind {
            Kind::Reflex => "du réflexe",
            Kind::Procedure => "de la procédure",
            Kind::Obligation => "de l'obligation",
            _ => "du fragment",
        };
        let what_fr = format!("{kind_fr} `{}`", f.id.v);
        if let Some(o) = f.f.owner.as_ref().filter(|_| f.kind == Kind::Procedure) {
            add(
                &o.v,
                o.loc,
                msg(
                    format!("as the owner of {what}"),
                    format!("comme responsable {what_fr}"),
                ),
            );
        }
        for s in f.f.steps() {
            if let Some(w) = &s.who {
                add(
                    &w.v,
                    w.loc,
                    msg(
                        format!("in a step of {what}"),
                        format!("dans une étape {what_fr}"),
                    ),
                );
            }
        }
        for t in f.f.texts() {
            for p in refs::split(&t.v) {
                if let Piece::Ref {
                    kind: RefKind::Role,
                    id,
                    ..
                } = p
                {
                    add(
                        id,
                        t.loc,
                        msg(
                            format!("in a reference in {what}"),
                            format!("dans un renvoi du texte {what_fr}"),
                        ),
                    );
                }
            }
        }
    }
    out
}

fn role_holder(cx: &RuleInputs) -> Outcome {
    let out = named_roles(cx)
        .into_iter()
        .filter(|(role, _)| !EVERYONE.contains(&role.as_str()))
        .filter(|(role, _)| cx.holders(role).is_empty())
        .map(|(role, (loc, place, n))| {
            let (more, more_fr) = match n {
                1 => (String::new(), String::new()),
                2 => (" and 1 more place".into(), " et 1 autre endroit".into()),
                _ => (
                    format!(" and {} more places", n - 1),
                    format!(" et {} autres endroits", n - 1),
                ),
            };
            Finding::new(
                format!("role:{role}"),
                loc,
                msg(
                    format!(
                        "no contact holds the role `{role}`, named {}{more}",
                        place.en
                    ),
                    format!(
                        "aucun contact ne tient le rôle `{role}`, cité {}{more_fr}",
                        place.fr
                    ),
                ),
            )
        })
        .collect();
    Outcome::Checked(out)
}

fn role_overload(cx: &RuleInputs) -> Outcome {
    let members = &cx.plan.establishment.members;
    if members.is_empty() {
        return Outcome::NotApplicable(msg(
            "the plan declares no crisis-cell member",
            "le plan ne déclare aucun membre de la cellule de crise",
        ));
    }
    // contact id → (positions held, positions deputised)
    let mut load: BTreeMap<&str, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for m in members {
        if let Some(h) = &m.holder {
            load.entry(h.v.as_str()).or_default().0.push(&m.role.v);
        }
        if let Some(d) = &m.deputy {
            load.entry(d.v.as_str()).or_default().1.push(&m.role.v);
        }
    }
    let out = load
        .into_iter()
        .filter(|(_, (h, d))| h.len() + d.len() >= 3)
        .map(|(id, (h, d))| {
            let list = |v: &[&str]| {
                v.iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (mut parts, mut parts_fr) = (Vec::new(), Vec::new());
            if !h.is_empty() {
                parts.push(format!("holds {}", list(&h)));
                parts_fr.push(format!("est titulaire de {}", list(&h)));
            }
            if !d.is_empty() {
                parts.push(format!("deputises {}", list(&d)));
                parts_fr.push(format!("est suppléant de {}", list(&d)));
            }
            Finding::new(
                format!("contact:{id}"),
                cx.plan.contact(id).map(|c| c.loc),
                msg(
                    format!(
                        "`contact:{id}` {} — {} crisis-cell positions for one person",
                        parts.join(" and "),
                        h.len() + d.len()
                    ),
                    format!(
                        "`contact:{id}` {} — {} postes de la cellule de crise pour une seule personne",
                        parts_fr.join(" et "),
                        h.len() + d.len()
                    ),
                ),
            )
        })
        .collect();
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    #[test]
    fn every_named_role_has_a_holder() {
        assert!(Kit::base().passes("ROLE-HOLDER"));
        // The communication officer, named by several baseline steps, is held by nobody.
        let k = Kit::base().edit("contacts.yaml", " communication,", "");
        let f = k.fails("ROLE-HOLDER");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "role:communication");
        assert!(
            f[0].message.contains("named in a step of"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message_fr.contains("cité dans une étape du réflexe"),
            "{}",
            f[0].message_fr
        );
        // A procedure's owner counts, and a role named only in a `{{role:…}}` reference too.
        let k = Kit::base()
            .edit("fragments/procedures.yaml", "owner: biologiste", "owner: qualiticien")
            .write(
                "fragments/role.yaml",
                "kind: role\nid: qualiticien\ntitle: Qualité\nmission: \"Suivre les événements.\"\n---\n\
                 kind: role\nid: hygieniste\ntitle: Hygiène\nmission: \"Hygiène.\"\n---\n\
                 kind: reflex\nid: r-hyg\ntitle: Hygiène\naudience: [tout-personnel]\nsteps:\n  - {do: \"Prévenir {{role:hygieniste}}\"}\n",
            );
        assert_eq!(
            k.failing_subjects("ROLE-HOLDER"),
            ["role:hygieniste", "role:qualiticien"]
        );
    }

    #[test]
    fn everyone_roles_and_unprinted_fragments_are_excepted() {
        // `tout-personnel` is named by the baseline's first reflex and held by nobody: no finding. The
        // pharmacy template names `pharmacien`, but the base plan does not declare the pharmacy: no finding
        // either once nobody holds `pharmacien`.
        let k = Kit::base().edit("contacts.yaml", " pharmacien,", "");
        assert!(k.passes("ROLE-HOLDER"), "{:?}", k.fails("ROLE-HOLDER"));
        let k = k.edit(
            "establishment.yaml",
            "  - {id: paie-rh,",
            "  - {id: pharmacie, name: \"Pharmacie\", criticality: important, max_downtime: 4h}\n  - {id: paie-rh,",
        );
        assert_eq!(k.failing_subjects("ROLE-HOLDER"), ["role:pharmacien"]);
    }

    #[test]
    fn overload() {
        assert!(Kit::base().passes("ROLE-OVERLOAD"));
        // `it` holds dsi, then also rssi and deputises directeur-crise: three positions.
        let k = Kit::base().edit(
            "establishment.yaml",
            "    - {role: dsi, holder: it, deputy: it2}",
            "    - {role: dsi, holder: it, deputy: it2}\n    - {role: rssi, holder: it, deputy: it2}\n    - {role: communication, holder: cadres, deputy: it}",
        );
        let f = k.fails("ROLE-OVERLOAD");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "contact:it");
        assert!(f[0].message.contains("3 crisis-cell positions"));
        // Deputising counts as much as holding: `garde` deputises three positions.
        let k = Kit::base().edit(
            "establishment.yaml",
            "    - {role: dsi, holder: it, deputy: it2}",
            "    - {role: dsi, holder: it, deputy: garde}\n    - {role: communication, holder: cadres, deputy: garde}",
        );
        let f = k.fails("ROLE-OVERLOAD");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "contact:garde");
        assert!(
            f[0].message
                .contains("deputises `directeur-crise`, `dsi`, `communication`"),
            "{}",
            f[0].message
        );
        // Two positions are fine.
        let k = Kit::base().edit(
            "establishment.yaml",
            "    - {role: dsi, holder: it, deputy: it2}",
            "    - {role: dsi, holder: it, deputy: it2}\n    - {role: rssi, holder: it, deputy: it2}",
        );
        assert!(k.passes("ROLE-OVERLOAD"), "{:?}", k.fails("ROLE-OVERLOAD"));
    }
}
