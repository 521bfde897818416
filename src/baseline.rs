//! The national baseline, embedded at build time from `playbooks/` (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/baseline_files.rs"));

/// The names a `baseline:` layer may use.
pub const NAMES: &[&str] = &["national"];

/// Display path of an embedded baseline file (never a real path: it cannot be opened or escaped).
pub fn display(rel: &str) -> String {
    format!("<baseline:national>/{rel}")
}

#[cfg(test)]
mod tests {
    use crate::decode::{FileDiags, fragment::fragment};
    use crate::diag::Diags;
    use crate::model::{Duration, Fragment, Kind, Locked};
    use std::collections::BTreeMap;

    /// Every baseline fragment, decoded; panics with the diagnostics if any file has a problem.
    fn all() -> Vec<Fragment> {
        let mut out = Vec::new();
        let mut diags = Diags::default();
        for (i, (rel, text)) in super::FILES.iter().enumerate() {
            if matches!(*rel, "baseline.yaml" | "contacts.yaml") {
                continue;
            }
            let Some(docs) = crate::yaml::parse(i as u32, text, &mut diags) else {
                continue;
            };
            let mut cx = FileDiags {
                file: i as u32,
                diags: &mut diags,
            };
            out.extend(docs.iter().filter_map(|d| fragment(&mut cx, d, 0)));
        }
        assert!(
            diags.list.is_empty(),
            "baseline files have problems: {:#?}",
            diags.list
        );
        out
    }

    /// The baseline's metadata and its national contacts' ids, decoded without a problem.
    fn meta_and_contacts() -> (crate::model::BaselineMeta, Vec<String>) {
        let mut diags = Diags::default();
        let mut meta = None;
        let mut contacts = Vec::new();
        for (i, (rel, text)) in super::FILES.iter().enumerate() {
            if !matches!(*rel, "baseline.yaml" | "contacts.yaml") {
                continue;
            }
            let docs = crate::yaml::parse(i as u32, text, &mut diags).unwrap_or_default();
            let mut cx = FileDiags {
                file: i as u32,
                diags: &mut diags,
            };
            for d in &docs {
                if *rel == "baseline.yaml" {
                    meta = Some(crate::decode::plan::baseline_meta(&mut cx, d));
                } else {
                    let list = crate::decode::plan::contacts(&mut cx, d, 0, true);
                    contacts.extend(list.into_iter().map(|c| c.id.v));
                }
            }
        }
        assert!(diags.list.is_empty(), "{:#?}", diags.list);
        (meta.unwrap_or_default(), contacts)
    }

    /// `history` accounts for the whole library: every fragment and national contact was added by some release
    /// (and not removed since), every object a release added or changed exists unless a later one removed it,
    /// and the newest release is the baseline's version.
    #[test]
    fn history_lists_every_object() {
        let (meta, contacts) = meta_and_contacts();
        assert_eq!(
            meta.history.first().map(|r| r.version.as_str()),
            Some(meta.version.as_str()),
            "the newest history entry must be baseline.version"
        );
        let mut versions: Vec<&str> = meta.versions();
        versions.dedup();
        assert_eq!(versions.len(), meta.history.len(), "a version listed twice");
        let mut present: std::collections::BTreeSet<(String, String)> = all()
            .into_iter()
            .map(|f| (f.kind.as_str().to_string(), f.id.v))
            .collect();
        present.extend(contacts.into_iter().map(|c| ("contact".to_string(), c)));
        // Replay the releases oldest first.
        let mut replayed = std::collections::BTreeSet::new();
        for r in meta.history.iter().rev() {
            for o in &r.added {
                assert!(replayed.insert(o.clone()), "{} adds {o:?} twice", r.version);
            }
            for o in &r.changed {
                assert!(
                    replayed.contains(o),
                    "{} changes {o:?}, never added",
                    r.version
                );
            }
            for o in &r.removed {
                assert!(
                    replayed.remove(o),
                    "{} removes {o:?}, never added",
                    r.version
                );
            }
        }
        let missing: Vec<_> = present.difference(&replayed).collect();
        assert!(missing.is_empty(), "not added by any release: {missing:?}");
        let gone: Vec<_> = replayed.difference(&present).collect();
        assert!(gone.is_empty(), "added, not removed, but absent: {gone:?}");
    }

    #[test]
    fn library_holds_at_least_the_promised_counts() {
        let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
        for f in all() {
            *counts.entry(f.kind).or_default() += 1;
        }
        for (kind, min) in [
            (Kind::Role, 9),
            (Kind::Obligation, 4),
            (Kind::Reflex, 8),
            (Kind::Procedure, 10),
            (Kind::Message, 3),
        ] {
            assert!(
                counts.get(&kind).copied().unwrap_or(0) >= min,
                "{kind:?}: {counts:?}"
            );
        }
    }

    #[test]
    fn stable_ids_exist() {
        let frags = all();
        let has = |k: Kind, id: &str| frags.iter().any(|f| f.kind == k && f.id.v == id);
        for r in [
            "directeur-crise",
            "administrateur-garde",
            "rssi",
            "dsi",
            "astreinte-si",
            "communication",
            "dpo",
            "identitovigilance",
            "tout-personnel",
        ] {
            assert!(has(Kind::Role, r), "role {r}");
        }
        for r in ["premiers-gestes", "activation-cellule-crise"] {
            assert!(has(Kind::Reflex, r), "reflex {r}");
        }
    }

    /// The legal deadlines and bases of the national obligations. Changing one of these is a change of the law's
    /// reading, not an edit: it must be deliberate.
    #[test]
    fn obligations_are_pinned_and_locked() {
        let frags = all();
        let pinned: [(&str, Duration, &[&str]); 4] = [
            (
                "signalement-portail",
                Duration::Immediate,
                &["L1111-8-2", "2016-1214"],
            ),
            (
                "notification-cnil",
                Duration::Minutes(72 * 60),
                &["RGPD art. 33"],
            ),
            ("depot-plainte", Duration::Minutes(72 * 60), &["L12-10-1"]),
            ("alerte-nis2", Duration::Minutes(24 * 60), &["2022/2555"]),
        ];
        for (id, deadline, bases) in pinned {
            let f = frags
                .iter()
                .find(|f| f.kind == Kind::Obligation && f.id.v == id)
                .unwrap_or_else(|| panic!("obligation {id} missing"));
            assert_eq!(
                f.f.deadline.as_ref().map(|d| d.v),
                Some(deadline),
                "{id} deadline"
            );
            let basis =
                f.f.legal_basis
                    .as_ref()
                    .map(|b| b.v.as_str())
                    .unwrap_or_default();
            for b in bases {
                assert!(basis.contains(b), "{id}: legal basis `{basis}` lacks {b}");
            }
            assert!(
                matches!(f.locked.as_ref().map(|l| &l.v), Some(Locked::All)),
                "{id} must be locked"
            );
            assert!(f.is_required(), "{id} must be required");
        }
        let nis2 = frags.iter().find(|f| f.id.v == "alerte-nis2").map(|f| {
            f.f.steps()
                .iter()
                .filter_map(|s| s.within.as_ref().map(|w| w.v))
                .collect::<Vec<_>>()
        });
        let nis2 = nis2.unwrap_or_default();
        for d in [24 * 60, 72 * 60, 30 * 24 * 60] {
            assert!(
                nis2.contains(&Duration::Minutes(d)),
                "alerte-nis2 lacks a step within {d} min: {nis2:?}"
            );
        }
    }
}
