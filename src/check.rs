//! Checks on the merged plan: every reference resolves (roles, contacts, functions, applications, fragments,
//! text references), no deputy or `then` cycles, national contact slots completed, required roles staffed.

use crate::diag::{Code, Diagnostic, Diags, did_you_mean};
use crate::model::{Exercise, Fragment, Kind, Plan, Text, holders};
use crate::refs::{self, Piece, RefKind};
use crate::render::phrase::{self, Around};
use crate::source::{Loc, SourceMap};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The ids each kind of reference may name (roles, contacts, functions, applications, fragments), collected
/// once from the merged plan; its methods report a reference to an unknown id.
struct KnownIds<'a> {
    plan: &'a Plan,
    map: &'a SourceMap,
    roles: BTreeSet<&'a str>,
    contacts: BTreeSet<&'a str>,
    functions: BTreeSet<&'a str>,
    applications: BTreeSet<&'a str>,
    fragments: BTreeSet<&'a str>,
    /// Contacts already reported by PBN070 (once each: the baseline asks for the same line in several sheets).
    asked_reported: std::cell::RefCell<BTreeSet<String>>,
}

impl KnownIds<'_> {
    fn unknown(
        &self,
        diags: &mut Diags,
        code: Code,
        what: &str,
        id: &Text,
        set: &BTreeSet<&str>,
        help: &str,
    ) {
        let h = did_you_mean(&id.v, set.iter().copied()).unwrap_or_else(|| help.to_string());
        diags.push(Diagnostic::new(code, id.loc, format!("unknown {what} `{}`", id.v)).help(h));
    }

    fn role(&self, d: &mut Diags, id: &Text) {
        if !self.roles.contains(id.v.as_str()) {
            self.unknown(d, Code::UnknownRole, "role", id, &self.roles, "roles are defined by `kind: role` fragments (the baseline has directeur-crise, rssi, dsi…)");
        }
    }

    fn contact(&self, d: &mut Diags, id: &Text) {
        if !self.contacts.contains(id.v.as_str()) {
            self.unknown(
                d,
                Code::UnknownContact,
                "contact",
                id,
                &self.contacts,
                "contacts are listed in `contacts.yaml`",
            );
        }
    }

    fn function(&self, d: &mut Diags, id: &Text) {
        if !self.functions.contains(id.v.as_str()) {
            self.unknown(
                d,
                Code::UnknownFunction,
                "function",
                id,
                &self.functions,
                "functions are listed under `functions:` in `establishment.yaml`",
            );
        }
    }

    fn application(&self, d: &mut Diags, id: &Text) {
        if !self.applications.contains(id.v.as_str()) {
            self.unknown(
                d,
                Code::UnknownApplication,
                "application",
                id,
                &self.applications,
                "applications are listed under `applications:` in `establishment.yaml`",
            );
        }
    }

    /// Checks the `{{…}}` references of a text; locates each on the source line where it appears.
    fn text(&self, d: &mut Diags, t: &Text) {
        if !t.v.contains("{{") {
            return;
        }
        for p in refs::split(&t.v) {
            let (raw, problem) = match p {
                Piece::Text(_) => continue,
                Piece::Bad { raw, why } => (raw, Some(why)),
                Piece::Ref { kind, id, raw } => {
                    let ok = match kind {
                        RefKind::Contact => self.contacts.contains(id),
                        RefKind::Role => self.roles.contains(id),
                        RefKind::Fragment => self.fragments.contains(id),
                        RefKind::Application => self.applications.contains(id),
                        RefKind::Establishment => RefKind::ESTABLISHMENT_FIELDS.contains(&id),
                    };
                    if ok {
                        if kind == RefKind::Contact {
                            self.asked_line(d, t, id, raw);
                        }
                        continue;
                    }
                    (raw, None)
                }
            };
            let loc = locate(self.map, t, raw);
            let d2 = match (problem, refs::split(raw).first()) {
                (Some(why), _) => Diagnostic::new(Code::BadReference, loc, format!("malformed reference `{raw}`: {why}"))
                    .help("write `{{contact:ID}}`, `{{role:ID}}`, `{{fragment:ID}}` or `{{application:ID}}`"),
                (None, Some(Piece::Ref { kind, id, .. })) => {
                    let (code, what, set) = match kind {
                        RefKind::Contact => (Code::UnknownContact, "contact", &self.contacts),
                        RefKind::Role => (Code::UnknownRole, "role", &self.roles),
                        RefKind::Fragment => (Code::UnknownFragment, "fragment", &self.fragments),
                        RefKind::Application => (Code::UnknownApplication, "application", &self.applications),
                        RefKind::Establishment => (Code::BadReference, "establishment field", &establishment_fields()),
                    };
                    let h = did_you_mean(id, set.iter().copied()).unwrap_or_else(|| match kind {
                        RefKind::Contact => "contacts are listed in `contacts.yaml`".to_string(),
                        RefKind::Role => "roles are `kind: role` fragments; `pbn baseline list` shows the national ones".to_string(),
                        RefKind::Fragment => "fragment ids are listed by `pbn baseline list` and your `fragments/` folder".to_string(),
                        RefKind::Application => "applications are listed in `establishment.yaml`".to_string(),
                        RefKind::Establishment => "write `{{establishment:name}}` or `{{establishment:ght}}`".to_string(),
                    });
                    Diagnostic::new(code, loc, format!("reference to unknown {what} `{id}`")).help(h)
                }
                _ => continue,
            };
            d.push(d2);
        }
    }
}

