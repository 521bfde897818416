//! The view model: what the documents show, in the order they show it, as plain `Serialize` structs.
//!
//! Built once per build from the merged plan ([`View::build`]) with the audience already applied (masked
//! channels, left-out fragments); the HTML template and the PDF layout both read it, so both print the same
//! content in the same order, and neither sees a domain type.
//!
//! Text fields documented as *markdown* are CommonMark in which the plan's `{{contact:ID}}`/`{{role:ID}}`
//! references are already resolved to names and 24/7 phones, and `{{fragment:ID}}`/`{{application:ID}}` to
//! in-document links `[title](#anchor)`; render them with [`super::markdown::to_html`] or
//! [`super::markdown::to_paras`]. Every other string is plain text. Every `anchor` is unique in the document.

//!
//! Data only: the builder is `assemble` ([`View::build`]), the renderers are `html` and `pdf`.

use super::audience::Audience;
use super::labels::Labels;
use serde::Serialize;

/// The whole document.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// `fr` or `en` (the `lang` of the HTML, the hyphenation of the PDF).
    pub lang: &'static str,
    /// Every label the renderers print, in the plan's language.
    pub labels: &'static Labels,
    pub audience: AudienceInfo,
    /// pbn's version (`CARGO_PKG_VERSION`).
    pub pbn_version: &'static str,
    pub cover: Cover,
    /// The "En cas d'attaque" box, right after the cover.
    pub emergency: Emergency,
    /// The sections the document prints, in order: the one list both renderers loop over.
    pub sections: Vec<Section>,
    /// Sections (level 1), reflex sheets and procedure groups (level 2), in document order.
    pub contents: Vec<TocEntry>,
    /// T0 chronology: obligation deadlines and timed steps, sorted by delay.
    pub chronology: Vec<ChronoEntry>,
    /// The obligations in detail (same section as the chronology).
    pub obligations: Vec<ObligationSheet>,
    /// One line under the chronology naming the obligations that do not bind the establishment (its
    /// `regime`), when there are some.
    pub not_applicable: Option<String>,
    pub crisis_cell: CrisisCell,
    pub reflexes: Vec<ReflexSheet>,
    pub functions: Vec<FunctionRow>,
    /// Procedures grouped by business function, in the order of `functions`; only non-empty groups.
    pub procedures: Vec<ProcedureGroup>,
    pub messages: Vec<MessageSheet>,
    /// Crisis directory, sorted by family name (services by organisation).
    pub directory: Vec<DirectoryEntry>,
    pub applications: Vec<AppRow>,
    pub backups: Option<Backups>,
    /// Exercises by date.
    pub exercises: Vec<ExerciseRow>,
    /// Every finding of every exercise: open first, then by due date.
    pub action_plan: Vec<ActionItem>,
    /// What the IT on-call cuts, in order, and the order in which applications restart (`network`).
    pub network: NetworkAnnex,
    /// The inventory of response means (`resources`).
    pub resources: Vec<ResourceRow>,
    /// Blank crisis-log (main courante) pages.
    pub crisis_log: CrisisLog,
    /// Printable forms, each on its own page.
    pub forms: Vec<FormSheet>,
    /// The `sources` of every printed fragment.
    pub sources: Vec<SourceGroup>,
    /// Which layer supplied each printed fragment.
    pub provenance: Vec<ProvenanceEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AudienceInfo {
    /// `internal`, `ars` or a custom name.
    pub name: String,
    /// Printed on the cover.
    pub label: String,
    /// Whether some values are masked in this build.
    pub masks: bool,
}

/// A label and a value (cover lines, opinions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Labeled {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    /// The plan title (`plan.title`, else the default label).
    pub title: String,
    pub establishment: String,
    pub finess_ej: Option<String>,
    pub finess_et: Vec<String>,
    pub ght: Option<String>,
    pub ars: Option<String>,
    pub version: Option<String>,
    /// `SOURCE_DATE_EPOCH`'s date, else the adoption date, else `labels.no_date`; long form.
    pub date: String,
    pub classification: Option<String>,
    /// Short fingerprint of the canonical merged plan (`3f9a-c2b1-77de`).
    pub fingerprint: String,
    /// Its full SHA-256 (for the manifest; not shown).
    #[serde(skip)]
    pub fingerprint_sha256: String,
    pub baseline_version: String,
    /// The audience label.
    pub audience: String,
    pub adopted_on: Option<String>,
    pub opinions: Vec<Labeled>,
    /// `approval.version`, the version the opinions and the adoption concern.
    pub approved_version: Option<String>,
    /// `approval.informed`: each governing body informed, with the date (in date order).
    pub informed: Vec<Labeled>,
    pub next_review: Option<String>,
    /// The approval as lines for plan.pdf's cover, in order: opinions, adoption, version adopted, bodies
    /// informed, next review (plan.html lays the same fields out itself).
    pub approval: Vec<Labeled>,
    /// The lines to print under the title, in order (establishment, FINESS, version, date…).
    pub lines: Vec<Labeled>,
}

