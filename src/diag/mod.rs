//! Diagnostics are values: every stage pushes them into a [`Diags`] collector and carries on, so one run reports
//! every problem. They are printed only at the edge (`emit`), in the format the user asked for.
//!
//! Codes are stable (`PBN` + 3 digits) and live in one table, [`Code`], with a description each.

pub mod cascade;
pub mod emit;
pub mod sarif;

use crate::source::Loc;
use serde::Serialize;

macro_rules! codes {
    ($($variant:ident = $num:literal, $sev:ident, $desc:literal;)*) => {
        /// Every diagnostic code pbn emits. Numbers are never reused or renumbered.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn number(self) -> u16 { match self { $(Code::$variant => $num),* } }

            /// Default severity of the code.
            pub fn severity(self) -> Severity { match self { $(Code::$variant => Severity::$sev),* } }

            /// One line saying what the code means (README table, `pbn explain-code`).
            pub fn description(self) -> &'static str { match self { $(Code::$variant => $desc),* } }
        }
    };
}

codes! {
    YamlSyntax = 1, Error, "the file is not valid YAML";
    Unreadable = 2, Error, "the file cannot be read as UTF-8 text";
    UnknownField = 3, Error, "a field that this object does not have (often a typo)";
    WrongType = 4, Error, "a value of the wrong type (text, number, list, mapping, yes/no)";
    MissingField = 5, Error, "a required field is missing";
    BadId = 6, Error, "an id that is not lower-case kebab-case";
    DuplicateId = 7, Error, "two objects of the same kind share an id";
    BadDuration = 8, Error, "a duration that is not `15m`, `4h`, `3d` or `immediate`";
    BadDate = 9, Error, "a date that is not a real calendar date written YYYY-MM-DD";
    BadFiness = 10, Error, "a FINESS number with a wrong length or control key";
    BadPhone = 11, Error, "a phone number that is neither French national, a French short number nor E.164";
    BadEmail = 12, Error, "an e-mail address that is not valid";
    BadUrl = 13, Error, "a URL that is not an absolute http(s) URL";
    UnknownRole = 14, Error, "a reference to a role that does not exist";
    UnknownContact = 15, Error, "a reference to a contact that does not exist";
    UnknownFunction = 16, Error, "a reference to a business function that does not exist";
    UnknownApplication = 17, Error, "a reference to an application that does not exist";
    UnknownFragment = 18, Error, "a reference to a reflex, procedure or other fragment that does not exist";
    UnknownStep = 19, Error, "a patch names a step id that the inherited fragment does not have";
    LockedField = 20, Error, "a higher layer changes a field that a lower layer locked";
    RequiredDisabled = 21, Error, "`disable: true` on a fragment that is required";
    NothingToOverride = 22, Error, "`override` or `disable` on a fragment that no lower layer defines";
    UnknownKind = 23, Error, "a fragment `kind` that pbn does not know";
    DeputyCycle = 24, Error, "contacts that name each other as deputy in a loop";
    ThenCycle = 25, Error, "reflexes whose `then` lists lead back to themselves";
    BadReference = 26, Error, "a `{{...}}` reference in text that is not `{{contact:ID}}`, `{{role:ID}}`, `{{fragment:ID}}` or `{{application:ID}}`";
    PathEscape = 27, Error, "an include or layer file that resolves outside its folder";
    TooLarge = 28, Error, "a file over the size, alias, node or nesting budget";
    BadValue = 29, Error, "a value outside the allowed set";
    DuplicateStep = 30, Error, "two steps of one fragment share an id";
    ContactSlotEmpty = 31, Warning, "a national contact slot (ARS, insurer…) that the plan has not completed";
    NoChannel = 33, Error, "a contact without any channel";
    EmptyInclude = 34, Warning, "an `include` pattern that matches no file";
    MissingFile = 35, Error, "a required plan file is missing";
    BadLayer = 36, Error, "a layer that cannot be used (unknown baseline, missing folder)";
    RoleUnstaffed = 37, Warning, "a required role that no contact holds";
    SheetOverflow = 38, Warning, "a reflex sheet that does not fit on one printed page";
    StepOpMisplaced = 40, Error, "a step operation (`after`, `before`, `replace`, `remove`) outside a patch, or two in one item";
    NotAMapping = 41, Error, "a document that is not a mapping of fields";
    UnknownAudience = 44, Error, "an audience that is neither built in nor defined in `pbn.yaml`";
    ApprovalOrder = 45, Warning, "approval dates in an impossible order";
    TemplateUnbound = 46, Info, "a national procedure template whose function the establishment does not declare";
    RenderFailed = 50, Error, "a template or document could not be rendered";
    LayerAlone = 55, Info, "a shared layer checked alone: references that each hospital resolves are not checked";
    NotIncluded = 56, Warning, "a YAML file in the plan directory that no `include` pattern takes: pbn does not read it";
    BadSiren = 65, Error, "a SIREN number that is not 9 digits with a valid control key";
    Nis2EntityWithoutRegime = 66, Warning, "`nis2_entity` written instead of the establishment's `regime`";
    IdAddedByNewerBaseline = 67, Error, "a plan fragment has the id of one the baseline added after the plan's pinned version";
    UnknownBaselineVersion = 68, Error, "`plan.baseline` names a version the embedded baseline does not know";
    RoleNotHeld = 73, Warning, "a role that a step's `who`, a procedure's `owner` or a `{{role:}}` calls on, and that nobody holds";
    CardCut = 77, Warning, "a role card that does not fit on one A4 sheet: content was left out of it";
    Placeholder = 80, Warning, "a value left to complete: `À COMPLÉTER`, an example phone number, the example FINESS of `pbn init`";
    PackPathEscape = 85, Error, "a pack entry whose name leaves the pack's folder (absolute, `..`, a link)";
    PackTooLarge = 86, Error, "a pack over the entry-count or inflated-size budget (a zip bomb)";
    PackDuplicate = 87, Error, "two entries of a pack with the same name";
    PackCorrupt = 88, Error, "a pack that is not a readable zip file, or an entry that fails its checksum";
    PackIncomplete = 89, Error, "a zip without a valid pack index (pack.json), plan or manifest";
    BadSignature = 90, Error, "a signature that does not verify with the given public key";
    StrayOutput = 91, Error, "a file in an output folder that its manifest does not list";
    AudienceMismatch = 92, Error, "an output folder whose manifest is for another audience than the folder holds";
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A secondary location with its own message ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub loc: Loc,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub loc: Option<Loc>,
    pub help: Option<String>,
    pub notes: Vec<Note>,
}

