//! Causes first: one real mistake can produce many diagnostics that only follow from it (`contact:` typed for
//! `contacts:` leaves the directory empty, and every `{{contact:…}}` of the plan is then "unknown"). This module
//! finds such root causes, puts them first, and hides what follows from them unless the user asks for `--all`.
//!
//! The rules are deliberately narrow — a diagnostic is hidden only when its cause is certain to explain it:
//! - a data file that could not be read whole (not UTF-8, not YAML, not a mapping, too large, or a misspelt
//!   top-level key) explains the references to what that file defines: contacts and the roles they hold
//!   (`contacts.yaml`, `contacts/*.yaml`), functions and applications (`establishment.yaml`), roles and fragments (a fragment file);
//! - a misspelt field (with its "did you mean") explains the missing required field it meant;
//! - a fragment's relation to the layers below that is missing or wrong (`override` forgotten, `override: merge`)
//!   explains the required-field errors and the misplaced step operations of the same file, which are written
//!   as a patch would be; a wrong `override` also explains the "already defined below" error.

use super::{Code, Diagnostic, Diags};
use crate::source::SourceMap;

/// The diagnostics to show, root causes first, and for each shown diagnostic how many it hides.
pub struct Shown<'a> {
    pub list: Vec<(&'a Diagnostic, usize)>,
    pub hidden: usize,
}

/// Orders `diags` causes first and hides their consequences (none hidden when `all`).
pub fn causes_first<'a>(diags: &'a Diags, map: &SourceMap, all: bool) -> Shown<'a> {
    let direct: Vec<Option<usize>> = diags
        .list
        .iter()
        .map(|d| diags.list.iter().position(|c| explains(c, d, map)))
        .collect();
    // Each hidden diagnostic is counted under its root cause (a wrong `override` explains the "already defined"
    // error, which explains the missing fields).
    let causes: Vec<Option<usize>> = direct
        .iter()
        .map(|c| {
            let mut root = (*c)?;
            for _ in 0..direct.len() {
                match direct[root] {
                    Some(up) if up != root => root = up,
                    _ => break,
                }
            }
            Some(root)
        })
        .collect();
    let mut hides = vec![0usize; diags.list.len()];
    for c in causes.iter().flatten() {
        hides[*c] += 1;
    }
    let mut list: Vec<(&Diagnostic, usize)> = Vec::new();
    // Causes that hide something come first, in their own order; then everything else that is shown.
    for (i, d) in diags.list.iter().enumerate() {
        if hides[i] > 0 && causes[i].is_none() {
            list.push((d, if all { 0 } else { hides[i] }));
        }
    }
    for (i, d) in diags.list.iter().enumerate() {
        let is_cause = hides[i] > 0 && causes[i].is_none();
        if !is_cause && (all || causes[i].is_none()) {
            list.push((d, 0));
        }
    }
    let hidden = diags.list.len() - list.len();
    Shown { list, hidden }
}

/// Does `cause` explain `effect`?
fn explains(cause: &Diagnostic, effect: &Diagnostic, map: &SourceMap) -> bool {
    if std::ptr::eq(cause, effect) {
        return false;
    }
    let Some(c) = cause.loc else {
        return false;
    };
    // National slots left empty and unstaffed roles are reported for the plan as a whole, without a place.
    let e = effect
        .loc
        .unwrap_or(crate::source::Loc::new(u32::MAX, 0, 0));
    let file = map
        .files
        .get(c.file as usize)
        .map_or("", |f| f.display.as_str());
    if file_unusable(cause) {
        let follows = match effect.code {
            Code::UnknownContact
            | Code::ContactSlotEmpty
            | Code::RoleUnstaffed
            | Code::RoleNotHeld => is_contacts_file(file) && e.file != c.file,
            Code::UnknownFunction | Code::UnknownApplication => {
                file == "establishment.yaml" && e.file != c.file
            }
            Code::UnknownRole | Code::UnknownFragment => {
                is_fragment_file(file) && e.file != c.file && whole_file_lost(cause)
            }
            _ => false,
        };
        if follows {
            return true;
        }
    }
    // A misspelt field (`mision`, "did you mean `mission`?") is why the field it meant is missing.
    if cause.code == Code::UnknownField
        && effect.code == Code::MissingField
        && e.file == c.file
        && let Some(meant) = cause.help.as_deref().and_then(suggested)
    {
        return effect.message.contains(&format!("`{meant}`"));
    }
    // `override` forgotten (PBN007 on an inherited id) or not a known mode: the required fields the fragment lacks
    // are those a patch does not need.
    let bad_override = cause.code == Code::BadValue && cause.message.contains("override");
    let wrong_relation = bad_override || cause.code == Code::DuplicateId;
    let follows = matches!(effect.code, Code::MissingField | Code::StepOpMisplaced)
        || (bad_override && effect.code == Code::DuplicateId);
    wrong_relation && follows && e.file == c.file && is_fragment_file(file)
}