impl KnownIds<'_> {
    /// PBN070: the sentence around `{{contact:ID}}` asks for a line by name ("sur sa ligne directe") that no
    /// channel of the contact is labelled as, so the document would print the contact's usual number there
    /// (the SAMU's 15 instead of the regulator's direct line).
    fn asked_line(&self, d: &mut Diags, t: &Text, id: &str, raw: &str) {
        let at = raw.as_ptr() as usize - t.v.as_ptr() as usize;
        let around = Around {
            before: &t.v[..at],
            after: &t.v[at + raw.len()..],
        };
        let Some(line) = phrase::asked_line(&around.sentence()) else {
            return;
        };
        let Some(c) = self.plan.contacts.iter().find(|c| c.id.v == id) else {
            return;
        };
        let labelled = c.channels.iter().any(|ch| {
            ch.kind.v.is_phone()
                && ch
                    .label
                    .as_ref()
                    .is_some_and(|l| phrase::label_names(&l.v, line))
        });
        // A national slot the plan has not completed is reported as such already.
        if labelled
            || (c.complete && c.layer == 0)
            || !self.asked_reported.borrow_mut().insert(id.to_string())
        {
            return;
        }
        // Where the plan's own text asks, point there; a baseline sheet is not the hospital's to edit, so
        // point at the contact to complete.
        let own_text = self
            .map
            .files
            .get(t.loc.file as usize)
            .is_some_and(|f| f.path.is_some());
        let loc = if own_text {
            locate(self.map, t, raw)
        } else {
            c.loc
        };
        d.push(
            Diagnostic::new(
                Code::ChannelNotLabelled,
                loc,
                format!("the plan asks for the line `{line}` of contact `{id}` (\"{}\"), but none of its phone channels is labelled so: its usual number is printed instead", excerpt(&t.v, raw)),
            )
            .help(format!("in `contacts.yaml`, add `label: \"{line}\"` to that channel of `{id}` (or add the line if it is missing)")),
        );
    }
}

/// PBN078: a crisis-cell entry that names no holder, where no contact but its deputy lists the role: the cell
/// table prints "non pourvu" in the holder's cell (never the deputy twice).
fn cell_holders(cx: &KnownIds, d: &mut Diags) {
    for m in &cx.plan.establishment.members {
        if m.holder.is_some() {
            continue;
        }
        let deputy = m.deputy.as_ref().map(|t| t.v.as_str());
        let held =
            cx.plan.contacts.iter().any(|c| {
                Some(c.id.v.as_str()) != deputy && c.roles.iter().any(|r| r.v == m.role.v)
            });
        if held {
            continue;
        }
        let only = deputy.map_or_else(String::new, |dep| format!(", only a deputy (`{dep}`)"));
        d.push(
            Diagnostic::new(
                Code::CellHolderMissing,
                m.role.loc,
                format!(
                    "the crisis cell's entry for role `{}` names no holder{only}: the cell table prints \"non pourvu\" as its holder",
                    m.role.v
                ),
            )
            .help(format!(
                "add `holder: CONTACT` to this entry in `establishment.yaml`, or `roles: [{}]` to the contact who holds it",
                m.role.v
            )),
        );
    }
}

