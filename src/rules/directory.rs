//! The crisis directory: core roles reachable around the clock outside the IS (CONTACT-247-CORE), the external
//! contacts a cyber crisis needs (CONTACT-EXT-MIN), and how recently numbers were checked (CONTACT-FRESH).

use super::{Finding, Msg, Outcome, Rule, RuleInputs, msg};
use crate::diag::Severity;
use crate::model::{ChannelType, Contact};
use crate::placeholders::is_example_phone;

pub const CONTACT_247_CORE: Rule = Rule {
    id: "CONTACT-247-CORE",
    severity: Severity::Error,
    title: "Director on duty, IT on-call, DSI and RSSI reachable 24/7 by voice outside the hospital IS",
    rationale: "When the IS is down, the IP phones and the mail go with it: the people who start the response \
                must be reachable day and night by voice on a channel that does not depend on it (ANSSI, \
                « Attaques par rançongiciels, tous concernés », 2020; CERT Santé guidance). An e-mail or a web \
                address never wakes anyone up, and a deputy who is already another core role's on-call \
                cannot answer for two.",
    fix: "Give each role's holder (the crisis cell's `holder`, else the contacts with the role) a `phone`, \
          `mobile`, `radio` or `satellite` channel with `h24: true` and `independent_of_is: true` (a mobile on \
          a separate carrier, a radio), or name a deputy who holds no other core role and has one.",
    check: core_247,
};

pub const CONTACT_EXT_MIN: Rule = Rule {
    id: "CONTACT-EXT-MIN",
    severity: Severity::Error,
    title: "The external contacts of a cyber crisis are in the directory",
    rationale: "The report (CSP L1111-8-2), the CNIL notification (GDPR art. 33), the complaint and the \
                insurance claim (code des assurances L12-10-1), the diversion of patients (SAMU), blood \
                products without the IS (EFS) and the restart of critical applications all need a number \
                found in minutes, without the IS. The emergency number 17 dispatches a patrol; it does not \
                take a complaint.",
    fix: "Complete the national slots in `contacts.yaml` (same id: `ars`, `cert-sante`, `cnil`, \
          `police-gendarmerie` with the local unit, `assureur`, `samu`, and `efs` with transfusion), keep the \
          portal address https://signalement.social-sante.gouv.fr, name a DPO (`roles: [dpo]`) and give each \
          critical application a `vendor` contact.",
    check: ext_min,
};

pub const CONTACT_FRESH: Rule = Rule {
    id: "CONTACT-FRESH",
    severity: Severity::Warning,
    title: "Every contact was verified recently",
    rationale: "A directory goes stale quickly (people move, numbers change); each number is checked by a \
                real call at least every six months (ANSSI, « Crise d'origine cyber », 2021: an up-to-date \
                directory available offline).",
    fix: "Call each contact, correct the numbers and update its `verified_on` date.",
    check: fresh,
};

/// The roles that start the response (spec §5).
pub(crate) const CORE_ROLES: [&str; 4] = ["administrateur-garde", "astreinte-si", "dsi", "rssi"];

/// Channel types that carry a voice (spec §7.4): e-mail, URL, SMS or a pager never count.
const VOICE: [ChannelType; 4] = [
    ChannelType::Phone,
    ChannelType::Mobile,
    ChannelType::Radio,
    ChannelType::Satellite,
];

/// A voice channel both `h24` and `independent_of_is`, with a real number: `pbn init`'s example numbers
/// (`+33 6 00 00 00 03`) ring nobody.
fn reachable(c: &Contact) -> bool {
    c.channels.iter().any(|ch| {
        VOICE.contains(&ch.kind.v)
            && ch.h24
            && ch.independent_of_is
            && !is_example_phone(&ch.value.v)
    })
}

/// The holders of a role (spec §7.4): the crisis cell's `holder` of that position, else the contacts with
/// the role in their `roles`.
pub(crate) fn role_holders<'a>(cx: &RuleInputs<'a>, role: &str) -> Vec<&'a Contact> {
    let plan = cx.plan;
    let cell: Vec<&Contact> = plan
        .establishment
        .members
        .iter()
        .filter(|m| m.role.v == role)
        .filter_map(|m| m.holder.as_ref().and_then(|h| plan.contact(&h.v)))
        .collect();
    if !cell.is_empty() {
        return cell;
    }
    plan.holders(role)
}

