//! Continuity of care without the IS: degraded-mode procedures for critical applications
//! (DEGRADED-COMPLETE) and for vital and essential functions (FUNCTION-COVERAGE), recovery times that fit the
//! tolerable downtime (RTO-FITS), offline backups that were restored recently (BACKUP-OFFLINE).
//!
//! Only procedures the establishment wrote or adapted count ([`RuleInputs::adapted`]): a national template whose
//! owner, activation and paper kit still come from the baseline is reported as "template not adapted".

use super::{Finding, Outcome, Rule, RuleInputs, msg};
use crate::diag::Severity;
use crate::model::{Criticality, Fragment, Kind};

pub const DEGRADED_COMPLETE: Rule = Rule {
    id: "DEGRADED-COMPLETE",
    severity: Severity::Error,
    title: "Every critical application has a complete degraded-mode procedure",
    rationale: "When a critical application stops, the service switches to paper at once: who decides, when, \
                with which forms, how data is caught up afterwards and who ends degraded mode must be written \
                in advance, by the service itself (ANSSI, « Attaques par rançongiciels », 2020; HAS and ANS, \
                continuity of care in degraded mode; CSP art. R3131-10 II 4°, triggering and lifting).",
    fix: "List the application in the `applications` of a procedure the establishment adapted, with `owner`, \
          `activation`, `max_downtime`, `rto`, `rpo`, a non-empty `paper_kit`, and its own `catch_up` (how data \
          is re-entered) and `lifting` (who ends degraded mode, on which criterion): the national template's \
          generic text does not count.",
    check: degraded_complete,
};

pub const FUNCTION_COVERAGE: Rule = Rule {
    id: "FUNCTION-COVERAGE",
    severity: Severity::Error,
    title: "Every vital and essential function has an adapted degraded-mode procedure",
    rationale: "Care must continue without the IS: each vital or essential business function (emergencies, \
                intensive care, maternity, SAMU, admissions and identity, pharmacy, laboratory, imaging, \
                theatre, prescription, transfusion, telephony…) needs its own fallback procedure (plan blanc, \
                CSP art. R3131-10 II 3°). Criticality is self-declared: emergencies, intensive care, maternity \
                and transfusion put lives at stake within the hour and cannot be declared less than vital.",
    fix: "Adapt the national template of the function with `override: patch` (at least `owner`, `activation` \
          and `paper_kit`), or write a local procedure with `function: ID`; declare urgences, reanimation, \
          maternite and transfusion `criticality: vital`.",
    check: function_coverage,
};

pub const DEGRADED_NO_IT: Rule = Rule {
    id: "DEGRADED-NO-IT",
    severity: Severity::Error,
    title: "No step of a degraded-mode procedure needs the information system",
    rationale: "A degraded-mode procedure is what the service does when the IS is gone: a step marked \
                `needs_it: true` cannot be carried out at the moment the procedure is used (ANSSI, « Attaques \
                par rançongiciels », 2020: procedures on paper, without the IS).",
    fix: "Rewrite the step so it works on paper or by telephone (and drop `needs_it: true`), or move it to \
          the catch-up once the IS is back (`catch_up`).",
    check: degraded_no_it,
};

pub const RTO_FITS: Rule = Rule {
    id: "RTO-FITS",
    severity: Severity::Warning,
    title: "Recovery times fit the tolerable downtime, or a procedure covers the gap",
    rationale: "An application that takes longer to restore (RTO) than the function it serves can stop \
                (max downtime) leaves a gap that only a degraded-mode procedure can fill (business continuity, \
                ISO 22301 business impact analysis).",
    fix: "Shorten the application's `rto`, or adapt a procedure for the function it serves.",
    check: rto_fits,
};

pub const BACKUP_OFFLINE: Rule = Rule {
    id: "BACKUP-OFFLINE",
    severity: Severity::Error,
    title: "Offline backups, restored in a test within 12 months",
    rationale: "Ransomware destroys the backups it can reach: a copy must be offline and its restoration \
                tested (ANSSI, « Attaques par rançongiciels », 2020; CaRE programme, backups domain).",
    fix: "Keep an offline or immutable copy (`backups.offline: true`) and run a restore test, recorded in \
          `backups.last_restore_test`.",
    check: backup_offline,
};