/// PBN069: a crisis-cell holder whose own `deputy` (contacts.yaml) is not the cell's deputy for its role. The
/// documents print the cell's ([`holders::deputy_of`]); the directory and the cell table would otherwise name
/// two different people for the same duty.
fn deputies_agree(cx: &KnownIds, d: &mut Diags) {
    for m in &cx.plan.establishment.members {
        let (Some(holder), Some(cell_deputy)) = (&m.holder, &m.deputy) else {
            continue;
        };
        let Some(c) = cx.plan.contacts.iter().find(|c| c.id.v == holder.v) else {
            continue;
        };
        let Some(own) = c.deputy.as_ref().filter(|own| own.v != cell_deputy.v) else {
            continue;
        };
        d.push(
            Diagnostic::new(
                Code::DeputyDisagrees,
                own.loc,
                format!(
                    "contact `{}` names `{}` as deputy, but the crisis cell names `{}` as the deputy for its role `{}`",
                    c.id.v, own.v, cell_deputy.v, m.role.v
                ),
            )
            .help(format!(
                "the documents print the cell's deputy (`{}`); write `deputy: {}` here, or change the cell's `deputy` in `establishment.yaml`",
                cell_deputy.v, cell_deputy.v
            )),
        );
    }
}

/// PBN072: a role of the establishment's layers held by exactly the same contacts as another role whose title
/// says the same thing ("Pharmacien de garde" beside the baseline's "Pharmacien (pharmacie à usage intérieur)",
/// "Référent médical de la cellule de crise" beside "Référent médical de crise"): most likely one role under
/// two names, which the documents then print twice with the same people.
fn near_duplicate_roles(
    cx: &KnownIds,
    held: &std::collections::HashMap<&str, Vec<&crate::model::Contact>>,
    d: &mut Diags,
) {
    // The significant words of a title without its parenthesis (folded, four letters or more).
    let words = |t: &str| -> BTreeSet<String> {
        crate::rules::fold(crate::render::phrase::without_gloss(t))
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_string)
            .collect()
    };
    // One title's words all in the other's, and the same first word.
    let alike = |a: &str, b: &str| {
        let (wa, wb) = (words(a), words(b));
        let first = |t: &str| crate::rules::fold(t.split_whitespace().next().unwrap_or(""));
        first(a) == first(b)
            && !wa.is_empty()
            && !wb.is_empty()
            && (wa.is_subset(&wb) || wb.is_subset(&wa))
    };
    let holders_of = |id: &str| -> BTreeSet<&str> {
        held.get(id)
            .into_iter()
            .flatten()
            .map(|c| c.id.v.as_str())
            .collect()
    };
    let roles = cx.plan.of_kind(Kind::Role);
    for (i, a) in roles.iter().enumerate() {
        let ha = holders_of(&a.id.v);
        if ha.is_empty() {
            continue;
        }
        for b in &roles[i + 1..] {
            if a.layer == 0 && b.layer == 0 {
                continue;
            }
            if !alike(a.title(), b.title()) || holders_of(&b.id.v) != ha {
                continue;
            }
            // Point at the establishment's own role (the later layer); the baseline's id is the stable one.
            let (keep, dup) = if a.layer <= b.layer { (a, b) } else { (b, a) };
            d.push(
                Diagnostic::new(
                    Code::NearDuplicateRole,
                    dup.loc,
                    format!(
                        "role `{}` (\"{}\") has the same holders as `{}` (\"{}\"): the documents print the same people under two roles",
                        dup.id.v, dup.title(), keep.id.v, keep.title()
                    ),
                )
                .help(format!(
                    "if it is the same role, use `{}` everywhere and remove `{}`; otherwise give each its own holders",
                    keep.id.v, dup.id.v
                )),
            );
        }
    }
}

