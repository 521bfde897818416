//! How the plan is governed: adoption (PLAN-APPROVAL), currency (PLAN-REVIEW-12M), the crisis cell's
//! deputies (CELL-DEPUTY) and staff training (TRAINING-PLAN).

use super::{Finding, Outcome, Rule, RuleInputs, msg};
use crate::diag::Severity;
use crate::model::Date;

pub const PLAN_APPROVAL: Rule = Rule {
    id: "PLAN-APPROVAL",
    severity: Severity::Error,
    title: "This version of the plan was adopted after the opinions of the bodies, and the board informed",
    rationale: "The plan blanc, of which this plan is the cyber part, is adopted by the director after the \
                opinions of the directoire, the medical committee (CME) and the staff committee (CSE) in a \
                public establishment, of the conférence médicale and the comité social et économique in a \
                private one; the conseil de surveillance (or the board) is informed (code de la santé \
                publique, art. R3131-10 and following). Opinions given on an earlier version do not cover \
                this one.",
    fix: "Record in `approval:` the adoption date (`adopted_on`), the version adopted (`version`, the \
          `plan.version` of pbn.yaml), each opinion (`opinions: {directoire, cme, cse}`, no directoire with \
          `sector: private`) on or before the adoption, and when the governing body was informed \
          (`informed: {conseil_surveillance: DATE}`, or `conseil_administration`).",
    check: plan_approval,
};

pub const PLAN_REVIEW_12M: Rule = Rule {
    id: "PLAN-REVIEW-12M",
    severity: Severity::Warning,
    title: "The plan was adopted or reviewed within the last 12 months (good practice)",
    rationale: "Good practice, not a legal deadline: no text we could verify sets a review period for the plan \
                blanc (CSP art. R3131-10 requires the plan and its contents, not a yearly review). A plan \
                older than a year rarely matches the staff, the information system and the threat, and the \
                yearly exercise (EXERCISE-12M) should feed a yearly revision (ANSSI, « Crise d'origine \
                cyber », 2021; DGOS guide on the digital part of the plan blanc, 2023).",
    fix: "Review the plan, have it adopted again and update `approval: {adopted_on, next_review}`.",
    check: plan_review,
};

pub const CELL_DEPUTY: Rule = Rule {
    id: "CELL-DEPUTY",
    severity: Severity::Warning,
    title: "Every crisis-cell position has a holder and a deputy",
    rationale: "A cyber crisis lasts days or weeks: each position of the crisis cell needs a named deputy to \
                relieve or replace its holder (ANSSI, « Crise d'origine cyber, les clés d'une gestion \
                opérationnelle et stratégique », 2021).",
    fix: "Give each `crisis_cell.members` entry a `holder` and a different `deputy` (contact ids).",
    check: cell_deputy,
};

pub const CELL_ROOMS: Rule = Rule {
    id: "CELL-ROOMS",
    severity: Severity::Warning,
    title: "The crisis cell has a room and a different fallback room",
    rationale: "The cell meets where it can work without the IS, and somewhere else when that room is lost \
                (fire, the building of the attacked servers, no telephone line): the plan blanc names the \
                crisis-cell room and a fallback (CSP art. R3131-10 II 1°; ministry of health, guide « Plan \
                de gestion des tensions hospitalières et des situations sanitaires exceptionnelles », 2024).",
    fix: "Give `crisis_cell.room` and a different `crisis_cell.fallback_room` (building and room name).",
    check: cell_rooms,
};

pub const TRAINING_PLAN: Rule = Rule {
    id: "TRAINING-PLAN",
    severity: Severity::Warning,
    title: "Staff are trained: a training plan and a session within 12 months",
    rationale: "Staff training is part of the plan blanc (CSP art. R3131-10 and following); the first \
                minutes of a cyberattack depend on staff who know the reflexes (ANSSI and ministry of \
                health, cyber-resilience programme CaRE).",
    fix: "Describe the training plan in `training.plan` and record each session (`training.sessions`: date, \
          audience, topic).",
    check: training_plan,
};

