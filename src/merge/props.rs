//! Property tests for `merge` (spec §2.6): patch step operations against a reference model, single operations
//! with their anchor, layer order, the empty patch, locks and determinism. Fragments are written as YAML and
//! decoded, as a plan's would be.

use super::{Merged, merge};
use crate::decode::{FileDiags, fragment::fragment};
use crate::diag::{Code, Diags};
use crate::model::{Fragment, Kind};
use crate::yaml;
use proptest::collection::vec;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    After(String, String),
    Before(String, String),
    Replace(String),
    Remove(String),
    Append(String),
}

/// An anchor: one of the base's ids (`s0`…`s7`, some beyond `k`), an inserted one, or one that never exists.
fn anchor() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..8usize).prop_map(|i| format!("s{i}")),
        1 => (0..3usize).prop_map(|i| format!("n{i}")),
        1 => Just("absent".to_string()),
    ]
}

/// The id of an inserted step: usually new, sometimes clashing with an existing one.
fn new_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0..3usize).prop_map(|i| format!("n{i}")),
        1 => (0..4usize).prop_map(|i| format!("s{i}")),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (anchor(), new_id()).prop_map(|(t, n)| Op::After(t, n)),
        (anchor(), new_id()).prop_map(|(t, n)| Op::Before(t, n)),
        anchor().prop_map(Op::Replace),
        anchor().prop_map(Op::Remove),
        new_id().prop_map(Op::Append),
    ]
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn base_yaml(k: usize, summary: Option<&str>, locked: &str) -> String {
    let mut y =
        String::from("kind: procedure\nid: p\ntitle: \"Base\"\nfunction: urgences\nowner: dsi\n");
    if let Some(s) = summary {
        y.push_str(&format!("summary: {}\n", q(s)));
    }
    y.push_str(locked);
    if k == 0 {
        y.push_str("steps: []\n");
    } else {
        y.push_str("steps:\n");
    }
    for i in 0..k {
        y.push_str(&format!("  - {{id: s{i}, do: \"base {i}\"}}\n"));
    }
    y
}

fn patch_yaml(ops: &[Op]) -> String {
    let mut y = String::from("kind: procedure\nid: p\noverride: patch\n");
    if ops.is_empty() {
        return y;
    }
    y.push_str("steps:\n");
    for (i, op) in ops.iter().enumerate() {
        y.push_str(&match op {
            Op::After(t, n) => format!("  - {{after: {t}, id: {n}, do: \"op {i}\"}}\n"),
            Op::Before(t, n) => format!("  - {{before: {t}, id: {n}, do: \"op {i}\"}}\n"),
            Op::Replace(t) => format!("  - {{replace: {t}, do: \"op {i}\"}}\n"),
            Op::Remove(t) => format!("  - {{remove: {t}}}\n"),
            Op::Append(n) => format!("  - {{id: {n}, do: \"op {i}\"}}\n"),
        });
    }
    y
}

/// Decodes one YAML fragment per layer (file id = layer). Decoding must be clean.
fn decode_layers(files: &[String]) -> Vec<Fragment> {
    let mut out = Vec::new();
    for (layer, text) in files.iter().enumerate() {
        let mut d = Diags::default();
        let docs = yaml::parse(layer as u32, text, &mut d).unwrap_or_default();
        let mut cx = FileDiags {
            file: layer as u32,
            diags: &mut d,
        };
        for doc in &docs {
            out.extend(fragment(&mut cx, doc, layer));
        }
        assert!(
            d.list.is_empty(),
            "generated YAML does not decode: {:?}\n{text}",
            d.list
        );
    }
    out
}

fn run(files: &[String]) -> (Merged, Diags) {
    let mut d = Diags::default();
    let m = merge(decode_layers(files), &mut d);
    (m, d)
}