/// What `{{establishment:…}}` can cite, as a set for "did you mean".
fn establishment_fields() -> BTreeSet<&'static str> {
    RefKind::ESTABLISHMENT_FIELDS.into_iter().collect()
}

/// The words around a reference in a text, for a message: up to 40 characters on each side, on one line.
fn excerpt(text: &str, raw: &str) -> String {
    let at = raw.as_ptr() as usize - text.as_ptr() as usize;
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(39)
        .map_or(0, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(raw.len() + 40)
        .map_or(text.len(), |(i, _)| at + i);
    let s: String = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{}{s}{}",
        if start > 0 { "…" } else { "" },
        if end < text.len() { "…" } else { "" }
    )
}

/// Where `needle` appears in the source, starting at the text's location (block scalars start on the next line).
fn locate(map: &SourceMap, t: &Text, needle: &str) -> Loc {
    let Some(file) = map.files.get(t.loc.file as usize) else {
        return t.loc;
    };
    let span = t.v.lines().count() as u32 + 2;
    for line in t.loc.line..t.loc.line + span {
        let Some(text) = file.line_text(line) else {
            break;
        };
        if let Some(i) = text.find(needle) {
            return Loc::new(t.loc.file, line, text[..i].chars().count() as u32 + 1);
        }
    }
    t.loc
}

/// Every free-text field of an exercise: the scenario, and each finding's text and action.
fn exercise_texts(x: &Exercise) -> impl Iterator<Item = &Text> {
    x.scenario.iter().chain(
        x.findings
            .iter()
            .flat_map(|f| std::iter::once(&f.text).chain(&f.action)),
    )
}

pub fn check(plan: &Plan, map: &SourceMap, diags: &mut Diags) {
    // Placeholders and blanks are looked for in every text of the plan, beside the reference checks; their
    // findings follow the others', as when both ran in turn.
    let mut found = Diags::default();
    let ((), ()) = if crate::parallel::nested_in_pool() {
        (references(plan, map, diags), texts(plan, map, &mut found))
    } else {
        rayon::join(
            || references(plan, map, diags),
            || texts(plan, map, &mut found),
        )
    };
    diags.extend(found);
}

/// What the plan's texts leave to complete: placeholders, and blanks the plan could fill.
fn texts(plan: &Plan, map: &SourceMap, diags: &mut Diags) {
    placeholders(plan, map, diags);
    known_blanks(plan, map, diags);
}

/// Every reference of the plan to a role, contact, fragment, function or application, and the rules on them.
fn references(plan: &Plan, map: &SourceMap, diags: &mut Diags) {
    let cx = KnownIds {
        plan,
        map,
        roles: plan
            .fragments
            .keys()
            .filter(|(k, _)| *k == Kind::Role)
            .map(|(_, id)| id.as_str())
            .collect(),
        contacts: plan.contacts.iter().map(|c| c.id.v.as_str()).collect(),
        asked_reported: Default::default(),
        functions: plan
            .establishment
            .functions
            .iter()
            .map(|f| f.id.v.as_str())
            .collect(),
        applications: plan
            .establishment
            .applications
            .iter()
            .map(|a| a.id.v.as_str())
            .collect(),
        fragments: plan.fragments.keys().map(|(_, id)| id.as_str()).collect(),
    };
    for f in plan.fragments.values() {
        fragment(&cx, f, diags);
    }
    establishment(&cx, diags);
    contacts(&cx, diags);
    baseline_in_french(plan, diags);
    for x in &plan.exercises {
        for p in &x.procedures_tested {
            if plan.get(Kind::Procedure, &p.v).is_none() {
                let procs: BTreeSet<&str> = plan
                    .fragments
                    .keys()
                    .filter(|(k, _)| *k == Kind::Procedure)
                    .map(|(_, i)| i.as_str())
                    .collect();
                cx.unknown(
                    diags,
                    Code::UnknownFragment,
                    "procedure",
                    p,
                    &procs,
                    "`procedures_tested` lists procedure ids",
                );
            }
        }
        for t in exercise_texts(x) {
            cx.text(diags, t);
        }
        for fi in &x.findings {
            if let Some(o) = &fi.owner
                && !cx.contacts.contains(o.v.as_str())
                && !cx.roles.contains(o.v.as_str())
            {
                let all: BTreeSet<&str> = cx.contacts.union(&cx.roles).copied().collect();
                cx.unknown(
                    diags,
                    Code::UnknownContact,
                    "owner (neither a contact nor a role)",
                    o,
                    &all,
                    "a finding's owner is a contact id or a role id",
                );
            }
        }
    }
    if let Some(t) = &plan.establishment.training_plan {
        cx.text(diags, t);
    }
    then_cycles(plan, diags);
}

