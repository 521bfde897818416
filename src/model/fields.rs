//! The one table of fragment fields. Each field is declared once, in `fragment_fields!`: its name, its type,
//! the kinds that have it, how the decoder reads it and its JSON schema. The rest is generated from that line:
//! the [`Fields`](super::Fields) struct, `Kind::fields`, the decoder's reading (`decode/fragment.rs`), merging and
//! lock checks (`merge.rs`), `pbn explain` and `pbn schema`. Adding a field is one line here, then the code that
//! uses it (docs/adding-a-field.md).
//!
//! `kind`, `id`, `override`, `disable` and `locked` say what the fragment is and how it merges: they are not
//! fields of the content and are read apart ([`HEADER_FIELDS`]).

use super::Kind;

/// Calls `$cb! { [ARGS] name: Type = reader, [kinds], schema; … }` with every field, in the order of the
/// canonical form (the fingerprint serialises [`Fields`](super::Fields) in this order: append new fields at the
/// end of their group, never reorder). `reader` names a function of `decode::fragment::read`, `schema` one of
/// `cmd::schema::field`; `[*]` means every kind.
macro_rules! fragment_fields {
    ($($cb:ident)::+ $(, $arg:tt)*) => {
        $($cb)::+! { [$($arg),*]
            title: Text = text, [*], string;
            summary: Text = text, [*], markdown;
            sources: Sp<Vec<Source>> = sources, [*], sources;
            tags: Sp<Vec<Text>> = texts, [*], texts;
            order: Sp<i64> = int, [*], integer;
            required: Sp<bool> = boolean, [*], boolean;
            audience: Sp<Vec<Text>> = audience, [Reflex, Message], audience;
            trigger: Text = text, [Reflex], markdown;
            never: Sp<Vec<Text>> = texts, [Reflex], texts;
            then: Sp<Vec<Text>> = ids, [Reflex], ids;
            steps: Sp<Steps> = steps, [Reflex, Procedure, Obligation], steps;
            function: Text = id, [Procedure], id;
            applications: Sp<Vec<Text>> = ids, [Procedure], ids;
            owner: Text = id, [Procedure], id;
            max_downtime: Sp<Duration> = duration, [Procedure], duration;
            rto: Sp<Duration> = duration, [Procedure], duration;
            rpo: Sp<Duration> = duration, [Procedure], duration;
            activation: Text = text, [Procedure], markdown;
            paper_kit: Sp<Vec<Text>> = texts, [Procedure], texts;
            catch_up: Text = text, [Procedure], markdown;
            lifting: Text = text, [Procedure], markdown;
            template: Sp<bool> = boolean, [Procedure], boolean;
            mission: Text = text, [Role], markdown;
            h24: Sp<bool> = boolean, [Role], boolean;
            deadline: Sp<Duration> = duration, [Obligation], duration;
            recipient: Text = id, [Obligation, Form], id;
            declarant: Text = id, [Obligation], id;
            legal_basis: Text = text, [Obligation, Form], string;
            condition: Text = condition, [Obligation], condition;
            applies_to: Sp<Vec<Sp<Regime>>> = applies_to, [Obligation], applies_to;
            channel: Text = text, [Message], string;
            body: Text = text, [Message, Form], markdown;
            fields: Sp<Vec<FormField>> = form_fields, [Form], form_fields;
        }
    };
}
pub(crate) use fragment_fields;

/// The kinds of a table line: `[*]` → every kind.
macro_rules! field_kinds {
    ([*]) => {
        $crate::model::fields::Has::All
    };
    ([$($k:ident),+]) => {
        $crate::model::fields::Has::Only(&[$($crate::model::Kind::$k),+])
    };
}
pub(crate) use field_kinds;

/// Calls `$m!(name)` for every field, in table order (merge, lock checks, explain).
macro_rules! for_each_field {
    ($m:ident) => {
        $crate::model::fields::fragment_fields!(crate::model::fields::each_field_of_table, $m)
    };
}
pub(crate) use for_each_field;

/// The callback of [`for_each_field!`].
macro_rules! each_field_of_table {
    ([$m:ident] $($name:ident : $ty:ty = $read:ident, [$($k:tt)*], $schema:ident;)*) => {
        $( $m!($name); )*
    };
}
pub(crate) use each_field_of_table;

/// Which kinds have a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Has {
    All,
    Only(&'static [Kind]),
}

/// A field of the table, as the rest of the program sees it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub has: Has,
}

impl Has {
    /// Whether a fragment of `kind` may carry the field.
    pub fn of(self, kind: Kind) -> bool {
        match self {
            Has::All => true,
            Has::Only(kinds) => kinds.contains(&kind),
        }
    }
}

impl FieldSpec {
    /// Whether a fragment of `kind` may carry this field.
    pub fn of(&self, kind: Kind) -> bool {
        self.has.of(kind)
    }
}

/// The fields that say what a fragment is and how it merges, read apart from the content.
pub const HEADER_FIELDS: &[&str] = &["kind", "id", "override", "disable", "locked"];

macro_rules! field_specs {
    ([] $($name:ident : $ty:ty = $read:ident, [$($k:tt)*], $schema:ident;)*) => {
        /// Every content field, in table order.
        pub const FIELDS: &[FieldSpec] = &[
            $( FieldSpec { name: stringify!($name), has: field_kinds!([$($k)*]) }, )*
        ];
    };
}
fragment_fields!(field_specs);

/// The names of every content field, in table order (what `locked: true` locks).
pub fn names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|f| f.name)
}

/// Every key a fragment of `kind` may have: the header fields, then its content fields.
pub fn allowed(kind: Kind) -> Vec<&'static str> {
    let mut v = HEADER_FIELDS.to_vec();
    v.extend(FIELDS.iter().filter(|f| f.of(kind)).map(|f| f.name));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_unique_and_not_header_fields() {
        let mut seen = std::collections::BTreeSet::new();
        for f in FIELDS {
            assert!(seen.insert(f.name), "{} twice", f.name);
            assert!(!HEADER_FIELDS.contains(&f.name), "{}", f.name);
        }
    }

    #[test]
    fn every_kind_has_a_title_and_its_own_fields() {
        for k in Kind::ALL {
            let a = allowed(k);
            assert!(a.contains(&"title") && a.contains(&"kind"), "{k:?}");
            assert!(a.len() > HEADER_FIELDS.len() + 6, "{k:?}: {a:?}");
        }
        assert!(allowed(Kind::Form).contains(&"fields"));
        assert!(!allowed(Kind::Role).contains(&"steps"));
    }
}