/// The deputies of a role: the crisis cell's `deputy` of that position, else the holders' own `deputy`.
fn role_deputies<'a>(cx: &RuleInputs<'a>, role: &str, holders: &[&Contact]) -> Vec<&'a Contact> {
    let plan = cx.plan;
    let cell: Vec<&Contact> = plan
        .establishment
        .members
        .iter()
        .filter(|m| m.role.v == role)
        .filter_map(|m| m.deputy.as_ref().and_then(|d| plan.contact(&d.v)))
        .collect();
    if !cell.is_empty() {
        return cell;
    }
    holders
        .iter()
        .filter_map(|h| h.deputy.as_ref().and_then(|d| plan.contact(&d.v)))
        .collect()
}

/// The core roles other than `role` that a contact already answers for: those it holds (crisis-cell holder,
/// or the role in its `roles`), then those it deputises in the crisis cell. Either way, when the IS falls it
/// is called for that role too and cannot answer for two.
fn other_core_roles(
    cx: &RuleInputs,
    c: &Contact,
    role: &str,
) -> (Vec<&'static str>, Vec<&'static str>) {
    let others = CORE_ROLES.into_iter().filter(|r| *r != role);
    let held: Vec<&str> = others
        .clone()
        .filter(|r| {
            c.roles.iter().any(|x| x.v == *r)
                || role_holders(cx, r).iter().any(|h| h.id.v == c.id.v)
        })
        .collect();
    let deputised = others
        .filter(|r| !held.contains(r))
        .filter(|r| {
            cx.plan
                .establishment
                .members
                .iter()
                .any(|m| m.role.v == *r && m.deputy.as_ref().is_some_and(|d| d.v == c.id.v))
        })
        .collect();
    (held, deputised)
}

