//! Layers → one crisis directory: contacts merge by id, a higher layer's entry replacing a lower one's.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::{Application, Contact};
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

/// A shared layer's applications (spec §7.1) under the establishment's own: the plan's entry with the same id
/// replaces the layer's whole; the layers' entries come first, in layer order, a higher layer replacing a lower one.
pub fn inherit_applications(own: &mut Vec<Application>, shared: Vec<Application>) {
    let mut merged: Vec<Application> = Vec::new();
    for a in shared {
        match merged.iter_mut().find(|m| m.id.v == a.id.v) {
            Some(m) => *m = a,
            None => merged.push(a),
        }
    }
    merged.retain(|m| !own.iter().any(|o| o.id.v == m.id.v));
    merged.append(own);
    *own = merged;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Duration, Sp};
    use crate::source::Loc;

    fn app(id: &str, name: &str) -> Application {
        let t = |s: &str| Sp::new(s.to_string(), Loc::default());
        Application {
            id: t(id),
            name: t(name),
            functions: Vec::new(),
            critical: Sp::new(true, Loc::default()),
            rto: Sp::new(Duration::Immediate, Loc::default()),
            rpo: Sp::new(Duration::Immediate, Loc::default()),
            vendor: None,
            loc: Loc::default(),
        }
    }

    #[test]
    fn the_plan_replaces_a_shared_application_whole() {
        let mut own = vec![app("dpi", "DPI local")];
        inherit_applications(
            &mut own,
            vec![app("dpi", "DPI du GHT"), app("lis", "SIL du GHT")],
        );
        let names: Vec<&str> = own.iter().map(|a| a.name.v.as_str()).collect();
        assert_eq!(names, ["SIL du GHT", "DPI local"]);
    }
}