fn ymd(d: Date) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The bodies whose opinion the sector requires: (key, name).
fn bodies(cx: &RuleInputs) -> &'static [(&'static str, &'static str, &'static str)] {
    let private = cx
        .plan
        .establishment
        .sector
        .as_ref()
        .is_some_and(|s| s.v == "private");
    if private {
        &[
            (
                "cme",
                "conférence médicale (CME)",
                "de la conférence médicale (CME)",
            ),
            (
                "cse",
                "comité social et économique (CSE)",
                "du comité social et économique (CSE)",
            ),
        ]
    } else {
        &[
            ("directoire", "directoire", "du directoire"),
            ("cme", "CME", "de la CME"),
            ("cse", "CSE", "du CSE"),
        ]
    }
}

fn plan_approval(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    let mut out = Vec::new();
    let anchor = e.adopted_on.as_ref().map_or(e.loc, |a| a.loc);
    if e.adopted_on.is_none() {
        out.push(Finding::new(
            "approval:adopted_on",
            e.loc,
            msg(
                "the plan records no adoption date (`approval.adopted_on`)",
                "le plan n'indique pas de date d'adoption (`approval.adopted_on`)",
            ),
        ));
    }
    for &(key, name, of_fr) in bodies(cx) {
        match (e.opinions.get(key), &e.adopted_on) {
            (None, _) => out.push(Finding::new(
                format!("approval:{key}"),
                anchor,
                msg(
                    format!(
                        "the opinion of the {name} is not recorded (`approval.opinions.{key}`)"
                    ),
                    format!("l'avis {of_fr} n'est pas enregistré (`approval.opinions.{key}`)"),
                ),
            )),
            (Some(op), Some(ad)) if op.v > ad.v => out.push(Finding::new(
                format!("approval:{key}"),
                op.loc,
                msg(
                    format!(
                        "the {name} gave its opinion on {}, after the adoption on {}",
                        ymd(op.v),
                        ymd(ad.v)
                    ),
                    format!(
                        "l'avis {of_fr} date du {}, après l'adoption du {}",
                        ymd(op.v),
                        ymd(ad.v)
                    ),
                ),
            )),
            _ => {}
        }
    }
    if let Some(ad) = e.adopted_on.as_ref().filter(|a| a.v > cx.as_of) {
        out.push(Finding::new(
            "approval:adopted_on",
            ad.loc,
            msg(
                format!(
                    "adoption is dated {}, after the review date {}",
                    ymd(ad.v),
                    ymd(cx.as_of)
                ),
                format!(
                    "l'adoption est datée du {}, après la date de l'examen ({})",
                    ymd(ad.v),
                    ymd(cx.as_of)
                ),
            ),
        ));
    }
    this_version(cx, anchor, &mut out);
    informed(cx, anchor, &mut out);
    Outcome::Checked(out)
}

/// The opinions and the adoption concern the submitted version (`approval.version` = `plan.version`).
fn this_version(cx: &RuleInputs, anchor: crate::source::Loc, out: &mut Vec<Finding>) {
    let e = &cx.plan.establishment;
    let plan_v = cx.plan.manifest.version.as_ref();
    match (&e.approved_version, plan_v) {
        (None, _) => out.push(Finding::new(
            "approval:version",
            anchor,
            msg(
                "the approval does not say which version of the plan the opinions and the adoption concern \
                 (`approval.version`)",
                "l'adoption ne précise pas sur quelle version du plan portent les avis et l'adoption \
                 (`approval.version`)",
            ),
        )),
        (Some(a), Some(p)) if a.v.trim() != p.v.trim() => out.push(Finding::new(
            "approval:version",
            a.loc,
            msg(
                format!(
                    "the opinions and the adoption concern version {}, but the plan submitted is version {}",
                    a.v, p.v
                ),
                format!(
                    "les avis et l'adoption portent sur la version {}, mais le plan transmis est la version {}",
                    a.v, p.v
                ),
            ),
        )),
        _ => {}
    }
}

/// The conseil de surveillance (or the board of a private establishment) was informed, after the adoption.
fn informed(cx: &RuleInputs, anchor: crate::source::Loc, out: &mut Vec<Finding>) {
    let e = &cx.plan.establishment;
    let body = e
        .informed
        .get("conseil_surveillance")
        .or_else(|| e.informed.get("conseil_administration"));
    match (body, &e.adopted_on) {
        (None, _) => out.push(Finding::new(
            "approval:informed",
            anchor,
            msg(
                "the plan does not record when the conseil de surveillance (or the board) was informed \
                 (`approval.informed.conseil_surveillance`)",
                "le plan n'indique pas quand le conseil de surveillance (ou le conseil d'administration) a \
                 été informé (`approval.informed.conseil_surveillance`)",
            ),
        )),
        (Some(d), _) if d.v > cx.as_of => out.push(Finding::new(
            "approval:informed",
            d.loc,
            msg(
                format!(
                    "the governing body is to be informed on {}, after the review date",
                    ymd(d.v)
                ),
                format!(
                    "le conseil doit être informé le {}, après la date de l'examen",
                    ymd(d.v)
                ),
            ),
        )),
        _ => {}
    }
}