fn steps_of(m: &Merged) -> Vec<(String, String)> {
    m.fragments
        .get(&(Kind::Procedure, "p".to_string()))
        .map(|f| {
            f.f.steps()
                .iter()
                .map(|s| {
                    (
                        s.id.as_ref().map(|i| i.v.clone()).unwrap_or_default(),
                        s.text.v.clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn count(d: &Diags, code: Code) -> usize {
    d.list.iter().filter(|x| x.code == code).count()
}

/// What the ops should do, step by step (spec §2.6): the resulting list, the number of unknown anchors
/// (`PBN019`) and of inserted ids that already exist (refused, `PBN023`).
fn model(k: usize, ops: &[Op]) -> (Vec<(String, String)>, usize, usize) {
    let mut l: Vec<(String, String)> = (0..k)
        .map(|i| (format!("s{i}"), format!("base {i}")))
        .collect();
    let (mut unknown, mut dup) = (0, 0);
    let pos = |l: &[(String, String)], id: &str| l.iter().position(|(x, _)| x == id);
    for (i, op) in ops.iter().enumerate() {
        let text = format!("op {i}");
        match op {
            Op::After(t, n) | Op::Before(t, n) => match pos(&l, t) {
                None => unknown += 1,
                Some(_) if pos(&l, n).is_some() => dup += 1,
                Some(p) => {
                    let at = if matches!(op, Op::After(..)) {
                        p + 1
                    } else {
                        p
                    };
                    l.insert(at, (n.clone(), text));
                }
            },
            Op::Replace(t) => match pos(&l, t) {
                None => unknown += 1,
                Some(p) => l[p].1 = text,
            },
            Op::Remove(t) => match pos(&l, t) {
                None => unknown += 1,
                Some(p) => {
                    l.remove(p);
                }
            },
            Op::Append(n) => match pos(&l, n) {
                Some(_) => dup += 1,
                None => l.push((n.clone(), text)),
            },
        }
    }
    (l, unknown, dup)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any sequence of step operations gives the reference model's list, one `PBN019` per unknown anchor
    /// (located in the patch's file) and one `PBN023` per clashing insert; merge never panics.
    #[test]
    fn step_ops_follow_the_model(k in 0..7usize, ops in vec(op(), 0..12)) {
        let (m, d) = run(&[base_yaml(k, None, ""), patch_yaml(&ops)]);
        let (want, unknown, dup) = model(k, &ops);
        prop_assert_eq!(steps_of(&m), want);
        prop_assert_eq!(count(&d, Code::UnknownStep), unknown);
        prop_assert_eq!(count(&d, Code::DuplicateStep), dup);
        prop_assert_eq!(d.list.len(), unknown + dup, "{:?}", d.list);
        for x in d.list.iter().filter(|x| x.code == Code::UnknownStep) {
            prop_assert_eq!(x.loc.map(|l| l.file), Some(1));
        }
    }

    /// One operation on `s0`…`s{k-1}`: a removed id is absent, an inserted id appears exactly once right after
    /// or before its anchor, a replaced step keeps its id and position, the other steps keep their order.
    #[test]
    fn one_op_lands_next_to_its_anchor(k in 1..7usize, op in op()) {
        let (m, d) = run(&[base_yaml(k, None, ""), patch_yaml(std::slice::from_ref(&op))]);
        let got = steps_of(&m);
        let ids: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
        let exists = |id: &str| id.strip_prefix('s').and_then(|n| n.parse::<usize>().ok()).is_some_and(|n| n < k);
        let others_in_order = |skip: &str| {
            let rest: Vec<String> = ids.iter().filter(|i| **i != skip).map(|s| s.to_string()).collect();
            let base: Vec<String> = (0..k).map(|i| format!("s{i}")).filter(|i| i != skip).collect();
            rest == base
        };
        match &op {
            Op::Remove(t) if exists(t) => {
                prop_assert!(!ids.contains(&t.as_str()));
                prop_assert_eq!(ids.len(), k - 1);
                prop_assert!(others_in_order(t));
            }
            Op::Replace(t) if exists(t) => {
                let p: usize = t[1..].parse().unwrap_or_default();
                prop_assert_eq!(ids[p], t.as_str());
                prop_assert_eq!(got[p].1.as_str(), "op 0");
                prop_assert!(others_in_order(""));
            }
            Op::After(t, n) | Op::Before(t, n) if exists(t) && !exists(n) => {
                prop_assert_eq!(ids.iter().filter(|i| **i == n.as_str()).count(), 1);
                let a = ids.iter().position(|i| *i == t.as_str());
                let at = ids.iter().position(|i| *i == n.as_str());
                let want = if matches!(op, Op::After(..)) { a.map(|a| a + 1) } else { a.and_then(|a| a.checked_sub(1)) };
                prop_assert_eq!(at, want);
                prop_assert!(others_in_order(n));
            }
            Op::Append(n) if !exists(n) => {
                prop_assert_eq!(ids.last().copied(), Some(n.as_str()));
                prop_assert!(others_in_order(n));
            }
            Op::After(t, _) | Op::Before(t, _) | Op::Replace(t) | Op::Remove(t) if !exists(t) => {
                prop_assert_eq!(count(&d, Code::UnknownStep), 1);
                prop_assert!(others_in_order(""));
            }
            _ => {
                // An insert whose id exists already: refused, nothing moves.
                prop_assert_eq!(count(&d, Code::DuplicateStep), 1);
                prop_assert!(others_in_order(""));
            }
        }
    }

    /// A patch that names no field changes nothing.
    #[test]
    fn empty_patch_is_identity(k in 0..7usize, summary in proptest::option::of("[a-zé ]{0,12}")) {
        let base = base_yaml(k, summary.as_deref(), "");
        let (alone, _) = run(std::slice::from_ref(&base));
        let (m, d) = run(&[base, patch_yaml(&[])]);
        prop_assert!(d.list.is_empty(), "{:?}", d.list);
        let key = (Kind::Procedure, "p".to_string());
        prop_assert_eq!(m.fragments.get(&key).map(|f| &f.f), alone.fragments.get(&key).map(|f| &f.f));
        prop_assert_eq!(m.history.get(&key).map(Vec::len), Some(2));
    }

    /// Layers patch or replace in order: each field is the highest layer's that sets it (a replace clears the
    /// fields it does not set); and merging twice gives the same result and the same diagnostics.
    #[test]
    fn higher_layer_wins_and_merge_is_deterministic(
        layers in vec((any::<bool>(), proptest::option::of("[a-z]{1,6}"), proptest::option::of("[a-z]{1,6}"), proptest::option::of(-5i64..5)), 0..5)
    ) {
        let mut files = vec![base_yaml(1, Some("base"), "")];
        let (mut title, mut summary, mut order) = (Some("Base".to_string()), Some("base".to_string()), None);
        for (replace, t, s, o) in &layers {
            let mut y = String::from("kind: procedure\nid: p\n");
            if *replace {
                y.push_str("override: replace\nfunction: urgences\nowner: dsi\nsteps: [{do: x}]\n");
                title = Some(t.clone().unwrap_or_else(|| "R".into()));
                y.push_str(&format!("title: {}\n", q(title.as_deref().unwrap_or_default())));
                summary = s.clone();
                order = *o;
            } else {
                y.push_str("override: patch\n");
                if let Some(t) = t {
                    y.push_str(&format!("title: {}\n", q(t)));
                    title = Some(t.clone());
                }
                if s.is_some() { summary = s.clone(); }
                if o.is_some() { order = *o; }
            }
            if let Some(s) = s { y.push_str(&format!("summary: {}\n", q(s))); }
            if let Some(o) = o { y.push_str(&format!("order: {o}\n")); }
            files.push(y);
        }
        let (m, d) = run(&files);
        prop_assert!(d.list.is_empty(), "{:?}", d.list);
        let f = m.fragments.get(&(Kind::Procedure, "p".to_string()));
        prop_assert!(f.is_some());
        let f = &f.unwrap().f;
        prop_assert_eq!(f.title.as_ref().map(|t| t.v.clone()), title);
        prop_assert_eq!(f.summary.as_ref().map(|t| t.v.clone()), summary);
        prop_assert_eq!(f.order.as_ref().map(|t| t.v), order);
        let (again, d2) = run(&files);
        prop_assert_eq!(format!("{m:?}"), format!("{again:?}"));
        prop_assert_eq!(d.list, d2.list);
    }

    /// A field locked below can be patched to the same value but not changed (`PBN020`, once).
    #[test]
    fn locked_field_refuses_a_change(new_title in "[A-Z][a-z]{0,4}") {
        let base = base_yaml(1, None, "locked: [title]\n");
        let patch = format!("kind: procedure\nid: p\noverride: patch\ntitle: {}\n", q(&new_title));
        let (_, d) = run(&[base, patch]);
        prop_assert_eq!(count(&d, Code::LockedField), usize::from(new_title != "Base"));
    }
}

/// `plan.baseline` pins: a plan fragment that collides with one the baseline added after the pin is `PBN067`
/// naming that release; one that existed at the pin stays the ordinary `PBN007`.
#[test]
fn collision_with_an_id_added_after_the_pin_names_the_release() {
    use crate::merge::{Pin, merge_pinned};
    use crate::model::{BaselineMeta, Release};
    let obj = |i: &str| ("message".to_string(), i.to_string());
    let meta = BaselineMeta {
        version: "2026.12".into(),
        history: vec![
            Release {
                version: "2026.12".into(),
                added: vec![obj("message-nouveau")],
                ..Release::default()
            },
            Release {
                version: "2026.11".into(),
                added: vec![obj("message-ancien")],
                ..Release::default()
            },
        ],
        ..BaselineMeta::default()
    };
    let msg =
        |id: &str| format!("kind: message\nid: {id}\ntitle: T\naudience: personnel\nbody: B\n");
    let files = [
        format!("{}---\n{}", msg("message-nouveau"), msg("message-ancien")),
        format!("{}---\n{}", msg("message-nouveau"), msg("message-ancien")),
    ];
    let run = |version: &str| {
        let mut d = Diags::default();
        let pin = Pin {
            layer: 0,
            version,
            meta: &meta,
        };
        merge_pinned(decode_layers(&files), &mut d, Some(&pin));
        d.list
    };
    let d = run("2026.11");
    assert_eq!(d.len(), 2, "{d:#?}");
    let newer = d.iter().find(|x| x.code == Code::IdAddedByNewerBaseline);
    assert!(
        newer.is_some_and(|x| x
            .message
            .contains("baseline 2026.12 added its own message `message-nouveau`")
            && x.help.as_deref().is_some_and(
                |h| h.contains("override: patch") && h.contains("message-nouveau-local")
            )),
        "{d:#?}"
    );
    assert!(
        d.iter()
            .any(|x| x.code == Code::DuplicateId && x.message.contains("message-ancien"))
    );
    // Pinned to the current version, both are plain collisions.
    assert!(run("2026.12").iter().all(|x| x.code == Code::DuplicateId));
}
