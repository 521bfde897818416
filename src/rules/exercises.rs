//! Exercises and what was learnt from them: a management exercise within 12 months (EXERCISE-12M) and an
//! action plan with an owner and a due date for every finding (EXERCISE-RETEX).

use super::{Finding, Outcome, Rule, RuleInputs, msg};
use crate::diag::Severity;
use crate::model::{Exercise, FindingStatus};

pub const EXERCISE_12M: Rule = Rule {
    id: "EXERCISE-12M",
    severity: Severity::Warning,
    title: "A cyber crisis exercise with management and care departments within 12 months",
    rationale: "A plan that was never played does not work on the night of the attack; the yearly exercise \
                plays a cyberattack with the management and the care departments, not only IT: a failover or \
                restore test checks the infrastructure, not the crisis organisation (ANSSI, « Organiser un \
                exercice de gestion de crise cyber », 2020; CaRE programme, exercises domain; instruction \
                DNS/2025/12).",
    fix: "Run a cyber crisis exercise (tabletop or functional: ransomware, IS compromise…) with the management \
          and at least one care department, and record it in `exercises.yaml` with its `scenario` and \
          `participants: [direction, urgences, …]`.",
    check: exercise_12m,
};

pub const EXERCISE_RETEX: Rule = Rule {
    id: "EXERCISE-RETEX",
    severity: Severity::Warning,
    title: "Every exercise finding has an action, an owner and a due date",
    rationale: "An exercise is useful only through its lessons: each finding becomes an action with an owner \
                and a deadline, followed until done (ANSSI, « Organiser un exercice de gestion de crise \
                cyber », 2020, retour d'expérience).",
    fix: "Give each finding in `exercises.yaml` an `action`, an `owner` (contact or role id) and a `due` date.",
    check: exercise_retex,
};

