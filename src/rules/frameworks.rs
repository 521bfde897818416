//! Regulatory frameworks as evidence matrices (`pbn review --framework r3131|care-d2|dns-2025-12`, spec §7.4):
//! each objective — an id of pbn's own (`care-d2:pcra-soins`), citing the text it comes from — with its status,
//! the rules behind it and where the plan proves it (section anchor and plan.pdf page).
//!
//! An objective passes when each of its rules passes (for a rule whose findings are split by subject, such as
//! PLAN-SECTIONS-R3131's `r3131:N`, when no failing finding has the objective's subject); it fails when one
//! fails, is `not-applicable` when every rule is, and `not-verifiable` when a plan cannot show it (the instruction
//! DNS/2025/12's self-assessment, audits, authentication and budget).

pub use super::matrix::{Evidence, Matrix, ObjectiveOut, ObjectiveStatus};
use super::report::{Report, Status};
use std::collections::BTreeMap;

/// One objective of a framework.
pub struct Objective {
    pub id: &'static str,
    pub title: &'static str,
    /// The title in French (letters to French-speaking establishments).
    pub title_fr: &'static str,
    /// The text the objective comes from.
    pub source: &'static str,
    /// Rule ids, each optionally `RULE#subject` (only that subject's findings count).
    pub rules: &'static [&'static str],
    /// Anchors of plan.pdf where the plan shows it (sections, or a sheet: `reflex-sortie-de-crise`).
    pub sections: &'static [&'static str],
}

impl Objective {
    /// The ids of the rules behind it, each once and without its subject (`PLAN-SECTIONS-R3131#r3131:1` →
    /// `PLAN-SECTIONS-R3131`).
    pub fn rule_ids(&self) -> Vec<&'static str> {
        let mut ids: Vec<&'static str> = self
            .rules
            .iter()
            .map(|r| r.split('#').next().unwrap_or(r))
            .collect();
        ids.dedup();
        ids
    }
}

pub struct Framework {
    pub id: &'static str,
    pub title: &'static str,
    pub title_fr: &'static str,
    pub objectives: &'static [Objective],
}

const R3131: &str = "CSP art. R3131-10 II (décret n° 2024-8)";
const CARE: &str = "programme CaRE, domaine 2 (arrêté du 3 juillet 2025)";
const DNS: &str = "instruction n° DNS/2025/12 du 22 janvier 2025";

