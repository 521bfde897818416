//! `pbn.yaml`, `establishment.yaml`, `contacts.yaml`, `exercises.yaml` and the baseline metadata → model.

use super::{FileDiags, N, Obj};
use crate::diag::{Code, Diagnostic};
use crate::model::*;
use crate::value_format;

/// The bodies whose opinion precedes adoption: public (directoire, CME, CSE) or private (CME, CSE).
const OPINIONS: [&str; 3] = ["directoire", "cme", "cse"];
/// The governing bodies informed of the adopted plan: the conseil de surveillance (public) or the board.
const INFORMED: [&str; 2] = ["conseil_surveillance", "conseil_administration"];
/// `approval.sector`: which bodies the review expects.
pub const SECTORS: [&str; 2] = ["public", "private"];

pub fn manifest(cx: &mut FileDiags, n: &N) -> Option<Manifest> {
    let mut o = cx.document(n, "`pbn.yaml`")?;
    let mut m = Manifest {
        loc: o.loc,
        ..Manifest::default()
    };
    match o.get("plan") {
        Some(p) => {
            if let Some(mut p) = cx.obj(p, "`plan`") {
                m.title = cx.text_field(&mut p, "title");
                m.version = cx.text_field(&mut p, "version");
                m.classification = cx.text_field(&mut p, "classification");
                m.baseline = cx.text_field(&mut p, "baseline");
                if let Some(l) = p.get("language") {
                    m.language = cx
                        .choice(l, "language", &["fr", "en"], |s| match s {
                            "fr" => Some(Lang::Fr),
                            "en" => Some(Lang::En),
                            _ => None,
                        })
                        .map_or(Lang::Fr, |l| l.v);
                }
                if let Some(n) = p.get("crisis_log_sheets") {
                    m.crisis_log_sheets = crisis_log_sheets(cx, n);
                }
                p.finish(
                    cx,
                    &[
                        "title",
                        "version",
                        "language",
                        "classification",
                        "baseline",
                        "crisis_log_sheets",
                    ],
                );
            }
        }
        None => cx.missing(
            &o,
            "plan",
            "`pbn.yaml` starts with `plan: {title, version, language, classification}`",
        ),
    }
    if let Some(layers) = o.get("layers")
        && let Some(list) = cx.list(layers, "layers")
    {
        for item in list.v {
            let Some(mut l) = cx.obj(item, "a layer") else {
                continue;
            };
            if let Some(b) = cx.text_field(&mut l, "baseline") {
                m.layers.push(LayerRef::Baseline(b));
            } else if let Some(p) = cx.text_field(&mut l, "path") {
                m.layers.push(LayerRef::Path(p));
            } else {
                cx.missing(
                    &l,
                    "baseline",
                    "a layer is `- baseline: national` or `- path: ../folder`",
                );
            }
            l.finish(cx, &["baseline", "path"]);
        }
    }
    if let Some(inc) = cx.texts_field(&mut o, "include") {
        m.include = inc.v;
    }
    if let Some(a) = o.get("audiences") {
        m.audiences = audiences(cx, a);
    }
    // The review profile (thresholds of `pbn review`) is read by `rules::profile` when reviewing.
    let _ = o.get("review");
    o.finish(cx, &["plan", "layers", "include", "audiences", "review"]);
    Some(m)
}

/// The most blank crisis-log sheets a plan may ask for (a binder, not a ream).
pub const MAX_CRISIS_LOG_SHEETS: i64 = 100;

fn crisis_log_sheets(cx: &mut FileDiags, n: &N) -> Option<Sp<u32>> {
    let v = cx.int(n, "crisis_log_sheets")?;
    if (1..=MAX_CRISIS_LOG_SHEETS).contains(&v.v) {
        return Some(Sp::new(v.v as u32, v.loc));
    }
    cx.diags.push(
        Diagnostic::new(
            Code::BadValue,
            v.loc,
            format!(
                "`crisis_log_sheets` is {}, outside 1 to {MAX_CRISIS_LOG_SHEETS}",
                v.v
            ),
        )
        .help(
            "the number of blank main courante sheets printed at the end of plan.pdf (default 10)",
        ),
    );
    None
}

