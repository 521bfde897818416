//! Merged plan → [`View`]: one function per part of the view, in document order, then the list of printed
//! sections ([`sections`]) and the contents derived from it. The audience is applied here (through [`PrintedPlan`]);
//! nothing reads the clock or the environment.

use super::annexes::{
    action_plan, applications, backups, crisis_log, directory, exercises, provenance, sources,
};
use super::audience::Audience;
use super::labels::Labels;
use super::resolve::{PrintedPlan, anchor, ids, text};
use super::view::*;
use crate::model::{Fragment, Kind, Plan};
use crate::source::SourceMap;
use std::collections::HashMap;

impl View {
    /// Builds the view of a merged plan for one audience. Pure: the same plan and options give the same view.
    pub fn build(plan: &Plan, map: &SourceMap, opts: &ViewOptions) -> View {
        assemble(plan, map, opts)
    }
}

fn assemble(plan: &Plan, map: &SourceMap, opts: &ViewOptions) -> View {
    let labels = Labels::get(plan.manifest.language);
    let cx = PrintedPlan::new(plan, labels, &opts.audience);
    // The longest parts side by side (each a few milliseconds at a hundred reflexes), except when this plan is
    // already one task of rayon's pool (`pbn review` of many plans; see `parallel::nested_in_pool`).
    let first = || (procedures(&cx, map), crate::fingerprint::digest(plan));
    let second = || (reflexes(&cx), obligations(&cx));
    let third = || (directory(&cx), crisis_cell(&cx));
    let ((procedures, digest), ((reflexes, obligations), (directory, crisis_cell))) =
        if crate::parallel::nested_in_pool() {
            (first(), (second(), third()))
        } else {
            rayon::join(first, || rayon::join(second, third))
        };
    let mut v = View {
        lang: labels.lang,
        labels,
        audience: audience(labels, &opts.audience),
        pbn_version: env!("CARGO_PKG_VERSION"),
        cover: cover(&cx, opts, digest),
        emergency: super::emergency::emergency(&cx, &reflexes, &obligations),
        sections: Vec::new(),
        contents: Vec::new(),
        chronology: chronology(&cx),
        obligations,
        not_applicable: super::response::not_applicable(&cx),
        crisis_cell,
        reflexes,
        functions: functions(&cx, &procedures),
        procedures,
        messages: messages(&cx),
        directory,
        applications: applications(&cx),
        backups: backups(&cx),
        exercises: exercises(&cx),
        action_plan: action_plan(&cx),
        network: super::response::network(&cx),
        resources: super::response::resources(&cx),
        crisis_log: crisis_log(&cx),
        forms: super::response::forms(&cx),
        sources: sources(&cx),
        provenance: provenance(&cx, map),
    };
    v.sections = sections(&v);
    v.contents = contents(&v);
    v
}

fn audience(l: &Labels, a: &Audience) -> AudienceInfo {
    AudienceInfo {
        name: a.name.clone(),
        label: match a.name.as_str() {
            "internal" => l.audience_internal.to_string(),
            "ars" => l.audience_ars.to_string(),
            other => other.to_string(),
        },
        masks: a.redact_confidential || !a.redact_types.is_empty(),
    }
}

/// The cover; `digest` is the plan's [`crate::fingerprint::digest`].
fn cover(cx: &PrintedPlan, opts: &ViewOptions, digest: String) -> Cover {
    let (p, l) = (cx.plan, cx.labels);
    let e = &p.establishment;
    let date = opts
        .date
        .or(e.adopted_on.as_ref().map(|d| d.v))
        .map_or_else(|| l.no_date.to_string(), |d| l.date_long(d));
    let mut c = Cover {
        title: p
            .manifest
            .title
            .as_ref()
            .map_or(l.default_title, |t| t.v.as_str())
            .to_string(),
        establishment: text(&e.name).unwrap_or_default(),
        finess_ej: text(&e.finess_ej),
        finess_et: e.finess_et.iter().map(|t| t.v.clone()).collect(),
        ght: text(&e.ght),
        ars: text(&e.ars),
        version: text(&p.manifest.version),
        date,
        classification: text(&p.manifest.classification),
        fingerprint: crate::fingerprint::short(&digest),
        fingerprint_sha256: digest,
        baseline_version: p.baseline.version.clone(),
        audience: audience(l, cx.audience).label,
        adopted_on: e.adopted_on.as_ref().map(|d| l.date_long(d.v)),
        opinions: opinions(l, e),
        approved_version: text(&e.approved_version),
        informed: informed(l, e),
        next_review: e.next_review.as_ref().map(|d| l.date_long(d.v)),
        approval: Vec::new(),
        lines: Vec::new(),
    };
    c.approval = approval_lines(l, &c);
    let mut lines = vec![(l.establishment, Some(c.establishment.clone()))];
    lines.push((l.finess_ej, c.finess_ej.clone()));
    lines.push((
        l.finess_et,
        Some(c.finess_et.join(", ")).filter(|s| !s.is_empty()),
    ));
    lines.push((l.ght, c.ght.clone()));
    lines.push((l.version, c.version.clone()));
    lines.push((l.date, Some(c.date.clone())));
    lines.push((l.classification, c.classification.clone()));
    lines.push((l.audience, Some(c.audience.clone())));
    lines.push((l.fingerprint, Some(c.fingerprint.clone())));
    lines.push((l.baseline, Some(c.baseline_version.clone())));
    c.lines = lines
        .into_iter()
        .filter_map(|(label, v)| {
            v.filter(|v| !v.is_empty()).map(|value| Labeled {
                label: label.to_string(),
                value,
            })
        })
        .collect();
    c
}

