//! The legal clocks started at detection (T0): the portal report (STEP-SIGNAL), the CNIL notification
//! (STEP-CNIL-72H), the complaint before any reinstallation (STEP-PLAINTE-72H) and the NIS 2 reports
//! (STEP-NIS). Each looks at the merged obligation with the baseline's stable id (spec §2.8): its deadline,
//! its dated steps, and whether some contact holds the declarant role.

use super::{Finding, Outcome, Rule, RuleInputs, mentions, msg, negated, together};
use crate::diag::Severity;
use crate::model::{Duration, Fragment, Kind};

pub const STEP_SIGNAL: Rule = Rule {
    id: "STEP-SIGNAL",
    severity: Severity::Error,
    title: "The incident is reported without delay on the national portal",
    rationale: "Serious IS incidents are reported without delay on the national portal, which routes them to \
                CERT Santé and the ARS (CSP art. L1111-8-2; décret n° 2016-1214 as amended by décret \
                n° 2022-715).",
    fix: "Keep the baseline obligation `signalement-portail` (deadline `immediate`, with its steps) and give \
          its declarant role to a contact.",
    check: signal,
};

pub const STEP_CNIL_72H: Rule = Rule {
    id: "STEP-CNIL-72H",
    severity: Severity::Error,
    title: "The CNIL is notified within 72 h",
    rationale: "A personal-data breach that puts people at risk is notified to the CNIL within 72 hours of \
                awareness, possibly in phases (GDPR art. 33).",
    fix: "Keep the baseline obligation `notification-cnil` (deadline 72h or less, a notification step \
          within 72h) and give the role `dpo` to a contact.",
    check: cnil,
};

pub const STEP_PLAINTE_72H: Rule = Rule {
    id: "STEP-PLAINTE-72H",
    severity: Severity::Error,
    title: "A complaint is filed within 72 h, before anything is reinstalled",
    rationale: "Insurance compensation for a cyberattack requires a complaint within 72 hours of knowledge \
                (code des assurances art. L12-10-1, in force since 24 April 2023); evidence is preserved and \
                nothing reinstalled before it (ANSSI and ministry of justice, « Attaques par rançongiciels », \
                2020).",
    fix: "Keep the baseline obligation `depot-plainte` (deadline 72h or less, a filing step within 72h, a step \
          that freezes evidence and forbids reinstalling before the complaint).",
    check: plainte,
};

pub const STEP_NIS: Rule = Rule {
    id: "STEP-NIS",
    severity: Severity::Error,
    title: "NIS 2 entity: early warning 24 h, notification 72 h, final report 1 month",
    rationale: "Essential and important entities under NIS 2 send an early warning within 24 hours, a \
                notification within 72 hours and a final report within one month (directive (EU) 2022/2555, \
                art. 23).",
    fix: "Keep the baseline obligation `alerte-nis2` with dated steps at 24h, 72h and 30d, and complete the \
          `anssi` contact.",
    check: nis,
};

const H: u64 = 60;

fn obligation<'a>(cx: &'a RuleInputs, id: &str, out: &mut Vec<Finding>) -> Option<&'a Fragment> {
    let f = cx.plan.get(Kind::Obligation, id);
    if f.is_none() {
        out.push(Finding::new(
            format!("obligation:{id}"),
            None,
            msg(
                format!("the plan has no obligation `{id}` (a stable id of the national baseline)"),
                format!(
                    "le plan n'a pas d'obligation `{id}` (identifiant stable du socle national)"
                ),
            ),
        ));
    }
    f
}

fn subject(f: &Fragment) -> String {
    format!("obligation:{}", f.id.v)
}

/// The deadline is at most `max`.
fn deadline(f: &Fragment, max: Duration, out: &mut Vec<Finding>) {
    match &f.f.deadline {
        Some(d) if d.v.minutes() <= max.minutes() => {}
        Some(d) => out.push(Finding::new(
            subject(f),
            d.loc,
            msg(
                format!("`{}` has a deadline of {}, longer than {max}", f.id.v, d.v),
                format!("`{}` a un délai de {}, plus long que {max}", f.id.v, d.v),
            ),
        )),
        None => out.push(Finding::new(
            subject(f),
            f.loc,
            msg(
                format!("`{}` has no deadline", f.id.v),
                format!("`{}` n'a pas de délai", f.id.v),
            ),
        )),
    }
}