fn audiences(cx: &mut FileDiags, n: &N) -> Vec<AudienceDef> {
    let Some(list) = cx.list(n, "audiences") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in list.v {
        let Some(mut o) = cx.obj(item, "an audience") else {
            continue;
        };
        let name = o.get("name").and_then(|n| cx.id(n, "name"));
        if name.is_none() && !o.has("name") {
            cx.missing(
                &o,
                "name",
                "an audience has a `name` used with `pbn build --audience NAME`",
            );
        }
        let redact = cx
            .texts_field(&mut o, "redact")
            .map(|l| l.v)
            .unwrap_or_default();
        let exclude_tags = cx
            .texts_field(&mut o, "exclude_tags")
            .map(|l| l.v)
            .unwrap_or_default();
        o.finish(cx, &["name", "redact", "exclude_tags"]);
        if let Some(name) = name {
            out.push(AudienceDef {
                name,
                redact,
                exclude_tags,
            });
        }
    }
    out
}

fn finess(cx: &mut FileDiags, t: &Text) {
    if let Some(why) = value_format::finess_problem(&t.v) {
        cx.diags.push(
            Diagnostic::new(Code::BadFiness, t.loc, format!("invalid FINESS number: {why}"))
                .help("copy the number from the FINESS directory; quote it so leading zeros are kept: `\"010000024\"`"),
        );
    }
}

/// `establishment.yaml`: identity, functions, applications, resources, network, backups, crisis cell,
/// approval and training, each part read by its own function.
pub fn establishment(cx: &mut FileDiags, n: &N) -> Option<Establishment> {
    let mut top = cx.document(n, "`establishment.yaml`")?;
    let mut e = Establishment {
        loc: top.loc,
        ..Establishment::default()
    };
    identity(cx, &mut top, &mut e);
    if let Some(fs) = top.get("functions").and_then(|n| cx.list(n, "functions")) {
        for item in fs.v {
            if let Some(f) = function(cx, item) {
                e.functions.push(f);
            }
        }
    }
    if let Some(apps) = top
        .get("applications")
        .and_then(|n| cx.list(n, "applications"))
    {
        for item in apps.v {
            if let Some(a) = application(cx, item) {
                e.applications.push(a);
            }
        }
    }
    backups(cx, &mut top, &mut e);
    crisis_cell(cx, &mut top, &mut e);
    approval(cx, &mut top, &mut e);
    training(cx, &mut top, &mut e);
    if let Some(r) = top.get("resources").and_then(|n| cx.list(n, "resources")) {
        e.resources = r.v.into_iter().filter_map(|n| resource(cx, n)).collect();
    }
    e.network = top.get("network").and_then(|n| network(cx, n));
    top.finish(
        cx,
        &[
            "establishment",
            "functions",
            "applications",
            "resources",
            "network",
            "backups",
            "crisis_cell",
            "approval",
            "training",
        ],
    );
    Some(e)
}

/// `establishment:`: name, FINESS, SIREN, GHT, ARS, regime, portal delegation.
fn identity(cx: &mut FileDiags, top: &mut Obj, e: &mut Establishment) {
    match top.get("establishment") {
        Some(en) => {
            if let Some(mut o) = cx.obj(en, "`establishment`") {
                e.loc = o.loc;
                e.name = cx.req_text(&mut o, "name", "the legal name of the establishment");
                e.finess_ej = cx.req_text(
                    &mut o,
                    "finess_ej",
                    "the FINESS number of the legal entity (9 characters)",
                );
                if let Some(f) = &e.finess_ej {
                    finess(cx, f);
                }
                if let Some(l) = cx.texts_field(&mut o, "finess_et") {
                    for f in &l.v {
                        finess(cx, f);
                    }
                    e.finess_et = l.v;
                }
                e.ght = cx.text_field(&mut o, "ght");
                e.ars = cx.text_field(&mut o, "ars");
                regime(cx, &mut o, e);
                e.siren = cx.text_field(&mut o, "siren");
                if let Some(t) = &e.siren
                    && let Some(why) = value_format::siren_problem(&t.v)
                {
                    cx.diags.push(
                        Diagnostic::new(Code::BadSiren, t.loc, format!("invalid SIREN number: {why}"))
                            .help("copy the 9 digits from the establishment's INSEE record (avis de situation SIRENE); quote them: `\"123456789\"`"),
                    );
                }
                e.portal_delegation = o
                    .get("portal_delegation")
                    .and_then(|n| portal_delegation(cx, n));
                o.finish(
                    cx,
                    &[
                        "name",
                        "finess_ej",
                        "finess_et",
                        "siren",
                        "ght",
                        "ars",
                        "regime",
                        "nis2_entity",
                        "portal_delegation",
                        "address",
                    ],
                );
            }
        }
        None => cx.missing(
            top,
            "establishment",
            "`establishment.yaml` starts with `establishment: {name, finess_ej}`",
        ),
    }
}

