//! `pbn explain` for the plan's records that are not fragments: `application:`, `function:`, `exercise:`,
//! `cell:` (a crisis-cell member, by role), `establishment:` and `approval:` — every subject `pbn review` prints
//! can be explained. Values are shown whole, each field on its own line, with the `file:line` of the record.

use crate::model::Plan;
use crate::source::{Loc, SourceMap};
use serde_json::Value;
use std::fmt::Write as _;

/// The kinds this module explains (for messages listing every kind `explain` accepts).
pub const KINDS: &[&str] = &[
    "application",
    "function",
    "exercise",
    "cell",
    "establishment",
    "approval",
];

/// The explanation of `kind:id`, `Some(Err(ids))` naming the known ids when `id` is unknown, `None` when `kind`
/// is not one of [`KINDS`].
pub fn explain(
    plan: &Plan,
    map: &SourceMap,
    kind: &str,
    id: &str,
) -> Option<Result<String, Vec<String>>> {
    let e = &plan.establishment;
    let show = |v: &dyn erased::Record, loc: Loc| render(kind, id, v, loc, map);
    Some(match kind {
        "application" => find(&e.applications, id, |a| (&a.id.v, a.loc)).map(|(v, l)| show(v, l)),
        "function" => find(&e.functions, id, |f| (&f.id.v, f.loc)).map(|(v, l)| show(v, l)),
        "exercise" => find(&plan.exercises, id, |x| (&x.id.v, x.loc)).map(|(v, l)| show(v, l)),
        "cell" => find(&e.members, id, |m| (&m.role.v, m.loc)).map(|(v, l)| show(v, l)),
        // `establishment:finess_ej`, `approval:adopted_on`: the subject names a field of the establishment file.
        "establishment" | "approval" => Ok(show(e, e.loc)),
        _ => return None,
    })
}

/// Any serialisable record, behind one reference type.
mod erased {
    pub trait Record {
        fn to_json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Record for T {
        fn to_json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or_default()
        }
    }
}

/// The record of `items` whose id is `id`, or every id for a "did you mean".
fn find<'a, T>(
    items: &'a [T],
    id: &str,
    key: impl Fn(&T) -> (&String, Loc),
) -> Result<(&'a T, Loc), Vec<String>> {
    items
        .iter()
        .find(|x| key(x).0 == id)
        .map(|x| (x, key(x).1))
        .ok_or_else(|| items.iter().map(|x| key(x).0.clone()).collect())
}

fn render(kind: &str, id: &str, value: &dyn erased::Record, loc: Loc, map: &SourceMap) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{kind} {id}\n\ndefined in {} {}\n\nfields:",
        map.layer_name(map.layer_of(loc)),
        map.describe(loc)
    );
    if let Value::Object(fields) = value.to_json() {
        for (name, v) in fields {
            if !matches!(v, Value::Null) && v != Value::Array(Vec::new()) {
                let _ = writeln!(o, "  {name:<18} {}", one_line(&v));
            }
        }
    }
    o
}

/// A value whole, on one line: text as written, lists joined with commas, records as `key: value`.
fn one_line(v: &Value) -> String {
    match v {
        Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(one_line).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}: {}", one_line(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_shown_whole_on_one_line() {
        let long = "a ".repeat(80);
        assert_eq!(one_line(&json!(long)).len(), 159);
        assert_eq!(one_line(&json!(["x", "y"])), "[x, y]");
        assert_eq!(one_line(&json!({"a": 1, "b": null})), "{a: 1}");
    }
}
