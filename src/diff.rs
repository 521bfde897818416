//! What changed between two versions of a plan, object by object: the manifest's plan fields, the
//! establishment's own fields, functions, applications, crisis-cell positions, response means, contacts,
//! exercises and merged fragments (kind + id). Each object is compared as its merged value (serde JSON of the model, which carries
//! no file, line or layer), so formatting, comments, key order and moving an object to another file are not
//! changes. Text is compared with its whitespace normalised (re-wrapping a paragraph is not a change; a new
//! paragraph is). A pure function of two plans; printing is `cmd::diff`'s.

use crate::model::Plan;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
        }
    }
}

/// One changed leaf of a modified object: `channels[0].value`, its old and new values (none when absent).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Detail {
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub change: ChangeKind,
    pub kind: String,
    pub id: String,
    /// The object's title or name (the new one, else the old one), for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Top-level fields that differ (modified only).
    pub fields: Vec<String>,
    pub details: Vec<Detail>,
}

/// The order objects are listed in.
const KINDS: [&str; 14] = [
    "plan",
    "establishment",
    "function",
    "application",
    "cell-member",
    "resource",
    "contact",
    "exercise",
    "reflex",
    "procedure",
    "role",
    "obligation",
    "message",
    "form",
];

type Objects = BTreeMap<(usize, String), Value>;

fn rank(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

fn put<T: Serialize>(objs: &mut Objects, kind: &str, id: &str, v: &T) {
    let v = serde_json::to_value(v)
        .map(normalize)
        .unwrap_or(Value::Null);
    objs.insert((rank(kind), id.to_string()), v);
}

/// Every comparable object of a plan, keyed by (kind rank, id).
fn objects(p: &Plan) -> Objects {
    let mut o = Objects::new();
    let m = &p.manifest;
    let text = |t: &Option<crate::model::Text>| t.as_ref().map(|t| t.v.clone());
    put(
        &mut o,
        "plan",
        "plan",
        &serde_json::json!({
            "title": text(&m.title), "version": text(&m.version), "language": m.language,
            "classification": text(&m.classification),
        }),
    );
    if let Ok(Value::Object(mut e)) = serde_json::to_value(&p.establishment) {
        for k in ["functions", "applications", "members", "resources"] {
            e.remove(k);
        }
        put(&mut o, "establishment", "establishment", &e);
    }
    let e = &p.establishment;
    e.functions
        .iter()
        .for_each(|f| put(&mut o, "function", &f.id.v, f));
    e.applications
        .iter()
        .for_each(|a| put(&mut o, "application", &a.id.v, a));
    e.members
        .iter()
        .for_each(|c| put(&mut o, "cell-member", &c.role.v, c));
    e.resources
        .iter()
        .for_each(|r| put(&mut o, "resource", &r.id.v, r));
    p.contacts
        .iter()
        .for_each(|c| put(&mut o, "contact", &c.id.v, c));
    p.exercises
        .iter()
        .for_each(|x| put(&mut o, "exercise", &x.id.v, x));
    for f in p.fragments.values() {
        put(&mut o, f.kind.as_str(), &f.id.v, &f.f);
    }
    o
}

/// Whitespace of every string normalised: trimmed, runs within a paragraph made one space, paragraphs kept.
fn normalize(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(
            s.split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        v => v,
    }
}

/// The changes from `old` to `new`, in `KINDS` order then by id.
pub fn diff(old: &Plan, new: &Plan) -> Vec<Change> {
    let (a, b) = (objects(old), objects(new));
    let mut keys: Vec<&(usize, String)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let kind = KINDS.get(key.0).copied().unwrap_or("?").to_string();
        let (change, fields, details) = match (a.get(key), b.get(key)) {
            (Some(x), Some(y)) if x == y => continue,
            (Some(x), Some(y)) => {
                let mut details = Vec::new();
                leaves("", x, y, &mut details);
                (ChangeKind::Modified, top_fields(x, y), details)
            }
            (Some(_), None) => (ChangeKind::Removed, vec![], vec![]),
            (None, Some(_)) => (ChangeKind::Added, vec![], vec![]),
            (None, None) => continue,
        };
        let name = [b.get(key), a.get(key)]
            .into_iter()
            .flatten()
            .find_map(|v| {
                ["title", "name"]
                    .iter()
                    .find_map(|k| v.get(k).and_then(Value::as_str))
            })
            .map(str::to_string);
        out.push(Change {
            change,
            kind,
            id: key.1.clone(),
            name,
            fields,
            details,
        });
    }
    out
}

fn top_fields(x: &Value, y: &Value) -> Vec<String> {
    let empty = Map::new();
    let (mx, my) = (
        x.as_object().unwrap_or(&empty),
        y.as_object().unwrap_or(&empty),
    );
    let mut names: Vec<&String> = mx.keys().chain(my.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|k| mx.get(*k) != my.get(*k))
        .cloned()
        .collect()
}

/// Compact JSON of a value (`"06 00…"`, `true`, `{"do":…}`), for people.
pub fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Arrays whose items all have a string `id` are matched by id (`steps[id=x]`), others by position.
fn by_id(a: &[Value]) -> Option<Vec<(String, &Value)>> {
    a.iter()
        .map(|v| {
            v.get("id")
                .and_then(Value::as_str)
                .map(|i| (i.to_string(), v))
        })
        .collect()
}