/// `backups:`.
fn backups(cx: &mut FileDiags, top: &mut Obj, e: &mut Establishment) {
    if let Some(b) = top.get("backups")
        && let Some(mut o) = cx.obj(b, "`backups`")
    {
        e.backups_offline = cx.bool_field(&mut o, "offline");
        e.last_restore_test = cx.date_field(&mut o, "last_restore_test");
        o.finish(cx, &["offline", "last_restore_test", "notes"]);
    }
}

/// `crisis_cell:`: rooms and members (role, holder, deputy).
fn crisis_cell(cx: &mut FileDiags, top: &mut Obj, e: &mut Establishment) {
    if let Some(c) = top.get("crisis_cell")
        && let Some(mut o) = cx.obj(c, "`crisis_cell`")
    {
        e.room = cx.text_field(&mut o, "room");
        e.fallback_room = cx.text_field(&mut o, "fallback_room");
        if let Some(ms) = o.get("members").and_then(|n| cx.list(n, "members")) {
            for item in ms.v {
                let Some(mut m) = cx.obj(item, "a crisis cell member") else {
                    continue;
                };
                let role = m.get("role").and_then(|n| cx.id(n, "role"));
                if role.is_none() && !m.has("role") {
                    cx.missing(&m, "role", "each member names the role it staffs");
                }
                let holder = m.get("holder").and_then(|n| cx.id(n, "holder"));
                let deputy = m.get("deputy").and_then(|n| cx.id(n, "deputy"));
                let loc = m.loc;
                m.finish(cx, &["role", "holder", "deputy"]);
                if let Some(role) = role {
                    e.members.push(CellMember {
                        role,
                        holder,
                        deputy,
                        loc,
                    });
                }
            }
        }
        o.finish(cx, &["room", "fallback_room", "members"]);
    }
}

/// `approval:`: adoption, review, version, sector, the bodies' opinions and who was informed.
fn approval(cx: &mut FileDiags, top: &mut Obj, e: &mut Establishment) {
    if let Some(a) = top.get("approval")
        && let Some(mut o) = cx.obj(a, "`approval`")
    {
        e.adopted_on = cx.date_field(&mut o, "adopted_on");
        e.next_review = cx.date_field(&mut o, "next_review");
        e.approved_version = cx.text_field(&mut o, "version");
        e.sector = cx.text_field(&mut o, "sector");
        if let Some(s) = e
            .sector
            .as_ref()
            .filter(|s| !SECTORS.contains(&s.v.as_str()))
        {
            cx.diags.push(
                Diagnostic::new(Code::BadValue, s.loc, format!("unknown sector `{}`", s.v))
                    .help("`approval.sector` is `public` (the default) or `private`"),
            );
        }
        for (field, keys, into) in [
            ("opinions", &OPINIONS[..], &mut e.opinions),
            ("informed", &INFORMED[..], &mut e.informed),
        ] {
            if let Some(op) = o.get(field)
                && let Some(mut ops) = cx.obj(op, &format!("`{field}`"))
            {
                for key in keys {
                    if let Some(d) = cx.date_field(&mut ops, key) {
                        into.insert(key.to_string(), d);
                    }
                }
                ops.finish(cx, keys);
            }
        }
        o.finish(
            cx,
            &[
                "adopted_on",
                "opinions",
                "next_review",
                "version",
                "sector",
                "informed",
            ],
        );
    }
}

