//! Layers → one crisis directory: contacts merge by id, a higher layer's entry replacing a lower one's.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::Contact;
use std::collections::BTreeMap;

/// Baseline contacts first; a higher layer's contact with the same id replaces the national one (that is how a
/// slot such as `ars` is completed). Two contacts with one id in the same layer are an error (`PBN007`).
pub fn merge_contacts(all: Vec<Contact>, diags: &mut Diags) -> Vec<Contact> {
    let mut out: Vec<Contact> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for c in all {
        match index.get(&c.id.v) {
            Some(&i) if out[i].layer == c.layer => diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    c.id.loc,
                    format!("duplicate contact id `{}`", c.id.v),
                )
                .note(out[i].id.loc, "first defined here")
                .help("contact ids are unique; merge the two entries or rename one"),
            ),
            Some(&i) => out[i] = c,
            None => {
                index.insert(c.id.v.clone(), out.len());
                out.push(c);
            }
        }
    }
    out
}