/// The opinions in the order they were given.
fn opinions(l: &Labels, e: &crate::model::Establishment) -> Vec<Labeled> {
    let mut v: Vec<(&String, chrono::NaiveDate)> =
        e.opinions.iter().map(|(k, d)| (k, d.v)).collect();
    v.sort_by_key(|(k, d)| (*d, *k));
    v.into_iter()
        .map(|(k, d)| Labeled {
            label: opinion_label(k),
            value: l.date_long(d),
        })
        .collect()
}

/// The governing bodies informed of the adopted plan, in date order, named in the document's language.
fn informed(l: &Labels, e: &crate::model::Establishment) -> Vec<Labeled> {
    let mut v: Vec<(&String, chrono::NaiveDate)> =
        e.informed.iter().map(|(k, d)| (k, d.v)).collect();
    v.sort_by_key(|(k, d)| (*d, *k));
    v.into_iter()
        .map(|(k, d)| Labeled {
            label: match k.as_str() {
                "conseil_surveillance" => l.conseil_surveillance.to_string(),
                "conseil_administration" => l.conseil_administration.to_string(),
                // Decoding admits only the two above; a name is still better than nothing.
                other => opinion_label(&other.replace('_', " ")),
            },
            value: l.date_long(d),
        })
        .collect()
}

/// The approval fields as cover lines (label, value), empty ones left out; several opinions or bodies
/// share one line ("Directoire 15 septembre 2026 · CME 22 septembre 2026").
fn approval_lines(l: &Labels, c: &Cover) -> Vec<Labeled> {
    let joined = |v: &[Labeled]| {
        let parts: Vec<String> = v
            .iter()
            .map(|x| format!("{} {}", x.label, x.value))
            .collect();
        Some(parts.join(" · ")).filter(|s| !s.is_empty())
    };
    [
        (l.opinions, joined(&c.opinions)),
        (l.adopted_on, c.adopted_on.clone()),
        (l.approved_version, c.approved_version.clone()),
        (l.informed, joined(&c.informed)),
        (l.next_review, c.next_review.clone()),
    ]
    .into_iter()
    .filter_map(|(label, v)| {
        v.map(|value| Labeled {
            label: label.to_string(),
            value,
        })
    })
    .collect()
}

/// `directoire` → `Directoire`, `cme` → `CME`.
fn opinion_label(k: &str) -> String {
    if k.len() <= 4 {
        k.to_uppercase()
    } else {
        let mut c = k.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }
}