/// `training:`: the plan and its sessions.
fn training(cx: &mut FileDiags, top: &mut Obj, e: &mut Establishment) {
    if let Some(t) = top.get("training")
        && let Some(mut o) = cx.obj(t, "`training`")
    {
        e.training_plan = cx.text_field(&mut o, "plan");
        if let Some(ss) = o.get("sessions").and_then(|n| cx.list(n, "sessions")) {
            for item in ss.v {
                let Some(mut s) = cx.obj(item, "a training session") else {
                    continue;
                };
                let session = TrainingSession {
                    date: cx.date_field(&mut s, "date"),
                    audience: cx.text_field(&mut s, "audience"),
                    topic: cx.text_field(&mut s, "topic"),
                    loc: s.loc,
                };
                s.finish(cx, &["date", "audience", "topic"]);
                e.training_sessions.push(session);
            }
        }
        o.finish(cx, &["plan", "sessions"]);
    }
}

/// `regime` and the older `nis2_entity`: the first wins; the second alone still works, with PBN066.
fn regime(cx: &mut FileDiags, o: &mut Obj, e: &mut Establishment) {
    let nis2 = cx.bool_field(o, "nis2_entity");
    e.regime = o.get("regime").and_then(|n| cx.regimes(n, "regime", true));
    let declared_nis2 = e.regime.as_ref().map(|r| r.v.iter().any(|x| x.v.is_nis2()));
    e.nis2_entity = declared_nis2.unwrap_or_else(|| nis2.as_ref().is_some_and(|b| b.v));
    let Some(nis2) = nis2 else { return };
    let (message, help) = match (&e.regime, declared_nis2) {
        (None, _) if nis2.v => (
            "`nis2_entity: true` is read as `regime: [nis2-essentielle]`".to_string(),
            "write the regimes that apply instead, e.g. `regime: [nis2-essentielle]` or `regime: [ose, nis2-importante]`",
        ),
        (Some(_), Some(d)) if d != nis2.v => (
            format!("`nis2_entity: {}` contradicts `regime`, which wins", nis2.v),
            "remove `nis2_entity`: `regime` says it all",
        ),
        // `nis2_entity: false` alone was the old default, and agreeing values are harmless.
        _ => return,
    };
    cx.diags
        .push(Diagnostic::new(Code::Nis2EntityWithoutRegime, nis2.loc, message).help(help));
}

fn portal_delegation(cx: &mut FileDiags, n: &N) -> Option<PortalDelegation> {
    let mut o = cx.obj(n, "`portal_delegation`")?;
    let to = req_id(
        cx,
        &mut o,
        "to",
        "the contact id of the person who may file the portal report for the director",
    );
    let signed_on = cx.date_field(&mut o, "signed_on");
    let loc = o.loc;
    o.finish(cx, &["to", "signed_on"]);
    Some(PortalDelegation {
        to: to?,
        signed_on,
        loc,
    })
}

fn resource(cx: &mut FileDiags, n: &N) -> Option<Resource> {
    let mut o = cx.obj(n, "a resource")?;
    let id = req_id(
        cx,
        &mut o,
        "id",
        "each resource has an `id`, e.g. `kit-papier-urgences`",
    );
    let what = cx.req_text(
        &mut o,
        "what",
        "what it is, e.g. \"Kits de formulaires papier des urgences\"",
    );
    let where_ = cx.text_field(&mut o, "where");
    let holder = o.get("holder").and_then(|n| cx.id(n, "holder"));
    let loc = o.loc;
    o.finish(cx, &["id", "what", "where", "holder", "notes"]);
    let id = id?;
    Some(Resource {
        what: what.unwrap_or_else(|| id.clone()),
        id,
        where_,
        holder,
        loc,
    })
}

