//! The CaRE programme's domain 2 (continuity and recovery plans, arrêté du 3 juillet 2025): continuity plans
//! for one major care service, the most critical administrative process and one technical platform
//! (CARE-D2-SCOPE), at least one of them tested and the others on a test schedule (CARE-D2-TEST).
//! Spec §7.4 defines the three kinds of activity; a function belongs to one by its id or name.

use super::{Finding, Outcome, Rule, RuleInputs, mentions, msg};
use crate::diag::Severity;
use crate::model::{Criticality, Fragment, Function, Kind};

pub const CARE_D2_SCOPE: Rule = Rule {
    id: "CARE-D2-SCOPE",
    severity: Severity::Warning,
    title: "CaRE domain 2: continuity plans for a major care service, an administrative process and a platform",
    rationale: "The CaRE programme (« Cybersécurité accélération et résilience des établissements », domain 2, \
                arrêté du 3 juillet 2025) asks each establishment for continuity and recovery plans covering \
                at least one major care service, its most critical administrative process (admissions and \
                identity, billing, payroll and HR, supplies) and one technical platform (laboratory, \
                pharmacy, imaging, sterilisation).",
    fix: "Declare the functions concerned in `establishment.yaml` (a care service `vital` or `essential`) and \
          adapt a degraded-mode procedure for one of each kind (`override: patch` of the national template, \
          with `owner`, `activation` and `paper_kit`).",
    check: scope,
};

pub const CARE_D2_TEST: Rule = Rule {
    id: "CARE-D2-TEST",
    severity: Severity::Warning,
    title: "CaRE domain 2: one of these continuity plans tested, a test schedule for the others",
    rationale: "A continuity plan counts in the CaRE programme (domain 2, arrêté du 3 juillet 2025) once it \
                has been tested; the establishment tests at least one within the year and schedules tests of \
                the others.",
    fix: "Record the exercise that tested the procedure (`procedures_tested` in `exercises.yaml`) and, for \
          the others, a planned exercise with a future `date` listing them in `procedures_tested`.",
    check: test,
};

/// The three kinds of activity of domain 2: (subject, what, stems of a function's id or name, what in French).
const KINDS: [(&str, &str, &[&str], &str); 3] = [
    (
        "care-d2:soins",
        "a major care service",
        &[],
        "un service de soins majeur",
    ),
    (
        "care-d2:administratif",
        "an administrative process (admissions and identity, billing, payroll and HR, supplies)",
        &[
            "admission*",
            "identit*",
            "factur*",
            "paie*",
            "rh",
            "ressources humaines",
            "approvisionnement*",
            "achat*",
            "magasin*",
            "supplies",
            "billing",
            "payroll",
        ],
        "un processus administratif (admissions et identité, facturation, paie et RH, \
         approvisionnement)",
    ),
    (
        "care-d2:plateau-technique",
        "a technical platform (laboratory, pharmacy, imaging, sterilisation)",
        &[
            "laborat*",
            "biolog*",
            "pharmac*",
            "imagerie*",
            "radiolog*",
            "sterilis*",
            "laboratory",
            "pharmacy",
            "imaging",
        ],
        "un plateau technique (laboratoire, pharmacie, imagerie, stérilisation)",
    ),
];

fn words_of(f: &Function) -> String {
    format!("{} {}", f.id.v.replace('-', " "), f.name.v)
}

/// Which of [`KINDS`] a function is (by index): a care service is a vital or essential care function that
/// is not a platform.
fn kind_of(f: &Function) -> Option<usize> {
    let w = words_of(f);
    if mentions(&w, KINDS[2].2) {
        return Some(2);
    }
    if mentions(&w, KINDS[1].2) {
        return Some(1);
    }
    let major = matches!(f.criticality.v, Criticality::Vital | Criticality::Essential);
    (major && super::exercises::is_care(f)).then_some(0)
}

/// The adapted, printed procedures serving a function.
fn adapted_for<'a>(cx: &RuleInputs<'a>, fid: &str) -> Vec<&'a Fragment> {
    cx.plan
        .of_kind(Kind::Procedure)
        .into_iter()
        .filter(|p| p.f.function.as_ref().is_some_and(|f| f.v == fid))
        .filter(|p| cx.printed(p) && cx.adapted(p))
        .collect()
}

/// For each kind: the declared functions of that kind, and the adapted procedures among them.
fn in_scope<'a>(cx: &RuleInputs<'a>) -> [(Vec<&'a Function>, Vec<&'a Fragment>); 3] {
    let mut out: [(Vec<&Function>, Vec<&Fragment>); 3] = Default::default();
    for f in &cx.plan.establishment.functions {
        if let Some(k) = kind_of(f) {
            out[k].0.push(f);
            out[k].1.extend(adapted_for(cx, &f.id.v));
        }
    }
    out
}

fn scope(cx: &RuleInputs) -> Outcome {
    let mut out = Vec::new();
    for ((subject, what, _, what_fr), (functions, procs)) in KINDS.iter().zip(in_scope(cx)) {
        if !procs.is_empty() {
            continue;
        }
        let m = if functions.is_empty() {
            msg(
                format!("the plan declares no function that is {what}"),
                format!("le plan ne déclare aucune fonction qui soit {what_fr}"),
            )
        } else {
            let ids: Vec<String> = functions.iter().map(|f| format!("`{}`", f.id.v)).collect();
            msg(
                format!(
                    "no adapted degraded-mode procedure for {what}: {} has none",
                    ids.join(", ")
                ),
                format!(
                    "aucune procédure de mode dégradé adaptée pour {what_fr} : {} n'en a pas",
                    ids.join(", ")
                ),
            )
        };
        out.push(Finding::new(*subject, functions.first().map(|f| f.loc), m));
    }
    Outcome::Checked(out)
}