/// The sections the document prints, in order. This is the one place that says which sections exist and when
/// one is left out: procedures, messages, exercises, sources, network, resources and forms only when there
/// are some.
fn sections(v: &View) -> Vec<Section> {
    let l = v.labels;
    SectionId::ALL
        .into_iter()
        .filter(|id| match id {
            SectionId::Procedures => !v.procedures.is_empty(),
            SectionId::Messages => !v.messages.is_empty(),
            SectionId::Sources => !v.sources.is_empty(),
            SectionId::Exercises => !v.exercises.is_empty() || !v.action_plan.is_empty(),
            SectionId::Network => !v.network.cuts.is_empty() || !v.network.restart.is_empty(),
            SectionId::Resources => !v.resources.is_empty(),
            SectionId::Forms => !v.forms.is_empty(),
            _ => true,
        })
        .map(|id| Section {
            id,
            anchor: id.anchor(),
            title: match id {
                SectionId::Chronology => l.chronology,
                SectionId::CrisisCell => l.crisis_cell,
                SectionId::Reflexes => l.reflexes,
                SectionId::Functions => l.functions,
                SectionId::Procedures => l.procedures,
                SectionId::Messages => l.messages,
                SectionId::Directory => l.directory,
                SectionId::Applications => l.applications,
                SectionId::Network => l.network,
                SectionId::Resources => l.resources,
                SectionId::Forms => l.forms,
                SectionId::Exercises => l.exercises,
                SectionId::CrisisLog => l.crisis_log,
                SectionId::Sources => l.sources,
                SectionId::Provenance => l.provenance,
            }
            .to_string(),
        })
        .collect()
}

/// The HTML contents: each section, with the reflex sheets and procedure groups under theirs.
fn contents(v: &View) -> Vec<TocEntry> {
    let entry = |level: u8, title: &str, anchor: &str| TocEntry {
        level,
        title: title.to_string(),
        anchor: anchor.to_string(),
    };
    let mut out = Vec::new();
    for s in &v.sections {
        out.push(entry(1, &s.title, s.anchor));
        match s.id {
            SectionId::Reflexes => {
                out.extend(v.reflexes.iter().map(|r| entry(2, &r.title, &r.anchor)));
            }
            SectionId::Procedures => {
                out.extend(v.procedures.iter().map(|g| entry(2, &g.title, &g.anchor)));
            }
            SectionId::Forms => {
                out.extend(v.forms.iter().map(|f| entry(2, &f.title, &f.anchor)));
            }
            _ => {}
        }
    }
    out
}

fn chronology(cx: &PrintedPlan) -> Vec<ChronoEntry> {
    let lang = cx.plan.manifest.language;
    // (minutes, obligation rank, step rank) → entry; the legal deadline sorts after the steps due with it.
    let mut rows: Vec<((u64, usize, usize), ChronoEntry)> = Vec::new();
    for (rank, f) in cx.of_kind(Kind::Obligation).into_iter().enumerate() {
        let ob = Link {
            text: f.title().to_string(),
            anchor: Some(anchor("obligation", &f.id.v)),
        };
        if let Some(d) = &f.f.deadline {
            let mut what = format!("**{}**", super::markdown::escape_md(f.title()));
            if let Some(r) = &f.f.recipient {
                what.push_str(" → ");
                what.push_str(&cx.contact_md(&r.v));
            }
            rows.push((
                (d.v.minutes(), rank, usize::MAX),
                ChronoEntry {
                    minutes: d.v.minutes(),
                    when: d.v.display(lang),
                    legal: true,
                    what,
                    who: f.f.declarant.as_ref().map(|r| short(cx.role_link(&r.v))),
                    obligation: ob.clone(),
                },
            ));
        }
        for (i, s) in cx.steps(f).into_iter().enumerate() {
            let (Some(m), Some(when)) = (s.minutes, s.within) else {
                continue;
            };
            rows.push((
                (m, rank, i),
                ChronoEntry {
                    minutes: m,
                    when,
                    legal: false,
                    what: s.text,
                    who: s.who.map(short),
                    obligation: ob.clone(),
                },
            ));
        }
    }
    rows.sort_by_key(|(k, _)| *k);
    rows.into_iter().map(|(_, e)| e).collect()
}

/// A role link with its short label, for narrow columns: the acronym a title ends with in parentheses
/// ("Responsable de la sécurité des systèmes d'information (RSSI)" → "RSSI"), else the title.
fn short(mut l: Link) -> Link {
    if let Some(a) = acronym(&l.text) {
        l.text = a.to_string();
    }
    l
}

pub(super) fn acronym(title: &str) -> Option<&str> {
    let inner = title.trim_end().strip_suffix(')')?;
    let a = &inner[inner.rfind('(')? + 1..];
    let upper = a.chars().filter(|c| c.is_uppercase()).count();
    let ok = upper >= 2
        && a.chars().count() <= 10
        && a.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == ' ' || c == '-');
    ok.then_some(a)
}