fn network(cx: &mut FileDiags, n: &N) -> Option<Network> {
    let mut o = cx.obj(n, "`network`")?;
    let mut net = Network {
        loc: o.loc,
        ..Network::default()
    };
    if let Some(list) = o.get("cut_list").and_then(|n| cx.list(n, "cut_list")) {
        for item in list.v {
            let Some(mut c) = cx.obj(item, "a cut") else {
                continue;
            };
            let id = req_id(
                cx,
                &mut c,
                "id",
                "each cut has an `id`, e.g. `acces-internet`",
            );
            let what = cx.req_text(
                &mut c,
                "what",
                "what is cut, e.g. \"Accès internet (pare-feu de sortie)\"",
            );
            let how = cx.text_field(&mut c, "how");
            let who = c.get("who").and_then(|n| cx.id(n, "who"));
            let loc = c.loc;
            c.finish(cx, &["id", "what", "how", "who"]);
            if let Some(id) = id {
                net.cut_list.push(Cut {
                    what: what.unwrap_or_else(|| id.clone()),
                    id,
                    how,
                    who,
                    loc,
                });
            }
        }
    }
    if let Some(r) = cx.ids_field(&mut o, "restart_order") {
        net.restart_order = r.v;
    }
    o.finish(cx, &["cut_list", "restart_order"]);
    Some(net)
}

fn function(cx: &mut FileDiags, n: &N) -> Option<Function> {
    let mut o = cx.obj(n, "a function")?;
    let id = req_id(
        cx,
        &mut o,
        "id",
        "each function has an `id`, e.g. `urgences`",
    );
    let name = cx.req_text(&mut o, "name", "the function's name as staff say it");
    let criticality = match o.get("criticality") {
        Some(c) => cx.choice(c, "criticality", &Criticality::NAMES, Criticality::parse),
        None => {
            cx.missing(
                &o,
                "criticality",
                "one of vital, essential, important, deferrable",
            );
            None
        }
    };
    let max_downtime = match o.get("max_downtime") {
        Some(d) => cx.duration(d, "max_downtime"),
        None => {
            cx.missing(
                &o,
                "max_downtime",
                "how long the function may stop, e.g. `1h`",
            );
            None
        }
    };
    let loc = o.loc;
    o.finish(cx, &["id", "name", "criticality", "max_downtime", "notes"]);
    // Keep a function whose id is readable even when other fields are wrong (already reported), so that
    // references to it do not cascade into "unknown function" errors.
    let id = id?;
    Some(Function {
        name: name.unwrap_or_else(|| id.clone()),
        criticality: criticality.unwrap_or(Sp::new(Criticality::Important, loc)),
        max_downtime: max_downtime.unwrap_or(Sp::new(Duration::Minutes(0), loc)),
        id,
        loc,
    })
}

fn req_id(cx: &mut FileDiags, o: &mut Obj, field: &str, help: &str) -> Option<Text> {
    match o.get(field) {
        Some(n) => cx.id(n, field),
        None => {
            cx.missing(o, field, help);
            None
        }
    }
}

/// A shared layer's `applications.yaml`: the GHT's common application inventory (spec §7.1).
pub fn applications(cx: &mut FileDiags, n: &N) -> Vec<Application> {
    let Some(mut top) = cx.document(n, "an applications file") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    match top.get("applications").and_then(|n| cx.list(n, "applications")) {
        Some(list) => out.extend(list.v.iter().filter_map(|item| application(cx, item))),
        None if !top.has("applications") => cx.missing(
            &top,
            "applications",
            "a shared `applications.yaml` holds `applications:` followed by a list, as in `establishment.yaml`",
        ),
        None => {}
    }
    top.finish(cx, &["applications"]);
    out
}

