//! Whether the plan is complete and the establishment's own: nothing left as `pbn init` or the baseline
//! scaffolded it (PLACEHOLDERS), the regulatory regime declared (REGIME-DECLARED), the portal report's
//! delegation signed (PORTAL-DELEGATION), and the six contents of article R3131-10 II present
//! (PLAN-SECTIONS-R3131).

use super::{Finding, Msg, Outcome, Rule, RuleInputs, msg};
use crate::diag::Severity;
use crate::model::{Fragment, Kind};

pub const PLACEHOLDERS: Rule = Rule {
    id: "PLACEHOLDERS",
    severity: Severity::Error,
    title: "Nothing that `pbn init` or the baseline left to complete is still there",
    rationale: "A plan that still says « À COMPLÉTER », gives an example number (+33 6 00 00 00 01) or the \
                example FINESS, or leaves a national contact slot empty, sends people to nobody on the night \
                of the attack: every value the scaffold and the baseline leave open must be the \
                establishment's own before the plan is submitted.",
    fix: "Run `pbn validate`: each PBN080 (value to complete) and PBN031 (national slot) warning names the \
          place; replace the value with the establishment's own.",
    check: placeholders,
};

fn placeholders(cx: &RuleInputs) -> Outcome {
    let out = crate::placeholders::find(cx.plan, cx.map)
        .into_iter()
        .map(|p| {
            let m = if p.slot {
                msg(
                    format!("{} is not completed", p.what),
                    format!("{} n'est pas complété", p.what_fr),
                )
            } else {
                msg(
                    format!(
                        "`{}` still holds a value to complete: {}",
                        p.subject, p.what
                    ),
                    format!(
                        "`{}` contient encore une valeur à compléter : {}",
                        p.subject, p.what_fr
                    ),
                )
            };
            Finding::new(p.subject, p.loc, m)
        })
        .collect();
    Outcome::Checked(out)
}

pub const REGIME_DECLARED: Rule = Rule {
    id: "REGIME-DECLARED",
    severity: Severity::Error,
    title: "The establishment declares its regulatory regime",
    rationale: "Which national reports bind the establishment beyond health law depends on its regime: an \
                operator of essential services (OSE, NIS 1: GHT support hospitals among others) or of vital \
                importance (OIV) reports to the ANSSI without delay, a NIS 2 essential or important entity has \
                its 24 h / 72 h / 1 month reports. Without the regime, the plan cannot show the right clocks \
                (code de la défense L1332-6-2; loi n° 2018-133 art. 7; directive (UE) 2022/2555).",
    fix: "Write `regime:` in `establishment.yaml`: a list of `ose`, `oiv`, `nis2-essentielle`, \
          `nis2-importante`, or `[aucun]` (`nis2_entity: true` alone is the older form).",
    check: regime_declared,
};

pub const PORTAL_DELEGATION: Rule = Rule {
    id: "PORTAL-DELEGATION",
    severity: Severity::Warning,
    title: "A signed delegation lets someone else file the portal report",
    rationale: "The portal report is due without delay and is the director's; at 3 a.m. the director may be \
                unreachable or busy with the cell. A delegation written and signed in advance lets the RSSI \
                (or another named person) file it on the director's behalf (CSP L1111-8-2 and D1111-16-2; \
                baseline review, finding 3).",
    fix: "Record `portal_delegation: {to: CONTACT-ID, signed_on: DATE}` in the `establishment:` mapping, naming \
          a reachable contact other than the director.",
    check: portal_delegation,
};

pub const PLAN_SECTIONS_R3131: Rule = Rule {
    id: "PLAN-SECTIONS-R3131",
    severity: Severity::Error,
    title: "The plan has the six contents of article R3131-10 II",
    rationale: "The plan blanc holds, at least: 1° the crisis cell, 2° the procedures for each kind of event, \
                3° the continuity of activity, 4° the triggering and lifting of the plan, 5° the inventory of \
                the response means, 6° the staff training plan (code de la santé publique, art. R3131-10 II, \
                décret n° 2024-8). The cyber part of the plan carries each for a cyberattack.",
    fix: "Complete what the finding names: `crisis_cell` (members with holders, room), reflexes and \
          obligations, adapted degraded-mode procedures and `backups`, the activation and the lifting \
          (`sortie-de-crise`, procedures' `lifting`), `resources` (what, where, holder) and `training.plan`.",
    check: plan_sections,
};