fn leaves(path: &str, x: &Value, y: &Value, out: &mut Vec<Detail>) {
    if x == y {
        return;
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (x, y) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                match (a.get(k), b.get(k)) {
                    (Some(u), Some(v)) => leaves(&join(k), u, v, out),
                    (u, v) => out.push(Detail {
                        path: join(k),
                        old: u.cloned(),
                        new: v.cloned(),
                    }),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if let (Some(ia), Some(ib)) = (by_id(a), by_id(b)) {
                let mb: BTreeMap<&str, &Value> = ib.iter().map(|(k, v)| (k.as_str(), *v)).collect();
                let ma: BTreeMap<&str, &Value> = ia.iter().map(|(k, v)| (k.as_str(), *v)).collect();
                for (k, u) in &ia {
                    let p = format!("{path}[id={k}]");
                    match mb.get(k.as_str()) {
                        Some(v) => leaves(&p, u, v, out),
                        None => out.push(Detail {
                            path: p,
                            old: Some((*u).clone()),
                            new: None,
                        }),
                    }
                }
                for (k, v) in ib.iter().filter(|(k, _)| !ma.contains_key(k.as_str())) {
                    out.push(Detail {
                        path: format!("{path}[id={k}]"),
                        old: None,
                        new: Some((*v).clone()),
                    });
                }
                return;
            }
            for i in 0..a.len().max(b.len()) {
                let p = format!("{path}[{i}]");
                match (a.get(i), b.get(i)) {
                    (Some(u), Some(v)) => leaves(&p, u, v, out),
                    (u, v) => out.push(Detail {
                        path: p,
                        old: u.cloned(),
                        new: v.cloned(),
                    }),
                }
            }
        }
        _ => out.push(Detail {
            path: path.to_string(),
            old: Some(x.clone()),
            new: Some(y.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn plan(k: &Kit) -> Plan {
        crate::app::compile(k.path()).unwrap().plan
    }

    #[test]
    fn same_plan_reformatted_is_no_change() {
        let a = Kit::base();
        // Comments, key order, flow vs block style and re-wrapped text.
        let b = Kit::base()
            .edit("contacts.yaml", "contacts:\n", "# annuaire\ncontacts:\n")
            .edit("contacts.yaml", "    name: \"Directeur\"\n    roles: [directeur-crise, administrateur-garde]\n", "    roles:\n      - directeur-crise\n      - administrateur-garde\n    name: Directeur\n")
            .edit("fragments/procedures.yaml", "activation: \"Dès que le DPI est indisponible.\"", "activation: |\n  Dès que le DPI\n  est indisponible.");
        assert_eq!(diff(&plan(&a), &plan(&b)), vec![]);
    }

    #[test]
    fn phone_procedure_added_and_removed() {
        let a = Kit::base();
        let b = Kit::base()
            .edit("contacts.yaml", "\"06 71 20 40 02\"", "\"06 99 99 99 99\"")
            .write(
                "fragments/procedures.yaml",
                std::fs::read_to_string(a.path().join("fragments/procedures.yaml"))
                    .unwrap()
                    .split("---")
                    .next()
                    .unwrap(),
            )
            .write(
                "fragments/local.yaml",
                "kind: procedure\nid: locale\ntitle: Locale\nfunction: urgences\nowner: cadre-sante\nsteps:\n  - {do: \"Faire\"}\n",
            );
        let d = diff(&plan(&a), &plan(&b));
        let short: Vec<(ChangeKind, &str, &str)> = d
            .iter()
            .map(|c| (c.change, c.kind.as_str(), c.id.as_str()))
            .collect();
        assert_eq!(
            short,
            [
                (ChangeKind::Modified, "contact", "garde"),
                (ChangeKind::Modified, "procedure", "admissions-mode-degrade"),
                (
                    ChangeKind::Modified,
                    "procedure",
                    "laboratoire-mode-degrade"
                ),
                (ChangeKind::Added, "procedure", "locale"),
            ]
        );
        assert_eq!(d[0].fields, ["channels"]);
        assert_eq!(d[0].details[0].path, "channels[0].value");
        assert_eq!(d[0].details[0].new, Some(Value::from("06 99 99 99 99")));
    }

    #[test]
    fn every_fragment_kind_is_listed() {
        for k in crate::model::Kind::ALL {
            assert!(KINDS.contains(&k.as_str()), "{}", k.as_str());
        }
    }

    /// Response means are objects of their own; the regime is a field of the establishment.
    #[test]
    fn resources_and_regime() {
        let a = Kit::base();
        let est = std::fs::read_to_string(a.path().join("establishment.yaml")).unwrap();
        let b = Kit::base().write(
            "establishment.yaml",
            &est.replace("  regime: [aucun]\n", "  regime: [ose]\n").replace(
                "resources:\n",
                "resources:\n  - {id: kits-papier, what: \"Kits papier\", where: \"Armoire\"}\n",
            ),
        );
        let d = diff(&plan(&a), &plan(&b));
        let short: Vec<(ChangeKind, &str, &str)> = d
            .iter()
            .map(|c| (c.change, c.kind.as_str(), c.id.as_str()))
            .collect();
        assert_eq!(
            short,
            [
                (ChangeKind::Modified, "establishment", "establishment"),
                (ChangeKind::Added, "resource", "kits-papier"),
            ]
        );
        assert_eq!(d[0].fields, ["regime"]);
    }

    #[test]
    fn steps_are_matched_by_id() {
        let a = Kit::base();
        let b = Kit::base().write(
            "fragments/pg.yaml",
            "kind: reflex\nid: premiers-gestes\noverride: patch\nsteps:\n  - {before: debrancher-reseau, id: noter-heure, do: \"Noter l'heure\"}\n",
        );
        let d = diff(&plan(&a), &plan(&b));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].fields, ["steps"]);
        assert_eq!(d[0].details.len(), 1, "{:?}", d[0].details);
        assert_eq!(d[0].details[0].path, "steps[id=noter-heure]");
    }
}