fn application(cx: &mut FileDiags, n: &N) -> Option<Application> {
    let mut o = cx.obj(n, "an application")?;
    let id = req_id(cx, &mut o, "id", "each application has an `id`, e.g. `dpi`");
    let name = cx.req_text(&mut o, "name", "the application's name");
    let functions = match o.get("functions") {
        Some(f) => cx.ids(f, "functions").map(|l| l.v),
        None => {
            cx.missing(
                &o,
                "functions",
                "the business functions this application serves",
            );
            None
        }
    };
    let critical = match o.get("critical") {
        Some(c) => cx.bool(c, "critical"),
        None => {
            cx.missing(
                &o,
                "critical",
                "`critical: true` when care stops without it",
            );
            None
        }
    };
    let dur = |cx: &mut FileDiags, o: &mut Obj, f: &str, help: &str| match o.get(f) {
        Some(d) => cx.duration(d, f),
        None => {
            cx.missing(o, f, help);
            None
        }
    };
    let rto = dur(cx, &mut o, "rto", "recovery time objective, e.g. `24h`");
    let rpo = dur(cx, &mut o, "rpo", "recovery point objective, e.g. `4h`");
    let vendor = o.get("vendor").and_then(|n| cx.id(n, "vendor"));
    let loc = o.loc;
    o.finish(
        cx,
        &[
            "id",
            "name",
            "functions",
            "critical",
            "rto",
            "rpo",
            "vendor",
            "notes",
        ],
    );
    // Same recovery as for functions.
    let id = id?;
    Some(Application {
        name: name.unwrap_or_else(|| id.clone()),
        functions: functions.unwrap_or_default(),
        critical: critical.unwrap_or(Sp::new(false, loc)),
        rto: rto.unwrap_or(Sp::new(Duration::Minutes(0), loc)),
        rpo: rpo.unwrap_or(Sp::new(Duration::Minutes(0), loc)),
        id,
        vendor,
        loc,
    })
}

/// `contacts.yaml` (or one file of `contacts/`, or the baseline's): the `contacts:` list.
pub fn contacts(cx: &mut FileDiags, n: &N, layer: usize, baseline: bool) -> Vec<Contact> {
    let Some(mut top) = cx.document(n, "a contacts file") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    match top.get("contacts").and_then(|n| cx.list(n, "contacts")) {
        Some(list) => {
            for item in list.v {
                if let Some(c) = contact(cx, item, layer, baseline) {
                    out.push(c);
                }
            }
        }
        None if !top.has("contacts") => cx.missing(
            &top,
            "contacts",
            "a contacts file holds `contacts:` followed by a list",
        ),
        None => {}
    }
    top.finish(cx, &["contacts"]);
    out
}

fn contact(cx: &mut FileDiags, n: &N, layer: usize, baseline: bool) -> Option<Contact> {
    let mut o = cx.obj(n, "a contact")?;
    let id = req_id(
        cx,
        &mut o,
        "id",
        "each contact has an `id`, e.g. `rssi` or `dupont-marie`",
    );
    let name = cx.req_text(&mut o, "name", "the person's or service's name");
    let organization = cx.text_field(&mut o, "organization");
    let roles = cx
        .ids_field(&mut o, "roles")
        .map(|l| l.v)
        .unwrap_or_default();
    let deputy = o.get("deputy").and_then(|n| cx.id(n, "deputy"));
    let verified_on = cx.date_field(&mut o, "verified_on");
    let notes = cx.text_field(&mut o, "notes");
    let sources = o
        .get("sources")
        .and_then(|n| super::fragment::sources(cx, n))
        .map(|s| s.v)
        .unwrap_or_default();
    let complete = if baseline {
        cx.bool_field(&mut o, "complete").is_some_and(|b| b.v)
    } else {
        false
    };
    let mut channels = Vec::new();
    if let Some(list) = o.get("channels").and_then(|n| cx.list(n, "channels")) {
        for item in list.v {
            if let Some(c) = channel(cx, item) {
                channels.push(c);
            }
        }
    }
    let loc = o.loc;
    if channels.is_empty() && !complete && !o.has("channels") {
        cx.diags.push(
            Diagnostic::new(Code::NoChannel, loc, format!("contact `{}` has no channel", id.as_ref().map_or("?", |i| i.v.as_str())))
                .help("add at least one: `channels: [{type: mobile, value: \"06 12 34 56 78\", h24: true}]`"),
        );
    }
    let mut allowed = vec![
        "id",
        "name",
        "organization",
        "roles",
        "deputy",
        "verified_on",
        "channels",
        "notes",
        "sources",
    ];
    if baseline {
        allowed.push("complete");
    }
    o.finish(cx, &allowed);
    // A contact whose name is missing keeps its id, so references to it do not cascade into more errors.
    let id = id?;
    Some(Contact {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        organization,
        roles,
        deputy,
        verified_on,
        channels,
        complete,
        notes,
        sources,
        loc,
        layer,
    })
}