fn regime_declared(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    if e.regime.is_some() {
        return Outcome::Checked(vec![]);
    }
    let m = if e.nis2_entity {
        msg(
            "the plan says only `nis2_entity: true`: declare `regime` (`nis2-essentielle` or \
             `nis2-importante`, and `ose` or `oiv` when they apply)",
            "le plan indique seulement `nis2_entity: true` : déclarer `regime` (`nis2-essentielle` ou \
             `nis2-importante`, et `ose` ou `oiv` s'il y a lieu)",
        )
    } else {
        msg(
            "the plan does not declare its regime (`regime`: ose, oiv, nis2-essentielle, nis2-importante \
             or [aucun]): the ANSSI and NIS 2 reports cannot be shown or left out on purpose",
            "le plan ne déclare pas son régime (`regime` : ose, oiv, nis2-essentielle, nis2-importante ou \
             [aucun]) : les signalements à l'ANSSI et au titre de NIS 2 ne peuvent être ni présentés ni \
             écartés à bon escient",
        )
    };
    Outcome::Checked(vec![Finding::new("establishment:regime", e.loc, m)])
}

fn portal_delegation(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    let Some(d) = &e.portal_delegation else {
        return Outcome::Checked(vec![Finding::new(
            "establishment:portal_delegation",
            e.loc,
            msg(
                "no delegation names who may file the portal report on the director's behalf \
                 (`portal_delegation`)",
                "aucune délégation ne désigne qui peut faire le signalement sur le portail au nom du \
                 directeur (`portal_delegation`)",
            ),
        )]);
    };
    let mut out = Vec::new();
    let subject = "establishment:portal_delegation";
    match cx.plan.contact(&d.to.v) {
        None => out.push(Finding::new(
            subject,
            d.to.loc,
            msg(
                format!("the delegate `{}` is not in the directory", d.to.v),
                format!("le délégataire `{}` n'est pas dans l'annuaire", d.to.v),
            ),
        )),
        Some(c) if c.channels.is_empty() => out.push(Finding::new(
            subject,
            d.to.loc,
            msg(
                format!("the delegate `contact:{}` has no channel", c.id.v),
                format!(
                    "le délégataire `contact:{}` n'a aucun moyen de contact",
                    c.id.v
                ),
            ),
        )),
        Some(c) => {
            let directors = super::directory::role_holders(cx, "directeur-crise");
            if directors.iter().any(|x| x.id.v == c.id.v) {
                out.push(Finding::new(
                    subject,
                    d.to.loc,
                    msg(
                        format!(
                            "the delegate `contact:{}` is the crisis director, who files the report anyway",
                            c.id.v
                        ),
                        format!(
                            "le délégataire `contact:{}` est le directeur de crise, qui fait de toute façon \
                             le signalement",
                            c.id.v
                        ),
                    ),
                ));
            }
        }
    }
    match &d.signed_on {
        None => out.push(Finding::new(
            subject,
            d.loc,
            msg(
                "the delegation has no signature date (`signed_on`)",
                "la délégation n'a pas de date de signature (`signed_on`)",
            ),
        )),
        Some(s) if s.v > cx.as_of => out.push(Finding::new(
            subject,
            s.loc,
            msg(
                format!(
                    "the delegation is dated {}, after the review date",
                    s.v.format("%Y-%m-%d")
                ),
                format!(
                    "la délégation est datée du {}, après la date de l'examen",
                    s.v.format("%Y-%m-%d")
                ),
            ),
        )),
        Some(_) => {}
    }
    Outcome::Checked(out)
}

/// The six contents of R3131-10 II: (number, what, what in French).
pub const R3131: [(u8, &str, &str); 6] = [
    (1, "the crisis cell", "la cellule de crise"),
    (
        2,
        "the procedures for each kind of event",
        "les procédures adaptées à chaque type d'événement",
    ),
    (
        3,
        "the continuity of activity",
        "la continuité de l'activité",
    ),
    (
        4,
        "the triggering and lifting of the plan",
        "le déclenchement et la levée du plan",
    ),
    (
        5,
        "the inventory of the response means",
        "l'inventaire des moyens de réponse",
    ),
    (
        6,
        "the staff training plan",
        "le plan de formation du personnel",
    ),
];

fn printed<'a>(cx: &RuleInputs<'a>, kind: Kind) -> Vec<&'a Fragment> {
    cx.plan
        .of_kind(kind)
        .into_iter()
        .filter(|f| cx.printed(f))
        .collect()
}