fn obligations(cx: &PrintedPlan) -> Vec<ObligationSheet> {
    let lang = cx.plan.manifest.language;
    cx.of_kind(Kind::Obligation)
        .into_iter()
        .map(|f| ObligationSheet {
            id: f.id.v.clone(),
            anchor: anchor("obligation", &f.id.v),
            title: f.title().to_string(),
            summary: cx.md_opt(&f.f.summary),
            deadline: f
                .f
                .deadline
                .as_ref()
                .map(|d| d.v.display(lang))
                .unwrap_or_default(),
            minutes: f.f.deadline.as_ref().map_or(0, |d| d.v.minutes()),
            recipient: f.f.recipient.as_ref().and_then(|r| cx.person_by_id(&r.v)),
            declarant: f.f.declarant.as_ref().map(|r| cx.role_link(&r.v)),
            legal_basis: cx.md_opt(&f.f.legal_basis),
            steps: cx.steps(f),
        })
        .collect()
}

fn crisis_cell(cx: &PrintedPlan) -> CrisisCell {
    let e = &cx.plan.establishment;
    let person = |id: &Option<crate::model::Text>| id.as_ref().and_then(|i| cx.person_by_id(&i.v));
    CrisisCell {
        room: text(&e.room),
        fallback_room: text(&e.fallback_room),
        members: e
            .members
            .iter()
            .map(|m| {
                let role = cx.role_link(&m.role.v);
                let deputy = person(&m.deputy);
                // No named holder: the first who answers for the role other than the deputy (none: the row says
                // "non pourvu") — a role held only by its deputy does not list the deputy as its holder too.
                let holder = person(&m.holder).or_else(|| {
                    cx.role_holders(&m.role.v)
                        .into_iter()
                        .find(|p| deputy.as_ref().is_none_or(|d| d.anchor != p.anchor))
                        .cloned()
                });
                MemberRow {
                    holder: holder.map(|p| beside(p, &role.text)),
                    deputy: deputy.map(|p| beside(p, &role.text)),
                    role,
                }
            })
            .collect(),
        roles: cx
            .of_kind(Kind::Role)
            .into_iter()
            .map(|f| RoleCard {
                id: f.id.v.clone(),
                anchor: anchor("role", &f.id.v),
                title: f.title().to_string(),
                mission: cx.md_opt(&f.f.mission),
                h24: f.f.h24.as_ref().is_some_and(|h| h.v),
                holders: cx
                    .role_holders(&f.id.v)
                    .into_iter()
                    .map(|p| beside(p.clone(), f.title()))
                    .collect(),
                unstaffed: cx.role_holders(&f.id.v).is_empty()
                    && !crate::model::holders::for_everyone(&f.id.v),
            })
            .collect(),
    }
}

/// A person listed beside its role's title: a name that repeats the title ("Administrateur de garde
/// (téléphone de garde)") shows only what it adds ("Téléphone de garde").
fn beside(mut p: Person, role_title: &str) -> Person {
    if let Some(short) = super::phrase::beside_role(&p.name, role_title).filter(|s| !s.is_empty()) {
        p.name = short;
    }
    p
}

fn reflexes(cx: &PrintedPlan) -> Vec<ReflexSheet> {
    cx.of_kind(Kind::Reflex)
        .into_iter()
        .map(|f| ReflexSheet {
            id: f.id.v.clone(),
            anchor: anchor("reflex", &f.id.v),
            title: f.title().to_string(),
            summary: cx.md_opt(&f.f.summary),
            audience: ids(&f.f.audience).map(|r| cx.role_link(r)).collect(),
            trigger: cx.md_opt(&f.f.trigger),
            steps: cx.steps(f),
            never: f
                .f
                .never
                .as_ref()
                .map(|n| n.v.iter().map(|t| cx.md(&t.v)).collect())
                .unwrap_or_default(),
            then: ids(&f.f.then).map(|id| cx.fragment_link(id)).collect(),
        })
        .collect()
}

