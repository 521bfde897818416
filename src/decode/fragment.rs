//! A fragment document → [`Fragment`]: kind-specific fields, steps or patch step operations, `sources`.

use super::{FileDiags, N, Obj};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::model::Text;
use crate::model::fields::{self, field_kinds, fragment_fields};
use crate::model::{
    Fields, FormField, Fragment, Kind, Locked, Override, Source, Sp, Step, StepOp, Steps,
};
use std::collections::HashSet;

/// Decodes one fragment document; `None` when even kind or id cannot be read.
pub fn fragment(cx: &mut FileDiags, n: &N, layer: usize) -> Option<Fragment> {
    if let Some(mut d) = cx.not_a_mapping(n, "a fragment") {
        if matches!(n.value, crate::yaml::Node::Seq(_)) {
            d = d.help(
                "write the fields as `key: value` lines, without `- ` in front; \
                 several fragments in one file are separated by a `---` line",
            );
        }
        cx.diags.push(d);
        return None;
    }
    let mut o = cx.obj(n, "a fragment")?;
    let kind_text = cx.req_text(
        &mut o,
        "kind",
        "every fragment starts with `kind: reflex|procedure|role|obligation|message|form`",
    );
    let kind = match kind_text {
        Some(t) => match Kind::parse(&t.v) {
            Some(k) => k,
            None => {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                let help = did_you_mean(&t.v, names.iter().copied())
                    .unwrap_or_else(|| format!("expected one of: {}", names.join(", ")));
                cx.diags.push(
                    Diagnostic::new(
                        Code::UnknownKind,
                        t.loc,
                        format!("unknown fragment kind `{}`", t.v),
                    )
                    .help(help),
                );
                return None;
            }
        },
        None => return None,
    };
    let id = match o.get("id") {
        Some(n) => cx.id(n, "id")?,
        None => {
            cx.missing(
                &o,
                "id",
                "every fragment has an `id` in lower-case kebab-case",
            );
            return None;
        }
    };
    let override_ = o.get("override").and_then(|n| {
        cx.choice(n, "override", &["replace", "patch"], |s| match s {
            "replace" => Some(Override::Replace),
            "patch" => Some(Override::Patch),
            _ => None,
        })
    });
    let disable = cx.bool_field(&mut o, "disable");
    let locked = o.get("locked").and_then(|n| locked(cx, n, kind));
    let is_patch = override_.as_ref().is_some_and(|o| o.v == Override::Patch);
    let is_disable = disable.as_ref().is_some_and(|d| d.v);
    let f = fields(cx, &mut o, kind, is_patch);

    if !is_patch && !is_disable {
        let mut need = vec!["title"];
        need.extend_from_slice(kind.required());
        for field in need {
            if f.loc_of(field).is_none() && !o.has(field) {
                cx.missing(
                    &o,
                    field,
                    &format!(
                        "a `{}` needs `{}`{}",
                        kind.as_str(),
                        field,
                        if field == "title" {
                            ""
                        } else {
                            " (or use `override: patch` to change an inherited one)"
                        }
                    ),
                );
            }
        }
    }
    let allowed = fields::allowed(kind);
    let loc = o.loc;
    o.finish(cx, &allowed);
    Some(Fragment {
        kind,
        id,
        loc,
        layer,
        override_,
        disable,
        locked,
        f,
    })
}

fn locked(cx: &mut FileDiags, n: &N, kind: Kind) -> Option<Sp<Locked>> {
    if let crate::yaml::Node::Bool(b) = n.value {
        return b.then(|| Sp::new(Locked::All, cx.loc(n)));
    }
    let list = cx.texts(n, "locked")?;
    let allowed = fields::allowed(kind);
    for t in &list.v {
        if !allowed.contains(&t.v.as_str()) {
            let help = did_you_mean(&t.v, allowed.iter().copied())
                .unwrap_or_else(|| "name fields of this kind".into());
            cx.diags.push(
                Diagnostic::new(
                    Code::UnknownField,
                    t.loc,
                    format!(
                        "`locked` names `{}`, which a {} does not have",
                        t.v,
                        kind.as_str()
                    ),
                )
                .help(help),
            );
        }
    }
    Some(Sp::new(Locked::Fields(list.v), list.loc))
}

