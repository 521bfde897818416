//! `manifest.json`, written by `pbn build` next to the outputs and read back by `pbn verify`: the SHA-256 of
//! every source file that was read and of every output, with pbn's version, the baseline's version, the
//! audience and the plan's fingerprint.
//!
//! Deterministic: paths are sorted, nothing depends on the clock (the build date appears only when
//! `SOURCE_DATE_EPOCH` is set, as that value).

use crate::fingerprint;
use crate::model::Plan;
use crate::source::SourceMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const FILE_NAME: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub pbn_version: String,
    pub baseline_version: String,
    /// Short fingerprint (`3f9a-c2b1-77de`), as printed on the documents.
    pub fingerprint: String,
    /// The full SHA-256 of the canonical merged plan ([`fingerprint::digest`]).
    pub fingerprint_sha256: String,
    pub audience: String,
    pub plan: PlanInfo,
    /// `SOURCE_DATE_EPOCH` of the build, when it was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_date_epoch: Option<i64>,
    /// Every file read from the plan directory and its shared layers, sorted by path (relative to the plan
    /// directory, `/`-separated). The embedded baseline is identified by `baseline_version`.
    pub sources: Vec<FileDigest>,
    /// The files this build wrote (besides the manifest), sorted by path (relative to the output folder).
    pub outputs: Vec<FileDigest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInfo {
    pub title: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
}

/// SHA-256 of some bytes, lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    fingerprint::hex(&Sha256::digest(bytes))
}

impl Manifest {
    /// The manifest of a set of sources and `outputs` (file name, bytes), hashed here (`pbn build` takes its
    /// outputs' digests as they are made: [`Manifest::with_digests`]).
    pub fn new(
        plan: &Plan,
        map: &SourceMap,
        audience: &str,
        source_date_epoch: Option<i64>,
        outputs: &[(String, &[u8])],
    ) -> Self {
        Self::for_sources(plan, map, audience, source_date_epoch)
            .with_fingerprint(fingerprint::digest(plan))
            .with_outputs(outputs)
    }

    /// Everything but the plan's fingerprint ([`Manifest::with_fingerprint`], which `pbn build` takes from the
    /// view) and the outputs: the sources' digests.
    pub fn for_sources(
        plan: &Plan,
        map: &SourceMap,
        audience: &str,
        source_date_epoch: Option<i64>,
    ) -> Self {
        let mut sources: Vec<FileDigest> = map
            .files
            .iter()
            .filter(|f| f.path.is_some() && !f.not_a_source)
            .map(|f| FileDigest {
                path: f.display.replace('\\', "/"),
                sha256: sha256(f.text.as_bytes()),
            })
            .collect();
        sources.sort();
        sources.dedup();
        let m = &plan.manifest;
        Manifest {
            pbn_version: env!("CARGO_PKG_VERSION").to_string(),
            baseline_version: plan.baseline.version.clone(),
            fingerprint: String::new(),
            fingerprint_sha256: String::new(),
            audience: audience.to_string(),
            plan: PlanInfo {
                title: m.title.as_ref().map(|t| t.v.clone()),
                version: m.version.as_ref().map(|t| t.v.clone()),
            },
            source_date_epoch,
            sources,
            outputs: Vec::new(),
        }
    }

    /// The same manifest for the plan whose [`fingerprint::digest`] is `digest`.
    pub fn with_fingerprint(mut self, digest: String) -> Self {
        self.fingerprint = fingerprint::short(&digest);
        self.fingerprint_sha256 = digest;
        self
    }

    /// The manifest listing `outputs` (name and bytes) with their digests.
    pub fn with_outputs(self, outputs: &[(String, &[u8])]) -> Self {
        self.with_digests(
            outputs
                .iter()
                .map(|(p, b)| (p.clone(), sha256(b)))
                .collect(),
        )
    }

    /// The manifest listing outputs whose digests were taken as they were made: (file name, SHA-256 hex).
    pub fn with_digests(mut self, digests: Vec<(String, String)>) -> Self {
        self.outputs = digests
            .into_iter()
            .map(|(path, sha256)| FileDigest { path, sha256 })
            .collect();
        self.outputs.sort();
        self
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid manifest: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let m = Manifest {
            pbn_version: "0.1.0".into(),
            baseline_version: "2026.11".into(),
            fingerprint: "aaaa-bbbb-cccc".into(),
            fingerprint_sha256: "ab".repeat(32),
            audience: "ars".into(),
            plan: PlanInfo {
                title: Some("Plan".into()),
                version: None,
            },
            source_date_epoch: None,
            sources: vec![FileDigest {
                path: "pbn.yaml".into(),
                sha256: sha256(b""),
            }],
            outputs: vec![],
        };
        let j = m.to_json();
        assert!(!j.contains("source_date_epoch"));
        assert_eq!(Manifest::from_json(&j), Ok(m));
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