/// Function ids of the national procedure templates (docs/plan-format.md), and the vital care functions
/// of the baseline review (intensive care, maternity, SAMU).
const CANONICAL: [&str; 15] = [
    "urgences",
    "reanimation",
    "maternite",
    "samu",
    "admissions",
    "pharmacie",
    "laboratoire",
    "imagerie",
    "bloc",
    "dpi",
    "transfusion",
    "telephonie",
    "sterilisation",
    "restauration",
    "paie-rh",
];

/// Activities that are vital whatever the establishment declares (lives are at stake within the hour): (words of
/// a function's id or name, what in English, in French). By words, so that `urgences-pediatriques` or
/// « Réanimation néonatale » count as much as `urgences` and `reanimation`.
const VITAL_ALWAYS: [(&[&str], &str, &str); 4] = [
    (&["urgences"], "emergencies", "urgences"),
    (&["reanimation*", "rea"], "intensive care", "réanimation"),
    (
        &["maternite*", "naissance*", "accouchement*"],
        "maternity",
        "maternité",
    ),
    (&["transfusion*"], "transfusion", "transfusion"),
];

fn procedures<'a>(cx: &RuleInputs<'a>) -> Vec<&'a Fragment> {
    cx.plan.of_kind(Kind::Procedure)
}

fn lists(p: &Fragment, app: &str) -> bool {
    p.f.applications
        .as_ref()
        .is_some_and(|a| a.v.iter().any(|x| x.v == app))
}

fn serves(p: &Fragment, function: &str) -> bool {
    p.f.function.as_ref().is_some_and(|f| f.v == function)
}

/// The degraded-mode fields a procedure lacks (DEGRADED-COMPLETE's list). `catch_up` and `lifting` must come
/// from a layer above the baseline: the national template's generic text says nothing about this service.
fn missing_fields(cx: &RuleInputs, p: &Fragment) -> Vec<&'static str> {
    let f = &p.f;
    let text = |t: &Option<crate::model::Text>| t.as_ref().is_some_and(|t| !t.v.trim().is_empty());
    let own = |t: &Option<crate::model::Text>| {
        t.as_ref()
            .is_some_and(|t| !t.v.trim().is_empty() && cx.map.layer_of(t.loc) > 0)
    };
    [
        ("owner", text(&f.owner)),
        ("activation", text(&f.activation)),
        ("max_downtime", f.max_downtime.is_some()),
        ("rto", f.rto.is_some()),
        ("rpo", f.rpo.is_some()),
        (
            "paper_kit",
            f.paper_kit.as_ref().is_some_and(|k| !k.v.is_empty()),
        ),
        ("catch_up", own(&f.catch_up)),
        ("lifting", own(&f.lifting)),
    ]
    .into_iter()
    .filter_map(|(name, ok)| (!ok).then_some(name))
    .collect()
}

/// The adaptation fields a template still takes from the baseline.
fn unadapted_fields(cx: &RuleInputs, p: &Fragment) -> Vec<&'static str> {
    ["owner", "activation", "paper_kit"]
        .into_iter()
        .filter(|n| p.f.loc_of(n).is_none_or(|l| cx.map.layer_of(l) == 0))
        .collect()
}

/// « whose field `activation` still holds a value to complete », in English and French.
fn still_to_complete(todo: &[&str]) -> (String, String) {
    let list = todo
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if todo.len() == 1 {
        (
            format!("whose field {list} still holds a value to complete"),
            format!("dont le champ {list} reste à compléter"),
        )
    } else {
        (
            format!("whose fields {list} still hold a value to complete"),
            format!("dont les champs {list} restent à compléter"),
        )
    }
}

fn ids(ps: &[&Fragment]) -> String {
    ps.iter()
        .map(|p| format!("`{}`", p.id.v))
        .collect::<Vec<_>>()
        .join(", ")
}