/// Generates [`fields`] from the table of `model/fields.rs`: each field a kind has is read by its reader.
macro_rules! read_fields {
    ([] $($name:ident : $ty:ty = $read:ident, [$($k:tt)*], $schema:ident;)*) => {
        /// The content fields of a fragment of `kind`.
        fn fields(cx: &mut FileDiags, o: &mut Obj, kind: Kind, is_patch: bool) -> Fields {
            let mut f = Fields::default();
            $(
                if field_kinds!([$($k)*]).of(kind) {
                    f.$name = read::$read(cx, o, stringify!($name), kind, is_patch);
                }
            )*
            f
        }
    };
}
fragment_fields!(read_fields);

/// The readers the table of `model/fields.rs` names: one signature for all, `(decoder, mapping, field name,
/// kind, whether the fragment is a patch)`.
mod read {
    use super::{FileDiags, Kind, N, Obj, Sp, Text};
    use crate::model::{Duration, FormField, Regime, Source, Steps};

    pub fn text(cx: &mut FileDiags, o: &mut Obj, name: &str, _: Kind, _: bool) -> Option<Text> {
        cx.text_field(o, name)
    }

    pub fn texts(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        _: bool,
    ) -> Option<Sp<Vec<Text>>> {
        cx.texts_field(o, name)
    }

    pub fn ids(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        _: bool,
    ) -> Option<Sp<Vec<Text>>> {
        cx.ids_field(o, name)
    }

    pub fn id(cx: &mut FileDiags, o: &mut Obj, name: &str, _: Kind, _: bool) -> Option<Text> {
        o.get(name).and_then(|n| cx.id(n, name))
    }

    pub fn int(cx: &mut FileDiags, o: &mut Obj, name: &str, _: Kind, _: bool) -> Option<Sp<i64>> {
        o.get(name).and_then(|n| cx.int(n, name))
    }

    pub fn boolean(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        _: bool,
    ) -> Option<Sp<bool>> {
        cx.bool_field(o, name)
    }

    pub fn duration(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        _: bool,
    ) -> Option<Sp<Duration>> {
        cx.duration_field(o, name)
    }

    pub fn sources(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        _: bool,
    ) -> Option<Sp<Vec<Source>>> {
        o.get(name).and_then(|n| super::sources(cx, n))
    }

    /// A reflex is for roles (ids); a message for readers named in words.
    pub fn audience(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        kind: Kind,
        _: bool,
    ) -> Option<Sp<Vec<Text>>> {
        if kind == Kind::Reflex {
            cx.ids_field(o, name)
        } else {
            cx.texts_field(o, name)
        }
    }

    pub fn steps(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        is_patch: bool,
    ) -> Option<Sp<Steps>> {
        o.get(name).and_then(|n| super::steps(cx, n, is_patch))
    }

    pub fn condition(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        _: bool,
    ) -> Option<Text> {
        o.get(name).and_then(|n: &N| {
            cx.choice(n, name, &["nis2"], |s| (s == "nis2").then(|| s.to_string()))
        })
    }

    pub fn applies_to(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        _: bool,
    ) -> Option<Sp<Vec<Sp<Regime>>>> {
        o.get(name).and_then(|n| cx.regimes(n, name, false))
    }

    pub fn form_fields(
        cx: &mut FileDiags,
        o: &mut Obj,
        name: &str,
        _: Kind,
        _: bool,
    ) -> Option<Sp<Vec<FormField>>> {
        o.get(name).and_then(|n| super::form_fields(cx, n))
    }
}

/// The most ruled lines one blank may ask for: a whole A4 page of writing.
const MAX_LINES: i64 = 40;