/// What content `n` of R3131-10 II lacks, if anything.
pub(crate) fn r3131_gap(cx: &RuleInputs, n: u8) -> Option<Msg> {
    let e = &cx.plan.establishment;
    // « À COMPLÉTER : salle de crise » names no room: a value to complete is no content.
    let nonempty = |t: &Option<crate::model::Text>| {
        t.as_ref()
            .is_some_and(|t| !t.v.trim().is_empty() && !crate::placeholders::is_marker_text(&t.v))
    };
    match n {
        1 if e.members.is_empty() => Some(msg(
            "no crisis-cell member (`crisis_cell.members`)",
            "aucun membre de la cellule de crise (`crisis_cell.members`)",
        )),
        1 if e.members.iter().any(|m| m.holder.is_none()) => Some(msg(
            "a crisis-cell position without holder",
            "un poste de la cellule de crise sans titulaire",
        )),
        1 if !nonempty(&e.room) => Some(msg(
            "no crisis-cell room (`crisis_cell.room`)",
            "pas de salle de crise (`crisis_cell.room`)",
        )),
        2 if printed(cx, Kind::Reflex).is_empty() => {
            Some(msg("no reflex sheet", "aucune fiche réflexe"))
        }
        2 if printed(cx, Kind::Obligation).is_empty() => Some(msg(
            "no reporting obligation",
            "aucune obligation de signalement",
        )),
        3 if !printed(cx, Kind::Procedure).iter().any(|p| cx.adapted(p)) => Some(msg(
            "no degraded-mode procedure adapted by the establishment",
            "aucune procédure de mode dégradé adaptée par l'établissement",
        )),
        3 if e.backups_offline.is_none() => Some(msg(
            "no backup arrangement (`backups`)",
            "aucune disposition de sauvegarde (`backups`)",
        )),
        4 if cx
            .plan
            .get(Kind::Reflex, "activation-cellule-crise")
            .is_none()
            && !printed(cx, Kind::Reflex)
                .iter()
                .any(|r| nonempty(&r.f.trigger)) =>
        {
            Some(msg(
                "nothing says how the plan is triggered (`activation-cellule-crise`)",
                "rien ne dit comment le plan est déclenché (`activation-cellule-crise`)",
            ))
        }
        4 if cx.plan.get(Kind::Reflex, "sortie-de-crise").is_none()
            && !printed(cx, Kind::Procedure).iter().any(|p| {
                p.f.lifting
                    .as_ref()
                    .is_some_and(|l| cx.map.layer_of(l.loc) > 0)
            }) =>
        {
            Some(msg(
                "nothing says how the plan is lifted (`sortie-de-crise`, procedures' `lifting`)",
                "rien ne dit comment le plan est levé (`sortie-de-crise`, `lifting` des procédures)",
            ))
        }
        5 if e.resources.is_empty() => Some(msg(
            "no inventory of the response means (`resources`: what, where, holder)",
            "aucun inventaire des moyens de réponse (`resources` : quoi, où, détenteur)",
        )),
        5 if e.resources.iter().any(|r| r.where_.is_none()) => Some(msg(
            "a response means without the place where it is kept (`where`)",
            "un moyen de réponse sans le lieu où il est rangé (`where`)",
        )),
        6 if !nonempty(&e.training_plan) => Some(msg(
            "no staff training plan (`training.plan`)",
            "aucun plan de formation du personnel (`training.plan`)",
        )),
        _ => None,
    }
}