fn test(cx: &RuleInputs) -> Outcome {
    let scope = in_scope(cx);
    if scope.iter().all(|(_, p)| p.is_empty()) {
        return Outcome::NotApplicable(msg(
            "no adapted procedure is in CaRE domain 2's scope (see CARE-D2-SCOPE)",
            "aucune procédure adaptée n'entre dans le périmètre du domaine 2 de CaRE (voir CARE-D2-SCOPE)",
        ));
    }
    let months = cx.th.exercise_months;
    let listed = |p: &Fragment, when: &dyn Fn(crate::model::Date) -> bool| {
        cx.plan.exercises.iter().any(|e| {
            e.date.as_ref().is_some_and(|d| when(d.v))
                && e.procedures_tested.iter().any(|t| t.v == p.id.v)
        })
    };
    let tested = |p: &Fragment| listed(p, &|d| cx.within(d, months));
    let planned = |p: &Fragment| listed(p, &|d| d > cx.as_of);
    let mut out = Vec::new();
    let all: Vec<&Fragment> = scope.iter().flat_map(|(_, p)| p.iter().copied()).collect();
    if !all.iter().any(|p| tested(p)) {
        let ids: Vec<String> = all.iter().map(|p| format!("`{}`", p.id.v)).collect();
        out.push(Finding::new(
            "care-d2:tests",
            None,
            msg(
                format!(
                    "none of the continuity plans in scope ({}) was tested in an exercise within {months} \
                     months",
                    ids.join(", ")
                ),
                format!(
                    "aucun des plans de continuité du périmètre ({}) n'a été testé lors d'un exercice dans \
                     les {months} derniers mois",
                    ids.join(", ")
                ),
            ),
        ));
    }
    // One plan of each kind is enough for domain 2: each kind needs one tested or on the schedule.
    for ((subject, what, _, what_fr), (_, procs)) in KINDS.iter().zip(&scope) {
        if procs.is_empty() || procs.iter().any(|p| tested(p) || planned(p)) {
            continue;
        }
        let ids: Vec<String> = procs.iter().map(|p| format!("`{}`", p.id.v)).collect();
        out.push(Finding::new(
            *subject,
            procs[0].loc,
            msg(
                format!(
                    "no continuity plan for {what} ({}) is tested within {months} months or on the test \
                     schedule (a planned exercise listing it in `procedures_tested`)",
                    ids.join(", ")
                ),
                format!(
                    "aucun plan de continuité pour {what_fr} ({}) n'a été testé dans les {months} derniers \
                     mois ni n'est inscrit au calendrier de tests (un exercice prévu qui le cite dans \
                     `procedures_tested`)",
                    ids.join(", ")
                ),
            ),
        ));
    }
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    const PROCS: &str = "fragments/procedures.yaml";

    #[test]
    fn scope() {
        assert!(Kit::base().passes("CARE-D2-SCOPE"));
        // The laboratory's template is no longer adapted: no technical platform.
        let k = Kit::base().edit(PROCS, "owner: biologiste\n", "");
        assert_eq!(
            k.failing_subjects("CARE-D2-SCOPE"),
            ["care-d2:plateau-technique"]
        );
        // Emergencies covered only by their national template (owner, activation and paper kit still the
        // baseline's): no major care service has a plan of its own.
        let k = Kit::base().edit(
            PROCS,
            "owner: cadre-sante\napplications: [dpi]\nmax_downtime: 1h",
            "applications: [dpi]\nmax_downtime: 1h",
        );
        assert_eq!(k.failing_subjects("CARE-D2-SCOPE"), ["care-d2:soins"]);
        let k = Kit::base().edit(
            "establishment.yaml",
            "{id: admissions, name: \"Admissions\"",
            "{id: accueil, name: \"Accueil\"",
        );
        let f = k.fails("CARE-D2-SCOPE");
        assert_eq!(f[0].subject, "care-d2:administratif");
        // Payroll is an administrative process too, but its template is not adapted.
        assert!(
            f[0].message.contains("`paie-rh` has none"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn tests_and_schedule() {
        assert!(Kit::base().passes("CARE-D2-TEST"));
        // Nothing tested: the tabletop exercise tested no procedure.
        let k = Kit::base().edit(
            "exercises.yaml",
            "procedures_tested: [urgences-mode-degrade]",
            "procedures_tested: []",
        );
        assert_eq!(
            k.failing_subjects("CARE-D2-TEST"),
            ["care-d2:tests", "care-d2:soins"]
        );
        // The laboratory is no longer on the schedule.
        let k = Kit::base().edit(
            "exercises.yaml",
            "[admissions-mode-degrade, laboratoire-mode-degrade]",
            "[admissions-mode-degrade]",
        );
        assert_eq!(
            k.failing_subjects("CARE-D2-TEST"),
            ["care-d2:plateau-technique"]
        );
    }
}