/// A form's `fields`: the blanks, in order, each `{id, label, lines, help}` with a unique id.
fn form_fields(cx: &mut FileDiags, n: &N) -> Option<Sp<Vec<FormField>>> {
    let list = cx.list(n, "fields")?;
    let mut out: Vec<FormField> = Vec::new();
    for item in list.v {
        let Some(mut o) = cx.obj(item, "a form field") else {
            continue;
        };
        let id = match o.get("id") {
            Some(n) => cx.id(n, "id"),
            None => {
                cx.missing(
                    &o,
                    "id",
                    "each blank has an `id`, e.g. `date-heure-decouverte`",
                );
                None
            }
        };
        let label = cx.req_text(
            &mut o,
            "label",
            "what the blank asks for, e.g. \"Date et heure de la découverte\"",
        );
        let lines = o
            .get("lines")
            .and_then(|n| cx.int(n, "lines"))
            .and_then(|l| {
                if (1..=MAX_LINES).contains(&l.v) {
                    Some(Sp::new(l.v as u32, l.loc))
                } else {
                    cx.diags.push(
                        Diagnostic::new(
                            Code::BadValue,
                            l.loc,
                            format!("`lines: {}` is out of range", l.v),
                        )
                        .help(format!("a blank has 1 to {MAX_LINES} ruled lines")),
                    );
                    None
                }
            });
        let help = cx.text_field(&mut o, "help");
        let loc = o.loc;
        o.finish(cx, &["id", "label", "lines", "help"]);
        let Some(id) = id else { continue };
        if let Some(first) = out.iter().find(|f| f.id.v == id.v) {
            cx.diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    id.loc,
                    format!("two fields of the form have the id `{}`", id.v),
                )
                .note(first.id.loc, "first defined here")
                .help("field ids are unique within a form; rename one"),
            );
            continue;
        }
        out.push(FormField {
            label: label.unwrap_or_else(|| id.clone()),
            id,
            lines,
            help,
            loc,
        });
    }
    Some(Sp::new(out, list.loc))
}

pub(crate) fn sources(cx: &mut FileDiags, n: &N) -> Option<Sp<Vec<Source>>> {
    let list = cx.list(n, "sources")?;
    let mut out = Vec::new();
    for item in list.v {
        if let crate::yaml::Node::Str(_) = item.value {
            // A bare string is a title.
            if let Some(t) = cx.text(item, "sources") {
                out.push(Source {
                    title: t,
                    reference: None,
                    url: None,
                });
            }
            continue;
        }
        let Some(mut o) = cx.obj(item, "a source") else {
            continue;
        };
        let title = cx.req_text(
            &mut o,
            "title",
            "a source names the text it relies on, e.g. `title: \"Code de la santé publique\"`",
        );
        let reference = cx.text_field(&mut o, "ref");
        let url = cx.text_field(&mut o, "url");
        if let Some(u) = &url
            && !crate::value_format::url_ok(&u.v)
        {
            cx.diags.push(
                Diagnostic::new(
                    Code::BadUrl,
                    u.loc,
                    format!("`{}` is not an http(s) URL", u.v),
                )
                .help("write the full address, starting with `https://`"),
            );
        }
        o.finish(cx, &["title", "ref", "url"]);
        if let Some(title) = title {
            out.push(Source {
                title,
                reference,
                url,
            });
        }
    }
    Some(Sp::new(out, list.loc))
}

const STEP_FIELDS: &[&str] = &["id", "do", "who", "within", "needs_it"];
const STEP_OPS: &[&str] = &["after", "before", "replace", "remove"];

fn steps(cx: &mut FileDiags, n: &N, is_patch: bool) -> Option<Sp<Steps>> {
    let list = cx.list(n, "steps")?;
    let loc = list.loc;
    let mut seen = HashSet::new();
    if is_patch {
        let ops = list
            .v
            .into_iter()
            .filter_map(|item| step_op(cx, item))
            .collect();
        return Some(Sp::new(Steps::Ops(ops), loc));
    }
    let mut out = Vec::new();
    for item in list.v {
        let Some(mut o) = cx.obj(item, "a step") else {
            continue;
        };
        for op in STEP_OPS {
            if o.has(op) {
                let at = o.get(op).map_or(o.loc, |v| cx.loc(v));
                cx.diags.push(
                    Diagnostic::new(Code::StepOpMisplaced, at, format!("`{op}` in a step of a fragment that is not a patch"))
                        .help("step operations only work with `override: patch`; add it, or write the step without it"),
                );
            }
        }
        if let Some(s) = step_body(cx, &mut o, true) {
            check_unique(cx, &mut seen, &s);
            out.push(s);
        }
        o.finish(cx, STEP_FIELDS);
    }
    Some(Sp::new(Steps::List(out), loc))
}

fn check_unique(cx: &mut FileDiags, seen: &mut HashSet<String>, s: &Step) {
    if let Some(id) = &s.id
        && !seen.insert(id.v.clone())
    {
        cx.diags.push(
            Diagnostic::new(
                Code::DuplicateStep,
                id.loc,
                format!("two steps have the id `{}`", id.v),
            )
            .help("step ids must be unique within a fragment"),
        );
    }
}

