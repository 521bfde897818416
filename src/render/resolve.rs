//! What the view builder needs to cite objects: which fragments are printed, anchors, contacts as
//! [`Person`]s (with the audience's mask), and `{{…}}` references resolved inside markdown text.

use super::audience::Audience;
use super::labels::Labels;
use super::markdown::escape_md;
use super::view::{Link, Person, StepItem};
use crate::model::{Channel, ChannelType, Contact, Fragment, Kind, Plan, Step};
use crate::refs::{self, Piece, RefKind};
use std::collections::BTreeSet;

pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub labels: &'static Labels,
    pub audience: &'a Audience,
    /// Fragments that appear in the document (kind, id).
    pub printed: BTreeSet<(Kind, String)>,
}

/// `reflex-premiers-gestes`, `contact-rssi`… (ids are kebab-case, so anchors are safe in HTML and PDF).
pub fn anchor(prefix: &str, id: &str) -> String {
    format!("{prefix}-{id}")
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
        let printed = plan
            .fragments
            .values()
            .filter(|f| !audience.excludes(f))
            .filter(|f| match f.kind {
                Kind::Obligation => condition_holds(plan, f),
                Kind::Procedure => {
                    f.f.function
                        .as_ref()
                        .is_some_and(|fid| plan.function(&fid.v).is_some())
                }
                _ => true,
            })
            .map(|f| f.key())
            .collect();
        Ctx {
            plan,
            labels,
            audience,
            printed,
        }
    }

    pub fn is_printed(&self, kind: Kind, id: &str) -> bool {
        self.printed.contains(&(kind, id.to_string()))
    }

    /// Printed fragments of one kind, by `order` then id.
    pub fn of_kind(&self, kind: Kind) -> Vec<&'a Fragment> {
        self.plan
            .of_kind(kind)
            .into_iter()
            .filter(|f| self.is_printed(kind, &f.id.v))
            .collect()
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
        .find_map(|k| self.plan.get(k, id))
    }

    pub fn fragment_link(&self, id: &str) -> Link {
        match self.find_fragment(id) {
            Some(f) => Link {
                text: f.title().to_string(),
                anchor: self
                    .is_printed(f.kind, id)
                    .then(|| anchor(f.kind.as_str(), id)),
            },
            None => Link {
                text: id.to_string(),
                anchor: None,
            },
        }
    }

    pub fn role_link(&self, id: &str) -> Link {
        match self.plan.get(Kind::Role, id) {
            Some(f) => Link {
                text: f.title().to_string(),
                anchor: self.is_printed(Kind::Role, id).then(|| anchor("role", id)),
            },
            None => Link {
                text: id.to_string(),
                anchor: None,
            },
        }
    }

    pub fn app_link(&self, id: &str) -> Link {
        Link {
            text: self
                .plan
                .application(id)
                .map_or(id, |a| a.name.v.as_str())
                .to_string(),
            anchor: self.plan.application(id).map(|_| anchor("application", id)),
        }
    }

    pub fn function_link(&self, id: &str) -> Link {
        Link {
            text: self
                .plan
                .function(id)
                .map_or(id, |f| f.name.v.as_str())
                .to_string(),
            anchor: self.plan.function(id).map(|_| anchor("function", id)),
        }
    }

    pub fn contact_link(&self, id: &str) -> Link {
        Link {
            text: self
                .plan
                .contact(id)
                .map_or(id, |c| c.name.v.as_str())
                .to_string(),
            anchor: self.plan.contact(id).map(|_| anchor("contact", id)),
        }
    }

    /// A channel's printed value: the mask label when the audience masks it.
    pub fn channel_value(&self, c: &Channel) -> (String, bool) {
        if self.audience.masks(c) {
            (self.labels.masked.to_string(), true)
        } else {
            (c.value.v.clone(), false)
        }
    }

    pub fn person(&self, c: &Contact) -> Person {
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

    pub fn person_by_id(&self, id: &str) -> Option<Person> {
        self.plan.contact(id).map(|c| self.person(c))
    }

    /// Who holds a role: the cell's holder and deputy when the role sits in the crisis cell, else every
    /// contact that lists the role.
    pub fn role_holders(&self, role: &str) -> Vec<&'a Contact> {
        let plan = self.plan;
        if let Some(m) = plan.establishment.members.iter().find(|m| m.role.v == role) {
            let mut v: Vec<&Contact> = [&m.holder, &m.deputy]
                .into_iter()
                .flatten()
                .filter_map(|id| plan.contact(&id.v))
                .collect();
            v.dedup_by(|a, b| a.id.v == b.id.v);
            if !v.is_empty() {
                return v;
            }
        }
        plan.holders(role)
    }

    /// `Name` linking to the directory, then the phone as a code span (a `tel:` link when it has one), or the
    /// mask label in italics: no parentheses, so the reference reads well inside the author's own.
    fn person_md(&self, c: &Contact) -> String {
        let p = self.person(c);
        let name = format!("[{}](#{})", escape_md(&p.name), p.anchor);
        match (p.phone, p.tel) {
            (Some(ph), _) if p.masked => format!("{name} *{}*", escape_md(&ph)),
            (Some(ph), Some(tel)) if !ph.contains('`') => format!("{name} [`{ph}`]({tel})"),
            (Some(ph), _) if !ph.contains('`') => format!("{name} `{ph}`"),
            (Some(ph), _) => format!("{name} {}", escape_md(&ph)),
            (None, _) => name,
        }
    }

    /// A contact cited in markdown (`[Name](#contact-id) `phone``), or the id when unknown.
    pub fn contact_md(&self, id: &str) -> String {
        self.plan
            .contact(id)
            .map_or_else(|| escape_md(id), |c| self.person_md(c))
    }

    /// Resolves the `{{…}}` references of a markdown text (spec §2.7).
    pub fn md(&self, text: &str) -> String {
        if !text.contains("{{") {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 64);
        for p in refs::split(text) {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Bad { raw, .. } => out.push_str(&escape_md(raw)),
                Piece::Ref { kind, id, raw } => out.push_str(&self.resolve(kind, id, raw)),
            }
        }
        out
    }

    fn resolve(&self, kind: RefKind, id: &str, raw: &str) -> String {
        let link = |l: Link| match l.anchor {
            Some(a) => format!("[{}](#{a})", escape_md(&l.text)),
            None => escape_md(&l.text),
        };
        match kind {
            RefKind::Contact => self
                .plan
                .contact(id)
                .map_or_else(|| escape_md(raw), |c| self.person_md(c)),
            RefKind::Role => {
                let title = link(self.role_link(id));
                let people: Vec<String> = self
                    .role_holders(id)
                    .into_iter()
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

/// `condition: nis2` holds only for NIS2 entities; no condition always holds.
pub fn condition_holds(plan: &Plan, f: &Fragment) -> bool {
    match f.f.condition.as_ref().map(|c| c.v.trim()) {
        Some("nis2") => plan.establishment.nis2_entity,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