impl Diagnostic {
    pub fn new(code: Code, loc: impl Into<Option<Loc>>, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            loc: loc.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, loc: Loc, message: impl Into<String>) -> Self {
        self.notes.push(Note {
            loc,
            message: message.into(),
        });
        self
    }

    pub fn code_str(&self) -> String {
        format!("PBN{:03}", self.code.number())
    }
}

/// The collector every stage writes into.
#[derive(Debug, Default)]
pub struct Diags {
    pub list: Vec<Diagnostic>,
}

impl Diags {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn error(&mut self, code: Code, loc: impl Into<Option<Loc>>, message: impl Into<String>) {
        self.push(Diagnostic::new(code, loc, message));
    }

    pub fn extend(&mut self, other: Diags) {
        self.list.extend(other.list);
    }

    pub fn count(&self, sev: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == sev).count()
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// Each diagnostic's code number and line (0 when unlocated), for tests.
    #[cfg(test)]
    pub(crate) fn codes_and_lines(&self) -> Vec<(u16, u32)> {
        self.list
            .iter()
            .map(|d| (d.code.number(), d.loc.map_or(0, |l| l.line)))
            .collect()
    }

    /// Stable order for output: by file, line, column, then code; exact duplicates dropped.
    pub fn sort(&mut self) {
        self.list.sort_by(|a, b| {
            let ka = a.loc.map(|l| (l.file, l.line, l.col));
            let kb = b.loc.map(|l| (l.file, l.line, l.col));
            (ka.is_none(), ka, a.code, &a.message).cmp(&(kb.is_none(), kb, b.code, &b.message))
        });
        self.list.dedup();
    }
}

/// "did you mean `x`?" among `candidates`, when one is close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    // The word itself is no suggestion: "unknown field `remove`, did you mean `remove`?" reads as a bug.
    for c in candidates.into_iter().filter(|c| *c != word) {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_word_itself_is_never_suggested() {
        assert_eq!(did_you_mean("remove", ["remove"]), None);
        assert_eq!(
            did_you_mean("remove", ["remove", "removes"]).as_deref(),
            Some("did you mean `removes`?")
        );
        assert_eq!(
            did_you_mean("samu-inconnu", ["samu", "samu-inconu"]).as_deref(),
            Some("did you mean `samu-inconu`?")
        );
    }

    #[test]
    fn codes_are_unique_and_described() {
        let nums: BTreeSet<u16> = Code::ALL.iter().map(|c| c.number()).collect();
        assert_eq!(nums.len(), Code::ALL.len(), "two codes share a number");
        for c in Code::ALL {
            assert!(!c.description().is_empty());
            assert!(c.number() > 0 && c.number() < 1000);
        }
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            did_you_mean("audiance", ["audience", "steps"]).as_deref(),
            Some("did you mean `audience`?")
        );
        assert_eq!(did_you_mean("zzz", ["audience"]), None);
    }
}

#[cfg(test)]
mod doc_tests {
    use super::Code;

    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../../docs/diagnostics.md");
        for c in Code::ALL {
            let row = format!("| PBN{:03} | {} |", c.number(), c.severity().as_str());
            assert!(
                doc.contains(&row),
                "docs/diagnostics.md lacks {row}: add the row for {c:?}"
            );
        }
    }
}
