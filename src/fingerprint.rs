//! The plan's fingerprint: a short SHA-256 of the canonical merged plan (values only — no file names, lines or
//! layers — in a fixed order). Same sources → same fingerprint, printed on the PDF, in the HTML and in
//! `manifest.json`; the audience does not change it (it identifies the plan, not the print).

use crate::model::{Fragment, Plan};
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Serialize)]
struct Canonical<'a> {
    title: Option<&'a str>,
    version: Option<&'a str>,
    language: crate::model::Lang,
    classification: Option<&'a str>,
    baseline: &'a str,
    establishment: &'a crate::model::Establishment,
    contacts: &'a [crate::model::Contact],
    exercises: &'a [crate::model::Exercise],
    fragments: Vec<CanonFragment<'a>>,
}

#[derive(Serialize)]
struct CanonFragment<'a> {
    kind: crate::model::Kind,
    id: &'a str,
    fields: &'a crate::model::Fields,
}

/// The full SHA-256 (hex) of the canonical plan.
pub fn digest(plan: &Plan) -> String {
    let m = &plan.manifest;
    let c = Canonical {
        title: m.title.as_ref().map(|t| t.v.as_str()),
        version: m.version.as_ref().map(|t| t.v.as_str()),
        language: m.language,
        classification: m.classification.as_ref().map(|t| t.v.as_str()),
        baseline: &plan.baseline.version,
        establishment: &plan.establishment,
        contacts: &plan.contacts,
        exercises: &plan.exercises,
        fragments: plan
            .fragments
            .values()
            .map(|f: &Fragment| CanonFragment {
                kind: f.kind,
                id: &f.id.v,
                fields: &f.f,
            })
            .collect(),
    };
    let bytes = serde_json::to_vec(&c).unwrap_or_default();
    hex(&Sha256::digest(&bytes))
}

/// The short form shown to people: 12 hex digits in groups of four (`3f9a-c2b1-77de`).
pub fn fingerprint(plan: &Plan) -> String {
    short(&digest(plan))
}

/// The short form of a [`digest`].
pub fn short(digest: &str) -> String {
    format!("{}-{}-{}", &digest[0..4], &digest[4..8], &digest[8..12])
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