/// PBN071: a message blank (`[numéro]`, `[Nom de l'établissement]`) that the plan could fill with a reference.
fn known_blanks(plan: &Plan, map: &SourceMap, d: &mut Diags) {
    let own = |t: &Text| {
        map.files
            .get(t.loc.file as usize)
            .is_some_and(|f| f.path.is_some())
    };
    for b in crate::placeholders::known_blanks(plan, own) {
        d.push(
            Diagnostic::new(
                Code::BlankThePlanKnows,
                locate(map, b.text, b.blank),
                format!("the message leaves `{}` to fill by hand, but the plan knows it", b.blank),
            )
            .help(format!("write {} instead: it prints resolved; keep brackets for what depends on the event ([date], [heure])", b.instead)),
        );
    }
}

/// Values left to complete (the national slots are PBN031 already).
fn placeholders(plan: &Plan, map: &SourceMap, d: &mut Diags) {
    for p in crate::placeholders::find(plan, map)
        .into_iter()
        .filter(|p| !p.slot)
    {
        d.push(
            Diagnostic::new(
                Code::Placeholder,
                p.loc,
                format!("`{}` still holds a value to complete: {}", p.subject, p.what),
            )
            .help("replace it with the establishment's own value (`pbn review` fails PLACEHOLDERS until none is left)"),
        );
    }
}

fn fragment(cx: &KnownIds, f: &Fragment, d: &mut Diags) {
    let fl = &f.f;
    let template_inactive = f.kind == Kind::Procedure
        && f.is_template()
        && fl
            .function
            .as_ref()
            .is_some_and(|func| !cx.functions.contains(func.v.as_str()));
    if let Some(a) = &fl.audience
        && f.kind == Kind::Reflex
    {
        for r in &a.v {
            cx.role(d, r);
        }
    }
    for s in fl.steps() {
        if let Some(w) = &s.who {
            cx.role(d, w);
        }
    }
    if let Some(then) = &fl.then {
        for t in &then.v {
            let ok = cx.plan.get(Kind::Reflex, &t.v).is_some()
                || cx.plan.get(Kind::Procedure, &t.v).is_some();
            if !ok {
                let set: BTreeSet<&str> = cx
                    .plan
                    .fragments
                    .keys()
                    .filter(|(k, _)| matches!(k, Kind::Reflex | Kind::Procedure))
                    .map(|(_, i)| i.as_str())
                    .collect();
                cx.unknown(
                    d,
                    Code::UnknownFragment,
                    "reflex or procedure",
                    t,
                    &set,
                    "`then` lists the ids of the reflexes or procedures that follow",
                );
            }
        }
    }
    if f.kind == Kind::Procedure && !template_inactive {
        if let Some(func) = &fl.function {
            cx.function(d, func);
        }
        if let Some(apps) = &fl.applications {
            for a in &apps.v {
                cx.application(d, a);
            }
        }
    }
    for r in [&fl.owner, &fl.declarant].into_iter().flatten() {
        cx.role(d, r);
    }
    if let Some(r) = &fl.recipient {
        cx.contact(d, r);
    }
    for t in f.f.texts() {
        cx.text(d, t);
    }
}

