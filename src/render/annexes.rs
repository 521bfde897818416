//! Merged plan → the reference sections of the [`View`]: crisis directory, applications, exercises and
//! action plan, crisis-log pages, sources and provenance.

use super::phrase;
use super::resolve::{PrintedPlan, anchor, ids, text};
use super::view::*;
use crate::model::{Channel, Contact, Fragment, Kind, Override};
use crate::source::SourceMap;
use std::collections::HashMap;

/// Sort key for names: lower case without the usual French accents.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            // Beside the French accents, those of names from elsewhere.
            'á' => 'a',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'ÿ' => 'y',
            c => crate::fold::unaccent(c),
        })
        .collect()
}

/// The national contact slots (spec §2.8, §7.2): services, whatever their name looks like.
const SERVICE_SLOTS: [&str; 12] = [
    "cert-sante",
    "ars",
    "cnil",
    "police-gendarmerie",
    "assureur",
    "samu",
    "cert-fr",
    "17cyber",
    "csirt-regional",
    "efs",
    "prestataire-reponse",
    "hebergeur",
];

/// First words that name a service, not a person's given name ("Standard du CH Val-Exemple" is not Mr
/// "du CH Val-Exemple"), folded ([`fold`]).
const SERVICE_WORDS: [&str; 22] = [
    "accueil",
    "administrateur",
    "astreinte",
    "biologiste",
    "brigade",
    "bureau",
    "cadre",
    "cellule",
    "centre",
    "commissariat",
    "cuisine",
    "direction",
    "garde",
    "laboratoire",
    "permanence",
    "pharmacie",
    "poste",
    "prefecture",
    "secretariat",
    "securite",
    "service",
    "standard",
];

/// Words that open a family name ("de La Tour", "Le Goff", "van Dijk").
const PARTICLES: [&str; 11] = [
    "de", "du", "des", "d'", "le", "la", "les", "van", "von", "da", "di",
];

fn particle(w: &str) -> bool {
    let l = w.to_lowercase();
    PARTICLES.contains(&l.as_str()) || l.starts_with("d'") || l.starts_with("d’")
}

/// `Camille`, `Jean-Pierre`: a capital then at least one small letter.
fn capitalised(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase)
        && w.chars().any(char::is_lowercase)
        && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
}

/// `MARTIN`: a family name written in capitals.
fn capitals(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars().all(|c| c.is_uppercase() || "-'’".contains(c))
}

/// Splits a person's name into given names and family name; `None` for what reads as a service ("Garde
/// administrative", "CERT Santé"). The family name starts at the first particle or word in capitals after
/// the first word, else it is the last word.
fn split_name(name: &str) -> Option<(String, String)> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=5).contains(&words.len())
        || !capitalised(words[0])
        || SERVICE_WORDS.contains(&fold(words[0]).as_str())
    {
        return None;
    }
    let rest = &words[1..];
    if !rest
        .iter()
        .all(|w| capitalised(w) || capitals(w) || particle(w))
    {
        return None;
    }
    let at = rest
        .iter()
        .position(|w| particle(w) || capitals(w))
        .map_or(words.len() - 1, |i| i + 1);
    Some((words[..at].join(" "), words[at..].join(" ")))
}

/// The family name as a French directory files it: without a leading `de` or `d'` ("de La Tour" under L,
/// "d'Aubigné" under A); an article or `du`/`des` stays ("Le Goff" under L, "Du Bellay" under D).
fn sort_family(family: &str) -> &str {
    ["de ", "De ", "d'", "d’", "D'", "D’"]
        .iter()
        .find_map(|p| family.strip_prefix(p))
        .filter(|rest| !rest.trim().is_empty())
        .unwrap_or(family)
}

/// Directory order: people by family name then given names, services by the name printed first in the
/// entry (the reader scans that column: "Standard du CH Val-Exemple" under S, not under the hospital's own
/// name, which every internal service shares), then organisation.
fn directory_key(c: &Contact, split: Option<&(String, String)>) -> (String, String, String) {
    match split {
        Some((given, family)) => (fold(sort_family(family)), fold(given), c.id.v.clone()),
        None => (
            fold(&c.name.v),
            fold(c.organization.as_ref().map_or("", |o| &o.v)),
            c.id.v.clone(),
        ),
    }
}