pub const FRAMEWORKS: [Framework; 3] = [
    Framework {
        id: "r3131",
        title: "Plan blanc: the contents of article R3131-10 of the code de la santé publique",
        title_fr: "Plan blanc : le contenu de l'article R3131-10 du code de la santé publique",
        objectives: &[
            Objective {
                id: "r3131:adoption",
                title: "Adopted by the director after the opinions of the bodies",
                title_fr: "Adopté par le directeur après les avis des instances",
                source: "CSP art. R3131-10",
                rules: &["PLAN-APPROVAL", "PLAN-REVIEW-12M"],
                sections: &[],
            },
            Objective {
                id: "r3131:1",
                title: "1° Crisis cell: composition, holders and deputies, rooms",
                title_fr: "1° Cellule de crise : composition, titulaires et suppléants, salles",
                source: R3131,
                rules: &[
                    "PLAN-SECTIONS-R3131#r3131:1",
                    "CELL-DEPUTY",
                    "CELL-ROOMS",
                    "CONTACT-247-CORE",
                    "ROLE-HOLDER",
                ],
                sections: &["crisis-cell", "directory"],
            },
            Objective {
                id: "r3131:2",
                title: "2° Procedures for the event: reflexes and reports",
                title_fr: "2° Procédures adaptées à l'événement : réflexes et signalements",
                source: R3131,
                rules: &[
                    "PLAN-SECTIONS-R3131#r3131:2",
                    "STEP-SIGNAL",
                    "STEP-CNIL-72H",
                    "STEP-PLAINTE-72H",
                    "STEP-NIS",
                    "NO-RANSOM",
                    "MAIN-COURANTE-FIRST",
                    "COMMS-TEMPLATES",
                ],
                sections: &["chronology", "reflexes", "messages"],
            },
            Objective {
                id: "r3131:3",
                title: "3° Continuity of activity without the information system",
                title_fr: "3° Continuité de l'activité sans le système d'information",
                source: R3131,
                rules: &[
                    "PLAN-SECTIONS-R3131#r3131:3",
                    "DEGRADED-COMPLETE",
                    "FUNCTION-COVERAGE",
                    "DEGRADED-NO-IT",
                    "RTO-FITS",
                    "BACKUP-OFFLINE",
                ],
                sections: &["functions", "procedures", "applications"],
            },
            Objective {
                id: "r3131:4",
                title: "4° Triggering and lifting of the plan",
                title_fr: "4° Déclenchement et levée du plan",
                source: R3131,
                rules: &["PLAN-SECTIONS-R3131#r3131:4"],
                sections: &["reflex-activation-cellule-crise", "reflex-sortie-de-crise"],
            },
            Objective {
                id: "r3131:5",
                title: "5° Inventory of the response means",
                title_fr: "5° Inventaire des moyens de réponse",
                source: R3131,
                rules: &["PLAN-SECTIONS-R3131#r3131:5"],
                sections: &["resources"],
            },
            Objective {
                id: "r3131:6",
                title: "6° Staff training plan",
                title_fr: "6° Plan de formation du personnel",
                source: R3131,
                rules: &[
                    "PLAN-SECTIONS-R3131#r3131:6",
                    "TRAINING-PLAN",
                    "EXERCISE-12M",
                ],
                sections: &["exercises"],
            },
        ],
    },
    Framework {
        id: "care-d2",
        title: "CaRE programme, domain 2: continuity and recovery plans",
        title_fr: "Programme CaRE, domaine 2 : plans de continuité et de reprise d'activité",
        objectives: &[
            Objective {
                id: "care-d2:pcra-soins",
                title: "A continuity plan for a major care service",
                title_fr: "Un plan de continuité pour un service de soins majeur",
                source: CARE,
                rules: &["CARE-D2-SCOPE#care-d2:soins", "DEGRADED-NO-IT"],
                sections: &["procedures"],
            },
            Objective {
                id: "care-d2:pcra-administratif",
                title: "A continuity plan for the most critical administrative process",
                title_fr: "Un plan de continuité pour le processus administratif le plus critique",
                source: CARE,
                rules: &["CARE-D2-SCOPE#care-d2:administratif"],
                sections: &["procedures"],
            },
            Objective {
                id: "care-d2:pcra-plateau-technique",
                title: "A continuity plan for a technical platform",
                title_fr: "Un plan de continuité pour un plateau technique",
                source: CARE,
                rules: &["CARE-D2-SCOPE#care-d2:plateau-technique"],
                sections: &["procedures"],
            },
            Objective {
                id: "care-d2:tests",
                title: "One plan tested, a test schedule for the others",
                title_fr: "Un plan testé, un calendrier de tests pour les autres",
                source: CARE,
                rules: &["CARE-D2-TEST"],
                sections: &["exercises"],
            },
            Objective {
                id: "care-d2:reprise",
                title: "Recovery: restore times that fit, offline backups restored in a test",
                title_fr: "Reprise : des délais de reprise tenables, des sauvegardes hors ligne restaurées lors d'un test",
                source: CARE,
                rules: &["RTO-FITS", "BACKUP-OFFLINE"],
                sections: &["applications"],
            },
        ],
    },
    Framework {
        id: "dns-2025-12",
        title: "Instruction DNS/2025/12: the seven urgent or priority actions",
        title_fr: "Instruction DNS/2025/12 : les sept actions urgentes ou prioritaires",
        objectives: &[
            Objective {
                id: "dns-2025-12:1-exercice",
                // The rules see the exercise and its action plan; whether the lessons reached the
                // quality improvement plan is not in the plan blanc, and the title says so.
                title: "Action 1: a yearly cyber crisis exercise and its lessons as an action plan (their place \
                        in the quality improvement plan is not verifiable from the plan)",
                title_fr: "Action 1 : un exercice de crise cyber annuel et son retour d'expérience en plan \
                           d'actions (son intégration au plan d'amélioration de la qualité n'est pas vérifiable \
                           à partir du plan)",
                source: DNS,
                rules: &["EXERCISE-12M", "EXERCISE-RETEX"],
                sections: &["exercises"],
            },
            Objective {
                id: "dns-2025-12:2-autoevaluation",
                title: "Action 2: self-assessment against the priority cyber measures",
                title_fr: "Action 2 : l'autoévaluation au regard des mesures cyber prioritaires",
                source: DNS,
                rules: &[],
                sections: &[],
            },
            Objective {
                id: "dns-2025-12:3-audits",
                title: "Action 3: regular security audits of the IT infrastructures",
                title_fr: "Action 3 : des audits de sécurité réguliers des infrastructures informatiques",
                source: DNS,
                rules: &[],
                sections: &[],
            },
            Objective {
                id: "dns-2025-12:4-pca-pra",
                title: "Action 4: a business continuity plan (PCA) and a recovery plan (PRA)",
                title_fr: "Action 4 : un plan de continuité d'activité (PCA) et un plan de reprise d'activité (PRA)",
                source: DNS,
                rules: &[
                    "DEGRADED-COMPLETE",
                    "FUNCTION-COVERAGE",
                    "DEGRADED-NO-IT",
                    "RTO-FITS",
                    "BACKUP-OFFLINE",
                ],
                sections: &["functions", "procedures", "applications"],
            },
            Objective {
                id: "dns-2025-12:5-qualite-risques",
                title: "Action 5: cyber risk in the quality and risk management of the establishment",
                title_fr: "Action 5 : le risque cyber dans la gestion de la qualité et des risques de l'établissement",
                source: DNS,
                rules: &[],
                sections: &[],
            },
            Objective {
                id: "dns-2025-12:6-identification",
                title: "Action 6: compliance with the identification and authentication frameworks",
                title_fr: "Action 6 : la conformité aux référentiels d'identification et d'authentification",
                source: DNS,
                rules: &[],
                sections: &[],
            },
            Objective {
                id: "dns-2025-12:7-budget",
                title: "Action 7: the share of the budget spent on digital, reported on the national platform",
                title_fr: "Action 7 : la part du budget consacrée au numérique, déclarée sur la plateforme nationale",
                source: DNS,
                rules: &[],
                sections: &[],
            },
        ],
    },
];