fn establishment(cx: &KnownIds, d: &mut Diags) {
    let e = &cx.plan.establishment;
    for a in &e.applications {
        for f in &a.functions {
            cx.function(d, f);
        }
        if let Some(v) = &a.vendor {
            cx.contact(d, v);
        }
    }
    for m in &e.members {
        cx.role(d, &m.role);
        for c in [&m.holder, &m.deputy].into_iter().flatten() {
            cx.contact(d, c);
        }
    }
    response_means(cx, d);
    let mut ids = BTreeMap::new();
    let net = e.network.as_ref();
    for (what, list) in [
        (
            "function",
            e.functions.iter().map(|f| &f.id).collect::<Vec<_>>(),
        ),
        (
            "application",
            e.applications.iter().map(|a| &a.id).collect(),
        ),
        ("resource", e.resources.iter().map(|r| &r.id).collect()),
        (
            "cut",
            net.map(|n| n.cut_list.iter().map(|c| &c.id).collect())
                .unwrap_or_default(),
        ),
        (
            "application in `restart_order`",
            net.map(|n| n.restart_order.iter().collect())
                .unwrap_or_default(),
        ),
    ] {
        ids.clear();
        for id in list {
            if let Some(first) = ids.insert(id.v.as_str(), id.loc) {
                d.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        id.loc,
                        format!("duplicate {what} id `{}`", id.v),
                    )
                    .note(first, "first defined here")
                    .help("ids are unique; rename one"),
                );
            }
        }
    }
    if let (Some(adopted), false) = (&e.adopted_on, e.opinions.is_empty()) {
        for (body, date) in &e.opinions {
            if date.v > adopted.v {
                d.push(
                    Diagnostic::new(Code::ApprovalOrder, date.loc, format!("the {body} opinion ({}) comes after adoption ({})", date.v, adopted.v))
                        .help("the director adopts the plan after the opinions of the directoire, the CME and the CSE"),
                );
            }
        }
    }
}

/// The references of the establishment's response data: the portal delegate (a contact), who holds each
/// resource (a contact or a role), who makes each cut (a role), and the applications of the restart order.
fn response_means(cx: &KnownIds, d: &mut Diags) {
    let e = &cx.plan.establishment;
    if let Some(p) = &e.portal_delegation {
        cx.contact(d, &p.to);
    }
    for r in &e.resources {
        for t in std::iter::once(&r.what).chain(&r.where_) {
            cx.text(d, t);
        }
        if let Some(h) = &r.holder
            && !cx.contacts.contains(h.v.as_str())
            && !cx.roles.contains(h.v.as_str())
        {
            let all: BTreeSet<&str> = cx.contacts.union(&cx.roles).copied().collect();
            cx.unknown(
                d,
                Code::UnknownContact,
                "holder (neither a contact nor a role)",
                h,
                &all,
                "a resource's `holder` is a contact id or a role id",
            );
        }
    }
    let Some(net) = &e.network else { return };
    for c in &net.cut_list {
        if let Some(w) = &c.who {
            cx.role(d, w);
        }
        for t in std::iter::once(&c.what).chain(&c.how) {
            cx.text(d, t);
        }
    }
    for a in &net.restart_order {
        cx.application(d, a);
    }
}

