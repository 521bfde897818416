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
    /// `plan.baseline`: the national baseline version the plan was written against.
    pub baseline: Option<Text>,
    /// `plan.crisis_log_sheets`: how many blank crisis-log (main courante) sheets plan.pdf ends with.
    pub crisis_log_sheets: Option<Sp<u32>>,
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

/// A regulatory regime (spec §7.1 `regime`): which national rules bind the establishment beyond health law.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    /// Opérateur de services essentiels (NIS 1): GHT support hospitals among others.
    Ose,
    /// Opérateur d'importance vitale.
    Oiv,
    Nis2Essentielle,
    Nis2Importante,
}

impl Regime {
    pub const ALL: [Regime; 4] = [
        Regime::Ose,
        Regime::Oiv,
        Regime::Nis2Essentielle,
        Regime::Nis2Importante,
    ];
    /// The words `regime:` and `applies_to:` accept (`aucun` only in `regime`, alone).
    pub const NAMES: [&str; 4] = ["ose", "oiv", "nis2-essentielle", "nis2-importante"];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn is_nis2(self) -> bool {
        matches!(self, Regime::Nis2Essentielle | Regime::Nis2Importante)
    }

    /// How documents name the regime.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Regime::Ose, Lang::Fr) => "opérateur de services essentiels (OSE)",
            (Regime::Ose, Lang::En) => "operator of essential services (OES)",
            (Regime::Oiv, Lang::Fr) => "opérateur d'importance vitale (OIV)",
            (Regime::Oiv, Lang::En) => "operator of vital importance (OIV)",
            (Regime::Nis2Essentielle, Lang::Fr) => "entité essentielle NIS 2",
            (Regime::Nis2Essentielle, Lang::En) => "NIS 2 essential entity",
            (Regime::Nis2Importante, Lang::Fr) => "entité importante NIS 2",
            (Regime::Nis2Importante, Lang::En) => "NIS 2 important entity",
        }
    }
}

/// `portal_delegation`: who may file the portal report on the director's behalf (spec §7.1).
#[derive(Clone, Debug, serde::Serialize)]
pub struct PortalDelegation {
    /// A contact id.
    pub to: Text,
    pub signed_on: Option<Sp<Date>>,
    #[serde(skip)]
    pub loc: Loc,
}

/// One response means of the inventory (`resources`, R3131-10 II 5°): what, where it is kept, who holds the key.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Resource {
    pub id: Text,
    pub what: Text,
    #[serde(rename = "where")]
    pub where_: Option<Text>,
    /// A contact id or a role id.
    pub holder: Option<Text>,
    #[serde(skip)]
    pub loc: Loc,
}

/// One line of the cut list: what the IT on-call cuts, how, and who does it (a role id).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Cut {
    pub id: Text,
    pub what: Text,
    pub how: Option<Text>,
    pub who: Option<Text>,
    #[serde(skip)]
    pub loc: Loc,
}

/// `network`: the cut list, in order, and the order in which applications restart (first first).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Network {
    pub cut_list: Vec<Cut>,
    /// Application ids.
    pub restart_order: Vec<Text>,
    #[serde(skip)]
    pub loc: Loc,
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
    /// NIS 2 applies: `nis2_entity: true`, or a `regime` naming `nis2-essentielle` or `nis2-importante`.
    pub nis2_entity: bool,
    // The fields added after the first release are left out of the canonical form when not given, so that
    // plans that do not use them keep their fingerprint.
    /// `regime` as written; an empty list is `[aucun]`. See [`Establishment::regimes`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regime: Option<Sp<Vec<Sp<Regime>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub siren: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal_delegation: Option<PortalDelegation>,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    #[serde(skip)]
    pub loc: Loc,
}

impl Establishment {
    /// The regimes that bind the establishment, when it says: its `regime` (empty for `[aucun]`), else
    /// `[nis2-essentielle]` for the older `nis2_entity: true`. `None` when it does not say.
    pub fn regimes(&self) -> Option<Vec<Regime>> {
        match &self.regime {
            Some(r) => Some(r.v.iter().map(|x| x.v).collect()),
            None if self.nis2_entity => Some(vec![Regime::Nis2Essentielle]),
            None => None,
        }
    }

