//! What the view builder needs to cite objects: which fragments are printed, anchors, contacts as
//! [`Person`]s (with the audience's mask), and `{{…}}` references resolved inside markdown text.

use super::audience::{Audience, Literals};
use super::labels::Labels;
use super::markdown::escape_md;
use super::phrase::{self, Around};
use super::view::{Link, Person, StepItem};
use crate::model::{
    Application, Channel, ChannelType, Contact, Fragment, Function, Kind, Plan, Step,
};
use crate::refs::{self, Piece, RefKind};
use std::collections::{HashMap, HashSet};

/// The plan as one audience's document prints it: the plan, the labels and the audience, which fragments are
/// printed, contacts as (masked) [`Person`]s, and indexes for citing objects by id.
pub(crate) struct PrintedPlan<'a> {
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

impl<'a> PrintedPlan<'a> {
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
        for c in &plan.contacts {
            contacts.entry(c.id.v.as_str()).or_insert(c);
        }
        let holders = crate::model::holders::call_order(plan);
        let mut cx = PrintedPlan {
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
            Kind::Form,
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

    /// A channel's printed value: the mask label when the audience masks it.
    pub fn channel_value(&self, c: &Channel) -> (String, bool) {
        if self.audience.masks(c) {
            (self.labels.masked.to_string(), true)
        } else {
            (c.value.v.clone(), false)
        }
    }

    /// The number to call for a contact: a voice channel the audience prints before one it masks, and within
    /// each, a phone before a radio or satellite channel (a duty radio is all some on-call posts have), a 24/7
    /// one first, then the contacts-file order. `None` when the contact has no voice channel.
    fn phone_to_call<'c>(&self, c: &'c Contact) -> Option<&'c Channel> {
        c.channels
            .iter()
            .filter(|ch| ch.kind.v.is_phone() || ch.kind.v.is_radio())
            .enumerate()
            .min_by_key(|(i, ch)| (self.audience.masks(ch), !ch.kind.v.is_phone(), !ch.h24, *i))
            .map(|(_, ch)| ch)
    }

    fn make_person(&self, c: &Contact) -> Person {
        self.person_on(c, self.phone_to_call(c))
    }

    /// `c` as a [`Person`] called on channel `best`.
    fn person_on(&self, c: &Contact, best: Option<&Channel>) -> Person {
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
            tel: best
                .filter(|ch| !masked && ch.kind.v.is_phone())
                .and_then(|ch| tel(&ch.value.v)),
            phone,
            masked,
            h24: best.is_some_and(|ch| ch.h24),
        }
    }

    pub fn person_by_id(&self, id: &str) -> Option<Person> {
        self.people.get(id).cloned()
    }

    /// A contact cited in a sentence: called on the line the sentence asks for ("sur sa ligne directe": the
    /// channel labelled so, [`phrase::asked_line`]) when the contact has one the audience prints, else on
    /// its usual number ([`Self::phone_to_call`]).
    fn person_asked(&self, id: &str, around: Around) -> Option<Person> {
        let asked = phrase::asked_line(&around.sentence()).and_then(|line| {
            let c = self.contact(id)?;
            c.channels
                .iter()
                .find(|ch| {
                    ch.kind.v.is_phone()
                        && !self.audience.masks(ch)
                        && ch
                            .label
                            .as_ref()
                            .is_some_and(|l| phrase::label_names(&l.v, line))
                })
                .map(|ch| (c, ch))
        });
        match asked {
            Some((c, ch)) => Some(self.person_on(c, Some(ch))),
            None => self.person_by_id(id),
        }
    }

    /// Everyone who answers for a role, in call order ([`crate::model::holders`]: the crisis cell's holder,
    /// its deputy, then the contacts listing the role by deputy chains), each with the number to call for
    /// this audience. Empty when nobody holds the role: print [`Labels::unstaffed`] there.
    pub fn role_holders(&self, role: &str) -> Vec<&Person> {
        self.holders
            .get(role)
            .into_iter()
            .flatten()
            .filter_map(|c| self.people.get(c.id.v.as_str()))
            .collect()
    }

    /// Whom a reference to a role names (in text, the emergency box): the first two in call order; when
    /// neither has a number this audience prints, also the first holder who has one — a reader must always
    /// get a number to call when the plan has one.
    pub fn role_to_call(&self, role: &str) -> Vec<&Person> {
        let all = self.role_holders(role);
        let callable = |p: &&Person| p.phone.is_some() && !p.masked;
        let mut v: Vec<&Person> = all.iter().take(2).copied().collect();
        if !v.iter().any(callable) {
            v.extend(all.iter().skip(2).find(|p| callable(p)).copied());
        }
        v
    }

    /// `Name` linking to the directory, then the phone as a code span (a `tel:` link when it has one), or the
    /// mask label in italics: no parentheses, so the reference reads well inside the author's own.
    /// `named`: the sentence already names this contact, so only the number is printed (the name when it
    /// has none).
    fn person_md(&self, p: &Person, named: bool) -> String {
        let name = format!("[{}](#{})", escape_md(&p.name), p.anchor);
        let number = match (&p.phone, &p.tel) {
            (Some(ph), _) if p.masked => Some(format!("*{}*", escape_md(ph))),
            (Some(ph), Some(tel)) if !ph.contains('`') => Some(format!("[`{ph}`]({tel})")),
            (Some(ph), _) if !ph.contains('`') => Some(format!("`{ph}`")),
            (Some(ph), _) => Some(escape_md(ph)),
            (None, _) => None,
        };
        // "SAMU — centre 15" called on 15: the name already gives the number.
        let spelled = p
            .phone
            .as_ref()
            .is_some_and(|ph| !p.masked && phrase::name_spells(&p.name, ph));
        match number {
            Some(n) if named => n,
            Some(_) if spelled => name,
            Some(n) => format!("{name} {n}"),
            None => name,
        }
    }

    /// A contact cited in markdown (`[Name](#contact-id) `phone``), or the id when unknown.
    pub fn contact_md(&self, id: &str) -> String {
        self.person_by_id(id)
            .map_or_else(|| escape_md(id), |p| self.person_md(&p, false))
    }

    /// Resolves the `{{…}}` references of a markdown text (spec §2.7), each phrased for the words around it
    /// ([`phrase`]): what the sentence already names is not repeated.
    /// A number or address the audience masks, typed literally rather than cited, is masked too.
    pub fn md(&self, text: &str) -> String {
        if !text.contains("{{") && self.literal.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 64);
        // Backticks seen so far: an odd count means a code span is open (the mask is then written plainly).
        let mut ticks = 0;
        let mut pos = 0;
        for p in refs::split(text) {
            match p {
                Piece::Text(t) => {
                    self.push_masked(&mut out, t, &mut ticks);
                    pos += t.len();
                }
                Piece::Bad { raw, .. } => {
                    ticks += raw.matches('`').count();
                    out.push_str(&escape_md(raw));
                    pos += raw.len();
                }
                Piece::Ref { kind, id, raw } => {
                    let around = Around {
                        before: &text[..pos],
                        after: &text[pos + raw.len()..],
                    };
                    out.push_str(&self.resolve(kind, id, raw, around));
                    pos += raw.len();
                }
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

    fn resolve(&self, kind: RefKind, id: &str, raw: &str, around: Around) -> String {
        let link = |text: &str, anchor: Option<String>| match anchor {
            Some(a) => format!("[{}](#{a})", escape_md(text)),
            None => escape_md(text),
        };
        match kind {
            RefKind::Contact => match self.person_asked(id, around) {
                Some(p) => {
                    let named = around.echoes(&p.name)
                        || phrase::name_forms(&p.name)
                            .into_iter()
                            .any(|n| around.names(n));
                    let md = self.person_md(&p, named && p.phone.is_some());
                    parenthesise(md, named && !around.in_parens() && !around.after_colon())
                }
                None => escape_md(raw),
            },
            RefKind::Role => self.role_md(id, around),
            RefKind::Fragment => {
                let l = self.fragment_link(id);
                let named = phrase::name_forms(&l.text)
                    .into_iter()
                    .any(|n| around.names(n) || around.echoes(n));
                if named && l.anchor.is_some() {
                    let see = link(self.labels.see_sheet, l.anchor);
                    return parenthesise(see, !around.in_parens());
                }
                let quote = !around.quoted() && self.find_fragment(id).is_some();
                let t = link(&l.text, l.anchor);
                if quote {
                    format!("{}{t}{}", self.labels.quote_open, self.labels.quote_close)
                } else {
                    t
                }
            }
            RefKind::Application => {
                let l = self.app_link(id);
                // "dans le logiciel des urgences": a name that is a common noun, spliced after an article
                // inside a sentence, starts in lower case (acronyms and names in capitals stay).
                let text = if around.after_determiner() && !around.starts_sentence() {
                    phrase::lower_first(&l.text)
                } else {
                    l.text.clone()
                };
                link(&text, l.anchor)
            }
            RefKind::Establishment => {
                let e = &self.plan.establishment;
                let value = match id {
                    "ght" => e.ght.as_ref(),
                    _ => e.name.as_ref(),
                };
                // Not given: a blank to fill by hand, as the template had it.
                value.map_or_else(|| escape_md(&format!("[{id}]")), |v| escape_md(&v.v))
            }
        }
    }

    /// `{{role:ID}}`: the role's title (unless the sentence already names it, or the reference glosses the
    /// words before it in parentheses), then whom to call and their numbers ([`Self::role_to_call`]), "non
    /// pourvu" when nobody holds it. A holder named like the role (a duty phone) prints its number only.
    fn role_md(&self, id: &str, around: Around) -> String {
        let l = self.role_link(id);
        let title = |l: Link| {
            // Inside a sentence a title's own parenthesis ("Pharmacien (pharmacie à usage intérieur)") is
            // dropped: the holders' parenthesis follows, and two in a row read badly.
            let t = if around.starts_sentence() {
                l.text.clone()
            } else {
                phrase::lower_first(phrase::without_gloss(&l.text))
            };
            match l.anchor {
                Some(a) => format!("[{}](#{a})", escape_md(&t)),
                None => escape_md(&t),
            }
        };
        // The whole staff: nobody to name, nothing "non pourvu".
        if crate::model::holders::for_everyone(id) {
            return title(l);
        }
        let forms = phrase::name_forms(&l.text);
        let gloss = around.in_parens() || forms.iter().any(|n| around.names(n));
        let people: Vec<String> = self
            .role_to_call(id)
            .into_iter()
            .map(|p| {
                let repeats =
                    phrase::same_name(&p.name, &l.text) || (gloss && around.echoes(&p.name));
                self.person_md(p, p.phone.is_some() && repeats)
            })
            .collect();
        let who = if people.is_empty() {
            format!("*{}*", self.labels.unstaffed)
        } else {
            people.join(&format!(", {} ", self.labels.or_else))
        };
        if gloss {
            return parenthesise(who, !around.in_parens() && !around.after_colon());
        }
        // The author's own parenthesis follows ("{{role:x}} (ou le médecin de garde)"): a dash, not a second
        // parenthesis.
        if around.after.trim_start().starts_with('(') {
            return format!("{} — {who}", title(l));
        }
        format!("{} ({who})", title(l))
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

/// `(text)` when `wrap`, else `text`.
fn parenthesise(text: String, wrap: bool) -> String {
    if wrap { format!("({text})") } else { text }
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
            PrintedPlan::new(&plan, labels, &internal).md(text),
            "Appeler le DG au 06 00 00 10 01 (`+33 6 00 00 10 01`), [Marc Delaunay](#contact-dg) [`06 00 00 10 01`](tel:0600001001), sinon [la garde](tel:0600001100) au 06 00 00 11 00."
        );
        let ars = Audience::resolve("ars", &plan.manifest).unwrap_or_else(|_| Audience::internal());
        let md = PrintedPlan::new(&plan, labels, &ars).md(text);
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
            PrintedPlan::new(&plan, labels, &ars).md("Portable : 0600001001"),
            "Portable : *\\[masqué\\]*"
        );
    }

    #[test]
    fn a_role_reference_always_gives_a_number_the_audience_prints() {
        let mut plan = plan();
        let t = |s: &str| Sp::new(s.to_string(), Loc::default());
        let dga = Contact {
            id: t("dga"),
            name: t("Sophie Renaud"),
            ..plan.contacts[0].clone()
        };
        plan.contacts.insert(1, dga);
        for c in &mut plan.contacts {
            c.roles = vec![t("direction")];
        }
        let labels = Labels::get(Lang::Fr);
        let internal = Audience::internal();
        let cx = PrintedPlan::new(&plan, labels, &internal);
        let ids = |v: Vec<&Person>| v.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(cx.role_holders("direction")), ["dg", "dga", "garde"]);
        assert_eq!(ids(cx.role_to_call("direction")), ["dg", "dga"]);
        assert_eq!(
            cx.md("Appeler la direction ({{role:direction}})."),
            "Appeler la direction ([Marc Delaunay](#contact-dg) [`06 00 00 10 01`](tel:0600001001), sinon [Sophie Renaud](#contact-dga) [`06 00 00 10 01`](tel:0600001001))."
        );
        // ARS: both first numbers are masked, so the first holder with a printed number is added.
        let ars = Audience::resolve("ars", &plan.manifest).unwrap_or_else(|_| Audience::internal());
        let cx = PrintedPlan::new(&plan, labels, &ars);
        assert_eq!(ids(cx.role_to_call("direction")), ["dg", "dga", "garde"]);
        assert!(
            cx.md("{{role:direction}}")
                .ends_with(", sinon [Garde](#contact-garde) [`06 00 00 11 00`](tel:0600001100))"),
            "{}",
            cx.md("{{role:direction}}")
        );
        // Nobody holds it: said so where the names would be; the title keeps its capital at a sentence start.
        assert_eq!(
            cx.md("{{role:vide}} décide."),
            "vide (*non pourvu*) décide."
        );
    }

    #[test]
    fn references_do_not_repeat_what_the_sentence_says() {
        let mut plan = plan();
        plan.contacts[1].name.v = "Garde (téléphone de garde)".into();
        let labels = Labels::get(Lang::Fr);
        let internal = Audience::internal();
        let cx = PrintedPlan::new(&plan, labels, &internal);
        assert_eq!(
            cx.md("Appeler la garde ({{contact:garde}}) puis {{contact:dg}}."),
            "Appeler la garde ([`06 00 00 11 00`](tel:0600001100)) puis [Marc Delaunay](#contact-dg) [`06 00 00 10 01`](tel:0600001001)."
        );
        // Not named before: name and number, wrapped in nothing the author did not write.
        assert_eq!(
            cx.md("Appeler {{contact:garde}}."),
            "Appeler [Garde (téléphone de garde)](#contact-garde) [`06 00 00 11 00`](tel:0600001100)."
        );
        // An unknown fragment is quoted as its id, inside a sentence.
        assert_eq!(cx.md("voir {{fragment:absent}}"), "voir absent");
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