/// The framework with this id.
pub fn find(id: &str) -> Option<&'static Framework> {
    FRAMEWORKS.iter().find(|f| f.id == id)
}

/// The ids `--framework` accepts.
pub fn ids() -> Vec<&'static str> {
    FRAMEWORKS.iter().map(|f| f.id).collect()
}

/// One rule reference's status: the rule's, or (for `RULE#subject`) fail only when a failing finding has
/// that subject.
fn rule_status(report: &Report, spec: &str) -> Option<Status> {
    let (id, subject) = match spec.split_once('#') {
        Some((id, s)) => (id, Some(s)),
        None => (spec, None),
    };
    let r = report.rules.iter().find(|r| r.id == id)?;
    Some(match (r.status, subject) {
        (Status::Fail, Some(s)) => {
            let hit = r
                .findings
                .iter()
                .any(|f| f.subject == s && f.severity != crate::diag::Severity::Info);
            if hit { Status::Fail } else { Status::Pass }
        }
        (st, _) => st,
    })
}

/// The matrix of `fw` over a review report; `pages` maps plan.pdf anchors to their page (1-based).
pub fn matrix(fw: &Framework, report: &Report, pages: &BTreeMap<String, u32>) -> Matrix {
    let objectives = fw
        .objectives
        .iter()
        .map(|o| {
            let statuses: Vec<Status> = o
                .rules
                .iter()
                .filter_map(|r| rule_status(report, r))
                .collect();
            let status = if o.rules.is_empty() {
                ObjectiveStatus::NotVerifiable
            } else if statuses.contains(&Status::Fail) {
                ObjectiveStatus::Fail
            } else if statuses.iter().all(|s| *s == Status::NotApplicable) {
                ObjectiveStatus::NotApplicable
            } else {
                ObjectiveStatus::Pass
            };
            let rules = o.rule_ids();
            let evidence = o
                .sections
                .iter()
                .filter_map(|s| {
                    pages.get(*s).map(|p| Evidence {
                        section: (*s).to_string(),
                        page: *p,
                        title: None,
                    })
                })
                .collect();
            ObjectiveOut {
                id: o.id,
                title: o.title,
                title_fr: o.title_fr,
                source: o.source,
                status,
                rules,
                evidence,
            }
        })
        .collect();
    Matrix {
        id: fw.id,
        title: fw.title,
        title_fr: fw.title_fr,
        objectives,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::profile::Settings;
    use crate::rules::testkit::Kit;

    fn matrix_of(k: &Kit, fw: &str) -> Matrix {
        let c = crate::app::compile(k.path()).unwrap();
        let r = crate::rules::report::review(&c, "p", k.as_of, &Settings::default());
        let pages = BTreeMap::from([
            ("crisis-cell".to_string(), 10),
            ("resources".to_string(), 39),
        ]);
        matrix(find(fw).unwrap(), &r, &pages)
    }

    fn status(m: &Matrix, id: &str) -> &'static str {
        let o = m.objectives.iter().find(|o| o.id == id).unwrap();
        match o.status {
            ObjectiveStatus::Pass => "pass",
            ObjectiveStatus::Fail => "fail",
            ObjectiveStatus::NotApplicable => "not-applicable",
            ObjectiveStatus::NotVerifiable => "not-verifiable",
        }
    }

    #[test]
    fn objectives_follow_their_rules_and_subjects() {
        let m = matrix_of(&Kit::base(), "r3131");
        assert!(
            m.objectives
                .iter()
                .all(|o| matches!(o.status, ObjectiveStatus::Pass))
        );
        let one = &m.objectives[1];
        assert_eq!(one.id, "r3131:1");
        assert_eq!(one.evidence.len(), 1);
        assert_eq!(
            (one.evidence[0].section.as_str(), one.evidence[0].page),
            ("crisis-cell", 10)
        );
        // No resources: only 5° fails, though PLAN-SECTIONS-R3131 is behind all six.
        let k = Kit::base().edit(
            "establishment.yaml",
            "  - {id: kit-urgences, what: \"Kit papier des urgences\", where: \"Urgences, armoire 3\", holder: cadres}\n",
            "",
        );
        let m = matrix_of(&k, "r3131");
        assert_eq!(status(&m, "r3131:5"), "fail");
        assert_eq!(status(&m, "r3131:1"), "pass");
        // CaRE: the platform objective fails alone.
        let k = Kit::base().edit("fragments/procedures.yaml", "owner: biologiste\n", "");
        let m = matrix_of(&k, "care-d2");
        assert_eq!(status(&m, "care-d2:pcra-plateau-technique"), "fail");
        assert_eq!(status(&m, "care-d2:pcra-soins"), "pass");
    }

    #[test]
    fn dns_lists_what_a_plan_cannot_show() {
        let m = matrix_of(&Kit::base(), "dns-2025-12");
        assert_eq!(m.objectives.len(), 7);
        let unverifiable: Vec<&str> = m
            .objectives
            .iter()
            .filter(|o| matches!(o.status, ObjectiveStatus::NotVerifiable))
            .map(|o| o.id)
            .collect();
        assert_eq!(unverifiable.len(), 5, "{unverifiable:?}");
        // The yearly exercise is checked: a fire drill does not count.
        let k = Kit::base()
            .edit(
                "exercises.yaml",
                "\"Rançongiciel sur le DPI\"",
                "\"Incendie\"",
            )
            .on("2026-12-01");
        assert_eq!(
            status(&matrix_of(&k, "dns-2025-12"), "dns-2025-12:1-exercice"),
            "fail"
        );
        // Every rule an objective names exists.
        for fw in FRAMEWORKS {
            for o in fw.objectives {
                for r in o.rules {
                    let id = r.split('#').next().unwrap();
                    assert!(crate::rules::find(id).is_some(), "{} names {id}", o.id);
                }
            }
        }
    }
}