fn plan_sections(cx: &RuleInputs) -> Outcome {
    let out = R3131
        .iter()
        .filter_map(|(n, what, what_fr)| {
            r3131_gap(cx, *n).map(|gap| {
                Finding::new(
                    format!("r3131:{n}"),
                    None,
                    msg(
                        format!("R3131-10 II {n}° ({what}): {}", gap.en),
                        format!("R3131-10 II {n}° ({what_fr}) : {}", gap.fr),
                    ),
                )
            })
        })
        .collect();
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    #[test]
    fn placeholders() {
        assert!(Kit::base().passes("PLACEHOLDERS"));
        // The example FINESS of `pbn init`, valid as it is.
        let k = Kit::base().edit("establishment.yaml", "\"010001725\"", "\"010000024\"");
        assert_eq!(
            k.failing_subjects("PLACEHOLDERS"),
            ["establishment:finess_ej"]
        );
        assert!(k.passes("FINESS-KEY"));
        // An example number on a contact that is otherwise complete.
        let k = Kit::base().edit(
            "contacts.yaml",
            "\"06 71 20 40 03\"",
            "\"+33 6 00 00 00 03\"",
        );
        let f = k.fails("PLACEHOLDERS");
        assert_eq!(f[0].subject, "contact:it");
        assert!(
            f[0].message.contains("+33 6 00 00 00 03"),
            "{}",
            f[0].message
        );
        // The marker in a procedure patch, and a national slot left as the baseline has it.
        let k = Kit::base()
            .edit(
                "fragments/procedures.yaml",
                "activation: \"Dès que le DPI est indisponible.\"",
                "activation: \"À COMPLÉTER : qui déclenche le mode dégradé.\"",
            )
            .edit(
                "contacts.yaml",
                "  - id: assureur\n",
                "  - id: assureur-ancien\n",
            );
        assert_eq!(
            k.failing_subjects("PLACEHOLDERS"),
            ["procedure:admissions-mode-degrade", "contact:assureur"]
        );
    }

    #[test]
    fn a_fresh_init_plan_fails() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p");
        assert_eq!(
            crate::cmd::init::run(&plan, "Centre hospitalier (à compléter)", "010000024", "fr"),
            0
        );
        let c = crate::app::compile(&plan).unwrap();
        let subjects: Vec<String> = crate::placeholders::find(&c.plan, &c.map)
            .into_iter()
            .map(|p| p.subject)
            .collect();
        for s in [
            "establishment:finess_ej",
            "establishment:name",
            "contact:rssi",
            "contact:administrateur-garde",
            "crisis-cell:room",
            "procedure:urgences-mode-degrade",
        ] {
            assert!(subjects.iter().any(|x| x == s), "{s} not in {subjects:?}");
        }
        // Each is a PBN080 warning in `validate` (slots are PBN031 already).
        assert!(
            c.diags
                .list
                .iter()
                .any(|d| d.code == crate::diag::Code::Placeholder)
        );
    }

    #[test]
    fn regime() {
        assert!(Kit::base().passes("REGIME-DECLARED"));
        let k = Kit::base().edit("establishment.yaml", "  regime: [aucun]\n", "");
        assert_eq!(
            k.failing_subjects("REGIME-DECLARED"),
            ["establishment:regime"]
        );
        let k = k.edit(
            "establishment.yaml",
            "nis2_entity: false",
            "nis2_entity: true",
        );
        assert!(
            k.fails("REGIME-DECLARED")[0]
                .message
                .contains("only `nis2_entity: true`")
        );
    }

    #[test]
    fn delegation() {
        assert!(Kit::base().passes("PORTAL-DELEGATION"));
        let k = Kit::base().edit(
            "establishment.yaml",
            "  portal_delegation: {to: it, signed_on: 2026-09-01}\n",
            "",
        );
        assert_eq!(
            k.failing_subjects("PORTAL-DELEGATION"),
            ["establishment:portal_delegation"]
        );
        let k = Kit::base().edit(
            "establishment.yaml",
            "{to: it, signed_on: 2026-09-01}",
            "{to: it}",
        );
        assert!(
            k.fails("PORTAL-DELEGATION")[0]
                .message
                .contains("signature date")
        );
        // Delegating to the crisis director delegates nothing.
        let k = Kit::base().edit(
            "establishment.yaml",
            "{to: it, signed_on",
            "{to: dg, signed_on",
        );
        assert!(
            k.fails("PORTAL-DELEGATION")[0]
                .message
                .contains("crisis director")
        );
    }

    #[test]
    fn r3131_sections() {
        assert!(Kit::base().passes("PLAN-SECTIONS-R3131"));
        let k = Kit::base()
            .edit(
                "establishment.yaml",
                "  - {id: kit-urgences, what: \"Kit papier des urgences\", where: \"Urgences, armoire 3\", holder: cadres}\n",
                "",
            )
            .edit("establishment.yaml", "  plan: \"Module annuel", "  plan: \"\"\n  # \"Module annuel");
        assert_eq!(
            k.failing_subjects("PLAN-SECTIONS-R3131"),
            ["r3131:5", "r3131:6"]
        );
        // A resource with no place where it is kept.
        let k = Kit::base().edit("establishment.yaml", ", where: \"Urgences, armoire 3\"", "");
        assert_eq!(k.failing_subjects("PLAN-SECTIONS-R3131"), ["r3131:5"]);
        // No crisis-cell room.
        let k = Kit::base().edit(
            "establishment.yaml",
            "  room: \"Salle de crise, bâtiment A\"\n",
            "",
        );
        assert_eq!(k.failing_subjects("PLAN-SECTIONS-R3131"), ["r3131:1"]);
        // A room or a training plan still to complete is not there either.
        let k = Kit::base()
            .edit(
                "establishment.yaml",
                "\"Salle de crise, bâtiment A\"",
                "\"À COMPLÉTER : salle de crise\"",
            )
            .edit(
                "establishment.yaml",
                "  plan: \"Module annuel",
                "  plan: \"À COMPLÉTER\"\n  # \"Module annuel",
            );
        assert_eq!(
            k.failing_subjects("PLAN-SECTIONS-R3131"),
            ["r3131:1", "r3131:6"]
        );
    }
}