/// The name in a "did you mean `x`?" hint.
fn suggested(help: &str) -> Option<&str> {
    let rest = help.split("did you mean `").nth(1)?;
    rest.split('`').next()
}

/// A diagnostic that means the file's content was lost, whole or at its top level.
fn file_unusable(d: &Diagnostic) -> bool {
    whole_file_lost(d)
        || (matches!(d.code, Code::UnknownField | Code::WrongType)
            && d.loc.is_some_and(|l| l.col == 1))
}

fn whole_file_lost(d: &Diagnostic) -> bool {
    matches!(
        d.code,
        Code::YamlSyntax | Code::Unreadable | Code::TooLarge | Code::NotAMapping
    )
}

fn is_contacts_file(display: &str) -> bool {
    display == "contacts.yaml"
        || display.starts_with("contacts/")
        || display.ends_with("/contacts.yaml")
}

fn is_fragment_file(display: &str) -> bool {
    !matches!(
        display,
        "pbn.yaml" | "establishment.yaml" | "contacts.yaml" | "exercises.yaml"
    ) && !display.starts_with("contacts/")
        && !display.ends_with("/contacts.yaml")
        && !display.ends_with("/applications.yaml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Loc, SourceFile};

    fn map() -> SourceMap {
        let mut m = SourceMap::default();
        for f in ["contacts.yaml", "fragments/a.yaml", "establishment.yaml"] {
            m.add(SourceFile::new(f.into(), None, 0, String::new()));
        }
        m
    }

    fn d(code: Code, file: u32, line: u32, col: u32, msg: &str) -> Diagnostic {
        Diagnostic::new(code, Loc::new(file, line, col), msg)
    }

    #[test]
    fn a_misspelt_top_level_key_of_contacts_hides_the_unknown_contacts() {
        let mut ds = Diags::default();
        for line in 1..=5 {
            ds.push(d(Code::UnknownContact, 1, line, 5, "unknown contact"));
        }
        ds.push(d(Code::UnknownField, 0, 3, 1, "unknown field `contact`"));
        let shown = causes_first(&ds, &map(), false);
        assert_eq!(shown.list.len(), 1);
        assert_eq!(shown.list[0].0.code, Code::UnknownField);
        assert_eq!(shown.list[0].1, 5);
        assert_eq!(shown.hidden, 5);
        let all = causes_first(&ds, &map(), true);
        assert_eq!(all.list.len(), 6);
        assert_eq!(
            all.list[0].0.code,
            Code::UnknownField,
            "the cause comes first"
        );
    }

    #[test]
    fn an_undecodable_contacts_file_hides_the_roles_nobody_holds() {
        let mut ds = Diags::default();
        ds.push(d(
            Code::RoleNotHeld,
            1,
            4,
            10,
            "role `rssi` is called on here",
        ));
        ds.push(d(Code::Unreadable, 0, 5, 31, "the file is not UTF-8 text"));
        let shown = causes_first(&ds, &map(), false);
        assert_eq!(shown.list.len(), 1);
        assert_eq!(shown.list[0].0.code, Code::Unreadable);
        assert_eq!(shown.list[0].1, 1);
    }

    #[test]
    fn a_nested_unknown_field_hides_nothing() {
        let mut ds = Diags::default();
        ds.push(d(Code::UnknownContact, 1, 1, 5, "unknown contact"));
        ds.push(d(Code::UnknownField, 0, 3, 5, "unknown field `nom`"));
        assert_eq!(causes_first(&ds, &map(), false).hidden, 0);
    }

    #[test]
    fn a_forgotten_override_hides_the_missing_fields_of_its_file_only() {
        let mut ds = Diags::default();
        ds.push(d(Code::MissingField, 1, 1, 1, "missing `steps`"));
        ds.push(d(Code::MissingField, 2, 1, 1, "missing `name`"));
        ds.push(d(Code::DuplicateId, 1, 2, 5, "already defined below"));
        let shown = causes_first(&ds, &map(), false);
        assert_eq!(shown.list[0].0.code, Code::DuplicateId);
        assert_eq!(shown.hidden, 1);
        assert_eq!(shown.list.len(), 2);
    }
}