fn step_body(cx: &mut FileDiags, o: &mut Obj, need_do: bool) -> Option<Step> {
    let id = o.get("id").and_then(|n| cx.id(n, "id"));
    let text = if need_do {
        cx.req_text(
            o,
            "do",
            "a step says what to do: `do: \"Débrancher le câble réseau\"`",
        )
    } else {
        cx.text_field(o, "do")
    };
    let who = o.get("who").and_then(|n| cx.id(n, "who"));
    let within = cx.duration_field(o, "within");
    let needs_it = cx.bool_field(o, "needs_it");
    Some(Step {
        id,
        text: text?,
        who,
        within,
        needs_it,
        loc: o.loc,
    })
}

fn step_op(cx: &mut FileDiags, item: &N) -> Option<StepOp> {
    let mut o = cx.obj(item, "a step")?;
    let present: Vec<&str> = STEP_OPS.iter().copied().filter(|op| o.has(op)).collect();
    if present.len() > 1 {
        cx.diags.push(
            Diagnostic::new(
                Code::StepOpMisplaced,
                o.loc,
                format!(
                    "a patch item may hold one operation, this one has {}",
                    present.join(" and ")
                ),
            )
            .help("split it into one item per operation"),
        );
        // Reported once, above: only the first operation is applied, and the others are not unknown fields.
        for op in &present[1..] {
            o.get(op);
        }
    }
    let target = |cx: &mut FileDiags, o: &mut Obj, op: &str| o.get(op).and_then(|n| cx.id(n, op));
    let op = match present.first().copied() {
        Some("remove") => {
            let t = target(cx, &mut o, "remove");
            for k in ["id", "do", "who", "within", "needs_it"] {
                if o.has(k) {
                    let at = o.get(k).map_or(o.loc, |v| cx.loc(v));
                    cx.diags.push(
                        Diagnostic::new(
                            Code::StepOpMisplaced,
                            at,
                            format!("`{k}` has no effect in a `remove` item"),
                        )
                        .help("a `remove` item names only the step to drop"),
                    );
                }
            }
            t.map(StepOp::Remove)
        }
        Some("replace") => {
            let t = target(cx, &mut o, "replace");
            let s = step_body(cx, &mut o, true);
            t.zip(s).map(|(t, s)| StepOp::Replace(t, s))
        }
        Some(op @ ("after" | "before")) => {
            let t = target(cx, &mut o, op);
            let s = step_body(cx, &mut o, true);
            t.zip(s).map(|(t, s)| {
                if op == "after" {
                    StepOp::After(t, s)
                } else {
                    StepOp::Before(t, s)
                }
            })
        }
        _ => step_body(cx, &mut o, true).map(StepOp::Append),
    };
    let mut allowed = STEP_FIELDS.to_vec();
    allowed.extend_from_slice(STEP_OPS);
    o.finish(cx, &allowed);
    op
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diags;

    /// The codes and lines of the diagnostics of decoding the one fragment of `text`.
    fn diagnose(text: &str) -> Vec<(u16, u32)> {
        let mut diags = Diags::default();
        let docs = crate::yaml::parse(0, text, &mut diags).expect("valid YAML");
        let mut cx = FileDiags {
            file: 0,
            diags: &mut diags,
        };
        for doc in &docs {
            fragment(&mut cx, doc, 0);
        }
        diags.codes_and_lines()
    }

    #[test]
    fn a_document_that_is_not_a_mapping_is_pbn041() {
        assert_eq!(diagnose("- kind: role\n- id: liste\n"), [(41, 1)]);
        assert_eq!(diagnose("# roles\n\nkind role\n"), [(41, 3)]);
        assert_eq!(
            diagnose("kind: role\nid: a\ntitle: A\nmission: m\n---\n[kind, role]\n"),
            [(41, 6)]
        );
    }

    #[test]
    fn two_operations_in_one_item_are_reported_once() {
        let head = "kind: reflex\nid: premiers-gestes\noverride: patch\nsteps:\n";
        for item in [
            "  - {after: a, remove: b, id: x, do: x}\n",
            "  - {remove: b, replace: a, do: x}\n",
            "  - {before: a, after: b, replace: c, remove: d, do: x}\n",
        ] {
            assert_eq!(diagnose(&format!("{head}{item}")), [(40, 5)], "{item}");
        }
        // One operation and a misspelt field: the field is still unknown.
        assert_eq!(
            diagnose(&format!("{head}  - {{after: a, id: x, do: x, remov: b}}\n")),
            [(3, 5)]
        );
    }
}