/// Some step of the obligation doing `what` (its text has one of the phrases `pats`, as whole words) is dated
/// at most `max` after T0.
/// `what` is `(English, French)`.
fn dated_step(
    f: &Fragment,
    max: Duration,
    what: (&str, &str),
    pats: &[&str],
    out: &mut Vec<Finding>,
) {
    let ok = f.f.steps().iter().any(|s| {
        s.within
            .as_ref()
            .is_some_and(|w| w.v.minutes() <= max.minutes())
            && mentions(&s.text.v, pats)
    });
    if !ok {
        let loc = f.f.steps.as_ref().map_or(f.loc, |s| s.loc);
        out.push(Finding::new(
            subject(f),
            loc,
            msg(
                format!("`{}` has no step {} dated within {max}", f.id.v, what.0),
                format!(
                    "`{}` n'a pas d'étape {} datée dans les {max}",
                    f.id.v, what.1
                ),
            ),
        ));
    }
}

/// Some contact holds the declarant role.
fn declarant(cx: &RuleInputs, f: &Fragment, out: &mut Vec<Finding>) {
    if let Some(d) = &f.f.declarant
        && cx.holders(&d.v).is_empty()
    {
        out.push(Finding::new(
            format!("role:{}", d.v),
            d.loc,
            msg(
                format!("no contact holds `{}`, the declarant of `{}`", d.v, f.id.v),
                format!(
                    "aucun contact ne tient `{}`, le déclarant de `{}`",
                    d.v, f.id.v
                ),
            ),
        ));
    }
}

fn signal(cx: &RuleInputs) -> Outcome {
    let mut out = Vec::new();
    if let Some(f) = obligation(cx, "signalement-portail", &mut out) {
        deadline(f, Duration::Immediate, &mut out);
        if f.f.steps().is_empty() {
            out.push(Finding::new(
                subject(f),
                f.loc,
                msg("the report has no steps", "le signalement n'a pas d'étapes"),
            ));
        }
        declarant(cx, f, &mut out);
    }
    Outcome::Checked(out)
}

fn cnil(cx: &RuleInputs) -> Outcome {
    let mut out = Vec::new();
    if let Some(f) = obligation(cx, "notification-cnil", &mut out) {
        let d72 = Duration::Minutes(72 * H);
        deadline(f, d72, &mut out);
        dated_step(
            f,
            d72,
            ("notifying the CNIL", "de notification à la CNIL"),
            &["notif*"],
            &mut out,
        );
        declarant(cx, f, &mut out);
    }
    Outcome::Checked(out)
}

/// Reinstalling, restoring, wiping.
const REINSTALL: [&str; 7] = [
    "reinstall*",
    "re install*",
    "restaur*",
    "restor*",
    "remise a zero",
    "effac*",
    "reimag*",
];
/// What is kept for the investigation.
const EVIDENCE: [&str; 9] = [
    "preuve*",
    "trace*",
    "evidence",
    "image*",
    "journaux",
    "log*",
    "copie*",
    "plainte",
    "complaint",
];

/// A text that forbids reinstalling before the complaint: reinstalling denied (« aucune réinstallation », « ne
/// rien réinstaller », "do not reinstall"), or evidence preserved before it (« préserver les preuves avant
/// toute réinstallation »). « Réinstaller dès que possible » does not.
fn says_no_reinstall(s: &str) -> bool {
    let before: Vec<String> = REINSTALL
        .iter()
        .flat_map(|r| [format!("avant {r}"), format!("before {r}")])
        .chain(REINSTALL.iter().flat_map(|r| {
            [
                "avant toute",
                "avant de",
                "avant la",
                "avant le",
                "avant d",
                "before any",
            ]
            .map(|b| format!("{b} {r}"))
        }))
        .collect();
    let before: Vec<&str> = before.iter().map(String::as_str).collect();
    negated(s, &REINSTALL, 3) || together(s, &before, &EVIDENCE)
}

/// Filing the complaint: a verb of filing and the complaint itself.
const FILING: [&str; 8] = [
    "deposer plainte",
    "porter plainte",
    "depot de plainte",
    "deposer la plainte",
    "file a complaint",
    "file the complaint",
    "lodge a complaint",
    "lodge the complaint",
];

fn plainte(cx: &RuleInputs) -> Outcome {
    let mut out = Vec::new();
    if let Some(f) = obligation(cx, "depot-plainte", &mut out) {
        let d72 = Duration::Minutes(72 * H);
        deadline(f, d72, &mut out);
        dated_step(
            f,
            d72,
            ("filing the complaint", "de dépôt de plainte"),
            &FILING,
            &mut out,
        );
        declarant(cx, f, &mut out);
        // The obligation's own steps: a summary describes, a step is what someone does.
        if !f.f.steps().iter().any(|s| says_no_reinstall(&s.text.v)) {
            out.push(Finding::new(
                subject(f),
                f.f.steps.as_ref().map_or(f.loc, |s| s.loc),
                msg(
                    "no step of `depot-plainte` preserves evidence and forbids reinstalling before the \
                     complaint",
                    "aucune étape de `depot-plainte` ne préserve les preuves ni n'interdit de réinstaller \
                     avant la plainte",
                ),
            ));
        }
    }
    Outcome::Checked(out)
}

