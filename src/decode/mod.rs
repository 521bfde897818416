//! Raw YAML nodes → model values, pushing a located diagnostic for every problem and carrying on.
//!
//! [`FileDiags`] holds the file being decoded and the diagnostic sink; [`Obj`] reads a mapping field by field and,
//! when finished, reports every key it was not asked for as an unknown field (with "did you mean").

pub mod file;
pub mod fragment;
pub mod plan;

use crate::diag::{Code, Diagnostic, Diags, did_you_mean};
use crate::model::{Date, Duration, Regime, Sp, Text};
use crate::source::{FileId, Loc};
use crate::value_format;
use crate::yaml::Spanned;
use crate::yaml::{Node, loc};

pub type N = Spanned<Node>;

/// The file being decoded and the sink its diagnostics go to: what every decoding function needs to locate
/// and report a problem.
pub struct FileDiags<'d> {
    pub file: FileId,
    pub diags: &'d mut Diags,
}

pub struct Obj<'n> {
    pub loc: Loc,
    entries: &'n [(Spanned<String>, N)],
    used: Vec<bool>,
    what: String,
}

impl<'n> Obj<'n> {
    /// The value of `key`, marking it as known.
    pub fn get(&mut self, key: &str) -> Option<&'n N> {
        let i = self.entries.iter().position(|(k, _)| k.value == key)?;
        self.used[i] = true;
        let v = &self.entries[i].1;
        // `key:` with nothing after it is the same as leaving the key out.
        if matches!(v.value, Node::Null) {
            None
        } else {
            Some(v)
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, v)| k.value == key && !matches!(v.value, Node::Null))
    }

    pub fn keys(&self) -> impl Iterator<Item = &'n str> {
        self.entries.iter().map(|(k, _)| k.value.as_str())
    }

    /// Reports every key that was not read as an unknown field. `allowed` feeds the suggestion.
    pub fn finish(self, cx: &mut FileDiags, allowed: &[&str]) {
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let mut d = Diagnostic::new(
                Code::UnknownField,
                loc(cx.file, &k.referenced),
                format!("unknown field `{}` in {}", k.value, self.what),
            );
            d = match did_you_mean(&k.value, allowed.iter().copied()) {
                Some(h) => d.help(h),
                None => d.help(format!("expected one of: {}", allowed.join(", "))),
            };
            cx.diags.push(d);
        }
    }
}