fn contacts(cx: &KnownIds, d: &mut Diags) {
    for c in &cx.plan.contacts {
        for r in &c.roles {
            cx.role(d, r);
        }
        if let Some(dep) = &c.deputy {
            cx.contact(d, dep);
        }
        if let Some(notes) = &c.notes {
            cx.text(d, notes);
        }
    }
    deputies_agree(cx, d);
    cell_holders(cx, d);
    // Deputy chains: each contact has at most one deputy, so the graph is a set of chains; one walk per chain
    // with a global "done" mark finds every loop in linear time.
    let ids: Vec<&str> = cx.plan.contacts.iter().map(|c| c.id.v.as_str()).collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let next: Vec<Option<usize>> = cx
        .plan
        .contacts
        .iter()
        .map(|c| {
            c.deputy
                .as_ref()
                .and_then(|d| index.get(d.v.as_str()).copied())
        })
        .collect();
    let edges: Vec<Vec<usize>> = next.iter().map(|n| n.iter().copied().collect()).collect();
    for cycle in find_cycles(&edges) {
        let first = cycle
            .iter()
            .copied()
            .min_by_key(|&i| ids[i])
            .unwrap_or(cycle[0]);
        let pos = cycle.iter().position(|&i| i == first).unwrap_or(0);
        let mut names: Vec<&str> = cycle[pos..]
            .iter()
            .chain(&cycle[..pos])
            .map(|&i| ids[i])
            .collect();
        names.push(ids[first]);
        if let Some(dep) = &cx.plan.contacts[first].deputy {
            d.push(
                Diagnostic::new(
                    Code::DeputyCycle,
                    dep.loc,
                    format!("deputy chain loops: {}", names.join(" → ")),
                )
                .help("someone in the chain must have a deputy outside it (or none)"),
            );
        }
    }
    // National contact slots left empty.
    for c in cx.plan.contacts.iter().filter(|c| c.complete) {
        d.push(
            Diagnostic::new(
                Code::ContactSlotEmpty,
                None,
                format!(
                    "national contact `{}` ({}) is not completed by the plan",
                    c.id.v, c.name.v
                ),
            )
            .help(format!(
                "add a contact with `id: {}` and its channels to `contacts.yaml`",
                c.id.v
            )),
        );
    }
    let held = holders::call_order(cx.plan);
    near_duplicate_roles(cx, &held, d);
    let called_on = unheld_roles(cx, &held, d);
    for role in cx.plan.of_kind(Kind::Role) {
        let h24 = role.f.h24.as_ref().is_some_and(|b| b.v);
        // A role the plan calls on was just reported where it is called on.
        if !holders::for_everyone(&role.id.v)
            && role.is_required()
            && h24
            && !held.contains_key(role.id.v.as_str())
            && !called_on.contains(role.id.v.as_str())
        {
            d.push(
                Diagnostic::new(
                    Code::RoleUnstaffed,
                    None,
                    format!(
                        "required role `{}` ({}) is held by no contact",
                        role.id.v,
                        role.title()
                    ),
                )
                .help(format!(
                    "add `roles: [{}]` to the contact who holds it",
                    role.id.v
                )),
            );
        }
    }
}

/// Roles the plan calls on — a step's `who`, a procedure's `owner`, a `{{role:ID}}` in any text — that nobody
/// holds (neither a crisis-cell holder or deputy nor a contact listing the role): PBN073, once per role, where it
/// is first called on, since the documents print "non pourvu" there. Roles meant for everyone are not held by
/// anyone and are left out; unknown roles are PBN014 already. Returns the roles reported.
fn unheld_roles<'a>(
    cx: &KnownIds<'a>,
    held: &HashMap<&str, Vec<&crate::model::Contact>>,
    d: &mut Diags,
) -> BTreeSet<&'a str> {
    // Role → (first place it is called on, how many places).
    let mut calls: BTreeMap<&'a str, (Loc, usize)> = BTreeMap::new();
    let mut note = |role: &'a str, loc: Loc| {
        calls.entry(role).or_insert((loc, 0)).1 += 1;
    };
    for f in cx.plan.fragments.values() {
        for s in f.f.steps() {
            if let Some(w) = &s.who {
                note(w.v.as_str(), w.loc);
            }
        }
        if let Some(o) = &f.f.owner {
            note(o.v.as_str(), o.loc);
        }
        for t in f.f.texts().into_iter().filter(|t| t.v.contains("{{")) {
            for p in refs::split(&t.v) {
                if let Piece::Ref {
                    kind: RefKind::Role,
                    id,
                    raw,
                } = p
                {
                    note(id, locate(cx.map, t, raw));
                }
            }
        }
    }
    calls.retain(|r, _| cx.roles.contains(r) && !holders::for_everyone(r) && !held.contains_key(r));
    for (role, (loc, n)) in &calls {
        let title = cx.plan.get(Kind::Role, role).map_or(*role, |f| f.title());
        let elsewhere = match n - 1 {
            0 => String::new(),
            1 => " (and in 1 other place)".to_string(),
            k => format!(" (and in {k} other places)"),
        };
        d.push(
            Diagnostic::new(
                Code::RoleNotHeld,
                *loc,
                format!("role `{role}` ({title}) is called on here{elsewhere}, but nobody holds it"),
            )
            .help(format!(
                "add `roles: [{role}]` to the contact who holds it in `contacts.yaml`, or a `members` entry with a `holder` in `establishment.yaml`; until then the documents print \"non pourvu\" for it"
            )),
        );
    }
    calls.into_keys().collect()
}

