//! Audiences (spec §2.9): who a build is for, and therefore what it masks or leaves out.
//!
//! `internal` prints everything; `ars` masks every channel marked `confidential` (nothing else changes); a plan
//! may define more in `pbn.yaml` (`audiences: [{name, redact: [mobile, confidential…], exclude_tags: […]}]`).
//! The audience is applied while building the view, so every output of one build masks the same values.

use crate::model::{Channel, ChannelType, Fragment, Manifest};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    pub name: String,
    /// Mask channels marked `confidential`.
    pub redact_confidential: bool,
    /// Mask every channel of these types.
    pub redact_types: Vec<ChannelType>,
    /// Leave out fragments carrying one of these tags.
    pub exclude_tags: Vec<String>,
}

pub const BUILTIN: [&str; 2] = ["internal", "ars"];

impl Audience {
    pub fn internal() -> Self {
        Self {
            name: "internal".into(),
            redact_confidential: false,
            redact_types: Vec::new(),
            exclude_tags: Vec::new(),
        }
    }

    /// Resolves `--audience NAME`: a built-in one, else one the plan defines. The error names the audiences.
    pub fn resolve(name: &str, manifest: &Manifest) -> Result<Self, String> {
        match name {
            "internal" => return Ok(Self::internal()),
            "ars" => {
                return Ok(Self {
                    name: "ars".into(),
                    redact_confidential: true,
                    ..Self::internal()
                });
            }
            _ => {}
        }
        let Some(def) = manifest.audiences.iter().find(|a| a.name.v == name) else {
            let mut known: Vec<&str> = BUILTIN.to_vec();
            known.extend(manifest.audiences.iter().map(|a| a.name.v.as_str()));
            let hint = crate::diag::did_you_mean(name, known.iter().copied())
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return Err(format!(
                "unknown audience `{name}` (audiences: {}{hint})",
                known.join(", ")
            ));
        };
        let mut a = Self {
            name: name.to_string(),
            ..Self::internal()
        };
        for r in &def.redact {
            match r.v.as_str() {
                "confidential" => a.redact_confidential = true,
                t => match ChannelType::parse(t) {
                    Some(ct) => a.redact_types.push(ct),
                    None => {
                        return Err(format!(
                            "audience `{name}` cannot redact `{t}`: write a channel type ({}) or `confidential`",
                            ChannelType::NAMES.join(", ")
                        ));
                    }
                },
            }
        }
        a.exclude_tags = def.exclude_tags.iter().map(|t| t.v.clone()).collect();
        Ok(a)
    }

    /// Whether a channel's value is replaced by the mask label.
    pub fn masks(&self, c: &Channel) -> bool {
        (self.redact_confidential && c.confidential) || self.redact_types.contains(&c.kind.v)
    }

    /// Whether a fragment is left out of the documents.
    pub fn excludes(&self, f: &Fragment) -> bool {
        !self.exclude_tags.is_empty()
            && f.f
                .tags
                .as_ref()
                .is_some_and(|t| t.v.iter().any(|t| self.exclude_tags.contains(&t.v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AudienceDef, Sp};
    use crate::source::Loc;

    fn t(s: &str) -> crate::model::Text {
        Sp::new(s.to_string(), Loc::default())
    }

    #[test]
    fn builtins_and_custom() {
        let mut m = Manifest::default();
        assert!(!Audience::resolve("internal", &m).is_ok_and(|a| a.redact_confidential));
        assert!(Audience::resolve("ars", &m).is_ok_and(|a| a.redact_confidential));
        let e = Audience::resolve("arss", &m).err().unwrap_or_default();
        assert!(e.contains("internal, ars"), "{e}");
        assert!(e.contains("`ars`"), "{e}");
        m.audiences.push(AudienceDef {
            name: t("presse"),
            redact: vec![t("mobile"), t("confidential")],
            exclude_tags: vec![t("interne")],
        });
        let a = Audience::resolve("presse", &m).unwrap_or_else(|_| Audience::internal());
        assert_eq!(a.redact_types, vec![ChannelType::Mobile]);
        assert!(a.redact_confidential);
        assert_eq!(a.exclude_tags, vec!["interne".to_string()]);
        m.audiences[0].redact.push(t("pigeon"));
        assert!(Audience::resolve("presse", &m).is_err());
    }
}