impl FileDiags<'_> {
    pub fn loc(&self, n: &N) -> Loc {
        loc(self.file, &n.referenced)
    }

    fn wrong_type(&mut self, n: &N, expected: &str, field: &str) {
        let what = if field.is_empty() {
            String::new()
        } else {
            format!("`{field}` ")
        };
        self.diags.push(
            Diagnostic::new(
                Code::WrongType,
                self.loc(n),
                format!("{what}should be {expected}, found {}", n.value.type_name()),
            )
            .help(type_help(expected)),
        );
    }

    pub fn obj<'n>(&mut self, n: &'n N, what: &str) -> Option<Obj<'n>> {
        match &n.value {
            Node::Map(entries) => Some(Obj {
                loc: self.loc(n),
                entries,
                used: vec![false; entries.len()],
                what: what.to_string(),
            }),
            _ => {
                self.wrong_type(n, "a mapping (`key: value` lines)", what);
                None
            }
        }
    }

    /// A file's top-level document as a mapping of fields; when it is not one, PBN041 ([`FileDiags::not_a_mapping`])
    /// instead of the type error [`FileDiags::obj`] gives for a value inside it.
    pub fn document<'n>(&mut self, n: &'n N, what: &str) -> Option<Obj<'n>> {
        if let Some(d) = self.not_a_mapping(n, what) {
            self.diags.push(d);
            return None;
        }
        self.obj(n, what)
    }

    /// PBN041 when the document `n` (a file's top level) is not a mapping of fields, located on the document
    /// start; `None` for a mapping. `what` names the document: "a fragment", "`pbn.yaml`"…
    pub fn not_a_mapping(&self, n: &N, what: &str) -> Option<Diagnostic> {
        let help = match &n.value {
            Node::Map(_) => return None,
            Node::Seq(_) => {
                "write the fields as `key: value` lines, without `- ` in front (`- ` starts a list item)"
            }
            Node::Null => "write the fields as `key: value` lines",
            _ => "write each field on its own line as `key: value`, with `: ` after the key",
        };
        Some(
            Diagnostic::new(
                Code::NotAMapping,
                self.loc(n),
                format!(
                    "this document is {}, but {what} is a mapping of `key: value` fields",
                    n.value.type_name()
                ),
            )
            .help(help),
        )
    }

    pub fn missing(&mut self, o: &Obj, field: &str, help: &str) {
        self.diags.push(
            Diagnostic::new(
                Code::MissingField,
                o.loc,
                format!("missing required field `{field}` in {}", o.what),
            )
            .help(help.to_string()),
        );
    }

    pub fn text(&mut self, n: &N, field: &str) -> Option<Text> {
        match n.value.scalar_text() {
            Some(s) => Some(Sp::new(s, self.loc(n))),
            None => {
                self.wrong_type(n, "text", field);
                None
            }
        }
    }

    pub fn text_field(&mut self, o: &mut Obj, field: &str) -> Option<Text> {
        o.get(field).and_then(|n| self.text(n, field))
    }

    pub fn req_text(&mut self, o: &mut Obj, field: &str, help: &str) -> Option<Text> {
        match o.get(field) {
            Some(n) => self.text(n, field),
            None => {
                self.missing(o, field, help);
                None
            }
        }
    }

    pub fn id(&mut self, n: &N, field: &str) -> Option<Text> {
        let t = self.text(n, field)?;
        if !value_format::is_kebab(&t.v) {
            self.diags.push(
                Diagnostic::new(Code::BadId, t.loc, format!("`{}` is not a valid id", t.v)).help(
                    format!(
                        "ids are lower-case kebab-case, e.g. `{}`",
                        value_format::kebab_suggestion(&t.v)
                    ),
                ),
            );
        }
        Some(t)
    }

    pub fn bool(&mut self, n: &N, field: &str) -> Option<Sp<bool>> {
        match n.value {
            Node::Bool(b) => Some(Sp::new(b, self.loc(n))),
            _ => {
                self.wrong_type(n, "`true` or `false`", field);
                None
            }
        }
    }

    pub fn bool_field(&mut self, o: &mut Obj, field: &str) -> Option<Sp<bool>> {
        o.get(field).and_then(|n| self.bool(n, field))
    }

    pub fn int(&mut self, n: &N, field: &str) -> Option<Sp<i64>> {
        match n.value {
            Node::Int(i) => Some(Sp::new(i, self.loc(n))),
            _ => {
                self.wrong_type(n, "a whole number", field);
                None
            }
        }
    }

    pub fn duration(&mut self, n: &N, field: &str) -> Option<Sp<Duration>> {
        let t = self.text(n, field)?;
        match Duration::parse(&t.v) {
            Some(d) => Some(Sp::new(d, t.loc)),
            None => {
                self.diags.push(
                    Diagnostic::new(
                        Code::BadDuration,
                        t.loc,
                        format!("`{}` is not a duration", t.v),
                    )
                    .help("write a number and a unit: `15m`, `4h`, `3d`, or `immediate`"),
                );
                None
            }
        }
    }

    pub fn duration_field(&mut self, o: &mut Obj, field: &str) -> Option<Sp<Duration>> {
        o.get(field).and_then(|n| self.duration(n, field))
    }

    pub fn date(&mut self, n: &N, field: &str) -> Option<Sp<Date>> {
        let t = self.text(n, field)?;
        match parse_date(&t.v) {
            Ok(d) => Some(Sp::new(d, t.loc)),
            Err(why) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::BadDate,
                        t.loc,
                        format!("`{}` is not a valid date: {why}", t.v),
                    )
                    .help("write dates as YYYY-MM-DD, e.g. `2026-09-14`"),
                );
                None
            }
        }
    }

    pub fn date_field(&mut self, o: &mut Obj, field: &str) -> Option<Sp<Date>> {
        o.get(field).and_then(|n| self.date(n, field))
    }

    /// A list; a single scalar is accepted as a list of one.
    pub fn list<'n>(&mut self, n: &'n N, field: &str) -> Option<Sp<Vec<&'n N>>> {
        match &n.value {
            Node::Seq(items) => Some(Sp::new(items.iter().collect(), self.loc(n))),
            Node::Str(_) | Node::Int(_) | Node::Float(_) | Node::Bool(_) => {
                Some(Sp::new(vec![n], self.loc(n)))
            }
            _ => {
                self.wrong_type(n, "a list", field);
                None
            }
        }
    }

    pub fn texts(&mut self, n: &N, field: &str) -> Option<Sp<Vec<Text>>> {
        let l = self.list(n, field)?;
        let items = l.v.iter().filter_map(|i| self.text(i, field)).collect();
        Some(Sp::new(items, l.loc))
    }

    pub fn texts_field(&mut self, o: &mut Obj, field: &str) -> Option<Sp<Vec<Text>>> {
        o.get(field).and_then(|n| self.texts(n, field))
    }

    pub fn ids(&mut self, n: &N, field: &str) -> Option<Sp<Vec<Text>>> {
        let l = self.list(n, field)?;
        let items = l.v.iter().filter_map(|i| self.id(i, field)).collect();
        Some(Sp::new(items, l.loc))
    }

    pub fn ids_field(&mut self, o: &mut Obj, field: &str) -> Option<Sp<Vec<Text>>> {
        o.get(field).and_then(|n| self.ids(n, field))
    }

    /// A value from a fixed set of words.
    pub fn choice<T>(
        &mut self,
        n: &N,
        field: &str,
        names: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Sp<T>> {
        let t = self.text(n, field)?;
        match parse(&t.v) {
            Some(v) => Some(Sp::new(v, t.loc)),
            None => {
                let help = did_you_mean(&t.v, names.iter().copied())
                    .unwrap_or_else(|| format!("expected one of: {}", names.join(", ")));
                self.diags.push(
                    Diagnostic::new(
                        Code::BadValue,
                        t.loc,
                        format!("`{}` is not a valid `{field}`", t.v),
                    )
                    .help(help),
                );
                None
            }
        }
    }
}