/// NIS 2 art. 23's three reports: (latest, what, what in French, phrases that name it).
const NIS_STEPS: [(u64, &str, &str, &[&str]); 3] = [
    (
        24 * H,
        "an early warning within 24h",
        "l'alerte précoce sous 24 h",
        &["alerte precoce", "early warning", "pre alerte", "prealerte"],
    ),
    (
        72 * H,
        "a notification within 72h",
        "la notification sous 72 h",
        &[
            "notifier l incident",
            "notification de l incident",
            "notify the incident",
            "incident notification",
            "notification d incident",
            "notifier",
        ],
    ),
    (
        31 * 24 * H,
        "a final report within one month",
        "le rapport final sous un mois",
        &["rapport final", "final report"],
    ),
];

fn nis(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    let nis2 = e.regimes().is_some_and(|r| r.iter().any(|x| x.is_nis2())) || e.nis2_entity;
    if !nis2 {
        return Outcome::NotApplicable(msg(
            "the establishment is not a NIS 2 entity (its `regime` names neither nis2-essentielle nor \
             nis2-importante)",
            "l'établissement n'est pas une entité NIS 2 (son `regime` ne cite ni nis2-essentielle ni \
             nis2-importante)",
        ));
    }
    let mut out = Vec::new();
    let Some(f) = obligation(cx, "alerte-nis2", &mut out) else {
        return Outcome::Checked(out);
    };
    deadline(f, Duration::Minutes(24 * H), &mut out);
    // The obligation's own three steps, each recognised by what it does and dated within its limit.
    let loc = f.f.steps.as_ref().map_or(f.loc, |s| s.loc);
    for (max, what, what_fr, pats) in NIS_STEPS {
        let step = f.f.steps().iter().find(|s| mentions(&s.text.v, pats));
        let m = match step.map(|s| s.within.as_ref()) {
            None => msg(
                format!("`alerte-nis2` has no step for {what}"),
                format!("`alerte-nis2` n'a pas d'étape pour {what_fr}"),
            ),
            Some(None) => msg(
                format!("the step for {what} of `alerte-nis2` is not dated"),
                format!("l'étape pour {what_fr} de `alerte-nis2` n'est pas datée"),
            ),
            Some(Some(w)) if w.v.minutes() > max => msg(
                format!(
                    "the step for {what} of `alerte-nis2` is dated {}, later than allowed",
                    w.v
                ),
                format!(
                    "l'étape pour {what_fr} de `alerte-nis2` est datée de {}, au-delà du délai",
                    w.v
                ),
            ),
            Some(Some(_)) => continue,
        };
        let at = step.map_or(loc, |s| s.loc);
        out.push(Finding::new(subject(f), at, m));
    }
    declarant(cx, f, &mut out);
    let recipient =
        f.f.recipient
            .as_ref()
            .map(|r| r.v.as_str())
            .unwrap_or("anssi");
    if cx
        .plan
        .contact(recipient)
        .is_none_or(|c| c.channels.is_empty())
    {
        out.push(Finding::new(
            format!("contact:{recipient}"),
            None,
            msg(
                format!("the NIS 2 recipient `{recipient}` has no usable contact"),
                format!("le destinataire NIS 2 `{recipient}` n'a pas de contact utilisable"),
            ),
        ));
    }
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{Kit, steps_mut};
    use crate::model::{Duration, Kind, Plan};

    fn obl<'a>(plan: &'a mut Plan, id: &str) -> &'a mut crate::model::Fragment {
        plan.fragments
            .get_mut(&(Kind::Obligation, id.to_string()))
            .unwrap()
    }

    #[test]
    fn baseline_obligations_pass() {
        let k = Kit::base();
        for id in ["STEP-SIGNAL", "STEP-CNIL-72H", "STEP-PLAINTE-72H"] {
            assert!(k.passes(id), "{id}");
        }
        assert!(k.not_applicable("STEP-NIS"));
        let k = k.edit(
            "establishment.yaml",
            "regime: [aucun]",
            "regime: [nis2-essentielle]",
        );
        assert!(k.passes("STEP-NIS"));
    }

    #[test]
    fn declarant_must_be_staffed() {
        let k = Kit::base().edit("contacts.yaml", "roles: [dpo]", "roles: []");
        assert_eq!(k.failing_subjects("STEP-CNIL-72H"), ["role:dpo"]);
        let k = Kit::base()
            .edit(
                "establishment.yaml",
                "regime: [aucun]",
                "regime: [nis2-essentielle]",
            )
            .edit(
                "contacts.yaml",
                "roles: [dsi, rssi, astreinte-si]",
                "roles: [dsi, astreinte-si]",
            );
        assert_eq!(k.failing_subjects("STEP-NIS"), ["role:rssi"]);
    }

    // The obligations are locked in the baseline: a plan gets them wrong only by not building on it (or by
    // a broken shared layer). These tests change the merged plan directly.

    #[test]
    fn missing_obligation_fails() {
        let f = Kit::base().run_with("STEP-PLAINTE-72H", |p| {
            p.fragments
                .remove(&(Kind::Obligation, "depot-plainte".to_string()));
        });
        assert_eq!(f[0].subject, "obligation:depot-plainte");
    }

    #[test]
    fn complaint_deadline_steps_and_reinstall() {
        let f = Kit::base().run_with("STEP-PLAINTE-72H", |p| {
            let f = obl(p, "depot-plainte");
            f.f.deadline.as_mut().unwrap().v = Duration::Minutes(5 * 24 * 60);
            let l = steps_mut(f);
            l.retain(|s| !super::says_no_reinstall(&s.text.v));
            l.iter_mut().for_each(|s| s.within = None);
        });
        let msgs: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(f.len(), 3, "{msgs:?}");
        assert!(msgs[0].contains("longer than 72h"));
        assert!(msgs[1].contains("no step filing"));
        assert!(msgs[2].contains("reinstalling"));
    }

    fn drop_72h_and_lengthen(p: &mut Plan) {
        for id in ["notification-cnil", "alerte-nis2", "signalement-portail"] {
            let f = obl(p, id);
            steps_mut(f).retain(|s| s.within.as_ref().is_none_or(|w| w.v.minutes() != 72 * 60));
            f.f.deadline.as_mut().unwrap().v = Duration::Minutes(96 * 60);
        }
    }

    #[test]
    fn cnil_signal_and_nis_deadlines() {
        let k = Kit::base().edit(
            "establishment.yaml",
            "regime: [aucun]",
            "regime: [nis2-essentielle]",
        );
        let f = k.run_with("STEP-CNIL-72H", drop_72h_and_lengthen);
        assert_eq!(f.len(), 2, "{f:?}");
        let f = k.run_with("STEP-NIS", drop_72h_and_lengthen);
        assert!(f.iter().any(|f| f.message.contains("within 72h")), "{f:?}");
        assert!(
            f.iter().any(|f| f.message.contains("longer than 24h")),
            "{f:?}"
        );
        let f = k.run_with("STEP-SIGNAL", drop_72h_and_lengthen);
        assert!(f[0].message.contains("longer than immediate"), "{f:?}");
    }

    /// The CNIL notification step kept but undated: the 72 hours are not in the plan.
    #[test]
    fn cnil_notification_step_must_be_dated() {
        let f = Kit::base().run_with("STEP-CNIL-72H", |p| {
            for s in steps_mut(obl(p, "notification-cnil")) {
                if s.id
                    .as_ref()
                    .is_some_and(|i| i.v == "notification-initiale")
                {
                    s.within = None;
                }
            }
        });
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message
                .contains("no step notifying the CNIL dated within 72h"),
            "{f:?}"
        );
    }

    /// STEP-SIGNAL's near-misses besides the deadline: a report without steps, a declarant nobody holds.
    #[test]
    fn the_portal_report_has_steps_and_a_staffed_declarant() {
        let k = Kit::base();
        let f = k.run_with("STEP-SIGNAL", |p| {
            obl(p, "signalement-portail").f.steps = None
        });
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "obligation:signalement-portail");
        assert!(f[0].message.contains("no steps"), "{f:?}");
        assert!(f[0].message_fr.contains("pas d'étapes"), "{f:?}");
        let f = k.run_with("STEP-SIGNAL", |p| {
            if let Some(d) = obl(p, "signalement-portail").f.declarant.as_mut() {
                d.v = "cadre-de-nuit".into();
            }
        });
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "role:cadre-de-nuit");
    }

    /// `depot-plainte` with its steps replaced by `steps` (text, within).
    fn complaint_steps(
        steps: &'static [(&'static str, Option<&'static str>)],
    ) -> impl FnOnce(&mut Plan) {
        move |p: &mut Plan| {
            let f = obl(p, "depot-plainte");
            let l = steps_mut(f);
            let model = l[0].clone();
            *l = steps
                .iter()
                .map(|(t, w)| {
                    let mut s = model.clone();
                    s.text.v = t.to_string();
                    s.within = w.map(|w| crate::model::Sp::new(Duration::parse(w).unwrap(), s.loc));
                    s
                })
                .collect();
        }
    }

    #[test]
    fn reinstalling_is_read_for_its_meaning() {
        let k = Kit::base();
        let file = ("Déposer plainte au commissariat.", Some("72h"));
        let fails = |steps| k.run_with("STEP-PLAINTE-72H", complaint_steps(steps));
        // Denied, or after the evidence is kept: passes.
        for ok in [
            "Aucune réinstallation avant le dépôt de plainte.",
            "Ne rien réinstaller ni restaurer tant que les preuves ne sont pas copiées.",
            "Préserver les preuves (images disque et mémoire, journaux) avant toute réinstallation.",
            "Do not reinstall anything before the complaint is filed.",
        ] {
            let steps: &'static [_] = Box::leak(Box::new([(ok, Some("immediate")), file]));
            assert!(fails(steps).is_empty(), "{ok}: {:?}", fails(steps));
        }
        // Mentioning reinstalling is not forbidding it.
        for bad in [
            "Réinstaller dès que possible.",
            "Réinstaller les postes avant de déposer plainte.",
            "Ne pas paniquer. Restaurer les serveurs depuis les sauvegardes.",
            "Sans attendre, réinstaller les postes touchés.",
            "N'hésitez pas à restaurer les serveurs.",
        ] {
            let steps: &'static [_] = Box::leak(Box::new([(bad, Some("immediate")), file]));
            let f = fails(steps);
            assert_eq!(f.len(), 1, "{bad}: {f:?}");
            assert!(f[0].message.contains("forbids reinstalling"), "{bad}");
        }
        // The summary saying it is not a step doing it.
        let f = k.run_with("STEP-PLAINTE-72H", |p| {
            complaint_steps(&[("Déposer plainte au commissariat.", Some("72h"))])(p);
            obl(p, "depot-plainte").f.summary.as_mut().unwrap().v =
                "Aucune réinstallation avant la plainte.".into();
        });
        assert_eq!(f.len(), 1, "{f:?}");
        // « plainte » named without filing it, or filing it too late.
        let f = fails(&[
            ("Aucune réinstallation.", Some("immediate")),
            ("Préparer le dossier de plainte.", Some("24h")),
            ("Déposer plainte.", Some("4d")),
        ]);
        assert!(
            f.iter().any(|f| f.message.contains("no step filing")),
            "{f:?}"
        );
    }

    /// `alerte-nis2` with its steps replaced by `steps` (text, within).
    fn nis_steps(steps: &'static [(&'static str, &'static str)]) -> impl FnOnce(&mut Plan) {
        move |p: &mut Plan| {
            let f = obl(p, "alerte-nis2");
            let l = steps_mut(f);
            let model = l[0].clone();
            *l = steps
                .iter()
                .map(|(t, w)| {
                    let mut s = model.clone();
                    s.text.v = t.to_string();
                    s.within = Some(crate::model::Sp::new(Duration::parse(w).unwrap(), s.loc));
                    s
                })
                .collect();
        }
    }

    #[test]
    fn nis_steps_are_the_three_reports() {
        let k = Kit::base().edit(
            "establishment.yaml",
            "regime: [aucun]",
            "regime: [nis2-essentielle]",
        );
        assert!(k.passes("STEP-NIS"));
        // Three early steps of any kind are not the three reports.
        let f = k.run_with(
            "STEP-NIS",
            nis_steps(&[
                ("Prévenir le RSSI.", "1h"),
                ("Isoler le réseau.", "2h"),
                ("Ouvrir la main courante.", "3h"),
            ]),
        );
        assert_eq!(f.len(), 3, "{f:?}");
        // The reports, but the early warning two days late.
        let f = k.run_with(
            "STEP-NIS",
            nis_steps(&[
                ("Adresser l'alerte précoce à l'ANSSI.", "48h"),
                ("Notifier l'incident.", "72h"),
                ("Remettre le rapport final.", "30d"),
            ]),
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("early warning") && f[0].message.contains("48h"));
        // In English, on time.
        let f = k.run_with(
            "STEP-NIS",
            nis_steps(&[
                ("Send the early warning.", "24h"),
                ("Send the incident notification.", "72h"),
                ("Send the final report.", "30d"),
            ]),
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
