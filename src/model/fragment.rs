//! Fragments: reflex sheets, procedures, roles, obligations, messages and forms. One struct holds the fields of every
//! kind (each optional, each located) so that merging and provenance work field by field; the table of
//! `model/fields.rs` says which fields a kind may have.

use super::{Duration, Regime, Sp, Text};
use crate::source::Loc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Reflex,
    Procedure,
    Role,
    Obligation,
    Message,
    /// A printable worksheet with blanks to fill by hand (spec §7.2).
    Form,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Reflex,
        Kind::Procedure,
        Kind::Role,
        Kind::Obligation,
        Kind::Message,
        Kind::Form,
    ];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Reflex => "reflex",
            Kind::Procedure => "procedure",
            Kind::Role => "role",
            Kind::Obligation => "obligation",
            Kind::Message => "message",
            Kind::Form => "form",
        }
    }

    /// Fields a complete (non-patch) fragment of this kind must have, besides kind, id and title.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Reflex => &["audience", "steps"],
            Kind::Procedure => &["function", "owner", "steps"],
            Kind::Role => &["mission"],
            Kind::Obligation => &["deadline", "declarant", "legal_basis"],
            Kind::Message => &["audience", "body"],
            Kind::Form => &["fields"],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Override {
    Replace,
    Patch,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locked {
    All,
    Fields(Vec<Text>),
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Source {
    pub title: Text,
    pub reference: Option<Text>,
    pub url: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Step {
    pub id: Option<Text>,
    pub text: Text,
    pub who: Option<Text>,
    pub within: Option<Sp<Duration>>,
    pub needs_it: Option<Sp<bool>>,
    /// Where the step's mapping starts (provenance of the step as a whole).
    #[serde(skip)]
    pub loc: Loc,
}

/// One blank of a form: a label and the ruled lines to write on.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FormField {
    pub id: Text,
    pub label: Text,
    /// Ruled lines to write on (1 when not given).
    pub lines: Option<Sp<u32>>,
    /// Markdown: what to write.
    pub help: Option<Text>,
    #[serde(skip)]
    pub loc: Loc,
}

impl FormField {
    pub fn lines(&self) -> u32 {
        self.lines.as_ref().map_or(1, |l| l.v)
    }
}

/// One item of a patch's `steps` (spec §2.6).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum StepOp {
    After(Text, Step),
    Before(Text, Step),
    Replace(Text, Step),
    Remove(Text),
    Append(Step),
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Steps {
    List(Vec<Step>),
    Ops(Vec<StepOp>),
}

/// Generates [`Fields`] from the table of `model/fields.rs`.
macro_rules! fields_struct {
    ([] $($name:ident : $ty:ty = $read:ident, [$($k:tt)*], $schema:ident;)*) => {
        /// Every field a fragment may carry (the table of `model/fields.rs`). `None` means "not given" (in a
        /// patch: "unchanged").
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
        pub struct Fields {
            // `None` fields are left out of the canonical form, so adding a field keeps old fingerprints.
            $(
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $name: Option<$ty>,
            )*
        }
    };
}
super::fields::fragment_fields!(fields_struct);

use super::fields::for_each_field;

impl Fields {
    /// Names of the fields that are set, in declaration order.
    pub fn present(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        macro_rules! p {
            ($f:ident) => {
                if self.$f.is_some() {
                    out.push(stringify!($f));
                }
            };
        }
        for_each_field!(p);
        out
    }

    /// Location of a field when set.
    pub fn loc_of(&self, name: &str) -> Option<Loc> {
        macro_rules! l {
            ($f:ident) => {
                if name == stringify!($f) {
                    return self.$f.as_ref().map(|x| x.loc);
                }
            };
        }
        for_each_field!(l);
        None
    }

    pub fn steps(&self) -> &[Step] {
        match self.steps.as_ref().map(|s| &s.v) {
            Some(Steps::List(l)) => l,
            _ => &[],
        }
    }

    /// Every free-text field (for reference and placeholder checks, and rules that read the text).
    pub fn texts(&self) -> Vec<&Text> {
        let mut v: Vec<&Text> = Vec::new();
        for t in [
            &self.summary,
            &self.trigger,
            &self.activation,
            &self.catch_up,
            &self.lifting,
            &self.mission,
            &self.body,
            &self.legal_basis,
        ]
        .into_iter()
        .flatten()
        {
            v.push(t);
        }
        for list in [&self.never, &self.paper_kit].into_iter().flatten() {
            v.extend(list.v.iter());
        }
        v.extend(self.steps().iter().map(|s| &s.text));
        if let Some(fields) = &self.fields {
            for field in &fields.v {
                v.push(&field.label);
                v.extend(&field.help);
            }
        }
        v
    }
}

#[derive(Clone, Debug)]
pub struct Fragment {
    pub kind: Kind,
    pub id: Text,
    /// Where the document starts.
    pub loc: Loc,
    pub layer: usize,
    pub override_: Option<Sp<Override>>,
    pub disable: Option<Sp<bool>>,
    pub locked: Option<Sp<Locked>>,
    pub f: Fields,
}

impl Fragment {
    pub fn key(&self) -> (Kind, String) {
        (self.kind, self.id.v.clone())
    }

    pub fn title(&self) -> &str {
        self.f
            .title
            .as_ref()
            .map_or(self.id.v.as_str(), |t| t.v.as_str())
    }

    pub fn is_required(&self) -> bool {
        self.f.required.as_ref().is_some_and(|r| r.v)
    }

    pub fn is_template(&self) -> bool {
        self.f.template.as_ref().is_some_and(|t| t.v)
    }

    /// The regimes an obligation is limited to: `applies_to`, or the older `condition: nis2`. `None`: every
    /// establishment.
    pub fn applies_to(&self) -> Option<Vec<Regime>> {
        if let Some(a) = &self.f.applies_to {
            return Some(a.v.iter().map(|r| r.v).collect());
        }
        self.f
            .condition
            .as_ref()
            .filter(|c| c.v.trim() == "nis2")
            .map(|_| vec![Regime::Nis2Essentielle, Regime::Nis2Importante])
    }

    pub fn order(&self) -> i64 {
        self.f.order.as_ref().map_or(i64::MAX / 2, |o| o.v)
    }
}