/// What to do and whom to call before anything else: the box printed right after the cover.
#[derive(Debug, Clone, Serialize)]
pub struct Emergency {
    /// Markdown: the first steps (three at most) of the `premiers-gestes` reflex.
    pub first_steps: Vec<String>,
    /// That reflex sheet.
    pub sheet: Option<Link>,
    /// Who to call first: the IT on-call (`astreinte-si`) and the guard administrator
    /// (`administrateur-garde`), each with the people to try, 24/7 number first.
    pub call_first: Vec<Callee>,
    /// The national numbers the plan has: CERT Santé, the ARS, the SAMU.
    pub national: Vec<Callee>,
    /// The clocks from T0 (without delay, 24 h, 72 h): the obligations due then.
    pub clocks: Vec<Clock>,
}

/// Someone to call: a role or a service, and the people who answer, each with a number.
#[derive(Debug, Clone, Serialize)]
pub struct Callee {
    /// The role's title or the service's name.
    pub label: String,
    /// The role's or the contact's anchor.
    pub anchor: Option<String>,
    /// In the order to try them; only people with a number (when none has one, the role's people by name).
    pub people: Vec<Person>,
    /// Printed when `people` is empty, so the row is never blank: "non pourvu" for a role nobody holds, the
    /// web or e-mail address of a national service the plan gives no phone for.
    pub instead: Option<String>,
}

/// One deadline from T0 and the obligations due then.
#[derive(Debug, Clone, Serialize)]
pub struct Clock {
    /// `sans délai`, `24 h`…
    pub when: String,
    pub minutes: u64,
    pub obligations: Vec<Link>,
}

/// The sections of the document, in document order. A section whose content can be empty is printed only
/// when it has some (see `assemble::sections`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionId {
    Chronology,
    CrisisCell,
    Reflexes,
    Functions,
    Procedures,
    Messages,
    Directory,
    Applications,
    Network,
    Resources,
    Exercises,
    CrisisLog,
    Forms,
    Sources,
    Provenance,
}

impl SectionId {
    /// Every section, in document order.
    pub const ALL: [SectionId; 15] = [
        Self::Chronology,
        Self::CrisisCell,
        Self::Reflexes,
        Self::Functions,
        Self::Procedures,
        Self::Messages,
        Self::Directory,
        Self::Applications,
        Self::Network,
        Self::Resources,
        Self::Exercises,
        Self::CrisisLog,
        Self::Forms,
        Self::Sources,
        Self::Provenance,
    ];

    /// The section's anchor (its serialized name): `chronology`, `crisis-cell`…
    pub fn anchor(self) -> &'static str {
        match self {
            Self::Chronology => "chronology",
            Self::CrisisCell => "crisis-cell",
            Self::Reflexes => "reflexes",
            Self::Functions => "functions",
            Self::Procedures => "procedures",
            Self::Messages => "messages",
            Self::Directory => "directory",
            Self::Applications => "applications",
            Self::Network => "network",
            Self::Resources => "resources",
            Self::Exercises => "exercises",
            Self::CrisisLog => "crisis-log",
            Self::Forms => "forms",
            Self::Sources => "sources",
            Self::Provenance => "provenance",
        }
    }
}

/// A printed section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: SectionId,
    /// Same as `id`, as a string (the HTML `id`, the PDF destination).
    pub anchor: &'static str,
    /// The heading, in the document language.
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    /// 1 (section) or 2 (sheet, group).
    pub level: u8,
    pub title: String,
    pub anchor: String,
}

/// A link to an object of the document; `anchor` is `None` when the target is not printed (left out by the
/// audience, or an undeclared template): then print the text only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub text: String,
    pub anchor: Option<String>,
}

/// A contact as cited elsewhere (cell member, recipient, vendor): name and 24/7 phone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// `contact-ID` (the directory entry).
    pub anchor: String,
    /// The 24/7 phone (else the first phone), or the mask label.
    pub phone: Option<String>,
    /// `tel:` target of the phone (none when masked).
    pub tel: Option<String>,
    pub masked: bool,
    /// Whether `phone` is reachable 24/7.
    pub h24: bool,
}

