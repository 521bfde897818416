//! `pbn explain [DIR] KIND:ID`: the merged object, and for every field and step the layer and `file:line` that
//! supplied it, then the chain of layers that touched it.

use crate::app;
use crate::diag::did_you_mean;
use crate::model::fields::for_each_field;
use crate::model::{Fragment, Kind, Locked, Override, Plan, Steps};
use crate::source::{Loc, SourceMap};
use std::fmt::Write as _;
use std::path::Path;

pub fn run(args: &[String], full: bool) -> i32 {
    let (dir, target) = match args {
        [t] => (Path::new("."), t.as_str()),
        [d, t] => (Path::new(d.as_str()), t.as_str()),
        _ => return super::fatal("usage: pbn explain [DIR] KIND:ID"),
    };
    let Some((kind, id)) = target.split_once(':') else {
        return super::fatal(&format!(
            "`{target}` is not KIND:ID (e.g. reflex:premiers-gestes, contact:rssi)"
        ));
    };
    if let Some(found) = objectives(kind, target) {
        return match found {
            Ok(t) => {
                super::out(&t);
                crate::exit::OK
            }
            Err(ids) => {
                let hint = did_you_mean(target, ids)
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                super::fatal(&format!(
                    "the framework `{kind}` has no objective `{target}`{hint}"
                ))
            }
        };
    }
    let progress = super::progress::start("merging the plan");
    // A submission pack (`pbn pack`) is read from a temporary copy of its plan.
    let source = match crate::pack::PlanSource::open(dir) {
        Ok(s) => s,
        Err(e) => return super::fatal(&e),
    };
    let c = match app::compile(&source.dir) {
        Ok(c) => c,
        Err(e) => return super::fatal(&e.0),
    };
    drop(progress);
    if c.diags.has_errors() {
        super::err(&format!(
            "warning: the plan has {} error(s); run `pbn validate` — showing what could be merged\n",
            c.diags.count(crate::diag::Severity::Error)
        ));
    }
    if let Some(found) = super::explain_records::explain(&c.plan, &c.map, kind, id) {
        return match found {
            Ok(t) => {
                super::out(&t);
                crate::exit::OK
            }
            Err(ids) => not_found(kind, id, ids.iter().map(String::as_str)),
        };
    }
    let text = match kind {
        "contact" => c.plan.contact(id).map(|ct| contact(ct, &c.map)),
        k => match Kind::parse(k) {
            Some(k) => c
                .plan
                .get(k, id)
                .map(|f| fragment(f, &c.plan, &c.map, full)),
            None => {
                let mut names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                names.push("contact");
                names.extend(super::explain_records::KINDS);
                let hint = did_you_mean(k, names.iter().copied())
                    .unwrap_or_else(|| format!("kinds: {}", names.join(", ")));
                return super::fatal(&format!("unknown kind `{k}` ({hint})"));
            }
        },
    };
    match text {
        Some(t) => {
            super::out(&t);
            crate::exit::OK
        }
        None => {
            let ids = c
                .plan
                .fragments
                .keys()
                .filter(|(k, _)| k.as_str() == kind)
                .map(|(_, i)| i.as_str());
            let ids: Vec<&str> = if kind == "contact" {
                c.plan.contacts.iter().map(|ct| ct.id.v.as_str()).collect()
            } else {
                ids.collect()
            };
            not_found(kind, id, ids.into_iter())
        }
    }
}

/// A subject of `pbn review --framework` (`r3131:1`, `care-d2:soins`): the objectives it stands for — what they ask,
/// the text they come from, the rules that decide them — which need no plan. `None` when `kind` names no
/// framework; `Err` with the framework's objective ids when none matches.
fn objectives(kind: &str, subject: &str) -> Option<Result<String, Vec<&'static str>>> {
    use crate::rules::frameworks;
    let fw = frameworks::find(kind)?;
    let tail = format!("#{subject}");
    let found: Vec<_> = fw
        .objectives
        .iter()
        .filter(|o| o.id == subject || o.rules.iter().any(|r| r.ends_with(&tail)))
        .collect();
    if found.is_empty() {
        return Some(Err(fw.objectives.iter().map(|o| o.id).collect()));
    }
    let mut t = String::new();
    for o in found {
        let _ = writeln!(t, "objective {} — {}", o.id, o.title);
        let _ = writeln!(t, "  framework  {} ({})", fw.id, fw.title);
        let _ = writeln!(t, "  source     {}", o.source);
        let rules = o.rule_ids();
        if rules.is_empty() {
            let _ = writeln!(t, "  rules      none: not verifiable from the plan");
        } else {
            let _ = writeln!(t, "  rules      {}", rules.join(", "));
        }
        if !o.sections.is_empty() {
            let _ = writeln!(t, "  shown in   {}", o.sections.join(", "));
        }
        let _ = writeln!(
            t,
            "  The objective ids are pbn's own. Its status on a plan: `pbn review DIR --framework {}`; each rule: `pbn help rules`.\n",
            fw.id
        );
    }
    Some(Ok(t))
}

/// An unknown id is a usage error (exit 2), with the nearest known id.
fn not_found<'a>(kind: &str, id: &str, ids: impl Iterator<Item = &'a str>) -> i32 {
    let hint = did_you_mean(id, ids)
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    super::fatal(&format!("no {kind} `{id}` in the merged plan{hint}"))
}