fn functions(cx: &PrintedPlan, groups: &[ProcedureGroup]) -> Vec<FunctionRow> {
    let lang = cx.plan.manifest.language;
    let plan = cx.plan;
    let mut apps: HashMap<&str, Vec<Link>> = HashMap::new();
    for a in &plan.establishment.applications {
        for f in &a.functions {
            apps.entry(f.v.as_str())
                .or_default()
                .push(cx.app_link(&a.id.v));
        }
    }
    plan.establishment
        .functions
        .iter()
        .map(|f| FunctionRow {
            id: f.id.v.clone(),
            anchor: anchor("function", &f.id.v),
            name: f.name.v.clone(),
            criticality: cx.labels.criticality(f.criticality.v).to_string(),
            criticality_key: crate::model::Criticality::NAMES[f.criticality.v as usize].to_string(),
            max_downtime: f.max_downtime.v.display(lang),
            max_downtime_minutes: f.max_downtime.v.minutes(),
            applications: apps.get(f.id.v.as_str()).cloned().unwrap_or_default(),
            procedures: groups
                .iter()
                .filter(|g| g.function_id == f.id.v)
                .flat_map(|g| g.procedures.iter())
                .map(|p| Link {
                    text: p.title.clone(),
                    anchor: Some(p.anchor.clone()),
                })
                .collect(),
        })
        .collect()
}

fn procedures(cx: &PrintedPlan, map: &SourceMap) -> Vec<ProcedureGroup> {
    let lang = cx.plan.manifest.language;
    let mut by_function: HashMap<&str, Vec<&Fragment>> = HashMap::new();
    for f in cx.of_kind(Kind::Procedure) {
        if let Some(func) = &f.f.function {
            by_function.entry(func.v.as_str()).or_default().push(f);
        }
    }
    cx.plan
        .establishment
        .functions
        .iter()
        .filter_map(|func| {
            let procs: Vec<ProcedureSheet> = by_function
                .get(func.id.v.as_str())
                .into_iter()
                .flatten()
                .map(|f| procedure(cx, map, f))
                .collect();
            (!procs.is_empty()).then(|| ProcedureGroup {
                function_id: func.id.v.clone(),
                anchor: anchor("procedures", &func.id.v),
                title: func.name.v.clone(),
                criticality: cx.labels.criticality(func.criticality.v).to_string(),
                criticality_key: crate::model::Criticality::NAMES[func.criticality.v as usize]
                    .to_string(),
                max_downtime: func.max_downtime.v.display(lang),
                procedures: procs,
            })
        })
        .collect()
}

fn procedure(cx: &PrintedPlan, map: &SourceMap, f: &Fragment) -> ProcedureSheet {
    let lang = cx.plan.manifest.language;
    let dur = |d: &Option<crate::model::Sp<crate::model::Duration>>| {
        d.as_ref().map(|d| d.v.display(lang))
    };
    ProcedureSheet {
        id: f.id.v.clone(),
        anchor: anchor("procedure", &f.id.v),
        title: f.title().to_string(),
        summary: cx.md_opt(&f.f.summary),
        template: f.is_template(),
        adapted: crate::model::is_adapted(f, map),
        owner: f.f.owner.as_ref().map(|o| cx.role_link(&o.v)),
        applications: ids(&f.f.applications).map(|a| cx.app_link(a)).collect(),
        max_downtime: dur(&f.f.max_downtime),
        rto: dur(&f.f.rto),
        rpo: dur(&f.f.rpo),
        activation: cx.md_opt(&f.f.activation),
        steps: cx.steps(f),
        paper_kit: f
            .f
            .paper_kit
            .as_ref()
            .map(|k| k.v.iter().map(|t| cx.md(&t.v)).collect())
            .unwrap_or_default(),
        catch_up: cx.md_opt(&f.f.catch_up),
        lifting: cx.md_opt(&f.f.lifting),
    }
}

fn messages(cx: &PrintedPlan) -> Vec<MessageSheet> {
    cx.of_kind(Kind::Message)
        .into_iter()
        .map(|f| MessageSheet {
            id: f.id.v.clone(),
            anchor: anchor("message", &f.id.v),
            title: f.title().to_string(),
            summary: cx.md_opt(&f.f.summary),
            audience: ids(&f.f.audience)
                .map(|a| cx.labels.message_audience(a))
                .collect(),
            channel: text(&f.f.channel),
            body: cx.md_opt(&f.f.body).unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_of_role_titles() {
        let t = "Responsable de la sécurité des systèmes d'information (RSSI)";
        assert_eq!(acronym(t), Some("RSSI"));
        assert_eq!(
            acronym("Délégué à la protection des données (DPO)"),
            Some("DPO")
        );
        assert_eq!(acronym("Pharmacien (pharmacie à usage intérieur)"), None);
        assert_eq!(acronym("Directeur de crise"), None);
        assert_eq!(acronym("(A)"), None);
    }

    #[test]
    fn opinion_labels() {
        assert_eq!(opinion_label("cme"), "CME");
        assert_eq!(opinion_label("directoire"), "Directoire");
    }
}