/// `` `a`, `b` ``.
fn quoted(roles: &[&str]) -> String {
    roles
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a deputy does not cover the role, or `None` when it does.
fn deputy_gap(cx: &RuleInputs, d: &Contact, role: &str) -> Option<Msg> {
    let (held, deputised) = other_core_roles(cx, d, role);
    if !held.is_empty() {
        return Some(msg(
            format!(
                "its deputy `contact:{}` also holds the core role {}",
                d.id.v,
                quoted(&held)
            ),
            format!(
                "son suppléant `contact:{}` tient aussi le rôle essentiel {}",
                d.id.v,
                quoted(&held)
            ),
        ));
    }
    if !deputised.is_empty() {
        return Some(msg(
            format!(
                "its deputy `contact:{}` is also the crisis cell's deputy for the core role {}",
                d.id.v,
                quoted(&deputised)
            ),
            format!(
                "son suppléant `contact:{}` est aussi le suppléant, dans la cellule de crise, du rôle \
                 essentiel {}",
                d.id.v,
                quoted(&deputised)
            ),
        ));
    }
    (!reachable(d)).then(|| {
        msg(
            format!("its deputy `contact:{}` has no such channel either", d.id.v),
            format!(
                "son suppléant `contact:{}` n'a pas non plus un tel moyen de contact",
                d.id.v
            ),
        )
    })
}

fn core_247(cx: &RuleInputs) -> Outcome {
    let mut out = Vec::new();
    for role in CORE_ROLES {
        let holders = role_holders(cx, role);
        let Some(first) = holders.first() else {
            out.push(Finding::new(
                format!("role:{role}"),
                None,
                msg(
                    format!("no contact holds the role `{role}`"),
                    format!("aucun contact ne tient le rôle `{role}`"),
                ),
            ));
            continue;
        };
        if holders.iter().any(|c| reachable(c)) {
            continue;
        }
        let deputies = role_deputies(cx, role, &holders);
        let gaps: Vec<(&Contact, Option<Msg>)> = deputies
            .iter()
            .map(|d| (*d, deputy_gap(cx, d, role)))
            .collect();
        let names: Vec<String> = holders
            .iter()
            .map(|c| format!("`contact:{}`", c.id.v))
            .collect();
        if let Some((d, _)) = gaps.iter().find(|(_, gap)| gap.is_none()) {
            out.push(
                Finding::new(
                    format!("contact:{}", first.id.v),
                    first.loc,
                    msg(
                        format!(
                            "`{role}`: its holder {} has no 24/7 voice channel independent of the IS; the \
                             deputy `contact:{}` covers the role",
                            names.join(", "),
                            d.id.v
                        ),
                        format!(
                            "`{role}` : son titulaire {} n'a pas de moyen vocal joignable 24 h/24 hors du SI ; \
                             le suppléant `contact:{}` couvre le rôle",
                            names.join(", "),
                            d.id.v
                        ),
                    ),
                )
                .note(),
            );
            continue;
        }
        let (why, why_fr) = if gaps.is_empty() {
            (
                "and it has no deputy".to_string(),
                "et il n'a pas de suppléant".to_string(),
            )
        } else {
            let list: Vec<Msg> = gaps.into_iter().filter_map(|(_, g)| g).collect();
            let en: Vec<&str> = list.iter().map(|m| m.en.as_str()).collect();
            let fr: Vec<&str> = list.iter().map(|m| m.fr.as_str()).collect();
            (
                format!("and no deputy covers it: {}", en.join("; ")),
                format!("et aucun suppléant ne le couvre : {}", fr.join(" ; ")),
            )
        };
        let only_written = holders.iter().any(|c| {
            c.channels
                .iter()
                .any(|ch| ch.h24 && ch.independent_of_is && !VOICE.contains(&ch.kind.v))
        });
        let example = holders
            .iter()
            .flat_map(|c| c.channels.iter())
            .find(|ch| VOICE.contains(&ch.kind.v) && is_example_phone(&ch.value.v));
        let (aside, aside_fr) = if let Some(ch) = example {
            (
                format!(" (« {} » is an example number, not a line)", ch.value.v),
                format!(
                    " (« {} » est un numéro d'exemple, pas une ligne)",
                    ch.value.v
                ),
            )
        } else if only_written {
            (
                " (an e-mail, URL, SMS or pager channel does not count)".to_string(),
                " (un courriel, une adresse web, un SMS ou un bip ne comptent pas)".to_string(),
            )
        } else {
            (String::new(), String::new())
        };
        out.push(Finding::new(
            format!("contact:{}", first.id.v),
            first.loc,
            msg(
                format!(
                    "`{role}`: its holder {} has no voice channel (phone, mobile, radio, satellite) that is \
                     both 24/7 and independent of the IS{aside}, {why}",
                    names.join(", ")
                ),
                format!(
                    "`{role}` : son titulaire {} n'a pas de moyen vocal (téléphone, mobile, radio, satellite) \
                     à la fois joignable 24 h/24 et indépendant du SI{aside_fr}, {why_fr}",
                    names.join(", ")
                ),
            ),
        ));
    }
    Outcome::Checked(out)
}

/// A national slot still as the baseline left it, or a contact without a channel other than an example
/// number (`pbn init` writes `+33 1 00 00 00 06` for the ARS).
fn unfilled(c: Option<&Contact>) -> bool {
    c.is_none_or(|c| {
        (c.layer == 0 && c.complete) || c.channels.iter().all(|ch| is_example_phone(&ch.value.v))
    })
}

/// The host of an http(s) URL, lower case, without `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"))?;
    let h = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    Some(h.strip_prefix("www.").unwrap_or(&h).to_string())
}

/// The national portal for reporting adverse health events, IS incidents included (CSP L1111-8-2).
const PORTAL_HOST: &str = "signalement.social-sante.gouv.fr";

/// Emergency numbers: they dispatch help, they do not take a complaint (baseline review, finding 13).
const EMERGENCY: [&str; 4] = ["15", "17", "18", "112"];

fn is_emergency_number(v: &str) -> bool {
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    EMERGENCY.contains(&digits.as_str())
}