fn plan_review(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    let months = cx.th.review_months;
    let mut out = Vec::new();
    if let Some(n) = e.next_review.as_ref().filter(|n| n.v < cx.as_of) {
        out.push(Finding::new(
            "approval:next_review",
            n.loc,
            msg(
                format!("the review planned for {} has not been done", ymd(n.v)),
                format!("la révision prévue le {} n'a pas été faite", ymd(n.v)),
            ),
        ));
    }
    match &e.adopted_on {
        Some(a) if a.v < cx.months_ago(months) => out.push(Finding::new(
            "approval:adopted_on",
            a.loc,
            msg(
                format!(
                    "the plan was adopted on {}, more than {months} months ago",
                    ymd(a.v)
                ),
                format!(
                    "le plan a été adopté le {}, il y a plus de {months} mois",
                    ymd(a.v)
                ),
            ),
        )),
        None if e.next_review.is_none() => out.push(Finding::new(
            "approval",
            e.loc,
            msg(
                "the plan has neither an adoption date nor a next review date",
                "le plan n'a ni date d'adoption ni date de prochaine révision",
            ),
        )),
        _ => {}
    }
    Outcome::Checked(out)
}

fn cell_deputy(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    if e.members.is_empty() {
        return Outcome::Checked(vec![Finding::new(
            "crisis-cell",
            e.loc,
            msg(
                "the plan declares no crisis-cell member (`crisis_cell.members`)",
                "le plan ne déclare aucun membre de la cellule de crise (`crisis_cell.members`)",
            ),
        )]);
    }
    let mut out = Vec::new();
    for m in &e.members {
        let subject = format!("cell:{}", m.role.v);
        match (&m.holder, &m.deputy) {
            (None, _) => out.push(Finding::new(
                &subject,
                m.loc,
                msg(
                    format!("crisis-cell position `{}` has no holder", m.role.v),
                    format!(
                        "le poste `{}` de la cellule de crise n'a pas de titulaire",
                        m.role.v
                    ),
                ),
            )),
            (Some(_), None) => out.push(Finding::new(
                &subject,
                m.loc,
                msg(
                    format!("crisis-cell position `{}` has no deputy", m.role.v),
                    format!(
                        "le poste `{}` de la cellule de crise n'a pas de suppléant",
                        m.role.v
                    ),
                ),
            )),
            (Some(h), Some(d)) if h.v == d.v => out.push(Finding::new(
                &subject,
                d.loc,
                msg(
                    format!("the deputy of `{}` is its holder `{}`", m.role.v, h.v),
                    format!(
                        "le suppléant du poste `{}` est son titulaire `{}`",
                        m.role.v, h.v
                    ),
                ),
            )),
            _ => {}
        }
    }
    Outcome::Checked(out)
}

fn cell_rooms(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    let given = |t: &Option<crate::model::Text>| t.clone().filter(|t| !t.v.trim().is_empty());
    let mut out = Vec::new();
    let (room, fallback) = (given(&e.room), given(&e.fallback_room));
    if room.is_none() {
        out.push(Finding::new(
            "crisis-cell:room",
            e.loc,
            msg(
                "the plan names no crisis-cell room (`crisis_cell.room`)",
                "le plan ne désigne pas de salle de crise (`crisis_cell.room`)",
            ),
        ));
    }
    match (&room, &fallback) {
        (_, None) => out.push(Finding::new(
            "crisis-cell:fallback_room",
            room.as_ref().map_or(e.loc, |r| r.loc),
            msg(
                "the plan names no fallback room for the crisis cell (`crisis_cell.fallback_room`)",
                "le plan ne désigne pas de salle de repli pour la cellule de crise \
                 (`crisis_cell.fallback_room`)",
            ),
        )),
        (Some(r), Some(f)) if super::fold(r.v.trim()) == super::fold(f.v.trim()) => {
            out.push(Finding::new(
                "crisis-cell:fallback_room",
                f.loc,
                msg(
                    format!(
                        "the fallback room is the crisis room itself (« {} »)",
                        f.v.trim()
                    ),
                    format!(
                        "la salle de repli est la salle de crise elle-même (« {} »)",
                        f.v.trim()
                    ),
                ),
            ))
        }
        _ => {}
    }
    let named = [
        ("crisis-cell:room", &room),
        ("crisis-cell:fallback_room", &fallback),
    ];
    for (subject, t) in named
        .into_iter()
        .filter_map(|(s, t)| Some((s, t.as_ref()?)))
    {
        if crate::placeholders::is_marker_text(&t.v) {
            out.push(Finding::new(
                subject,
                t.loc,
                msg(
                    format!("« {} » is still a value to complete", t.v.trim()),
                    format!("« {} » est encore une valeur à compléter", t.v.trim()),
                ),
            ));
        }
    }
    Outcome::Checked(out)
}