pub(super) fn directory(cx: &PrintedPlan) -> Vec<DirectoryEntry> {
    let mut contacts: Vec<(&Contact, Option<(String, String)>)> = cx
        .plan
        .contacts
        .iter()
        .map(|c| {
            let service = SERVICE_SLOTS.contains(&c.id.v.as_str());
            (c, (!service).then(|| split_name(&c.name.v)).flatten())
        })
        .collect();
    contacts.sort_by_cached_key(|(c, split)| directory_key(c, split.as_ref()));
    contacts
        .into_iter()
        .map(|(c, split)| {
            let roles: Vec<Link> = c.roles.iter().map(|r| cx.role_link(&r.v)).collect();
            let titles: Vec<&str> = roles.iter().map(|l| l.text.as_str()).collect();
            // What the name or the roles already say is not printed again under the name.
            let organization = c
                .organization
                .as_ref()
                .and_then(|o| phrase::org_rest(&c.name.v, &o.v, &titles));
            (c, split, roles, organization)
        })
        .map(|(c, split, roles, organization)| DirectoryEntry {
            id: c.id.v.clone(),
            anchor: anchor("contact", &c.id.v),
            name: c.name.v.clone(),
            given_name: split.as_ref().map(|s| s.0.clone()),
            family_name: split.map(|s| s.1),
            organization,
            roles,
            deputy: crate::model::holders::deputy_of(cx.plan, c)
                .and_then(|d| cx.person_by_id(&d.v)),
            verified_on: c.verified_on.as_ref().map(|d| cx.date(d.v)),
            to_complete: c.complete && c.layer == 0,
            channels: c.channels.iter().map(|ch| channel(cx, ch)).collect(),
            notes: cx.md_opt(&c.notes),
        })
        .collect()
}

fn channel(cx: &PrintedPlan, ch: &Channel) -> ChannelLine {
    let (value, masked) = cx.channel_value(ch);
    ChannelLine {
        kind: ch.kind.v.as_str().to_string(),
        kind_label: cx.labels.channel(ch.kind.v).to_string(),
        href: if masked {
            None
        } else {
            PrintedPlan::channel_href(ch.kind.v, &ch.value.v)
        },
        value,
        label: text(&ch.label),
        h24: ch.h24,
        independent_of_is: ch.independent_of_is,
        confidential: ch.confidential,
        masked,
    }
}

pub(super) fn applications(cx: &PrintedPlan) -> Vec<AppRow> {
    let lang = cx.plan.manifest.language;
    // Printed procedures by application, in document order.
    let mut procs: HashMap<&str, Vec<Link>> = HashMap::new();
    for f in cx.of_kind(Kind::Procedure) {
        for a in ids(&f.f.applications) {
            procs.entry(a).or_default().push(Link {
                text: f.title().to_string(),
                anchor: Some(anchor("procedure", &f.id.v)),
            });
        }
    }
    cx.plan
        .establishment
        .applications
        .iter()
        .map(|a| AppRow {
            id: a.id.v.clone(),
            anchor: anchor("application", &a.id.v),
            name: a.name.v.clone(),
            critical: a.critical.v,
            functions: a.functions.iter().map(|f| cx.function_link(&f.v)).collect(),
            rto: a.rto.v.display(lang),
            rpo: a.rpo.v.display(lang),
            rto_minutes: a.rto.v.minutes(),
            rpo_minutes: a.rpo.v.minutes(),
            vendor: a.vendor.as_ref().and_then(|v| cx.person_by_id(&v.v)),
            procedures: procs.get(a.id.v.as_str()).cloned().unwrap_or_default(),
        })
        .collect()
}

pub(super) fn backups(cx: &PrintedPlan) -> Option<Backups> {
    let e = &cx.plan.establishment;
    if e.backups_offline.is_none() && e.last_restore_test.is_none() {
        return None;
    }
    Some(Backups {
        offline: e.backups_offline.as_ref().map(|b| b.v),
        last_restore_test: e.last_restore_test.as_ref().map(|d| cx.date(d.v)),
    })
}