/// A channel where the local unit answers to arrange the complaint: its phone line or its counter (`other`:
/// an address), not an emergency number, an example number, an e-mail or a web form.
fn takes_complaints(ch: &crate::model::Channel) -> bool {
    matches!(
        ch.kind.v,
        ChannelType::Phone | ChannelType::Mobile | ChannelType::Other
    ) && !is_emergency_number(&ch.value.v)
        && !is_example_phone(&ch.value.v)
}

/// The slots every plan completes (spec §2.8, §7.2), and `efs` when the establishment declares transfusion.
/// The national slots to complete: (id, what in English, what in French).
fn required_slots(cx: &RuleInputs) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut slots = vec![
        ("ars", "the ARS", "l'ARS"),
        ("cert-sante", "CERT Santé", "le CERT Santé"),
        ("cnil", "the CNIL", "la CNIL"),
        (
            "police-gendarmerie",
            "the police or gendarmerie",
            "la police ou la gendarmerie",
        ),
        ("assureur", "the insurer", "l'assureur"),
        (
            "samu",
            "the SAMU (regulating line of the département)",
            "le SAMU (ligne de régulation du département)",
        ),
    ];
    if cx.plan.function("transfusion").is_some() {
        slots.push((
            "efs",
            "the EFS (blood supply, declared `transfusion` function)",
            "l'EFS (produits sanguins, fonction `transfusion` déclarée)",
        ));
    }
    slots
}

fn ext_min(cx: &RuleInputs) -> Outcome {
    let plan = cx.plan;
    let mut out = Vec::new();
    for (id, what, what_fr) in required_slots(cx) {
        if unfilled(plan.contact(id)) {
            out.push(Finding::new(
                format!("contact:{id}"),
                None,
                msg(
                    format!("the directory has no usable contact for {what}: complete the `{id}` slot"),
                    format!(
                        "l'annuaire n'a pas de contact utilisable pour {what_fr} : compléter l'emplacement `{id}`"
                    ),
                ),
            ));
        }
    }
    if let Some(p) = plan
        .contact("police-gendarmerie")
        .filter(|c| !unfilled(Some(c)))
        .filter(|c| !c.channels.iter().any(takes_complaints))
    {
        out.push(Finding::new(
            "contact:police-gendarmerie",
            p.loc,
            msg(
                "`police-gendarmerie` gives no number of the local unit, only an emergency number (17, \
                 112) or a written channel, and neither takes a complaint: give the phone number of the \
                 local police station or gendarmerie unit",
                "`police-gendarmerie` ne donne pas le numéro de l'unité locale, seulement un numéro \
                 d'urgence (17, 112) ou un moyen écrit, qui ne reçoivent pas de plainte : donner le numéro \
                 du commissariat ou de la brigade de gendarmerie locale",
            ),
        ));
    }
    let portal = plan.contacts.iter().any(|c| {
        c.channels.iter().any(|ch| {
            ch.kind.v == ChannelType::Url && host(&ch.value.v).as_deref() == Some(PORTAL_HOST)
        })
    });
    if !portal {
        out.push(Finding::new(
            "contact:cert-sante",
            plan.contact("cert-sante").map(|c| c.loc),
            msg(
                format!(
                    "no contact gives the address of the national signalement portal (https://{PORTAL_HOST})"
                ),
                format!(
                    "aucun contact ne donne l'adresse du portail national de signalement \
                     (https://{PORTAL_HOST})"
                ),
            ),
        ));
    }
    if cx.holders("dpo").is_empty() {
        out.push(Finding::new(
            "role:dpo",
            None,
            msg(
                "no contact holds the role `dpo` (data protection officer, who notifies the CNIL)",
                "aucun contact ne tient le rôle `dpo` (délégué à la protection des données, qui notifie \
                 la CNIL)",
            ),
        ));
    }
    for app in plan
        .establishment
        .applications
        .iter()
        .filter(|a| a.critical.v)
    {
        let subject = format!("application:{}", app.id.v);
        match &app.vendor {
            None => out.push(Finding::new(
                subject,
                app.loc,
                msg(
                    format!(
                        "critical application `{}` names no vendor contact",
                        app.id.v
                    ),
                    format!(
                        "l'application critique `{}` ne désigne pas de contact éditeur",
                        app.id.v
                    ),
                ),
            )),
            Some(v) if unfilled(plan.contact(&v.v)) => out.push(Finding::new(
                subject,
                v.loc,
                msg(
                    format!(
                        "the vendor `{}` of `{}` has no usable contact",
                        v.v, app.id.v
                    ),
                    format!(
                        "l'éditeur `{}` de `{}` n'a pas de contact utilisable",
                        v.v, app.id.v
                    ),
                ),
            )),
            Some(v) => {
                let h24 = plan
                    .contact(&v.v)
                    .is_some_and(|c| c.channels.iter().any(|ch| ch.h24));
                if !h24 {
                    out.push(
                        Finding::new(
                            subject,
                            plan.contact(&v.v).map(|c| c.loc),
                            msg(
                                format!(
                                    "the vendor `{}` of critical application `{}` has no 24/7 channel",
                                    v.v, app.id.v
                                ),
                                format!(
                                    "l'éditeur `{}` de l'application critique `{}` n'est pas joignable \
                                     24 h/24",
                                    v.v, app.id.v
                                ),
                            ),
                        )
                        .note(),
                    );
                }
            }
        }
    }
    Outcome::Checked(out)
}