impl FileDiags<'_> {
    /// A list of regimes (`regime:` of the establishment, `applies_to:` of an obligation). `aucun` ("none") is
    /// allowed alone when `allow_none`, and gives the empty list.
    pub fn regimes(&mut self, n: &N, field: &str, allow_none: bool) -> Option<Sp<Vec<Sp<Regime>>>> {
        let list = self.texts(n, field)?;
        let mut out = Vec::new();
        let mut names: Vec<&str> = Regime::NAMES.to_vec();
        if allow_none {
            names.push("aucun");
        }
        let none = list.v.iter().find(|t| t.v == "aucun" && allow_none);
        if let Some(none) = none
            && list.v.len() > 1
        {
            self.diags.push(
                Diagnostic::new(
                    Code::BadValue,
                    none.loc,
                    format!("`aucun` cannot be combined with other regimes in `{field}`"),
                )
                .help("write `[aucun]` alone, or list only the regimes that apply, e.g. `[ose, nis2-essentielle]`"),
            );
            return None;
        }
        for t in &list.v {
            if t.v == "aucun" && allow_none {
                continue;
            }
            match Regime::parse(&t.v) {
                Some(r) if out.iter().any(|x: &Sp<Regime>| x.v == r) => {
                    self.diags.push(
                        Diagnostic::new(
                            Code::BadValue,
                            t.loc,
                            format!("`{}` is listed twice in `{field}`", t.v),
                        )
                        .help("list each regime once"),
                    );
                }
                Some(r) => out.push(Sp::new(r, t.loc)),
                None => {
                    let help = did_you_mean(&t.v, names.iter().copied())
                        .unwrap_or_else(|| format!("expected one of: {}", names.join(", ")));
                    self.diags.push(
                        Diagnostic::new(
                            Code::BadValue,
                            t.loc,
                            format!("`{}` is not a regime", t.v),
                        )
                        .help(help),
                    );
                }
            }
        }
        if out.is_empty() && none.is_none() {
            if list.v.is_empty() {
                self.diags.push(
                    Diagnostic::new(Code::BadValue, list.loc, format!("`{field}` is an empty list"))
                        .help(if allow_none {
                            "write the regimes that apply, or `[aucun]` when none does"
                        } else {
                            "name the regimes, or leave `applies_to` out when the obligation binds every establishment"
                        }),
                );
            }
            return None;
        }
        Some(Sp::new(out, list.loc))
    }
}

fn type_help(expected: &str) -> String {
    match expected {
        "a list" => "write a list as `[a, b]` or as lines starting with `- `".into(),
        "`true` or `false`" => "write `true` or `false` (without quotes)".into(),
        "text" => "write the text after the colon; quote it if it contains `: ` or `#`".into(),
        e => format!("expected {e}"),
    }
}

/// A real calendar date written `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, &'static str> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err("expected YYYY-MM-DD");
    }
    Date::parse_from_str(s, "%Y-%m-%d").map_err(|_| "no such day in the calendar")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(parse_date("2026-09-14").is_ok());
        assert!(parse_date("2024-02-29").is_ok());
        assert_eq!(parse_date("2026-02-30"), Err("no such day in the calendar"));
        assert_eq!(parse_date("2026-13-01"), Err("no such day in the calendar"));
        assert_eq!(parse_date("14/09/2026"), Err("expected YYYY-MM-DD"));
    }
}