/// Every elementary cycle reachable by depth-first search (one per back edge), as lists of node indices.
/// Iterative (no recursion: a chain of thousands of nodes must not overflow the stack) and linear in the graph.
fn find_cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    let mut cycles = Vec::new();
    for root in 0..edges.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // Stack of (node, index of the next edge to follow); `path` mirrors the nodes on the stack.
        let mut stack = vec![(root, 0usize)];
        let mut path = vec![root];
        mark[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::OnPath;
                        stack.push((to, 0));
                        path.push(to);
                    }
                    Mark::OnPath => {
                        let pos = path.iter().position(|&p| p == to).unwrap_or(0);
                        cycles.push(path[pos..].to_vec());
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
                path.pop();
            }
        }
    }
    cycles
}

fn then_cycles(plan: &Plan, d: &mut Diags) {
    let reflexes = plan.of_kind(Kind::Reflex);
    let index: BTreeMap<&str, usize> = reflexes
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.v.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = reflexes
        .iter()
        .map(|f| {
            f.f.then
                .as_ref()
                .map(|t| {
                    t.v.iter()
                        .filter_map(|x| index.get(x.v.as_str()).copied())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    for cycle in find_cycles(&edges) {
        let last = cycle[cycle.len() - 1];
        let back = reflexes[last]
            .f
            .then
            .as_ref()
            .and_then(|t| t.v.iter().find(|x| x.v == reflexes[cycle[0]].id.v));
        let mut names: Vec<&str> = cycle.iter().map(|&i| reflexes[i].id.v.as_str()).collect();
        names.push(reflexes[cycle[0]].id.v.as_str());
        let loc = back.map_or(reflexes[last].id.loc, |t| t.loc);
        d.push(
            Diagnostic::new(
                Code::ThenCycle,
                loc,
                format!("`then` leads back: {}", names.join(" → ")),
            )
            .help("a reflex sequence must end; remove one of the `then` links"),
        );
    }
}

/// The national baseline is written in French only: an English plan prints the text of every baseline fragment
/// it keeps (patched ones keep most of theirs). Said once, so that nobody discovers it on paper.
fn baseline_in_french(plan: &Plan, diags: &mut Diags) {
    if plan.manifest.language != crate::model::Lang::En {
        return;
    }
    // Layer 0 is the baseline: a fragment still there was neither patched nor replaced (disabled ones are gone).
    let mut kept = plan.fragments.values().filter(|f| f.layer == 0);
    let Some(first) = kept.next() else {
        return;
    };
    let first = format!("{}:{}", first.kind.as_str(), first.id.v);
    let (count, more) = match 1 + kept.count() {
        1 => ("1 fragment comes".to_owned(), String::new()),
        n => (
            format!("{n} fragments come"),
            format!(" and {} more", n - 1),
        ),
    };
    diags.push(
        Diagnostic::new(
            Code::BaselineInFrench,
            plan.manifest.loc,
            format!(
                "this plan is in English, but {count} unchanged from the national baseline, which is written in \
                 French: their text is in French ({first}{more})"
            ),
        )
        .help(
            "write your own English version of each (`override: replace` in a fragment with the same kind and \
             id), or `disable: true` the ones the establishment does not use; `pbn baseline list` shows them",
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::find_cycles;

    #[test]
    fn cycles_in_linear_time() {
        assert!(find_cycles(&[vec![1], vec![2], vec![]]).is_empty());
        assert_eq!(find_cycles(&[vec![1], vec![0]]), vec![vec![0, 1]]);
        assert_eq!(find_cycles(&[vec![0]]), vec![vec![0]]);
        // A long chain: no recursion, no quadratic walk.
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        assert_eq!(find_cycles(&edges)[0].len(), n);
    }
}