fn training_plan(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    let months = cx.th.training_months;
    let mut out = Vec::new();
    // « À COMPLÉTER » describes no training.
    if e.training_plan
        .as_ref()
        .is_none_or(|t| t.v.trim().is_empty() || crate::placeholders::is_marker_text(&t.v))
    {
        out.push(Finding::new(
            "training",
            e.loc,
            msg(
                "the plan has no training plan (`training.plan`)",
                "le plan ne contient pas de plan de formation (`training.plan`)",
            ),
        ));
    }
    let past = e
        .training_sessions
        .iter()
        .filter_map(|s| s.date.as_ref())
        .filter(|d| d.v <= cx.as_of);
    let last = past.max_by_key(|d| d.v);
    match last {
        Some(d) if cx.within(d.v, months) => {}
        Some(d) => out.push(Finding::new(
            "training",
            d.loc,
            msg(
                format!(
                    "the last training session was on {}, more than {months} months ago",
                    ymd(d.v)
                ),
                format!(
                    "la dernière session de formation a eu lieu le {}, il y a plus de {months} mois",
                    ymd(d.v)
                ),
            ),
        )),
        None => out.push(Finding::new(
            "training",
            e.loc,
            msg(
                "no training session is recorded (`training.sessions`)",
                "aucune session de formation n'est enregistrée (`training.sessions`)",
            ),
        )),
    }
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    #[test]
    fn approval() {
        assert!(Kit::base().passes("PLAN-APPROVAL"));
        let k = Kit::base().edit("establishment.yaml", "cme: 2026-09-22, ", "");
        assert_eq!(k.failing_subjects("PLAN-APPROVAL"), ["approval:cme"]);
        let k = Kit::base().edit("establishment.yaml", "cse: 2026-09-25", "cse: 2026-10-05");
        assert_eq!(k.failing_subjects("PLAN-APPROVAL"), ["approval:cse"]);
        let k = Kit::base().edit("establishment.yaml", "  adopted_on: 2026-10-02\n", "");
        assert!(
            k.failing_subjects("PLAN-APPROVAL")
                .contains(&"approval:adopted_on".to_string())
        );
        // Reviewed before it was adopted, or before the board was informed: not yet done.
        let f = Kit::base()
            .on("2026-10-01")
            .failing_subjects("PLAN-APPROVAL");
        assert!(f.contains(&"approval:adopted_on".to_string()), "{f:?}");
        assert!(f.contains(&"approval:informed".to_string()), "{f:?}");
        assert_eq!(
            Kit::base()
                .on("2026-10-09")
                .failing_subjects("PLAN-APPROVAL"),
            ["approval:informed"]
        );
        assert!(Kit::base().on("2026-10-10").passes("PLAN-APPROVAL"));
    }

    #[test]
    fn review_within_12_months() {
        assert!(Kit::base().passes("PLAN-REVIEW-12M"));
        assert!(Kit::base().on("2027-10-01").passes("PLAN-REVIEW-12M"));
        let k = Kit::base().on("2027-10-02");
        assert_eq!(
            k.failing_subjects("PLAN-REVIEW-12M"),
            ["approval:next_review"]
        );
        let k = Kit::base().on("2027-11-29");
        assert_eq!(
            k.failing_subjects("PLAN-REVIEW-12M"),
            ["approval:next_review", "approval:adopted_on"]
        );
        let k = Kit::base().edit("establishment.yaml", "  next_review: 2027-10-01\n", "");
        assert!(
            k.on("2027-10-03").fails("PLAN-REVIEW-12M")[0]
                .message
                .contains("12 months")
        );
    }

    #[test]
    fn cell_deputies() {
        assert!(Kit::base().passes("CELL-DEPUTY"));
        let k = Kit::base().edit(
            "establishment.yaml",
            "holder: it, deputy: it2",
            "holder: it",
        );
        assert_eq!(k.failing_subjects("CELL-DEPUTY"), ["cell:dsi"]);
        let k = Kit::base().edit(
            "establishment.yaml",
            "holder: it, deputy: it2",
            "holder: it, deputy: it",
        );
        assert_eq!(k.failing_subjects("CELL-DEPUTY"), ["cell:dsi"]);
    }

    #[test]
    fn training() {
        assert!(Kit::base().passes("TRAINING-PLAN"));
        assert_eq!(
            Kit::base()
                .on("2027-05-20")
                .failing_subjects("TRAINING-PLAN"),
            ["training"]
        );
        let k = Kit::base().edit(
            "establishment.yaml",
            "  plan: \"Module annuel",
            "  plan: \"\"\n  # \"Module annuel",
        );
        assert!(!k.passes("TRAINING-PLAN"));
        let k = Kit::base().edit(
            "establishment.yaml",
            "  plan: \"Module annuel",
            "  plan: \"À COMPLÉTER : plan de formation\"\n  # \"Module annuel",
        );
        assert_eq!(k.failing_subjects("TRAINING-PLAN"), ["training"]);
    }

    #[test]
    fn approval_bodies_version_and_board() {
        // Opinions on an earlier version do not cover this one.
        let k = Kit::base().edit(
            "establishment.yaml",
            "version: \"1.0.0\"",
            "version: \"0.9.0\"",
        );
        let f = k.fails("PLAN-APPROVAL");
        assert_eq!(f[0].subject, "approval:version");
        assert!(f[0].message.contains("0.9.0") && f[0].message.contains("1.0.0"));
        let k = Kit::base().edit("establishment.yaml", "  version: \"1.0.0\"\n", "");
        assert_eq!(k.failing_subjects("PLAN-APPROVAL"), ["approval:version"]);
        // The conseil de surveillance not informed.
        let k = Kit::base().edit(
            "establishment.yaml",
            "  informed: {conseil_surveillance: 2026-10-10}\n",
            "",
        );
        assert_eq!(k.failing_subjects("PLAN-APPROVAL"), ["approval:informed"]);
        // A private establishment has no directoire: CME and CSE suffice, and the board is informed.
        let k = Kit::base()
            .edit("establishment.yaml", "directoire: 2026-09-20, ", "")
            .edit(
                "establishment.yaml",
                "conseil_surveillance",
                "conseil_administration",
            );
        assert_eq!(k.failing_subjects("PLAN-APPROVAL"), ["approval:directoire"]);
        let k = k.edit(
            "establishment.yaml",
            "  version: \"1.0.0\"",
            "  version: \"1.0.0\"\n  sector: private",
        );
        assert!(k.passes("PLAN-APPROVAL"), "{:?}", k.fails("PLAN-APPROVAL"));
        // …but its CSE is still required.
        let k = k.edit("establishment.yaml", ", cse: 2026-09-25", "");
        assert_eq!(k.failing_subjects("PLAN-APPROVAL"), ["approval:cse"]);
    }

    #[test]
    fn rooms() {
        assert!(Kit::base().passes("CELL-ROOMS"));
        let k = Kit::base().edit(
            "establishment.yaml",
            "  fallback_room: \"Salle du conseil, bâtiment C\"\n",
            "",
        );
        assert_eq!(
            k.failing_subjects("CELL-ROOMS"),
            ["crisis-cell:fallback_room"]
        );
        let k = Kit::base().edit(
            "establishment.yaml",
            "\"Salle du conseil, bâtiment C\"",
            "\"salle de crise, bâtiment A\"",
        );
        assert_eq!(
            k.failing_subjects("CELL-ROOMS"),
            ["crisis-cell:fallback_room"]
        );
        let k = Kit::base().edit(
            "establishment.yaml",
            "\"Salle du conseil, bâtiment C\"",
            "\"À COMPLÉTER : salle de repli\"",
        );
        assert_eq!(
            k.failing_subjects("CELL-ROOMS"),
            ["crisis-cell:fallback_room"]
        );
    }
}