pub(super) fn exercises(cx: &PrintedPlan) -> Vec<ExerciseRow> {
    let mut list: Vec<_> = cx.plan.exercises.iter().collect();
    list.sort_by_key(|x| (x.date.as_ref().map(|d| d.v), x.id.v.clone()));
    list.into_iter()
        .map(|x| ExerciseRow {
            id: x.id.v.clone(),
            anchor: anchor("exercise", &x.id.v),
            date: x.date.as_ref().map(|d| cx.date(d.v)),
            scenario: x.scenario.as_ref().map(|t| cx.md(&t.v)),
            format: x.format.as_ref().map(|f| cx.labels.exercise_format(&f.v)),
            participants: x
                .participants
                .iter()
                .map(|p| participant(cx, &p.v))
                .collect(),
            procedures_tested: x
                .procedures_tested
                .iter()
                .map(|p| cx.fragment_link(&p.v))
                .collect(),
            findings: x.findings.len(),
        })
        .collect()
}

fn participant(cx: &PrintedPlan, id: &str) -> String {
    if let Some(f) = cx.function(id) {
        return f.name.v.clone();
    }
    if let Some(r) = cx.fragment(Kind::Role, id) {
        return r.title().to_string();
    }
    id.to_string()
}

/// Sort key of an action: status rank, undated last, due date, exercise index, finding index.
type ActionKey = (u8, bool, Option<chrono::NaiveDate>, usize, usize);

pub(super) fn action_plan(cx: &PrintedPlan) -> Vec<ActionItem> {
    use crate::model::FindingStatus as S;
    let mut items: Vec<(ActionKey, ActionItem)> = Vec::new();
    for (xi, x) in cx.plan.exercises.iter().enumerate() {
        for (fi, f) in x.findings.iter().enumerate() {
            let status = f.status.as_ref().map_or(S::Open, |s| s.v);
            let rank = match status {
                S::Open => 0,
                S::InProgress => 1,
                S::Done => 2,
            };
            let owner = f.owner.as_ref().map(|o| match cx.contact(&o.v) {
                Some(c) => c.name.v.clone(),
                None => cx.role_link(&o.v).text,
            });
            items.push((
                (rank, f.due.is_none(), f.due.as_ref().map(|d| d.v), xi, fi),
                ActionItem {
                    exercise: Link {
                        text: x
                            .date
                            .as_ref()
                            .map_or_else(|| x.id.v.clone(), |d| cx.date(d.v)),
                        anchor: Some(anchor("exercise", &x.id.v)),
                    },
                    finding: cx.md(&f.text.v),
                    action: f.action.as_ref().map(|t| cx.md(&t.v)),
                    owner,
                    due: f.due.as_ref().map(|d| cx.date(d.v)),
                    status: cx.labels.status(status).to_string(),
                    status_key: match status {
                        S::Open => "open",
                        S::InProgress => "in-progress",
                        S::Done => "done",
                    }
                    .to_string(),
                },
            ));
        }
    }
    items.sort_by_key(|(k, _)| *k);
    items.into_iter().map(|(_, i)| i).collect()
}

/// Blank crisis-log sheets when `pbn.yaml` does not say (`plan.crisis_log_sheets`): a first day's writing.
const DEFAULT_CRISIS_LOG_SHEETS: u32 = 10;

pub(super) fn crisis_log(cx: &PrintedPlan) -> CrisisLog {
    let b = &cx.plan.baseline;
    let en = cx.labels.lang == "en";
    let total: f32 = b.log_columns.iter().map(|c| c.2.max(0.0)).sum();
    let columns = b
        .log_columns
        .iter()
        .map(|(id, title, w)| LogColumn {
            title: match (en, id.as_str()) {
                (true, "heure") => "Time".into(),
                (true, "qui") => "Who".into(),
                (true, "quoi") => "What (fact, information)".into(),
                (true, "decision") => "Decision / next step".into(),
                _ => title.clone(),
            },
            width: *w,
            percent: if total > 0.0 {
                (w.max(0.0) * 100.0 / total).round() as u32
            } else {
                0
            },
        })
        .collect();
    CrisisLog {
        columns,
        pages: cx
            .plan
            .manifest
            .crisis_log_sheets
            .as_ref()
            .map_or(DEFAULT_CRISIS_LOG_SHEETS, |n| n.v),
        rows: 22,
    }
}