fn origin(map: &SourceMap, loc: Loc) -> String {
    format!(
        "{} {}",
        map.layer_name(map.layer_of(loc)),
        map.describe(loc)
    )
}

/// A value on one line, cut at 70 characters unless `--full`.
fn short(s: &str, full: bool) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if !full && one.chars().count() > 70 {
        format!("{}…", one.chars().take(69).collect::<String>())
    } else {
        one
    }
}

fn fragment(f: &Fragment, plan: &Plan, map: &SourceMap, full: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} {} — {}", f.kind.as_str(), f.id.v, f.title());
    let history = plan
        .history
        .get(&f.key())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let _ = writeln!(o, "\nlayers (lowest first):");
    for h in history {
        let how = match (
            h.override_.as_ref().map(|x| x.v),
            h.disable.as_ref().is_some_and(|d| d.v),
        ) {
            (_, true) => "disable",
            (Some(Override::Patch), _) => "patch",
            (Some(Override::Replace), _) => "replace",
            (None, _) => "define",
        };
        let _ = writeln!(o, "  {:<8} {}", how, origin(map, h.loc));
    }
    if let Some(l) = &f.locked {
        let what = match &l.v {
            Locked::All => "every field".to_string(),
            Locked::Fields(v) => v
                .iter()
                .map(|t| t.v.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        };
        let _ = writeln!(o, "  locked: {what} ({})", origin(map, l.loc));
    }
    let _ = writeln!(o, "\nfields:");
    macro_rules! show {
        ($name:ident) => {
            if stringify!($name) != "steps"
                && let Some(v) = &f.f.$name
            {
                let _ = writeln!(
                    o,
                    "  {:<13} {:<72} {}",
                    stringify!($name),
                    short(&value(&v.v), full),
                    origin(map, v.loc)
                );
            }
        };
    }
    for_each_field!(show);
    if let Some(s) = &f.f.steps
        && let Steps::List(steps) = &s.v
    {
        let _ = writeln!(o, "\nsteps:");
        for (i, st) in steps.iter().enumerate() {
            let id = st.id.as_ref().map_or("-", |x| x.v.as_str());
            let mut extra = String::new();
            if let Some(w) = &st.who {
                extra.push_str(&format!(" [{}]", w.v));
            }
            if let Some(w) = &st.within {
                extra.push_str(&format!(" ({})", w.v));
            }
            let _ = writeln!(
                o,
                "  {:>2}. {:<24} {:<62} {}",
                i + 1,
                id,
                short(&format!("{}{extra}", st.text.v), full),
                origin(map, st.loc)
            );
        }
    }
    o
}

/// A field value in one line.
fn value(v: &dyn ExplainValue) -> String {
    v.show()
}

trait ExplainValue {
    fn show(&self) -> String;
}

impl ExplainValue for String {
    fn show(&self) -> String {
        self.clone()
    }
}
impl ExplainValue for bool {
    fn show(&self) -> String {
        self.to_string()
    }
}
impl ExplainValue for i64 {
    fn show(&self) -> String {
        self.to_string()
    }
}
impl ExplainValue for crate::model::Duration {
    fn show(&self) -> String {
        self.to_string()
    }
}
impl ExplainValue for Vec<crate::model::Text> {
    fn show(&self) -> String {
        format!(
            "[{}]",
            self.iter()
                .map(|t| t.v.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}
impl ExplainValue for Vec<crate::model::Source> {
    fn show(&self) -> String {
        self.iter()
            .map(|s| {
                s.reference
                    .as_ref()
                    .map_or(s.title.v.clone(), |r| format!("{} ({})", s.title.v, r.v))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}
impl ExplainValue for Vec<crate::model::Sp<crate::model::Regime>> {
    fn show(&self) -> String {
        let names: Vec<&str> = self.iter().map(|r| r.v.as_str()).collect();
        format!("[{}]", names.join(", "))
    }
}
impl ExplainValue for Vec<crate::model::FormField> {
    fn show(&self) -> String {
        let ids: Vec<&str> = self.iter().map(|f| f.id.v.as_str()).collect();
        format!("[{}]", ids.join(", "))
    }
}
impl ExplainValue for Steps {
    fn show(&self) -> String {
        String::new()
    }
}

fn contact(c: &crate::model::Contact, map: &SourceMap) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "contact {} — {}\n  defined {}",
        c.id.v,
        c.name.v,
        origin(map, c.loc)
    );
    if !c.roles.is_empty() {
        let _ = writeln!(
            o,
            "  roles     {}",
            c.roles
                .iter()
                .map(|r| r.v.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(d) = &c.deputy {
        let _ = writeln!(o, "  deputy    {:<40} {}", d.v, origin(map, d.loc));
    }
    for ch in &c.channels {
        let flags = [
            (ch.h24, "24/7"),
            (ch.independent_of_is, "independent of the IS"),
            (ch.confidential, "confidential"),
        ]
        .iter()
        .filter(|(b, _)| *b)
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join(", ");
        let _ = writeln!(
            o,
            "  {:<9} {:<40} {} {}",
            ch.kind.v.as_str(),
            ch.value.v,
            flags,
            origin(map, ch.loc)
        );
    }
    o
}