fn channel(cx: &mut FileDiags, n: &N) -> Option<Channel> {
    let mut o = cx.obj(n, "a channel")?;
    let kind = match o.get("type") {
        Some(t) => cx.choice(t, "type", &ChannelType::NAMES, ChannelType::parse),
        None => {
            cx.missing(
                &o,
                "type",
                "one of phone, mobile, email, radio, satellite, url…",
            );
            None
        }
    };
    let value = cx.req_text(&mut o, "value", "the number, address or frequency");
    let label = cx.text_field(&mut o, "label");
    let flag = |cx: &mut FileDiags, o: &mut Obj, f: &str| cx.bool_field(o, f).is_some_and(|b| b.v);
    let h24 = flag(cx, &mut o, "h24");
    let independent_of_is = flag(cx, &mut o, "independent_of_is");
    let confidential = flag(cx, &mut o, "confidential");
    let loc = o.loc;
    o.finish(
        cx,
        &[
            "type",
            "value",
            "label",
            "h24",
            "independent_of_is",
            "confidential",
        ],
    );
    let (kind, value) = (kind?, value?);
    let (ok, code, help) = match kind.v {
        k if k.is_phone() => {
            let problem = value_format::phone_problem(&value.v);
            (
                problem.is_none(),
                Code::BadPhone,
                problem.unwrap_or_default(),
            )
        }
        ChannelType::Email => (
            value_format::email_ok(&value.v),
            Code::BadEmail,
            "write an address like `rssi@ch-exemple.fr`".to_string(),
        ),
        ChannelType::Url => (
            value_format::url_ok(&value.v),
            Code::BadUrl,
            "write the full address, starting with `https://`".to_string(),
        ),
        _ => (true, Code::BadValue, String::new()),
    };
    if !ok {
        let what = match code {
            Code::BadPhone => "phone number",
            Code::BadEmail => "e-mail address",
            _ => "URL",
        };
        cx.diags.push(
            Diagnostic::new(
                code,
                value.loc,
                format!("`{}` is not a valid {what}", value.v),
            )
            .help(help),
        );
    }
    Some(Channel {
        kind,
        value,
        label,
        h24,
        independent_of_is,
        confidential,
        loc,
    })
}

pub fn exercises(cx: &mut FileDiags, n: &N) -> Vec<Exercise> {
    let Some(mut top) = cx.document(n, "`exercises.yaml`") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(list) = top.get("exercises").and_then(|n| cx.list(n, "exercises")) {
        for item in list.v {
            let Some(mut o) = cx.obj(item, "an exercise") else {
                continue;
            };
            let id = req_id(
                cx,
                &mut o,
                "id",
                "each exercise has an `id`, e.g. `ex-2026-03`",
            );
            let date = cx.date_field(&mut o, "date");
            let scenario = cx.text_field(&mut o, "scenario");
            let format = o.get("format").and_then(|n| {
                cx.choice(
                    n,
                    "format",
                    &["tabletop", "functional", "full-scale"],
                    |s| {
                        matches!(s, "tabletop" | "functional" | "full-scale").then(|| s.to_string())
                    },
                )
            });
            let participants = cx
                .texts_field(&mut o, "participants")
                .map(|l| l.v)
                .unwrap_or_default();
            let procedures_tested = cx
                .ids_field(&mut o, "procedures_tested")
                .map(|l| l.v)
                .unwrap_or_default();
            let mut findings = Vec::new();
            if let Some(fl) = o.get("findings").and_then(|n| cx.list(n, "findings")) {
                for fi in fl.v {
                    let Some(mut f) = cx.obj(fi, "a finding") else {
                        continue;
                    };
                    let text = cx.req_text(&mut f, "text", "what the exercise showed");
                    let finding = Finding {
                        text: text.unwrap_or_else(|| Sp::new(String::new(), f.loc)),
                        action: cx.text_field(&mut f, "action"),
                        owner: f.get("owner").and_then(|n| cx.id(n, "owner")),
                        due: cx.date_field(&mut f, "due"),
                        status: f.get("status").and_then(|n| {
                            cx.choice(n, "status", &["open", "in-progress", "done"], |s| match s {
                                "open" => Some(FindingStatus::Open),
                                "in-progress" => Some(FindingStatus::InProgress),
                                "done" => Some(FindingStatus::Done),
                                _ => None,
                            })
                        }),
                        loc: f.loc,
                    };
                    f.finish(cx, &["text", "action", "owner", "due", "status"]);
                    findings.push(finding);
                }
            }
            let loc = o.loc;
            o.finish(
                cx,
                &[
                    "id",
                    "date",
                    "scenario",
                    "format",
                    "participants",
                    "procedures_tested",
                    "findings",
                    "notes",
                ],
            );
            if let Some(id) = id {
                out.push(Exercise {
                    id,
                    date,
                    scenario,
                    format,
                    participants,
                    procedures_tested,
                    findings,
                    loc,
                });
            }
        }
    }
    top.finish(cx, &["exercises"]);
    out
}