/// Printed fragments in document order: obligations, roles, reflexes, procedures (by function), messages,
/// forms.
fn printed_in_order<'a>(cx: &PrintedPlan<'a>) -> Vec<&'a Fragment> {
    let mut v = cx.of_kind(Kind::Obligation);
    v.extend(cx.of_kind(Kind::Role));
    v.extend(cx.of_kind(Kind::Reflex));
    let procs = cx.of_kind(Kind::Procedure);
    for func in &cx.plan.establishment.functions {
        v.extend(
            procs
                .iter()
                .filter(|f| f.f.function.as_ref().is_some_and(|x| x.v == func.id.v)),
        );
    }
    v.extend(cx.of_kind(Kind::Message));
    v.extend(cx.of_kind(Kind::Form));
    v
}

pub(super) fn sources(cx: &PrintedPlan) -> Vec<SourceGroup> {
    printed_in_order(cx)
        .into_iter()
        .filter_map(|f| {
            let s = f.f.sources.as_ref().filter(|s| !s.v.is_empty())?;
            Some(SourceGroup {
                kind: cx.labels.kind(f.kind).to_string(),
                title: f.title().to_string(),
                anchor: Some(anchor(f.kind.as_str(), &f.id.v)),
                items: s
                    .v
                    .iter()
                    .map(|x| SourceItem {
                        title: x.title.v.clone(),
                        reference: text(&x.reference),
                        url: text(&x.url),
                    })
                    .collect(),
            })
        })
        .collect()
}

pub(super) fn provenance(cx: &PrintedPlan, map: &SourceMap) -> Vec<ProvenanceEntry> {
    let l = cx.labels;
    printed_in_order(cx)
        .into_iter()
        .map(|f| {
            let history = cx
                .plan
                .history
                .get(&f.key())
                .map(Vec::as_slice)
                .unwrap_or_default();
            ProvenanceEntry {
                kind: l.kind(f.kind).to_string(),
                id: f.id.v.clone(),
                title: f.title().to_string(),
                anchor: Some(anchor(f.kind.as_str(), &f.id.v)),
                layers: history
                    .iter()
                    .map(|h| {
                        let layer = map.layer_name(map.layer_of(h.loc)).to_string();
                        let location = map.describe(h.loc);
                        ProvenanceLayer {
                            how: match h.override_.as_ref().map(|o| o.v) {
                                Some(Override::Patch) => l.layer_patch,
                                Some(Override::Replace) => l.layer_replace,
                                None => l.layer_define,
                            }
                            .to_string(),
                            origin: format!("{layer} {location}"),
                            layer,
                            location,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_given_and_family() {
        let split = |n: &str| split_name(n).map(|(g, f)| format!("{g}|{f}"));
        assert_eq!(split("Camille Martin").as_deref(), Some("Camille|Martin"));
        assert_eq!(split("Anne de La Tour").as_deref(), Some("Anne|de La Tour"));
        assert_eq!(
            split("Jean-Pierre Le Goff").as_deref(),
            Some("Jean-Pierre|Le Goff")
        );
        assert_eq!(split("Camille MARTIN").as_deref(), Some("Camille|MARTIN"));
        assert_eq!(
            split("Marie Hélène Fontaine").as_deref(),
            Some("Marie Hélène|Fontaine")
        );
        assert_eq!(split("Garde administrative"), None);
        assert_eq!(split("CERT Santé"), None);
        assert_eq!(split("Standard"), None);
        assert_eq!(split("SAMU 01"), None);
        // A service named after its establishment is not a person with the family name "du CH…".
        assert_eq!(split("Standard du CH Val-Exemple"), None);
        assert_eq!(split("Permanence de La Poste"), None);
    }

    #[test]
    fn family_names_file_without_de() {
        let key = |n: &str| {
            let (_, family) = split_name(n).expect("a person");
            fold(sort_family(&family))
        };
        assert_eq!(key("Anne de La Tour d'Auvergne"), "la tour d'auvergne");
        assert_eq!(key("Paul d'Aubigné"), "aubigne");
        assert_eq!(key("Jean-Pierre Le Goff"), "le goff");
        assert_eq!(key("Marie Du Bellay"), "du bellay");
        assert_eq!(key("Camille Martin"), "martin");
    }

    #[test]
    fn folding_sorts_accents_with_their_letter() {
        let mut v = vec!["Zoé", "Émilie", "eric", "Alain"];
        v.sort_by_key(|s| fold(s));
        assert_eq!(v, ["Alain", "Émilie", "eric", "Zoé"]);
    }
}