/// One step of a reflex sheet, procedure or obligation.
#[derive(Debug, Clone, Serialize)]
pub struct StepItem {
    pub id: Option<String>,
    /// Markdown.
    pub text: String,
    /// The role that does it.
    pub who: Option<Link>,
    /// `15 min`, `sans délai`…
    pub within: Option<String>,
    /// The same in minutes (0 for immediate).
    pub minutes: Option<u64>,
    /// The step needs the information system.
    pub needs_it: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChronoEntry {
    /// Delay from T0 in minutes (0 = without delay); the list is sorted by it.
    pub minutes: u64,
    /// The delay in words.
    pub when: String,
    /// The obligation's own legal deadline (else: one of its steps).
    pub legal: bool,
    /// Markdown: the step, or for a legal deadline the obligation and its recipient.
    pub what: String,
    pub who: Option<Link>,
    pub obligation: Link,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObligationSheet {
    pub id: String,
    pub anchor: String,
    pub title: String,
    /// Markdown.
    pub summary: Option<String>,
    pub deadline: String,
    pub minutes: u64,
    pub recipient: Option<Person>,
    pub declarant: Option<Link>,
    /// Markdown.
    pub legal_basis: Option<String>,
    pub steps: Vec<StepItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CrisisCell {
    pub room: Option<String>,
    pub fallback_room: Option<String>,
    pub members: Vec<MemberRow>,
    /// Every crisis role of the plan.
    pub roles: Vec<RoleCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberRow {
    pub role: Link,
    /// The named holder, else the first who answers for the role other than the deputy; `None`: print
    /// `labels.unstaffed`.
    pub holder: Option<Person>,
    pub deputy: Option<Person>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleCard {
    pub id: String,
    /// `role-ID`.
    pub anchor: String,
    pub title: String,
    /// Markdown.
    pub mission: Option<String>,
    pub h24: bool,
    /// Everyone who answers for the role, in call order (see `model::holders`).
    pub holders: Vec<Person>,
    /// Nobody holds the role and it is not meant for everyone: print `labels.unstaffed` where the holders
    /// would be.
    pub unstaffed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReflexSheet {
    pub id: String,
    /// `reflex-ID`.
    pub anchor: String,
    pub title: String,
    /// Markdown.
    pub summary: Option<String>,
    /// The roles it is for.
    pub audience: Vec<Link>,
    /// Markdown.
    pub trigger: Option<String>,
    pub steps: Vec<StepItem>,
    /// Markdown, one per "do not".
    pub never: Vec<String>,
    /// The sheets and procedures that follow.
    pub then: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FunctionRow {
    pub id: String,
    /// `function-ID`.
    pub anchor: String,
    pub name: String,
    /// Label in the document language.
    pub criticality: String,
    /// `vital`, `essential`, `important` or `deferrable` (for styling).
    pub criticality_key: String,
    pub max_downtime: String,
    pub max_downtime_minutes: u64,
    pub applications: Vec<Link>,
    pub procedures: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcedureGroup {
    pub function_id: String,
    /// `procedures-FUNCTION`.
    pub anchor: String,
    /// The function's name.
    pub title: String,
    pub criticality: String,
    pub criticality_key: String,
    pub max_downtime: String,
    pub procedures: Vec<ProcedureSheet>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcedureSheet {
    pub id: String,
    /// `procedure-ID`.
    pub anchor: String,
    pub title: String,
    /// Markdown.
    pub summary: Option<String>,
    /// A national template (`template: true`).
    pub template: bool,
    /// See [`crate::model::is_adapted`]; a template that is not adapted gets the banner.
    pub adapted: bool,
    pub owner: Option<Link>,
    pub applications: Vec<Link>,
    pub max_downtime: Option<String>,
    pub rto: Option<String>,
    pub rpo: Option<String>,
    /// Markdown.
    pub activation: Option<String>,
    pub steps: Vec<StepItem>,
    /// Markdown, one per item.
    pub paper_kit: Vec<String>,
    /// Markdown.
    pub catch_up: Option<String>,
    /// Markdown.
    pub lifting: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageSheet {
    pub id: String,
    /// `message-ID`.
    pub anchor: String,
    pub title: String,
    /// Markdown.
    pub summary: Option<String>,
    pub audience: Vec<String>,
    pub channel: Option<String>,
    /// Markdown.
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DirectoryEntry {
    pub id: String,
    /// `contact-ID`.
    pub anchor: String,
    pub name: String,
    /// For a person's name (not a service's): the given names and the family name, which the directory is
    /// sorted by ("Anne de La Tour" → "Anne", "de La Tour").
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub organization: Option<String>,
    pub roles: Vec<Link>,
    /// With the deputy's number.
    pub deputy: Option<Person>,
    pub verified_on: Option<String>,
    /// A national slot the establishment has not filled.
    pub to_complete: bool,
    pub channels: Vec<ChannelLine>,
    /// Markdown.
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelLine {
    /// `phone`, `mobile`, `email`…
    pub kind: String,
    /// The type in the document language.
    pub kind_label: String,
    /// The number or address, or the mask label.
    pub value: String,
    pub label: Option<String>,
    pub h24: bool,
    pub independent_of_is: bool,
    pub confidential: bool,
    pub masked: bool,
    /// `tel:` or `mailto:` target (none when masked, none for web addresses: printed as text).
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppRow {
    pub id: String,
    /// `application-ID`.
    pub anchor: String,
    pub name: String,
    pub critical: bool,
    pub functions: Vec<Link>,
    pub rto: String,
    pub rpo: String,
    pub rto_minutes: u64,
    pub rpo_minutes: u64,
    pub vendor: Option<Person>,
    /// Printed procedures that name this application.
    pub procedures: Vec<Link>,
}

/// One line of the cut list.
#[derive(Debug, Clone, Serialize)]
pub struct CutRow {
    /// Markdown.
    pub what: String,
    /// Markdown.
    pub how: Option<String>,
    /// The role that cuts.
    pub who: Option<Link>,
}

/// One application of the restart order (first first).
#[derive(Debug, Clone, Serialize)]
pub struct RestartRow {
    pub application: Link,
    pub rto: Option<String>,
    pub functions: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetworkAnnex {
    pub cuts: Vec<CutRow>,
    pub restart: Vec<RestartRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceRow {
    /// Markdown.
    pub what: String,
    /// Markdown.
    pub place: Option<String>,
    /// A contact (name and 24/7 phone) or a role.
    pub holder: Option<Holder>,
}

/// Who holds something: a contact, or a role.
#[derive(Debug, Clone, Serialize)]
pub enum Holder {
    Person(Person),
    Role(Link),
}

/// A printable form: its blanks, each with ruled lines to write on.
#[derive(Debug, Clone, Serialize)]
pub struct FormSheet {
    pub id: String,
    /// `form-ID`.
    pub anchor: String,
    pub title: String,
    /// Markdown.
    pub summary: Option<String>,
    pub recipient: Option<Person>,
    /// Markdown.
    pub legal_basis: Option<String>,
    pub fields: Vec<FormBlank>,
    /// Markdown, printed after the blanks.
    pub body: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FormBlank {
    pub id: String,
    /// Markdown.
    pub label: String,
    /// Ruled lines to write on (at least 1).
    pub lines: u32,
    /// Markdown.
    pub help: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Backups {
    pub offline: Option<bool>,
    pub last_restore_test: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExerciseRow {
    pub id: String,
    /// `exercise-ID`.
    pub anchor: String,
    pub date: Option<String>,
    /// Markdown, references resolved.
    pub scenario: Option<String>,
    pub format: Option<String>,
    /// Function names, role titles or the ids as written.
    pub participants: Vec<String>,
    pub procedures_tested: Vec<Link>,
    pub findings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionItem {
    pub exercise: Link,
    /// Markdown, references resolved.
    pub finding: String,
    /// Markdown, references resolved.
    pub action: Option<String>,
    /// Contact name or role title.
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: String,
    /// `open`, `in-progress` or `done` (no status counts as open).
    pub status_key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CrisisLog {
    pub columns: Vec<LogColumn>,
    /// Pages to print.
    pub pages: u32,
    /// Ruled rows per page (HTML print).
    pub rows: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogColumn {
    pub title: String,
    /// Relative width.
    pub width: f32,
    /// Percentage of the table width (from the relative widths).
    pub percent: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceGroup {
    /// The fragment's kind, in the document language.
    pub kind: String,
    pub title: String,
    pub anchor: Option<String>,
    pub items: Vec<SourceItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceItem {
    pub title: String,
    pub reference: Option<String>,
    /// Printed as text.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvenanceEntry {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub anchor: Option<String>,
    /// Lowest layer first.
    pub layers: Vec<ProvenanceLayer>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvenanceLayer {
    /// Defined, adapted (patch) or replaced, in the document language.
    pub how: String,
    /// `baseline:national`, `layer:../ght`, `plan`.
    pub layer: String,
    /// `file:line`.
    pub location: String,
    /// `layer file:line`.
    pub origin: String,
}

/// What a build decides besides the plan.
#[derive(Debug, Clone)]
pub struct ViewOptions {
    pub audience: Audience,
    /// The date printed on the cover (from `SOURCE_DATE_EPOCH`); `None`: the adoption date, else none.
    pub date: Option<chrono::NaiveDate>,
}