    /// Whether an obligation limited to `applies_to` binds the establishment. With its regime declared: when
    /// they share one. Undeclared, pbn cannot tell: obligations of OSE and OIV are kept (a printed plan had
    /// better carry one obligation too many than miss one), NIS 2 ones are left out as before `regime` existed
    /// (an establishment was NIS 2 only when it said `nis2_entity: true`).
    pub fn bound_by(&self, applies_to: &[Regime]) -> bool {
        match self.regimes() {
            Some(own) => applies_to.iter().any(|r| own.contains(r)),
            None => applies_to.iter().any(|r| !r.is_nis2()),
        }
    }
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
    /// A radio or satellite channel: a voice channel whose value is free text (a channel, a post), not a number.
    pub fn is_radio(self) -> bool {
        matches!(self, Self::Radio | Self::Satellite)
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
    /// Where the number was checked (the baseline's national contacts cite their official page).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<super::Source>,
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

/// One release of the national baseline (`history:` of `playbooks/baseline.yaml`): which objects it added,
/// changed and removed, each as `(kind, id)` with kind a fragment kind or `contact`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Release {
    pub version: String,
    pub date: Option<Date>,
    pub added: Vec<(String, String)>,
    pub changed: Vec<(String, String)>,
    pub removed: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default)]
pub struct BaselineMeta {
    pub version: String,
    pub title: String,
    /// Releases, newest first.
    pub history: Vec<Release>,
    /// Crisis-log (main courante) columns: (id, title, relative width).
    pub log_columns: Vec<(String, String, f32)>,
}

impl BaselineMeta {
    /// Position of a version in the history (0 = newest); `None` when the baseline does not know it.
    pub fn position(&self, version: &str) -> Option<usize> {
        self.history.iter().position(|r| r.version == version)
    }

    /// The releases after `version`, oldest first; `None` when the version is unknown.
    pub fn since(&self, version: &str) -> Option<impl Iterator<Item = &Release>> {
        let at = self.position(version)?;
        Some(self.history[..at].iter().rev())
    }

    /// The release that added `kind:id` after `version` (the latest one, if it was removed and added again).
    pub fn added_after(&self, version: &str, kind: &str, id: &str) -> Option<&Release> {
        self.since(version)?
            .filter(|r| r.added.iter().any(|(k, i)| k == kind && i == id))
            .last()
    }

    /// The versions the baseline knows, newest first, for messages.
    pub fn versions(&self) -> Vec<&str> {
        self.history.iter().map(|r| r.version.as_str()).collect()
    }
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

    /// Whether an obligation binds this establishment: no `applies_to` (and no older `condition: nis2`) means
    /// every establishment; else [`Establishment::bound_by`]. Other kinds always apply.
    pub fn applies(&self, f: &Fragment) -> bool {
        if f.kind != Kind::Obligation {
            return true;
        }
        match f.applies_to() {
            Some(regimes) => self.establishment.bound_by(&regimes),
            None => true,
        }
    }

    /// The obligations that apply, and those that do not (each list sorted like [`Plan::of_kind`]).
    pub fn obligations_by_regime(&self) -> (Vec<&Fragment>, Vec<&Fragment>) {
        self.of_kind(Kind::Obligation)
            .into_iter()
            .partition(|f| self.applies(f))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn est(regime: Option<Vec<Regime>>, nis2: bool) -> Establishment {
        Establishment {
            regime: regime.map(|r| {
                Sp::new(
                    r.into_iter().map(|x| Sp::new(x, Loc::default())).collect(),
                    Loc::default(),
                )
            }),
            nis2_entity: nis2,
            ..Establishment::default()
        }
    }

    #[test]
    fn regimes_decide_which_obligations_bind() {
        use Regime::*;
        let anssi = [Ose, Oiv];
        let nis2 = [Nis2Essentielle, Nis2Importante];
        let ose = est(Some(vec![Ose]), false);
        assert!(ose.bound_by(&anssi) && !ose.bound_by(&nis2));
        let none = est(Some(vec![]), false);
        assert_eq!(none.regimes(), Some(vec![]));
        assert!(!none.bound_by(&anssi) && !none.bound_by(&nis2));
        let both = est(Some(vec![Ose, Nis2Essentielle]), true);
        assert!(both.bound_by(&anssi) && both.bound_by(&nis2));
        // The older flag alone is NIS 2 essential, and nothing else.
        let legacy = est(None, true);
        assert_eq!(legacy.regimes(), Some(vec![Nis2Essentielle]));
        assert!(legacy.bound_by(&nis2) && !legacy.bound_by(&anssi));
        // Undeclared: OSE/OIV obligations kept, NIS 2 left out.
        let unknown = est(None, false);
        assert_eq!(unknown.regimes(), None);
        assert!(unknown.bound_by(&anssi) && !unknown.bound_by(&nis2));
    }

    #[test]
    fn regime_names_round_trip() {
        for r in Regime::ALL {
            assert_eq!(Regime::parse(r.as_str()), Some(r));
        }
        assert_eq!(Regime::parse("aucun"), None);
    }
}
