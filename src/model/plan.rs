//! The plan-level data: manifest (`pbn.yaml`), establishment, contacts, exercises, and the merged [`Plan`].

use super::{Date, Duration, Fragment, Kind, Lang, Override, Sp, Text};
use crate::source::Loc;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub title: Option<Text>,
    pub version: Option<Text>,
    pub language: Lang,
    pub classification: Option<Text>,
    pub layers: Vec<LayerRef>,
    pub include: Vec<Text>,
    pub audiences: Vec<AudienceDef>,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub enum LayerRef {
    Baseline(Text),
    Path(Text),
}

/// A custom audience: which fields or tags it redacts.
#[derive(Clone, Debug)]
pub struct AudienceDef {
    pub name: Text,
    /// Channel types or fields to mask (`mobile`, `email`, `confidential`).
    pub redact: Vec<Text>,
    /// Fragments carrying one of these tags are left out.
    pub exclude_tags: Vec<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Criticality {
    Vital,
    Essential,
    Important,
    Deferrable,
}

impl Criticality {
    pub const NAMES: [&str; 4] = ["vital", "essential", "important", "deferrable"];
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "vital" => Some(Self::Vital),
            "essential" => Some(Self::Essential),
            "important" => Some(Self::Important),
            "deferrable" => Some(Self::Deferrable),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Function {
    pub id: Text,
    pub name: Text,
    pub criticality: Sp<Criticality>,
    pub max_downtime: Sp<Duration>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Application {
    pub id: Text,
    pub name: Text,
    pub functions: Vec<Text>,
    pub critical: Sp<bool>,
    pub rto: Sp<Duration>,
    pub rpo: Sp<Duration>,
    pub vendor: Option<Text>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct CellMember {
    pub role: Text,
    pub holder: Option<Text>,
    pub deputy: Option<Text>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct TrainingSession {
    pub date: Option<Sp<Date>>,
    pub audience: Option<Text>,
    pub topic: Option<Text>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Establishment {
    pub name: Option<Text>,
    pub finess_ej: Option<Text>,
    pub finess_et: Vec<Text>,
    pub ght: Option<Text>,
    pub ars: Option<Text>,
    pub nis2_entity: bool,
    pub functions: Vec<Function>,
    pub applications: Vec<Application>,
    pub backups_offline: Option<Sp<bool>>,
    pub last_restore_test: Option<Sp<Date>>,
    pub room: Option<Text>,
    pub fallback_room: Option<Text>,
    pub members: Vec<CellMember>,
    pub adopted_on: Option<Sp<Date>>,
    pub opinions: BTreeMap<String, Sp<Date>>,
    pub next_review: Option<Sp<Date>>,
    // Left out of the canonical form when not given, so that older plans keep their fingerprint.
    /// `approval.version`: the plan version the opinions and the adoption concern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_version: Option<Text>,
    /// `approval.sector`: `public` (default) or `private`, for the bodies expected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<Text>,
    /// `approval.informed`: governing bodies informed of the adopted plan, with the date.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub informed: BTreeMap<String, Sp<Date>>,
    pub training_plan: Option<Text>,
    pub training_sessions: Vec<TrainingSession>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelType {
    Phone,
    Mobile,
    Fax,
    Email,
    Radio,
    Satellite,
    Url,
    Sms,
    Pager,
    Other,
}

impl ChannelType {
    pub const NAMES: [&str; 10] = [
        "phone",
        "mobile",
        "fax",
        "email",
        "radio",
        "satellite",
        "url",
        "sms",
        "pager",
        "other",
    ];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "phone" => Self::Phone,
            "mobile" => Self::Mobile,
            "fax" => Self::Fax,
            "email" => Self::Email,
            "radio" => Self::Radio,
            "satellite" => Self::Satellite,
            "url" => Self::Url,
            "sms" => Self::Sms,
            "pager" => Self::Pager,
            "other" => Self::Other,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    pub fn is_phone(self) -> bool {
        matches!(
            self,
            Self::Phone | Self::Mobile | Self::Fax | Self::Sms | Self::Pager
        )
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Channel {
    pub kind: Sp<ChannelType>,
    pub value: Text,
    pub label: Option<Text>,
    pub h24: bool,
    pub independent_of_is: bool,
    pub confidential: bool,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Contact {
    pub id: Text,
    pub name: Text,
    pub organization: Option<Text>,
    pub roles: Vec<Text>,
    pub deputy: Option<Text>,
    pub verified_on: Option<Sp<Date>>,
    pub channels: Vec<Channel>,
    /// A national slot the establishment must fill (baseline only).
    pub complete: bool,
    pub notes: Option<Text>,
    #[serde(skip)]
    pub loc: Loc,
    #[serde(skip)]
    pub layer: usize,
}

impl Contact {
    /// The first 24/7 phone-like channel, else the first phone-like channel.
    pub fn best_phone(&self) -> Option<&Channel> {
        self.channels
            .iter()
            .find(|c| c.h24 && c.kind.v.is_phone())
            .or_else(|| self.channels.iter().find(|c| c.kind.v.is_phone()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingStatus {
    Open,
    InProgress,
    Done,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Finding {
    pub text: Text,
    pub action: Option<Text>,
    pub owner: Option<Text>,
    pub due: Option<Sp<Date>>,
    pub status: Option<Sp<FindingStatus>>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Exercise {
    pub id: Text,
    pub date: Option<Sp<Date>>,
    pub scenario: Option<Text>,
    pub format: Option<Text>,
    pub participants: Vec<Text>,
    pub procedures_tested: Vec<Text>,
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, Default)]
pub struct BaselineMeta {
    pub version: String,
    pub title: String,
    /// Crisis-log (main courante) columns: (id, title, relative width).
    pub log_columns: Vec<(String, String, f32)>,
    pub log_pages: u32,
}

/// One layer's version of a fragment, as the merge met it: where it is written and how it changes the layers
/// below. (The versions' fields are not kept: the merged fragment already says which layer gave each field.)
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    /// Where the fragment's document starts.
    pub loc: Loc,
    pub layer: usize,
    pub override_: Option<Sp<Override>>,
    pub disable: Option<Sp<bool>>,
}

impl Version {
    pub fn of(f: &Fragment) -> Version {
        Version {
            loc: f.loc,
            layer: f.layer,
            override_: f.override_.clone(),
            disable: f.disable.clone(),
        }
    }
}

/// The merged plan: one object per kind+id, each field remembering where it came from.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub manifest: Manifest,
    pub establishment: Establishment,
    pub contacts: Vec<Contact>,
    pub exercises: Vec<Exercise>,
    /// Merged fragments keyed by kind then id (ordered: output is deterministic).
    pub fragments: BTreeMap<(Kind, String), Fragment>,
    /// How each layer wrote each fragment, lowest first, for `explain` and the provenance annex.
    pub history: BTreeMap<(Kind, String), Vec<Version>>,
    pub baseline: BaselineMeta,
}

impl Plan {
    pub fn get(&self, kind: Kind, id: &str) -> Option<&Fragment> {
        self.fragments.get(&(kind, id.to_string()))
    }

    /// Fragments of one kind, sorted by `order` then id.
    pub fn of_kind(&self, kind: Kind) -> Vec<&Fragment> {
        let mut v: Vec<&Fragment> = self.fragments.values().filter(|f| f.kind == kind).collect();
        v.sort_by(|a, b| (a.order(), &a.id.v).cmp(&(b.order(), &b.id.v)));
        v
    }

    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id.v == id)
    }

    pub fn function(&self, id: &str) -> Option<&Function> {
        self.establishment.functions.iter().find(|f| f.id.v == id)
    }

    pub fn application(&self, id: &str) -> Option<&Application> {
        self.establishment
            .applications
            .iter()
            .find(|a| a.id.v == id)
    }

    /// Contacts holding a role.
    pub fn holders(&self, role: &str) -> Vec<&Contact> {
        self.contacts
            .iter()
            .filter(|c| c.roles.iter().any(|r| r.v == role))
            .collect()
    }
}
