//! The crisis directory: core roles reachable around the clock outside the IS (CONTACT-247-CORE), the external
//! contacts a cyber crisis needs (CONTACT-EXT-MIN), and how recently numbers were checked (CONTACT-FRESH).

use super::{Ctx, Finding, Outcome, Rule, fold};
use crate::diag::Severity;
use crate::model::{ChannelType, Contact};

pub const CONTACT_247_CORE: Rule = Rule {
    id: "CONTACT-247-CORE",
    severity: Severity::Error,
    title: "Director on duty, IT on-call, DSI and RSSI reachable 24/7 outside the hospital IS",
    rationale: "When the IS is down, the IP phones and the mail go with it: the people who start the response \
                must be reachable day and night by a channel that does not depend on it (ANSSI, « Attaques \
                par rançongiciels, tous concernés », 2020; CERT Santé guidance).",
    fix: "For each role, give at least one holder a channel with `h24: true` and `independent_of_is: true` \
          (a mobile on a separate carrier, a radio), or add `roles: [ROLE]` to a contact who has one.",
    check: core_247,
};

pub const CONTACT_EXT_MIN: Rule = Rule {
    id: "CONTACT-EXT-MIN",
    severity: Severity::Error,
    title: "The external contacts of a cyber crisis are in the directory",
    rationale: "The report (CSP L1111-8-2), the CNIL notification (GDPR art. 33), the complaint and the \
                insurance claim (code des assurances L12-10-1) and the restart of critical applications all \
                need a number found in minutes, without the IS.",
    fix: "Complete the national slots in `contacts.yaml` (same id: `ars`, `cert-sante`, `cnil`, \
          `police-gendarmerie`, `assureur`), name a DPO (`roles: [dpo]`) and give each critical \
          application a `vendor` contact.",
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

/// The roles that start the response (issue 6).
const CORE_ROLES: [&str; 4] = ["administrateur-garde", "astreinte-si", "dsi", "rssi"];

fn core_247(cx: &Ctx) -> Outcome {
    let mut out = Vec::new();
    for role in CORE_ROLES {
        let holders = cx.holders(role);
        if holders.is_empty() {
            out.push(Finding::new(
                format!("role:{role}"),
                None,
                format!("no contact holds the role `{role}`"),
            ));
            continue;
        }
        let ok = holders
            .iter()
            .any(|c| c.channels.iter().any(|ch| ch.h24 && ch.independent_of_is));
        if !ok {
            let names: Vec<String> = holders.iter().map(|c| format!("`{}`", c.id.v)).collect();
            out.push(Finding::new(
                format!("role:{role}"),
                holders[0].loc,
                format!(
                    "no holder of `{role}` ({}) has a channel both 24/7 and independent of the IS",
                    names.join(", ")
                ),
            ));
        }
    }
    Outcome::Checked(out)
}

/// A national slot still as the baseline left it, or a contact without any channel.
fn unfilled(c: Option<&Contact>) -> bool {
    c.is_none_or(|c| (c.layer == 0 && c.complete) || c.channels.is_empty())
}

fn ext_min(cx: &Ctx) -> Outcome {
    let plan = cx.plan;
    let mut out = Vec::new();
    for (id, what) in [
        ("ars", "the ARS"),
        ("cert-sante", "CERT Santé"),
        ("cnil", "the CNIL"),
        ("police-gendarmerie", "the police or gendarmerie"),
        ("assureur", "the insurer"),
    ] {
        if unfilled(plan.contact(id)) {
            out.push(Finding::new(
                format!("contact:{id}"),
                None,
                format!("the directory has no usable contact for {what}: complete the `{id}` slot"),
            ));
        }
    }
    let portal = plan.contacts.iter().any(|c| {
        c.channels
            .iter()
            .any(|ch| ch.kind.v == ChannelType::Url && fold(&ch.value.v).contains("signalement"))
    });
    if !portal {
        out.push(Finding::new(
            "contact:cert-sante",
            plan.contact("cert-sante").map(|c| c.loc),
            "no contact gives the address of the national signalement portal",
        ));
    }
    if cx.holders("dpo").is_empty() {
        out.push(Finding::new(
            "role:dpo",
            None,
            "no contact holds the role `dpo` (data protection officer, who notifies the CNIL)",
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
                format!(
                    "critical application `{}` names no vendor contact",
                    app.id.v
                ),
            )),
            Some(v) if unfilled(plan.contact(&v.v)) => out.push(Finding::new(
                subject,
                v.loc,
                format!(
                    "the vendor `{}` of `{}` has no usable contact",
                    v.v, app.id.v
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
                            format!(
                                "the vendor `{}` of critical application `{}` has no 24/7 channel",
                                v.v, app.id.v
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

fn fresh(cx: &Ctx) -> Outcome {
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
                format!("contact `{}` has no `verified_on` date", c.id.v),
            )),
            Some(d) if d.v < limit => out.push(Finding::new(
                subject,
                d.loc,
                format!(
                    "contact `{}` was last verified on {}, more than {months} months ago",
                    c.id.v,
                    d.v.format("%Y-%m-%d")
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
            "\"06 00 00 00 03\", h24: true, independent_of_is: true",
            "\"06 00 00 00 03\", h24: true",
        );
        assert_eq!(k.failing_subjects("CONTACT-247-CORE"), ["role:rssi"]);
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
        assert_eq!(k.fails("CONTACT-FRESH").len(), 9);
        let k = Kit::base().edit("contacts.yaml", "    verified_on: 2026-10-01\n    channels:\n      - {type: phone, value: \"04 74 00 00 05\"}", "    channels:\n      - {type: phone, value: \"04 74 00 00 05\"}");
        assert_eq!(k.failing_subjects("CONTACT-FRESH"), ["contact:dpo"]);
    }
}