fn ymd(d: crate::model::Date) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Ids that mean "the management took part": `direction` (spec §2.5), the crisis cell (chaired by the
/// management), the crisis director's and the director on duty's roles.
const MANAGEMENT: [&str; 5] = [
    "direction",
    "directeur-crise",
    "administrateur-garde",
    "cellule-crise",
    "cellule-de-crise",
];

/// Management took part: one of [`MANAGEMENT`], a `direction-…` id, or a contact holding a director's role.
fn with_management(cx: &RuleInputs, e: &Exercise) -> bool {
    let directors: Vec<&str> = ["directeur-crise", "administrateur-garde"]
        .into_iter()
        .flat_map(|r| cx.holders(r))
        .map(|c| c.id.v.as_str())
        .collect();
    e.participants.iter().any(|p| {
        MANAGEMENT.contains(&p.v.as_str())
            || p.v.starts_with("direction-")
            || directors.contains(&p.v.as_str())
    })
}

/// Word stems of care departments (services de soins, médico-techniques included), matched on a declared
/// function's id and name: payroll, catering or telephony are not care.
const CARE: [&str; 27] = [
    "urgence*",
    "reanimation",
    "rea",
    "soins*",
    "maternite*",
    "obstetri*",
    "bloc*",
    "chirurg*",
    "medecine",
    "pediatri*",
    "psychiatri*",
    "dialyse*",
    "chimio*",
    "oncolog*",
    "cardiolog*",
    "geriatri*",
    "samu",
    "smur",
    "hospitalisation*",
    "pharmac*",
    "laborat*",
    "biolog*",
    "imagerie*",
    "radiolog*",
    "transfus*",
    "consultation*",
    "neonat*",
];

/// A declared function that is a care department.
pub(crate) fn is_care(f: &crate::model::Function) -> bool {
    super::mentions(&format!("{} {}", f.id.v.replace('-', " "), f.name.v), &CARE)
}

fn with_care(cx: &RuleInputs, e: &Exercise) -> bool {
    e.participants
        .iter()
        .any(|p| cx.plan.function(&p.v).is_some_and(is_care))
}

/// Words of a cyberattack scenario.
const CYBER: [&str; 16] = [
    "cyber*",
    "rancon*",
    "ransom*",
    "rancongiciel*",
    "attaque*",
    "attack*",
    "piratage",
    "pirate*",
    "malveillan*",
    "malware",
    "compromission",
    "compromis*",
    "intrusion",
    "hameconnage",
    "phishing",
    "exfiltration",
];
/// Words of a technical test of the infrastructure.
const IT_TEST: [&str; 10] = [
    "bascule",
    "failover",
    "restaur*",
    "restore*",
    "sauvegarde*",
    "backup*",
    "pra",
    "pca",
    "redemarrage",
    "reprise",
];

/// Why a recent exercise does not count, if it does not.
/// Why an exercise does not count, each reason (in English, in French).
fn shortcomings(cx: &RuleInputs, e: &Exercise) -> Vec<(&'static str, &'static str)> {
    let mut why = Vec::new();
    let scenario = e.scenario.as_ref().map_or("", |s| s.v.as_str());
    if !super::mentions(scenario, &CYBER) {
        why.push(if super::mentions(scenario, &IT_TEST) {
            (
                "its scenario is a failure or a technical test (failover, restore), not a cyberattack",
                "son scénario est une panne ou un test technique (bascule, restauration), pas une \
                 cyberattaque",
            )
        } else if scenario.trim().is_empty() {
            ("it has no scenario", "il n'a pas de scénario")
        } else {
            (
                "its scenario is not a cyberattack",
                "son scénario n'est pas une cyberattaque",
            )
        });
    }
    if !with_management(cx, e) {
        why.push((
            "the management (`direction`) did not take part",
            "la direction (`direction`) n'y a pas participé",
        ));
    }
    if !with_care(cx, e) {
        why.push((
            "no care department of the establishment took part",
            "aucun service de soins de l'établissement n'y a participé",
        ));
    }
    why
}

fn exercise_12m(cx: &RuleInputs) -> Outcome {
    let months = cx.th.exercise_months;
    let dated = |e: &&Exercise| e.date.as_ref().is_some_and(|d| d.v <= cx.as_of);
    let recent: Vec<&Exercise> = cx
        .plan
        .exercises
        .iter()
        .filter(dated)
        .filter(|e| e.date.as_ref().is_some_and(|d| cx.within(d.v, months)))
        .collect();
    if recent.iter().any(|e| shortcomings(cx, e).is_empty()) {
        return Outcome::Checked(vec![]);
    }
    let mut out: Vec<Finding> = recent
        .iter()
        .map(|e| {
            let why = shortcomings(cx, e);
            let en: Vec<&str> = why.iter().map(|w| w.0).collect();
            let fr: Vec<&str> = why.iter().map(|w| w.1).collect();
            Finding::new(
                format!("exercise:{}", e.id.v),
                e.loc,
                msg(
                    format!("exercise `{}` does not count: {}", e.id.v, en.join(" and ")),
                    format!(
                        "l'exercice `{}` ne compte pas : {}",
                        e.id.v,
                        fr.join(" et ")
                    ),
                ),
            )
        })
        .collect();
    let last = cx
        .plan
        .exercises
        .iter()
        .filter(dated)
        .filter_map(|e| e.date.as_ref())
        .max_by_key(|d| d.v);
    let (since, since_fr) = match last {
        None => (
            "no exercise is recorded".to_string(),
            "aucun exercice n'est enregistré".to_string(),
        ),
        Some(d) => (
            format!("the last exercise was on {}", ymd(d.v)),
            format!("le dernier exercice date du {}", ymd(d.v)),
        ),
    };
    out.push(Finding::new(
        "exercises",
        last.map(|d| d.loc),
        msg(
            format!(
                "no cyber crisis exercise with the management and a care department within {months} \
                 months ({since})"
            ),
            format!(
                "aucun exercice de crise cyber avec la direction et un service de soins dans les {months} \
                 derniers mois ({since_fr})"
            ),
        ),
    ));
    Outcome::Checked(out)
}

fn exercise_retex(cx: &RuleInputs) -> Outcome {
    if cx.plan.exercises.is_empty() {
        return Outcome::NotApplicable(msg(
            "no exercise is recorded",
            "aucun exercice n'est enregistré",
        ));
    }
    let mut out = Vec::new();
    for e in &cx.plan.exercises {
        for f in &e.findings {
            let short: String = f.text.v.chars().take(60).collect();
            let ell = if f.text.v.chars().count() > 60 {
                "…"
            } else {
                ""
            };
            let (mut missing, mut missing_fr) = (Vec::new(), Vec::new());
            if f.action.as_ref().is_none_or(|a| a.v.trim().is_empty()) {
                missing.push("action");
                missing_fr.push("action");
            }
            if f.owner.is_none() {
                missing.push("owner");
                missing_fr.push("responsable");
            }
            if f.due.is_none() {
                missing.push("due date");
                missing_fr.push("échéance");
            }
            let subject = format!("exercise:{}", e.id.v);
            if !missing.is_empty() {
                out.push(Finding::new(
                    &subject,
                    f.loc,
                    msg(
                        format!("finding « {short}{ell} » lacks: {}", missing.join(", ")),
                        format!(
                            "il manque au constat « {short}{ell} » : {}",
                            missing_fr.join(", ")
                        ),
                    ),
                ));
            }
            let open = f.status.as_ref().is_none_or(|s| s.v != FindingStatus::Done);
            if let Some(due) = f.due.as_ref().filter(|d| open && d.v < cx.as_of) {
                out.push(
                    Finding::new(
                        subject,
                        due.loc,
                        msg(
                            format!(
                                "action « {short}{ell} » was due on {} and is not done",
                                ymd(due.v)
                            ),
                            format!(
                                "l'action « {short}{ell} » était attendue pour le {} et n'est pas faite",
                                ymd(due.v)
                            ),
                        ),
                    )
                    .note(),
                );
            }
        }
    }
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    const EX: &str = "exercises.yaml";

    #[test]
    fn recent_management_exercise() {
        assert!(Kit::base().passes("EXERCISE-12M"));
        assert!(Kit::base().on("2027-03-14").passes("EXERCISE-12M"));
        // The exercise planned for 2027-03-12 is in the past then, and counts.
        assert!(Kit::base().on("2027-03-15").passes("EXERCISE-12M"));
        let k = Kit::base().edit(
            EX,
            "scenario: \"Rançongiciel : bascule",
            "scenario: \"Bascule",
        );
        let f = k.on("2027-03-15").fails("EXERCISE-12M");
        assert_eq!(f[0].subject, "exercise:ex-2027-03");
        let f = Kit::base()
            .on("2027-03-15")
            .edit(EX, "    date: 2027-03-12\n", "    date: 2027-06-12\n")
            .fails("EXERCISE-12M");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, "exercises");
        assert!(f[0].message.contains("2026-03-14"));
    }

    #[test]
    fn a_technical_test_does_not_count() {
        let k = Kit::base().edit(
            EX,
            "participants: [direction, urgences, dsi]",
            "participants: [dsi, rssi]",
        );
        let f = k.fails("EXERCISE-12M");
        assert_eq!(f[0].subject, "exercise:ex-2026-03");
        assert!(f[0].message.contains("management") && f[0].message.contains("care department"));
        let k = Kit::base().edit(
            EX,
            "participants: [direction, urgences, dsi]",
            "participants: [direction, dsi]",
        );
        assert!(!k.passes("EXERCISE-12M"));
        // The director (a contact holding `directeur-crise`) stands for the management.
        let k = Kit::base().edit(
            EX,
            "participants: [direction, urgences, dsi]",
            "participants: [dg, urgences]",
        );
        assert!(k.passes("EXERCISE-12M"));
    }

    #[test]
    fn care_departments_and_cyber_scenarios_only() {
        // Payroll is a declared function, not a care department.
        let k = Kit::base().edit(
            EX,
            "participants: [direction, urgences, dsi]",
            "participants: [direction, paie-rh, dsi]",
        );
        let f = k.fails("EXERCISE-12M");
        assert!(
            f[0].message.contains("no care department"),
            "{}",
            f[0].message
        );
        // A fire is a crisis, not a cyber one.
        let k = Kit::base().edit(
            EX,
            "\"Rançongiciel sur le DPI\"",
            "\"Incendie du bâtiment B\"",
        );
        let f = k.fails("EXERCISE-12M");
        assert!(
            f[0].message.contains("not a cyberattack"),
            "{}",
            f[0].message
        );
        // A pure IT test, even with the right people in the room.
        let k = Kit::base().edit(
            EX,
            "\"Rançongiciel sur le DPI\"",
            "\"Test de bascule et de restauration du DPI\"",
        );
        let f = k.fails("EXERCISE-12M");
        assert!(f[0].message.contains("technical test"), "{}", f[0].message);
        // An outage exercise that names a failover is not a cyber one either.
        let k = Kit::base().edit(
            EX,
            "\"Rançongiciel sur le DPI\"",
            "\"Coupure de la téléphonie IP ; bascule du standard sur les lignes analogiques\"",
        );
        assert!(!k.passes("EXERCISE-12M"));
        // The laboratory (a declared care function) with the crisis director counts.
        let k = Kit::base().edit(
            EX,
            "participants: [direction, urgences, dsi]",
            "participants: [directeur-crise, laboratoire]",
        );
        assert!(k.passes("EXERCISE-12M"));
    }

    #[test]
    fn retex() {
        assert!(Kit::base().passes("EXERCISE-RETEX"));
        let k = Kit::base().edit(EX, "owner: it, due: 2026-04-30, ", "");
        let f = k.fails("EXERCISE-RETEX");
        assert_eq!(f[0].subject, "exercise:ex-2026-03");
        assert!(
            f[0].message.ends_with("lacks: owner, due date"),
            "{}",
            f[0].message
        );
        // A finding with an owner and a date but nothing to do.
        let k = Kit::base().edit(EX, "action: \"Mettre à jour l'annuaire\", ", "");
        let f = k.fails("EXERCISE-RETEX");
        assert!(f[0].message.ends_with("lacks: action"), "{}", f[0].message);
        let k = Kit::base().remove(EX);
        assert!(k.not_applicable("EXERCISE-RETEX"));
        // An overdue action is a note, not a failure.
        let k = Kit::base().edit(EX, "status: done", "status: open");
        assert!(k.passes("EXERCISE-RETEX"));
        assert_eq!(k.run("EXERCISE-RETEX").len(), 1);
    }
}
