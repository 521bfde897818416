//! An evidence matrix as a review reports it: a framework's objectives, each with its status, its rules and
//! where the plan proves it. Computed by [`frameworks::matrix`](super::frameworks::matrix) from a report; kept
//! apart from it so that the report, which carries the matrix, does not depend on the computation.

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectiveStatus {
    Pass,
    Fail,
    NotApplicable,
    NotVerifiable,
}

impl ObjectiveStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotApplicable => "not-applicable",
            Self::NotVerifiable => "not verifiable from the plan",
        }
    }

    /// The status in French, for letters in French.
    pub fn as_french(&self) -> &'static str {
        match self {
            Self::Pass => "respecté",
            Self::Fail => "non respecté",
            Self::NotApplicable => "sans objet",
            Self::NotVerifiable => "non vérifiable à partir du plan",
        }
    }

    /// The CSS class of the review page (`pass`, `fail`, `not-applicable`).
    pub fn class(&self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotApplicable | Self::NotVerifiable => "not-applicable",
        }
    }
}

/// Where the plan shows an objective: a section (its anchor) and its page in plan.pdf (1-based).
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    pub section: String,
    pub page: u32,
    /// The section's title as plan.pdf prints it (in the plan's language), when the caller knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ObjectiveOut {
    pub id: &'static str,
    pub title: &'static str,
    #[serde(skip)]
    pub title_fr: &'static str,
    pub source: &'static str,
    pub status: ObjectiveStatus,
    /// The rule ids behind it (a subject-limited rule appears once, without its subject).
    pub rules: Vec<&'static str>,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    pub id: &'static str,
    pub title: &'static str,
    #[serde(skip)]
    pub title_fr: &'static str,
    pub objectives: Vec<ObjectiveOut>,
}