fn degraded_complete(cx: &RuleInputs) -> Outcome {
    let procs = procedures(cx);
    let mut out = Vec::new();
    for app in cx
        .plan
        .establishment
        .applications
        .iter()
        .filter(|a| a.critical.v)
    {
        let subject = format!("application:{}", app.id.v);
        let listing: Vec<&Fragment> = procs
            .iter()
            .copied()
            .filter(|p| lists(p, &app.id.v))
            .collect();
        let (adapted, templates): (Vec<&Fragment>, Vec<&Fragment>) =
            listing.iter().partition(|p| cx.adapted(p));
        if adapted.is_empty() {
            let m = if templates.is_empty() {
                let near: Vec<&Fragment> = procs
                    .iter()
                    .copied()
                    .filter(|p| app.functions.iter().any(|f| serves(p, &f.v)))
                    .collect();
                let (hint, hint_fr) = if near.is_empty() {
                    (String::new(), String::new())
                } else {
                    let (verb, verb_fr, cite, cite_fr) = if near.len() == 1 {
                        ("covers", "couvre", "does", "cite")
                    } else {
                        ("cover", "couvrent", "do", "citent")
                    };
                    (
                        format!(
                            " ({} {verb} its functions but {cite} not list it)",
                            ids(&near)
                        ),
                        format!(
                            " ({} {verb_fr} ses fonctions mais ne la {cite_fr} pas)",
                            ids(&near)
                        ),
                    )
                };
                msg(
                    format!(
                        "no procedure lists the critical application `{}`{hint}",
                        app.id.v
                    ),
                    format!(
                        "aucune procédure ne cite l'application critique `{}`{hint_fr}",
                        app.id.v
                    ),
                )
            } else if let Some(t) = templates.iter().find(|t| !super::unfinished(t).is_empty()) {
                let (en, fr) = still_to_complete(&super::unfinished(t));
                msg(
                    format!(
                        "the critical application `{}` appears only in {}, {en}",
                        app.id.v,
                        ids(&[t])
                    ),
                    format!(
                        "l'application critique `{}` n'apparaît que dans {}, {fr}",
                        app.id.v,
                        ids(&[t])
                    ),
                )
            } else {
                msg(
                    format!(
                        "the critical application `{}` appears only in {}: template not adapted",
                        app.id.v,
                        ids(&templates)
                    ),
                    format!(
                        "l'application critique `{}` n'apparaît que dans {} : modèle national non adapté",
                        app.id.v,
                        ids(&templates)
                    ),
                )
            };
            out.push(Finding::new(subject, app.loc, m));
            continue;
        }
        let best = adapted
            .iter()
            .map(|p| (missing_fields(cx, p), *p))
            .min_by_key(|(m, _)| m.len());
        if let Some((missing, p)) = best.filter(|(m, _)| !m.is_empty()) {
            let own = missing.iter().any(|m| *m == "catch_up" || *m == "lifting");
            out.push(Finding::new(
                subject,
                p.loc,
                msg(
                    format!(
                        "procedure `{}` for the critical application `{}` lacks {}{}",
                        p.id.v,
                        app.id.v,
                        missing.join(", "),
                        if own {
                            " (catch-up and lifting must be the establishment's own, not the template's)"
                        } else {
                            ""
                        }
                    ),
                    format!(
                        "il manque à la procédure `{}` de l'application critique `{}` : {}{}",
                        p.id.v,
                        app.id.v,
                        missing.join(", "),
                        if own {
                            " (le rattrapage et la levée doivent être ceux de l'établissement, pas ceux \
                             du modèle)"
                        } else {
                            ""
                        }
                    ),
                ),
            ));
        }
    }
    Outcome::Checked(out)
}