fn fresh(cx: &RuleInputs) -> Outcome {
    let months = cx.th.contact_freshness_months;
    let limit = cx.months_ago(months);
    let mut out = Vec::new();
    // National contacts (layer 0) are the baseline's to maintain.
    for c in cx.plan.contacts.iter().filter(|c| c.layer > 0) {
        let subject = format!("contact:{}", c.id.v);
        match &c.verified_on {
            None => out.push(Finding::new(
                subject,
                c.loc,
                msg(
                    format!("contact `{}` has no `verified_on` date", c.id.v),
                    format!(
                        "le contact `{}` n'a pas de date de vérification (`verified_on`)",
                        c.id.v
                    ),
                ),
            )),
            // A check not yet made is no check (often a typo in the year).
            Some(d) if d.v > cx.as_of => out.push(Finding::new(
                subject,
                d.loc,
                msg(
                    format!(
                        "contact `{}` is marked verified on {}, after the review date",
                        c.id.v,
                        d.v.format("%Y-%m-%d")
                    ),
                    format!(
                        "le contact `{}` est indiqué vérifié le {}, après la date de l'examen",
                        c.id.v,
                        d.v.format("%Y-%m-%d")
                    ),
                ),
            )),
            Some(d) if d.v < limit => out.push(Finding::new(
                subject,
                d.loc,
                msg(
                    format!(
                        "contact `{}` was last verified on {}, more than {months} months ago",
                        c.id.v,
                        d.v.format("%Y-%m-%d")
                    ),
                    format!(
                        "le contact `{}` a été vérifié pour la dernière fois le {}, il y a plus de {months} mois",
                        c.id.v,
                        d.v.format("%Y-%m-%d")
                    ),
                ),
            )),
            Some(_) => {}
        }
    }
    // In file order (the baseline's slots come first in the merged list).
    out.sort_by_key(|f| f.loc);
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    #[test]
    fn core_roles_247() {
        assert!(Kit::base().passes("CONTACT-247-CORE"));
        // `it` is the only rssi; its mobile loses `independent_of_is`.
        let k = Kit::base().edit(
            "contacts.yaml",
            "\"06 71 20 40 03\", h24: true, independent_of_is: true",
            "\"06 71 20 40 03\", h24: true",
        );
        // It holds `dsi` and `rssi`; its deputy `it2` is the IT on-call, so it covers neither.
        let f = k.fails("CONTACT-247-CORE");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].message.starts_with("`dsi`") && f[1].message.starts_with("`rssi`"));
        assert!(f.iter().all(|f| {
            f.subject == "contact:it"
                && f.message
                    .contains("`contact:it2` also holds the core role `astreinte-si`")
        }));
        let k = Kit::base().edit(
            "contacts.yaml",
            "roles: [dsi, rssi, astreinte-si]",
            "roles: [dsi, astreinte-si]",
        );
        let f = k.fails("CONTACT-247-CORE");
        assert_eq!(f[0].subject, "role:rssi");
        assert!(f[0].message.contains("no contact holds"));
        // Named holder of the crisis-cell position: holds the role.
        let k = k.edit(
            "establishment.yaml",
            "    - {role: dsi, holder: it, deputy: it2}",
            "    - {role: dsi, holder: it, deputy: it2}\n    - {role: rssi, holder: it, deputy: it2}",
        );
        assert!(k.passes("CONTACT-247-CORE"));
    }

    #[test]
    fn external_contacts() {
        assert!(Kit::base().passes("CONTACT-EXT-MIN"));
        // Without the plan's `assureur`, the national slot (complete: true) is left unfilled.
        let k = Kit::base().edit(
            "contacts.yaml",
            "  - id: assureur\n",
            "  - id: assureur-ancien\n",
        );
        assert_eq!(k.failing_subjects("CONTACT-EXT-MIN"), ["contact:assureur"]);
        let k = Kit::base().edit("establishment.yaml", "\n     vendor: editeur-dpi", "");
        assert_eq!(k.failing_subjects("CONTACT-EXT-MIN"), ["application:dpi"]);
        let k = Kit::base().edit("contacts.yaml", "roles: [dpo]", "roles: []");
        assert_eq!(k.failing_subjects("CONTACT-EXT-MIN"), ["role:dpo"]);
    }

    #[test]
    fn freshness() {
        assert!(Kit::base().passes("CONTACT-FRESH"));
        assert!(Kit::base().on("2027-04-01").passes("CONTACT-FRESH"));
        let k = Kit::base().on("2027-04-02");
        assert_eq!(k.fails("CONTACT-FRESH").len(), 15);
        let k = Kit::base().edit("contacts.yaml", "    verified_on: 2026-10-01\n    channels:\n      - {type: phone, value: \"04 74 00 00 05\"}", "    channels:\n      - {type: phone, value: \"04 74 00 00 05\"}");
        assert_eq!(k.failing_subjects("CONTACT-FRESH"), ["contact:dpo"]);
        // A verification dated after the review (a typo in the year) is not a check.
        let k = Kit::base().edit(
            "contacts.yaml",
            "    verified_on: 2026-10-01\n    channels:\n      - {type: phone, value: \"04 74 00 00 05\"}",
            "    verified_on: 2027-10-01\n    channels:\n      - {type: phone, value: \"04 74 00 00 05\"}",
        );
        let f = k.fails("CONTACT-FRESH");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("after the review date"), "{f:?}");
    }

    /// The RSSI as its own contact, holder of the crisis-cell position, with `channel` and deputy `dep`.
    fn rssi_alone(channel: &str, dep: &str) -> Kit {
        Kit::base()
            .edit(
                "contacts.yaml",
                "roles: [dsi, rssi, astreinte-si]",
                "roles: [dsi, astreinte-si]",
            )
            .edit(
                "contacts.yaml",
                "contacts:\n",
                &format!(
                    "contacts:\n  - id: rssi\n    name: \"RSSI\"\n    roles: [rssi]\n    deputy: {dep}\n    \
                     verified_on: 2026-10-01\n    channels:\n      - {channel}\n"
                ),
            )
    }

    #[test]
    fn only_a_voice_channel_counts() {
        let ok = rssi_alone(
            "{type: mobile, value: \"06 71 20 40 11\", h24: true, independent_of_is: true}",
            "dpo",
        );
        assert!(
            ok.passes("CONTACT-247-CORE"),
            "{:?}",
            ok.fails("CONTACT-247-CORE")
        );
        let radio = rssi_alone(
            "{type: radio, value: \"Canal 3\", h24: true, independent_of_is: true}",
            "dpo",
        );
        assert!(radio.passes("CONTACT-247-CORE"));
        // An e-mail, however 24/7 and independent, wakes nobody; the DPO deputy has no 24/7 line either.
        let k = rssi_alone(
            "{type: email, value: \"rssi@ch-test.fr\", h24: true, independent_of_is: true}",
            "dpo",
        );
        let f = k.fails("CONTACT-247-CORE");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "contact:rssi");
        assert!(f[0].message.contains("e-mail, URL"), "{}", f[0].message);
        assert!(
            f[0].message.contains("`contact:dpo` has no such channel"),
            "{}",
            f[0].message
        );
        // A mobile that is 24/7 but goes through the hospital's IS (IP telephony) does not count.
        let k = rssi_alone(
            "{type: mobile, value: \"06 71 20 40 11\", h24: true}",
            "dpo",
        );
        assert_eq!(k.failing_subjects("CONTACT-247-CORE"), ["contact:rssi"]);
    }

    #[test]
    fn an_example_number_reaches_nobody() {
        // `pbn init`'s example number, flagged 24/7 and independent of the IS, is not a line.
        let k = rssi_alone(
            "{type: mobile, value: \"+33 6 00 00 00 03\", h24: true, independent_of_is: true}",
            "dpo",
        );
        let f = k.fails("CONTACT-247-CORE");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject, "contact:rssi");
        assert!(
            f[0].message
                .contains("« +33 6 00 00 00 03 » is an example number"),
            "{}",
            f[0].message
        );
        // An external contact reachable only at an example number is not usable either.
        let k = Kit::base().edit(
            "contacts.yaml",
            "\"04 74 00 00 07\"",
            "\"+33 1 00 00 00 06\"",
        );
        assert_eq!(k.failing_subjects("CONTACT-EXT-MIN"), ["contact:ars"]);
    }

    #[test]
    fn a_deputy_covers_only_if_free() {
        // The deputy is the director, reachable and holding no core role of the IT side… but
        // `administrateur-garde` is a core role: `dg` holds it, so it cannot cover.
        let k = rssi_alone("{type: email, value: \"rssi@ch-test.fr\"}", "dg");
        let f = k.fails("CONTACT-247-CORE");
        assert_eq!(f[0].subject, "contact:rssi");
        assert!(
            f[0].message
                .contains("`contact:dg` also holds the core role `administrateur-garde`"),
            "{}",
            f[0].message
        );
        // Subtle case: reachable only through a deputy who is also another core role's on-call.
        let k = rssi_alone("{type: email, value: \"rssi@ch-test.fr\"}", "it2");
        let f = k.fails("CONTACT-247-CORE");
        assert!(f[0].message.contains("`astreinte-si`"), "{}", f[0].message);
        // A free deputy with a 24/7 mobile covers the role: a note says so.
        let k = rssi_alone("{type: email, value: \"rssi@ch-test.fr\"}", "adjoint").edit(
            "contacts.yaml",
            "contacts:\n",
            "contacts:\n  - id: adjoint\n    name: \"Adjoint RSSI\"\n    verified_on: 2026-10-01\n    channels:\n      - {type: mobile, value: \"06 71 20 40 12\", h24: true, independent_of_is: true}\n",
        );
        assert!(k.passes("CONTACT-247-CORE"));
        let notes = k.run("CONTACT-247-CORE");
        assert!(notes[0].note && notes[0].message.contains("deputy `contact:adjoint` covers"));
        // The crisis cell's holder wins over the contacts listing the role: `garde` (reachable) named holder
        // of `rssi`… and the cell's deputy wins over the holder's own `deputy`.
        let k = rssi_alone("{type: email, value: \"rssi@ch-test.fr\"}", "adjoint").edit(
            "establishment.yaml",
            "    - {role: dsi, holder: it, deputy: it2}",
            "    - {role: dsi, holder: it, deputy: it2}\n    - {role: rssi, holder: rssi, deputy: dpo}",
        );
        let f = k.fails("CONTACT-247-CORE");
        assert!(f[0].message.contains("`contact:dpo`"), "{}", f[0].message);
        // A deputy with the role in its `roles` holds it even when the crisis cell names another holder.
        let k = rssi_alone("{type: email, value: \"rssi@ch-test.fr\"}", "dpo")
            .edit("contacts.yaml", "roles: [dpo]", "roles: [dpo, dsi]")
            .edit(
                "contacts.yaml",
                "      - {type: phone, value: \"04 74 00 00 05\"}",
                "      - {type: mobile, value: \"06 71 20 40 05\", h24: true, independent_of_is: true}",
            );
        let f = k.fails("CONTACT-247-CORE");
        assert!(
            f[0].message
                .contains("`contact:dpo` also holds the core role `dsi`"),
            "{}",
            f[0].message
        );
        // Nor does the deputy of another core position of the crisis cell.
        let k = k
            .edit("contacts.yaml", "roles: [dpo, dsi]", "roles: [dpo]")
            .edit(
                "establishment.yaml",
                "{role: dsi, holder: it, deputy: it2}",
                "{role: dsi, holder: it, deputy: dpo}",
            );
        let f = k.fails("CONTACT-247-CORE");
        assert!(
            f[0].message
                .contains("`contact:dpo` is also the crisis cell's deputy for the core role `dsi`"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn external_contacts_samu_efs_portal_police() {
        // The SAMU slot is required.
        let k = Kit::base().edit("contacts.yaml", "  - id: samu\n", "  - id: samu-01\n");
        assert_eq!(k.failing_subjects("CONTACT-EXT-MIN"), ["contact:samu"]);
        // The EFS, once the establishment declares transfusion.
        let k = Kit::base().edit("contacts.yaml", "  - id: efs\n", "  - id: efs-01\n");
        assert!(k.passes("CONTACT-EXT-MIN"));
        let k = k.edit(
            "establishment.yaml",
            "  - {id: paie-rh,",
            "  - {id: transfusion, name: \"Dépôt de sang\", criticality: vital, max_downtime: 1h}\n  - {id: paie-rh,",
        );
        assert_eq!(k.failing_subjects("CONTACT-EXT-MIN"), ["contact:efs"]);
        // « 17 » alone is not a complaint channel.
        let k = Kit::base().edit(
            "contacts.yaml",
            "      - {type: phone, value: \"04 74 21 17 17\", h24: true, independent_of_is: true}\n",
            "",
        );
        assert_eq!(
            k.failing_subjects("CONTACT-EXT-MIN"),
            ["contact:police-gendarmerie"]
        );
        // Nor « 17 » with an e-mail address: an e-mail does not take a complaint either.
        let k = Kit::base().edit(
            "contacts.yaml",
            "      - {type: phone, value: \"04 74 21 17 17\", h24: true, independent_of_is: true}\n",
            "      - {type: email, value: \"brigade@interieur.gouv.fr\"}\n",
        );
        assert_eq!(
            k.failing_subjects("CONTACT-EXT-MIN"),
            ["contact:police-gendarmerie"]
        );
        // A URL that merely contains "signalement" is not the national portal.
        let portal = "      - {type: url, value: \"https://signalement.social-sante.gouv.fr\"}\n";
        let cert = format!(
            "  - id: cert-sante\n    name: \"CERT Santé\"\n    verified_on: 2026-10-01\n    channels:\n      - {{type: phone, value: \"09 72 43 91 25\", h24: true, independent_of_is: true}}\n{portal}"
        );
        let k = Kit::base().edit(
            "contacts.yaml",
            "contacts:\n",
            &format!("contacts:\n{cert}"),
        );
        assert!(
            k.passes("CONTACT-EXT-MIN"),
            "{:?}",
            k.fails("CONTACT-EXT-MIN")
        );
        for fake in [
            "https://www.ch-test.fr/signalement",
            "https://signalement.example.com",
            "https://signalement.social-sante.gouv.fr.evil.com",
        ] {
            let k = Kit::base().edit(
                "contacts.yaml",
                "contacts:\n",
                &format!(
                    "contacts:\n{}",
                    cert.replace("https://signalement.social-sante.gouv.fr", fake)
                ),
            );
            assert_eq!(
                k.failing_subjects("CONTACT-EXT-MIN"),
                ["contact:cert-sante"],
                "{fake}"
            );
        }
    }
}
