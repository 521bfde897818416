//! The reviewer's profile for letters (`pbn review --letters OUT --reviewer FILE`): who writes (the agency's
//! name and address, the reviewer), how references are numbered and how long the establishment has to reply.
//! A YAML file; every field but `agency` is optional:
//!
//! ```yaml
//! agency: Agence régionale de santé Auvergne-Rhône-Alpes
//! department: Direction de la santé publique — Sécurité des systèmes d'information
//! address: [241 rue Garibaldi, CS 93383, 69418 Lyon Cedex 03]
//! city: Lyon                      # "Lyon, le 3 décembre 2026"
//! reviewer: Claire Martin
//! role: Référente sécurité numérique
//! email: ars-ara-ssi@ars.sante.fr
//! phone: 04 72 34 74 00
//! reference: ARS-ARA/DSP/PBN      # the reference is PREFIX-YEAR-FINESS-VERSION
//! reply_within_days: 60           # the reply deadline, counted from the review date (default 60)
//! ```

use serde::Deserialize;
use std::path::Path;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    pub agency: String,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub reviewer: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default = "default_days")]
    pub reply_within_days: u32,
}

fn default_days() -> u32 {
    60
}

impl Default for Reviewer {
    /// Without a profile: the agency unnamed beyond "Agence régionale de santé", no address, no reviewer.
    fn default() -> Self {
        Reviewer {
            agency: "Agence régionale de santé".into(),
            department: None,
            address: Vec::new(),
            city: None,
            reviewer: None,
            role: None,
            email: None,
            phone: None,
            reference: None,
            reply_within_days: default_days(),
        }
    }
}

impl Reviewer {
    /// Reads a profile file; errors name the file and the YAML's own position.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let r: Reviewer = serde_saphyr::from_str(&text).map_err(|e| {
            let s = e.to_string();
            let first = s.lines().next().unwrap_or_default().to_string();
            format!(
                "reviewer profile {}: {} (fields: agency, department, address, city, reviewer, role, email, \
                 phone, reference, reply_within_days)",
                path.display(),
                first.trim_start_matches("error: ")
            )
        })?;
        if r.agency.trim().is_empty() {
            return Err(format!(
                "reviewer profile {}: `agency` is empty",
                path.display()
            ));
        }
        if r.reply_within_days == 0 || r.reply_within_days > 3650 {
            return Err(format!(
                "reviewer profile {}: reply_within_days must be between 1 and 3650",
                path.display()
            ));
        }
        Ok(r)
    }

    /// The letter's reference: `PREFIX-2026-010000024-2.1.0` (`PBN` when no prefix is set).
    pub fn reference(&self, year: i32, finess: &str, version: &str) -> String {
        let prefix = self.reference.as_deref().unwrap_or("PBN");
        format!("{prefix}-{year}-{finess}-{version}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_is_read_and_checked() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("ars.yaml");
        std::fs::write(
            &p,
            "agency: ARS Bretagne\naddress: [6 place des Colombes, 35042 Rennes]\n",
        )
        .unwrap();
        let r = Reviewer::read(&p).unwrap();
        assert_eq!(r.reply_within_days, 60);
        assert_eq!(
            r.reference(2026, "010000024", "2.1"),
            "PBN-2026-010000024-2.1"
        );
        std::fs::write(&p, "agency: ARS\nreviwer: X\n").unwrap();
        let e = Reviewer::read(&p).unwrap_err();
        assert!(e.contains("reviwer") && e.contains("ars.yaml"), "{e}");
    }
}