fn function_coverage(cx: &RuleInputs) -> Outcome {
    let procs = procedures(cx);
    let e = &cx.plan.establishment;
    let mut out = Vec::new();
    for f in &e.functions {
        let crit = f.criticality.v;
        if !matches!(crit, Criticality::Vital | Criticality::Essential) {
            continue;
        }
        let subject = format!("function:{}", f.id.v);
        let serving: Vec<&Fragment> = procs
            .iter()
            .copied()
            .filter(|p| serves(p, &f.id.v))
            .collect();
        if serving.iter().any(|p| cx.adapted(p)) {
            continue;
        }
        let (level, level_fr) = if crit == Criticality::Vital {
            ("vital", "vitale")
        } else {
            ("essential", "essentielle")
        };
        let todo = serving
            .first()
            .map(|t| super::unfinished(t))
            .unwrap_or_default();
        let m = match serving.first() {
            None => msg(
                format!("no procedure covers the {level} function `{}`", f.id.v),
                format!(
                    "aucune procédure ne couvre la fonction {level_fr} `{}`",
                    f.id.v
                ),
            ),
            Some(t) if !todo.is_empty() => {
                let (en, fr) = still_to_complete(&todo);
                msg(
                    format!(
                        "the {level} function `{}` is covered only by `{}`, {en}",
                        f.id.v, t.id.v
                    ),
                    format!(
                        "la fonction {level_fr} `{}` n'est couverte que par `{}`, {fr}",
                        f.id.v, t.id.v
                    ),
                )
            }
            Some(t) => msg(
                format!(
                    "the {level} function `{}` is covered only by the national template `{}`: template \
                     not adapted ({} still from the baseline)",
                    f.id.v,
                    t.id.v,
                    unadapted_fields(cx, t).join(", ")
                ),
                format!(
                    "la fonction {level_fr} `{}` n'est couverte que par le modèle national `{}`, non \
                     adapté ({} encore ceux du socle)",
                    f.id.v,
                    t.id.v,
                    unadapted_fields(cx, t).join(", ")
                ),
            ),
        };
        out.push(Finding::new(subject, f.loc, m));
    }
    for f in e
        .functions
        .iter()
        .filter(|f| f.criticality.v != Criticality::Vital)
    {
        let words = format!("{} {}", f.id.v.replace('-', " "), f.name.v);
        let Some((_, what, what_fr)) = VITAL_ALWAYS
            .iter()
            .find(|(stems, _, _)| super::mentions(&words, stems))
        else {
            continue;
        };
        let id = &f.id.v;
        out.push(Finding::new(
                format!("function:{id}"),
                f.criticality.loc,
                msg(
                    format!(
                        "`{id}` ({what}) is declared `{}`: it is vital whatever the establishment declares",
                        Criticality::NAMES[f.criticality.v as usize]
                    ),
                    format!(
                        "`{id}` ({what_fr}) est déclarée `{}` ({}) : cette fonction est vitale quoi que \
                         déclare l'établissement",
                        Criticality::NAMES[f.criticality.v as usize],
                        ["vitale", "essentielle", "importante", "différable"][f.criticality.v as usize]
                    ),
                ),
            ));
    }
    for id in CANONICAL {
        if cx.plan.function(id).is_none() {
            out.push(
                Finding::new(
                    format!("function:{id}"),
                    None,
                    msg(
                        format!(
                            "canonical function `{id}` not declared (if the establishment has this \
                             activity, declare it and adapt its procedure)"
                        ),
                        format!(
                            "la fonction de référence `{id}` n'est pas déclarée (si l'établissement a \
                             cette activité, la déclarer et adapter sa procédure)"
                        ),
                    ),
                )
                .note(),
            );
        }
    }
    Outcome::Checked(out)
}

fn degraded_no_it(cx: &RuleInputs) -> Outcome {
    let mut out = Vec::new();
    for p in procedures(cx).into_iter().filter(|p| cx.printed(p)) {
        for s in p.f.steps() {
            if let Some(n) = s.needs_it.as_ref().filter(|n| n.v) {
                let (what, what_fr) = match s.id.as_ref() {
                    Some(i) => (format!("step `{}`", i.v), format!("l'étape `{}`", i.v)),
                    None => ("a step".to_string(), "une étape".to_string()),
                };
                out.push(Finding::new(
                    format!("procedure:{}", p.id.v),
                    n.loc,
                    msg(
                        format!(
                            "{what} of the degraded-mode procedure `{}` needs the information system",
                            p.id.v
                        ),
                        format!(
                            "{what_fr} de la procédure de mode dégradé `{}` a besoin du système \
                             d'information",
                            p.id.v
                        ),
                    ),
                ));
            }
        }
    }
    Outcome::Checked(out)
}

fn rto_fits(cx: &RuleInputs) -> Outcome {
    let procs = procedures(cx);
    let covered = |fid: &str| procs.iter().any(|p| serves(p, fid) && cx.adapted(p));
    let mut out = Vec::new();
    for app in &cx.plan.establishment.applications {
        for fid in &app.functions {
            let Some(func) = cx.plan.function(&fid.v) else {
                continue;
            };
            if app.rto.v.minutes() > func.max_downtime.v.minutes() && !covered(&fid.v) {
                out.push(Finding::new(
                    format!("application:{}", app.id.v),
                    app.rto.loc,
                    msg(
                        format!(
                            "`{}` takes {} to restore, but `{}` may stop only {}, and no adapted procedure \
                             covers `{}`",
                            app.id.v, app.rto.v, fid.v, func.max_downtime.v, fid.v
                        ),
                        format!(
                            "`{}` demande {} pour être restaurée, mais `{}` ne peut s'interrompre que {}, \
                             et aucune procédure adaptée ne couvre `{}`",
                            app.id.v, app.rto.v, fid.v, func.max_downtime.v, fid.v
                        ),
                    ),
                ));
            }
        }
    }
    Outcome::Checked(out)
}

