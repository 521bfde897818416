//! What the view builder needs to cite objects: which fragments are printed, anchors, contacts as
//! [`Person`]s (with the audience's mask), and `{{…}}` references resolved inside markdown text.

use super::audience::{Audience, Literals};
use super::labels::Labels;
use super::markdown::escape_md;
use super::view::{Link, Person, StepItem};
use crate::model::{
    Application, Channel, ChannelType, Contact, Fragment, Function, Kind, Plan, Step,
};
use crate::refs::{self, Piece, RefKind};
use std::collections::{HashMap, HashSet};

pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub labels: &'static Labels,
    pub audience: &'a Audience,
    /// Fragments that appear in the document.
    printed: HashSet<(Kind, &'a str)>,
    /// Printed fragments of each kind, by `order` then id.
    by_kind: HashMap<Kind, Vec<&'a Fragment>>,
    /// Indexes (a large plan cites thousands of contacts: no linear search per citation).
    fragments: HashMap<(Kind, &'a str), &'a Fragment>,
    contacts: HashMap<&'a str, &'a Contact>,
    people: HashMap<&'a str, Person>,
    holders: HashMap<&'a str, Vec<&'a Contact>>,
    functions: HashMap<&'a str, &'a Function>,
    applications: HashMap<&'a str, &'a Application>,
    /// The numbers and addresses the audience masks, to mask them where free text spells them out.
    literal: Literals,
}

/// `reflex-premiers-gestes`, `contact-rssi`… (ids are kebab-case, so anchors are safe in HTML and PDF).
pub fn anchor(prefix: &str, id: &str) -> String {
    format!("{prefix}-{id}")
}

/// An optional plan text as a plain string.
pub fn text(t: &Option<crate::model::Text>) -> Option<String> {
    t.as_ref().map(|t| t.v.clone())
}

/// The ids of an optional list field (`audience`, `then`, `applications`).
pub fn ids(list: &Option<crate::model::Sp<Vec<crate::model::Text>>>) -> impl Iterator<Item = &str> {
    list.iter().flat_map(|l| l.v.iter().map(|t| t.v.as_str()))
}

/// `tel:` target of a phone number: digits and a leading `+`.
pub fn tel(value: &str) -> Option<String> {
    let mut s: String = value
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if s.is_empty() {
        return None;
    }
    if let Some(rest) = s.strip_prefix('+') {
        s = format!("+{}", rest.replace('+', ""));
    }
    Some(format!("tel:{s}"))
}

impl<'a> Ctx<'a> {
    /// Which fragments the document prints for this audience: not left out by a tag; obligations whose
    /// condition holds; procedures whose function the establishment declares (templates are bound to it).
    pub fn new(plan: &'a Plan, labels: &'static Labels, audience: &'a Audience) -> Self {
        let e = &plan.establishment;
        let functions: HashMap<&str, &Function> =
            e.functions.iter().map(|f| (f.id.v.as_str(), f)).collect();
        let printed: HashSet<(Kind, &str)> = plan
            .fragments
            .values()
            .filter(|f| !audience.excludes(f))
            .filter(|f| match f.kind {
                Kind::Obligation => plan.applies(f),
                Kind::Procedure => {
                    f.f.function
                        .as_ref()
                        .is_some_and(|fid| functions.contains_key(fid.v.as_str()))
                }
                _ => true,
            })
            .map(|f| (f.kind, f.id.v.as_str()))
            .collect();
        let by_kind = Kind::ALL
            .into_iter()
            .map(|k| {
                let v: Vec<&Fragment> = plan
                    .of_kind(k)
                    .into_iter()
                    .filter(|f| printed.contains(&(k, f.id.v.as_str())))
                    .collect();
                (k, v)
            })
            .collect();
        // Later contacts with the same id cannot exist after merging; keep the first to be safe.
        let mut contacts: HashMap<&str, &Contact> = HashMap::new();
        let mut holders: HashMap<&str, Vec<&Contact>> = HashMap::new();
        for c in &plan.contacts {
            contacts.entry(c.id.v.as_str()).or_insert(c);
            for r in &c.roles {
                holders.entry(r.v.as_str()).or_default().push(c);
            }
        }
        for m in &e.members {
            let v: Vec<&Contact> = [&m.holder, &m.deputy]
                .into_iter()
                .flatten()
                .filter_map(|id| contacts.get(id.v.as_str()).copied())
                .fold(Vec::new(), |mut v, c| {
                    if !v.iter().any(|x: &&Contact| x.id.v == c.id.v) {
                        v.push(c);
                    }
                    v
                });
            if !v.is_empty() {
                holders.entry(m.role.v.as_str()).or_insert(v);
            }
        }
        let mut cx = Ctx {
            plan,
            labels,
            audience,
            fragments: plan
                .fragments
                .values()
                .map(|f| ((f.kind, f.id.v.as_str()), f))
                .collect(),
            printed,
            by_kind,
            contacts,
            people: HashMap::new(),
            holders,
            functions,
            applications: e
                .applications
                .iter()
                .map(|a| (a.id.v.as_str(), a))
                .collect(),
            literal: audience.literals(plan.contacts.iter().flat_map(|c| &c.channels)),
        };
        cx.people = plan
            .contacts
            .iter()
            .map(|c| (c.id.v.as_str(), cx.make_person(c)))
            .collect();
        cx
    }

    pub fn is_printed(&self, kind: Kind, id: &str) -> bool {
        self.printed.contains(&(kind, id))
    }

    /// Printed fragments of one kind, by `order` then id.
    pub fn of_kind(&self, kind: Kind) -> Vec<&'a Fragment> {
        self.by_kind.get(&kind).cloned().unwrap_or_default()
    }

    pub fn contact(&self, id: &str) -> Option<&'a Contact> {
        self.contacts.get(id).copied()
    }

    pub fn function(&self, id: &str) -> Option<&'a Function> {
        self.functions.get(id).copied()
    }

    pub fn application(&self, id: &str) -> Option<&'a Application> {
        self.applications.get(id).copied()
    }

    pub fn fragment(&self, kind: Kind, id: &str) -> Option<&'a Fragment> {
        self.fragments.get(&(kind, id)).copied()
    }

    /// A fragment looked up by id alone (`then`, `{{fragment:ID}}`), in a fixed kind order.
    fn find_fragment(&self, id: &str) -> Option<&'a Fragment> {
        [
            Kind::Reflex,
            Kind::Procedure,
            Kind::Obligation,
            Kind::Message,
            Kind::Role,
        ]
        .into_iter()
        .find_map(|k| self.fragment(k, id))
    }

    fn link(text: Option<&str>, id: &str, anchor: Option<String>) -> Link {
        Link {
            text: text.unwrap_or(id).to_string(),
            anchor,
        }
    }

    pub fn fragment_link(&self, id: &str) -> Link {
        let f = self.find_fragment(id);
        let a = f
            .filter(|f| self.is_printed(f.kind, id))
            .map(|f| anchor(f.kind.as_str(), id));
        Self::link(f.map(Fragment::title), id, a)
    }

    pub fn role_link(&self, id: &str) -> Link {
        let f = self.fragment(Kind::Role, id);
        let a = f
            .filter(|_| self.is_printed(Kind::Role, id))
            .map(|_| anchor("role", id));
        Self::link(f.map(Fragment::title), id, a)
    }

    pub fn app_link(&self, id: &str) -> Link {
        let a = self.application(id);
        Self::link(
            a.map(|a| a.name.v.as_str()),
            id,
            a.map(|_| anchor("application", id)),
        )
    }

    pub fn function_link(&self, id: &str) -> Link {
        let f = self.function(id);
        Self::link(
            f.map(|f| f.name.v.as_str()),
            id,
            f.map(|_| anchor("function", id)),
        )
    }

    pub fn contact_link(&self, id: &str) -> Link {
        let c = self.contact(id);
        Self::link(
            c.map(|c| c.name.v.as_str()),
            id,
            c.map(|_| anchor("contact", id)),
        )
    }

    /// A channel's printed value: the mask label when the audience masks it.
    pub fn channel_value(&self, c: &Channel) -> (String, bool) {
        if self.audience.masks(c) {
            (self.labels.masked.to_string(), true)
        } else {
            (c.value.v.clone(), false)
        }
    }

    fn make_person(&self, c: &Contact) -> Person {
        let best = c.best_phone();
        let (phone, masked) = match best {
            Some(ch) => {
                let (v, m) = self.channel_value(ch);
                (Some(v), m)
            }
            None => (None, false),
        };
        Person {
            id: c.id.v.clone(),
            name: c.name.v.clone(),
            anchor: anchor("contact", &c.id.v),
            tel: best.filter(|_| !masked).and_then(|ch| tel(&ch.value.v)),
            phone,
            masked,
            h24: best.is_some_and(|ch| ch.h24),
        }
    }

    pub fn person(&self, c: &Contact) -> Person {
        self.people
            .get(c.id.v.as_str())
            .cloned()
            .unwrap_or_else(|| self.make_person(c))
    }

    pub fn person_by_id(&self, id: &str) -> Option<Person> {
        self.people.get(id).cloned()
    }

    /// Who holds a role: the cell's holder and deputy when the role sits in the crisis cell, else every
    /// contact that lists the role.
    pub fn role_holders(&self, role: &str) -> &[&'a Contact] {
        self.holders
            .get(role)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// `Name` linking to the directory, then the phone as a code span (a `tel:` link when it has one), or the
    /// mask label in italics: no parentheses, so the reference reads well inside the author's own.
    fn person_md(&self, c: &Contact) -> String {
        let Some(p) = self.people.get(c.id.v.as_str()) else {
            return escape_md(&c.name.v);
        };
        let name = format!("[{}](#{})", escape_md(&p.name), p.anchor);
        match (&p.phone, &p.tel) {
            (Some(ph), _) if p.masked => format!("{name} *{}*", escape_md(ph)),
            (Some(ph), Some(tel)) if !ph.contains('`') => format!("{name} [`{ph}`]({tel})"),
            (Some(ph), _) if !ph.contains('`') => format!("{name} `{ph}`"),
            (Some(ph), _) => format!("{name} {}", escape_md(ph)),
            (None, _) => name,
        }
    }

    /// A contact cited in markdown (`[Name](#contact-id) `phone``), or the id when unknown.
    pub fn contact_md(&self, id: &str) -> String {
        self.contact(id)
            .map_or_else(|| escape_md(id), |c| self.person_md(c))
    }

    /// Resolves the `{{…}}` references of a markdown text (spec §2.7).
    /// A number or address the audience masks, typed literally rather than cited, is masked too.
    pub fn md(&self, text: &str) -> String {
        if !text.contains("{{") && self.literal.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 64);
        // Backticks seen so far: an odd count means a code span is open (the mask is then written plainly).
        let mut ticks = 0;
        for p in refs::split(text) {
            match p {
                Piece::Text(t) => self.push_masked(&mut out, t, &mut ticks),
                Piece::Bad { raw, .. } => {
                    ticks += raw.matches('`').count();
                    out.push_str(&escape_md(raw));
                }
                Piece::Ref { kind, id, raw } => out.push_str(&self.resolve(kind, id, raw)),
            }
        }
        out
    }

    /// Appends markdown `text`, the numbers and addresses the audience masks replaced by the mask label.
    fn push_masked(&self, out: &mut String, text: &str, ticks: &mut usize) {
        let mut last = 0;
        for r in self.literal.find(text) {
            let before = &text[last..r.start];
            *ticks += before.matches('`').count();
            out.push_str(before);
            if *ticks % 2 == 1 {
                out.push_str(self.labels.masked);
            } else {
                out.push('*');
                out.push_str(&escape_md(self.labels.masked));
                out.push('*');
            }
            last = r.end;
        }
        *ticks += text[last..].matches('`').count();
        out.push_str(&text[last..]);
    }

    fn resolve(&self, kind: RefKind, id: &str, raw: &str) -> String {
        let link = |l: Link| match l.anchor {
            Some(a) => format!("[{}](#{a})", escape_md(&l.text)),
            None => escape_md(&l.text),
        };
        match kind {
            RefKind::Contact => self
                .contact(id)
                .map_or_else(|| escape_md(raw), |c| self.person_md(c)),
            RefKind::Role => {
                let title = link(self.role_link(id));
                let people: Vec<String> = self
                    .role_holders(id)
                    .iter()
                    .take(2)
                    .map(|c| self.person_md(c))
                    .collect();
                if people.is_empty() {
                    title
                } else {
                    format!("{title} ({})", people.join(", "))
                }
            }
            RefKind::Fragment => link(self.fragment_link(id)),
            RefKind::Application => link(self.app_link(id)),
        }
    }

    pub fn md_opt(&self, t: &Option<crate::model::Text>) -> Option<String> {
        t.as_ref().map(|t| self.md(&t.v))
    }

    pub fn steps(&self, f: &Fragment) -> Vec<StepItem> {
        f.f.steps().iter().map(|s| self.step(s)).collect()
    }

    fn step(&self, s: &Step) -> StepItem {
        StepItem {
            id: s.id.as_ref().map(|i| i.v.clone()),
            text: self.md(&s.text.v),
            who: s.who.as_ref().map(|w| self.role_link(&w.v)),
            within: s
                .within
                .as_ref()
                .map(|w| w.v.display(self.plan.manifest.language)),
            minutes: s.within.as_ref().map(|w| w.v.minutes()),
            needs_it: s.needs_it.as_ref().is_some_and(|n| n.v),
        }
    }

    pub fn date(&self, d: chrono::NaiveDate) -> String {
        self.labels.date_short(d)
    }

    pub fn channel_href(kind: ChannelType, value: &str) -> Option<String> {
        match kind {
            k if k.is_phone() => tel(value),
            ChannelType::Email => Some(format!("mailto:{}", value.trim())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lang, Sp};
    use crate::source::Loc;

    fn plan() -> Plan {
        let t = |s: &str| Sp::new(s.to_string(), Loc::default());
        let channel = |value: &str, confidential: bool| Channel {
            kind: Sp::new(ChannelType::Mobile, Loc::default()),
            value: t(value),
            label: None,
            h24: true,
            independent_of_is: true,
            confidential,
            loc: Loc::default(),
        };
        let mut plan = Plan::default();
        plan.contacts.push(Contact {
            id: t("dg"),
            name: t("Marc Delaunay"),
            organization: None,
            roles: Vec::new(),
            deputy: None,
            verified_on: None,
            channels: vec![channel("06 00 00 10 01", true)],
            complete: false,
            notes: None,
            sources: Vec::new(),
            loc: Loc::default(),
            layer: 1,
        });
        plan.contacts.push(Contact {
            id: t("garde"),
            name: t("Garde"),
            channels: vec![channel("06 00 00 11 00", false)],
            ..plan.contacts[0].clone()
        });
        plan
    }

    #[test]
    fn literal_confidential_numbers_are_masked_for_ars() {
        let plan = plan();
        let labels = Labels::get(Lang::Fr);
        let text = "Appeler le DG au 06 00 00 10 01 (`+33 6 00 00 10 01`), {{contact:dg}}, sinon [la garde](tel:0600001100) au 06 00 00 11 00.";
        let internal = Audience::internal();
        assert_eq!(
            Ctx::new(&plan, labels, &internal).md(text),
            "Appeler le DG au 06 00 00 10 01 (`+33 6 00 00 10 01`), [Marc Delaunay](#contact-dg) [`06 00 00 10 01`](tel:0600001001), sinon [la garde](tel:0600001100) au 06 00 00 11 00."
        );
        let ars = Audience::resolve("ars", &plan.manifest).unwrap_or_else(|_| Audience::internal());
        let md = Ctx::new(&plan, labels, &ars).md(text);
        assert_eq!(
            md,
            "Appeler le DG au *\\[masqué\\]* (`[masqué]`), [Marc Delaunay](#contact-dg) *\\[masqué\\]*, sinon [la garde](tel:0600001100) au 06 00 00 11 00."
        );
        // Rendered, the mask reads as the label and no form of the number is left.
        let html = super::super::markdown::to_html(&md);
        assert!(
            html.contains("<em>[masqué]</em>") && html.contains("<code>[masqué]</code>"),
            "{html}"
        );
        assert!(!html.contains("10 01") && !html.contains("1001"), "{html}");
        // Texts without references are masked too.
        assert_eq!(
            Ctx::new(&plan, labels, &ars).md("Portable : 0600001001"),
            "Portable : *\\[masqué\\]*"
        );
    }

    #[test]
    fn tel_targets() {
        assert_eq!(tel("04 74 00 10 20").as_deref(), Some("tel:0474001020"));
        assert_eq!(
            tel("+33 6 12 34 56 78").as_deref(),
            Some("tel:+33612345678")
        );
        assert_eq!(tel("canal 1"), Some("tel:1".into()));
        assert_eq!(tel("radio"), None);
    }
}