pub fn baseline_meta(cx: &mut FileDiags, n: &N) -> BaselineMeta {
    let mut meta = BaselineMeta::default();
    let Some(mut top) = cx.document(n, "`baseline.yaml`") else {
        return meta;
    };
    if let Some(b) = top.get("baseline")
        && let Some(mut o) = cx.obj(b, "`baseline`")
    {
        meta.version = cx
            .text_field(&mut o, "version")
            .map(|t| t.v)
            .unwrap_or_default();
        meta.title = cx
            .text_field(&mut o, "title")
            .map(|t| t.v)
            .unwrap_or_default();
        o.finish(cx, &["version", "title"]);
    }
    if let Some(c) = top.get("crisis_log")
        && let Some(mut o) = cx.obj(c, "`crisis_log`")
    {
        if let Some(cols) = o.get("columns").and_then(|n| cx.list(n, "columns")) {
            for item in cols.v {
                let Some(mut c) = cx.obj(item, "a column") else {
                    continue;
                };
                let id = cx.text_field(&mut c, "id").map(|t| t.v).unwrap_or_default();
                let title = cx
                    .text_field(&mut c, "title")
                    .map(|t| t.v)
                    .unwrap_or_default();
                let width = c
                    .get("width")
                    .and_then(|n| cx.int(n, "width"))
                    .map_or(1, |w| w.v.clamp(1, 20));
                c.finish(cx, &["id", "title", "width"]);
                meta.log_columns.push((id, title, width as f32));
            }
        }
        o.finish(cx, &["columns"]);
    }
    if let Some(h) = top.get("history").and_then(|n| cx.list(n, "history")) {
        meta.history = h.v.into_iter().filter_map(|n| release(cx, n)).collect();
    }
    top.finish(cx, &["baseline", "crisis_log", "history"]);
    meta
}

/// One `history:` entry: `{version, date, added, changed, removed}`, objects written `KIND:ID`.
fn release(cx: &mut FileDiags, n: &N) -> Option<Release> {
    let mut o = cx.obj(n, "a baseline release")?;
    let version = cx.req_text(
        &mut o,
        "version",
        "the release's version, e.g. `\"2026.12\"`",
    );
    let date = cx.date_field(&mut o, "date");
    let objects = |cx: &mut FileDiags, o: &mut Obj, field: &str| -> Vec<(String, String)> {
        let Some(list) = cx.texts_field(o, field) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for t in list.v {
            match t.v.split_once(':') {
                Some((k, id)) if Kind::parse(k).is_some() || k == "contact" => {
                    out.push((k.to_string(), id.to_string()));
                }
                _ => cx.diags.push(
                    Diagnostic::new(Code::BadValue, t.loc, format!("`{}` is not KIND:ID", t.v))
                        .help("write `obligation:eigs`, `contact:samu`…"),
                ),
            }
        }
        out
    };
    let added = objects(cx, &mut o, "added");
    let changed = objects(cx, &mut o, "changed");
    let removed = objects(cx, &mut o, "removed");
    o.finish(cx, &["version", "date", "added", "changed", "removed"]);
    Some(Release {
        version: version?.v,
        date: date.map(|d| d.v),
        added,
        changed,
        removed,
    })
}
