//! Exercises and what was learnt from them: a management exercise within 12 months (EXERCISE-12M) and an
//! action plan with an owner and a due date for every finding (EXERCISE-RETEX).

use super::{Ctx, Finding, Outcome, Rule};
use crate::diag::Severity;
use crate::model::{Exercise, FindingStatus};

pub const EXERCISE_12M: Rule = Rule {
    id: "EXERCISE-12M",
    severity: Severity::Warning,
    title: "An exercise with management and care departments within 12 months",
    rationale: "A plan that was never played does not work on the night of the attack; the yearly exercise \
                involves the management and the care departments, not only IT (ANSSI, « Organiser un \
                exercice de gestion de crise cyber », 2020; CaRE programme, exercises domain).",
    fix: "Run an exercise (tabletop or functional) with the management and at least one care or business \
          department, and record it in `exercises.yaml` with `participants: [direction, FUNCTION-ID, …]`.",
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
fn with_management(cx: &Ctx, e: &Exercise) -> bool {
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

fn with_function(cx: &Ctx, e: &Exercise) -> bool {
    e.participants
        .iter()
        .any(|p| cx.plan.function(&p.v).is_some())
}

fn exercise_12m(cx: &Ctx) -> Outcome {
    let months = cx.th.exercise_months;
    let dated = |e: &&Exercise| e.date.as_ref().is_some_and(|d| d.v <= cx.as_of);
    let recent: Vec<&Exercise> = cx
        .plan
        .exercises
        .iter()
        .filter(dated)
        .filter(|e| e.date.as_ref().is_some_and(|d| cx.within(d.v, months)))
        .collect();
    if recent
        .iter()
        .any(|e| with_management(cx, e) && with_function(cx, e))
    {
        return Outcome::Checked(vec![]);
    }
    let mut out: Vec<Finding> = recent
        .iter()
        .map(|e| {
            let mut why = Vec::new();
            if !with_management(cx, e) {
                why.push("the management (`direction`) did not take part");
            }
            if !with_function(cx, e) {
                why.push("no business function of the establishment took part");
            }
            Finding::new(
                format!("exercise:{}", e.id.v),
                e.loc,
                format!(
                    "exercise `{}` does not count: {}",
                    e.id.v,
                    why.join(" and ")
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
    let since = last.map_or("no exercise is recorded".to_string(), |d| {
        format!("the last exercise was on {}", ymd(d.v))
    });
    out.push(Finding::new(
        "exercises",
        last.map(|d| d.loc),
        format!(
            "no exercise with the management and a care department within {months} months ({since})"
        ),
    ));
    Outcome::Checked(out)
}

fn exercise_retex(cx: &Ctx) -> Outcome {
    if cx.plan.exercises.is_empty() {
        return Outcome::NotApplicable("no exercise is recorded".into());
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
            let mut missing = Vec::new();
            if f.action.as_ref().is_none_or(|a| a.v.trim().is_empty()) {
                missing.push("action");
            }
            if f.owner.is_none() {
                missing.push("owner");
            }
            if f.due.is_none() {
                missing.push("due date");
            }
            let subject = format!("exercise:{}", e.id.v);
            if !missing.is_empty() {
                out.push(Finding::new(
                    &subject,
                    f.loc,
                    format!("finding « {short}{ell} » lacks: {}", missing.join(", ")),
                ));
            }
            let open = f.status.as_ref().is_none_or(|s| s.v != FindingStatus::Done);
            if let Some(due) = f.due.as_ref().filter(|d| open && d.v < cx.as_of) {
                out.push(
                    Finding::new(
                        subject,
                        due.loc,
                        format!(
                            "action « {short}{ell} » was due on {} and is not done",
                            ymd(due.v)
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
        let f = Kit::base().on("2027-03-15").fails("EXERCISE-12M");
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
        assert!(f[0].message.contains("management") && f[0].message.contains("business function"));
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
        let k = Kit::base().remove(EX);
        assert!(k.not_applicable("EXERCISE-RETEX"));
        // An overdue action is a note, not a failure.
        let k = Kit::base().edit(EX, "status: done", "status: open");
        assert!(k.passes("EXERCISE-RETEX"));
        assert_eq!(k.run("EXERCISE-RETEX").len(), 1);
    }
}