fn backup_offline(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    let months = cx.th.restore_test_months;
    let mut out = Vec::new();
    match &e.backups_offline {
        Some(o) if o.v => {}
        Some(o) => out.push(Finding::new(
            "backups",
            o.loc,
            msg(
                "the backups are not kept offline",
                "les sauvegardes ne sont pas conservées hors ligne",
            ),
        )),
        None => out.push(Finding::new(
            "backups",
            e.loc,
            msg(
                "the plan does not say whether a backup copy is kept offline (`backups.offline`)",
                "le plan ne dit pas si une copie des sauvegardes est conservée hors ligne \
                 (`backups.offline`)",
            ),
        )),
    }
    match &e.last_restore_test {
        None => out.push(Finding::new(
            "backups",
            e.loc,
            msg(
                "no restore test is recorded (`backups.last_restore_test`)",
                "aucun test de restauration n'est enregistré (`backups.last_restore_test`)",
            ),
        )),
        Some(d) if d.v > cx.as_of => out.push(Finding::new(
            "backups",
            d.loc,
            msg(
                format!(
                    "the restore test is dated {}, after the review date",
                    d.v.format("%Y-%m-%d")
                ),
                format!(
                    "le test de restauration est daté du {}, après la date de l'examen",
                    d.v.format("%Y-%m-%d")
                ),
            ),
        )),
        Some(d) if !cx.within(d.v, months) => out.push(Finding::new(
            "backups",
            d.loc,
            msg(
                format!(
                    "the last restore test was on {}, more than {months} months ago",
                    d.v.format("%Y-%m-%d")
                ),
                format!(
                    "le dernier test de restauration date du {}, il y a plus de {months} mois",
                    d.v.format("%Y-%m-%d")
                ),
            ),
        )),
        Some(_) => {}
    }
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    const PROCS: &str = "fragments/procedures.yaml";

    #[test]
    fn degraded_complete() {
        assert!(Kit::base().passes("DEGRADED-COMPLETE"));
        // Both procedures lose their catch-up line: the one with fewest gaps is named.
        let k = Kit::base()
            .edit(
                PROCS,
                "catch_up: \"Ressaisie des passages depuis le registre.\"\n",
                "",
            )
            .edit(
                PROCS,
                "catch_up: \"Rapprochement des identités provisoires.\"\n",
                "",
            );
        let f = k.fails("DEGRADED-COMPLETE");
        // The baseline templates carry a generic catch-up of their own: it does not count.
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("lacks catch_up"), "{}", f[0].message);
        // Nor does the template's lifting: one procedure without its own lifting is enough to fail when the
        // other one lacks more.
        let k = Kit::base()
            .edit(PROCS, "lifting: \"Levée par le chef de service après 2 h de DPI stable et la ressaisie terminée.\"\n", "")
            .edit(PROCS, "lifting: \"Levée par la direction des admissions quand les identités provisoires sont rapprochées.\"\n", "");
        let f = k.fails("DEGRADED-COMPLETE");
        assert!(f[0].message.contains("lacks lifting"), "{f:?}");
        let k = Kit::base()
            .edit(PROCS, "applications: [dpi]", "applications: []")
            .edit(PROCS, "applications: [dpi]", "applications: []");
        let f = k.fails("DEGRADED-COMPLETE");
        assert_eq!(f[0].subject, "application:dpi");
        assert!(
            f[0].message.contains("do not list it") && f[0].message_fr.contains("ne la citent pas"),
            "{}",
            f[0].message
        );
        let k = Kit::base()
            .edit(PROCS, "rpo: 4h\n", "")
            .edit(PROCS, "rpo: 4h\n", "");
        let f = k.fails("DEGRADED-COMPLETE");
        assert!(f[0].message.ends_with("lacks rpo"), "{}", f[0].message);
        // The application listed only by a national template left as it is (owner, activation and paper
        // kit still the baseline's), the adapted admissions procedure no longer listing it.
        let k = urgences_template_as_is().edit(
            PROCS,
            "applications: [dpi]\nmax_downtime: 4h",
            "applications: []\nmax_downtime: 4h",
        );
        let f = k.fails("DEGRADED-COMPLETE");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message
                .contains("appears only in `urgences-mode-degrade`: template not adapted"),
            "{}",
            f[0].message
        );
    }

    /// The base plan with the urgences procedure back to the national template's owner, activation and paper
    /// kit (its applications kept): a template not adapted.
    fn urgences_template_as_is() -> Kit {
        Kit::base()
            .edit(
                PROCS,
                "owner: cadre-sante\napplications: [dpi]\nmax_downtime: 1h",
                "applications: [dpi]\nmax_downtime: 1h",
            )
            .edit(
                PROCS,
                "activation: \"Dès que le DPI est indisponible plus de 10 minutes.\"\n",
                "",
            )
            .edit(
                PROCS,
                "paper_kit: [\"Dossiers papier pré-numérotés\"]\n",
                "",
            )
    }

    #[test]
    fn unadapted_template_does_not_count() {
        // The urgences patch keeps its applications but the owner, activation and paper kit are the baseline's.
        let k = urgences_template_as_is();
        let f = k.fails("FUNCTION-COVERAGE");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "function:urgences");
        assert!(f[0].message.contains("template not adapted"));
        assert!(f[0].message.contains("owner, activation, paper_kit"));
        // `dpi` is still listed by the adapted admissions procedure.
        assert!(k.passes("DEGRADED-COMPLETE"));
        // urgences (1h) is served by dpi (RTO 24h) and no longer covered.
        assert_eq!(k.failing_subjects("RTO-FITS"), ["application:dpi"]);
    }

    #[test]
    fn coverage_notes_undeclared_canonical_functions() {
        let k = Kit::base();
        let notes: Vec<String> = k
            .run("FUNCTION-COVERAGE")
            .into_iter()
            .map(|f| f.subject)
            .collect();
        assert!(notes.contains(&"function:pharmacie".to_string()));
        assert!(!notes.contains(&"function:urgences".to_string()));
        assert!(k.passes("FUNCTION-COVERAGE"));
        let k = k.write(
            "fragments/p.yaml",
            "kind: procedure\nid: admissions-mode-degrade\ndisable: true\n",
        );
        let f = k.fails("FUNCTION-COVERAGE");
        assert!(
            f.iter().any(|f| f.subject == "function:admissions"),
            "{f:?}"
        );
    }

    #[test]
    fn a_procedure_still_to_complete_covers_nothing() {
        // `pbn init`'s example: the template patched with « À COMPLÉTER » values is not adapted.
        let k = Kit::base().edit(
            PROCS,
            "activation: \"Dès que le DPI est indisponible plus de 10 minutes.\"",
            "activation: \"À COMPLÉTER : qui déclenche le mode dégradé des urgences.\"",
        );
        let f = k.fails("FUNCTION-COVERAGE");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "function:urgences");
        assert!(
            f[0].message
                .ends_with("whose field `activation` still holds a value to complete"),
            "{}",
            f[0].message
        );
        // A paper kit item to complete, in a local procedure.
        let k = Kit::base().edit(
            PROCS,
            "paper_kit: [\"Dossiers papier pré-numérotés\"]",
            "paper_kit: [\"Dossiers papier\", \"[à compléter]\"]",
        );
        assert_eq!(
            k.failing_subjects("FUNCTION-COVERAGE"),
            ["function:urgences"]
        );
    }

    #[test]
    fn rto_fits_for_uncovered_functions() {
        assert!(Kit::base().passes("RTO-FITS"));
        // paie-rh (10d) served by paie (7d): fits; at 12d it does not and the template is not adapted.
        let k = Kit::base().edit("establishment.yaml", "rto: 7d", "rto: 12d");
        let f = k.fails("RTO-FITS");
        assert_eq!(f[0].subject, "application:paie");
        assert_eq!(f[0].loc.map(|l| l.line), Some(16));
    }

    #[test]
    fn backups() {
        assert!(Kit::base().passes("BACKUP-OFFLINE"));
        let k = Kit::base().edit("establishment.yaml", "offline: true", "offline: false");
        assert_eq!(k.failing_subjects("BACKUP-OFFLINE"), ["backups"]);
        assert!(Kit::base().on("2027-09-14").passes("BACKUP-OFFLINE"));
        let f = Kit::base().on("2027-09-15").fails("BACKUP-OFFLINE");
        assert!(f[0].message.contains("more than 12 months"));
        let k = Kit::base().edit(
            "establishment.yaml",
            "  last_restore_test: 2026-09-14\n",
            "",
        );
        assert_eq!(k.fails("BACKUP-OFFLINE").len(), 1);
        // A restore test dated after the review date is not a test that happened.
        let k = Kit::base().edit(
            "establishment.yaml",
            "last_restore_test: 2026-09-14",
            "last_restore_test: 2026-12-01",
        );
        let f = k.fails("BACKUP-OFFLINE");
        assert!(f[0].message.contains("after the review date"), "{f:?}");
    }

    #[test]
    fn vital_functions_have_a_floor() {
        let k = Kit::base().edit(
            "establishment.yaml",
            "{id: urgences, name: \"Urgences\", criticality: vital",
            "{id: urgences, name: \"Urgences\", criticality: essential",
        );
        let f = k.fails("FUNCTION-COVERAGE");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "function:urgences");
        assert!(f[0].message.contains("declared `essential`"));
        // Maternity declared `important`, even with a procedure of its own.
        let k = Kit::base()
            .edit(
                "establishment.yaml",
                "  - {id: paie-rh,",
                "  - {id: maternite, name: \"Maternité\", criticality: important, max_downtime: 4h}\n  - {id: paie-rh,",
            )
            .write(
                "fragments/mat.yaml",
                "kind: procedure\nid: mat-local\ntitle: Maternité\nfunction: maternite\nowner: cadre-sante\nsteps:\n  - {do: \"Partogramme papier\"}\n",
            );
        assert_eq!(
            k.failing_subjects("FUNCTION-COVERAGE"),
            ["function:maternite"]
        );
        // By words, not only the canonical ids: paediatric emergencies declared apart.
        let k = Kit::base().edit(
            "establishment.yaml",
            "  - {id: paie-rh,",
            "  - {id: urgences-pediatriques, name: \"Urgences pédiatriques\", criticality: essential, max_downtime: 2h}\n  - {id: paie-rh,",
        );
        assert!(
            k.failing_subjects("FUNCTION-COVERAGE")
                .contains(&"function:urgences-pediatriques".to_string()),
            "{:?}",
            k.fails("FUNCTION-COVERAGE")
        );
        // Undeclared intensive care and SAMU are notes.
        let notes: Vec<String> = Kit::base()
            .run("FUNCTION-COVERAGE")
            .into_iter()
            .map(|f| f.subject)
            .collect();
        assert!(
            notes.contains(&"function:reanimation".into())
                && notes.contains(&"function:samu".into())
        );
    }

    #[test]
    fn degraded_steps_need_no_it() {
        assert!(Kit::base().passes("DEGRADED-NO-IT"));
        let k = Kit::base().write(
            "fragments/l.yaml",
            "kind: procedure\nid: urg-local\ntitle: Urgences\nfunction: urgences\nowner: cadre-sante\nsteps:\n  - {id: papier, do: \"Dossier papier\"}\n  - {id: dpi, do: \"Consulter les antécédents dans le DPI\", needs_it: true}\n",
        );
        let f = k.fails("DEGRADED-NO-IT");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, "procedure:urg-local");
        assert!(f[0].message.contains("step `dpi`"));
        // `needs_it: false` is fine, and a procedure of an undeclared function is not printed.
        let k = Kit::base().write(
            "fragments/l.yaml",
            "kind: procedure\nid: urg-local\ntitle: Urgences\nfunction: urgences\nowner: cadre-sante\nsteps:\n  - {id: papier, do: \"Dossier papier\", needs_it: false}\n---\nkind: procedure\nid: dia-local\ntitle: Dialyse\nfunction: dialyse\nowner: cadre-sante\nsteps:\n  - {do: \"Prescription dans le logiciel\", needs_it: true}\n",
        );
        assert!(k.passes("DEGRADED-NO-IT"));
        // A patch adding a step that needs the IS to the national template of a declared function.
        let k = Kit::base().write(
            "fragments/l.yaml",
            "kind: procedure\nid: urgences-mode-degrade\noverride: patch\nsteps:\n  - {after: annoncer-bascule, id: verifier-dpi, do: \"Vérifier les prescriptions dans le DPI\", needs_it: true}\n",
        );
        let f = k.fails("DEGRADED-NO-IT");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "procedure:urgences-mode-degrade");
        assert!(f[0].message.contains("step `verifier-dpi`"));
    }
}
