//! What staff read first: the State's posture on the ransom (NO-RANSOM), the crisis log opened by the first
//! reflex (MAIN-COURANTE-FIRST), and the communication templates (COMMS-TEMPLATES). These rules look for
//! words in free text, in French and English, accents and case folded.

use super::{Finding, Outcome, Rule, RuleInputs, mentions, msg, negated, raw_sentences, together};
use crate::diag::Severity;
use crate::model::{Fragment, Kind};

pub const NO_RANSOM: Rule = Rule {
    id: "NO-RANSOM",
    severity: Severity::Error,
    title: "The reflexes say never to pay the ransom",
    rationale: "The State's posture is never to pay the ransom and always to file a complaint: paying funds \
                the attackers and guarantees neither the decryption nor the deletion of stolen data (ANSSI and \
                ministry of justice, « Attaques par rançongiciels, tous concernés », 2020).",
    fix: "Keep « Ne jamais payer de rançon » in the `never` list of `premiers-gestes` (a patch of `never` \
          replaces the whole list), or say it in another reflex.",
    check: no_ransom,
};

pub const MAIN_COURANTE_FIRST: Rule = Rule {
    id: "MAIN-COURANTE-FIRST",
    severity: Severity::Warning,
    title: "The first reflex opens the crisis log (main courante)",
    rationale: "A timestamped log of every fact and decision, kept from the first minutes, is the basis of the \
                reports, the complaint and the insurance claim (ANSSI, « Crise d'origine cyber », 2021).",
    fix: "Give the first reflex (lowest `order`, normally `premiers-gestes`) a step that opens the main \
          courante on paper.",
    check: main_courante_first,
};

pub const COMMS_TEMPLATES: Rule = Rule {
    id: "COMMS-TEMPLATES",
    severity: Severity::Warning,
    title: "Message templates for staff, the press and patients",
    rationale: "Staff, journalists and patients must be told what is happening through channels that still \
                work, with messages prepared in advance (ANSSI and Cap'Com, « Anticiper et gérer sa \
                communication de crise cyber », 2021).",
    fix: "Keep or adapt the baseline messages (`message-personnel`, `message-presse`, `message-patients`), \
          or write `kind: message` fragments with those audiences.",
    check: comms,
};

fn texts(f: &Fragment) -> impl Iterator<Item = &str> {
    let fl = &f.f;
    let never = fl
        .never
        .iter()
        .flat_map(|n| n.v.iter().map(|t| t.v.as_str()));
    let steps = fl.steps().iter().map(|s| s.text.v.as_str());
    [&fl.summary, &fl.trigger]
        .into_iter()
        .flatten()
        .map(|t| t.v.as_str())
        .chain(never)
        .chain(steps)
}

/// The ransom or those who ask for it (whole words: `rancon*`, not any text containing "ran").
const RANSOM: [&str; 6] = [
    "rancon*",
    "ransom*",
    "attaquant*",
    "attacker*",
    "cybercriminel*",
    "criminel*",
];
/// Paying (whole words: « pays » and « inverse » are not paying).
const PAY: [&str; 16] = [
    "payer",
    "paye",
    "payee",
    "payes",
    "payees",
    "payez",
    "payons",
    "pay",
    "paying",
    "paid",
    "paiement*",
    "verser",
    "versez",
    "versement*",
    "regler",
    "reglement*",
];

/// A `never` item about paying the attackers (the list itself says "never"), or a sentence that denies
/// paying them (« ne jamais payer la rançon », "do not pay the ransom").
fn says_never_pay(f: &Fragment) -> bool {
    let never =
        f.f.never
            .iter()
            .flat_map(|n| n.v.iter())
            .any(|t| together(&t.v, &RANSOM, &PAY));
    never
        || texts(f)
            .any(|t| raw_sentences(t).any(|s| together(s, &RANSOM, &PAY) && negated(s, &PAY, 3)))
}

fn no_ransom(cx: &RuleInputs) -> Outcome {
    let reflexes = cx.plan.of_kind(Kind::Reflex);
    if reflexes.iter().any(|f| says_never_pay(f)) {
        return Outcome::Checked(vec![]);
    }
    let (subject, loc) = reflexes.first().map_or(("plan".to_string(), None), |f| {
        let loc = f.f.never.as_ref().map_or(f.loc, |n| n.loc);
        (format!("reflex:{}", f.id.v), Some(loc))
    });
    Outcome::Checked(vec![Finding::new(
        subject,
        loc,
        msg(
            "no reflex says never to pay the ransom",
            "aucun réflexe ne dit de ne jamais payer la rançon",
        ),
    )])
}

/// A text about the crisis log (whole words: « main courante », "crisis log", « journal de crise »).
fn opens_log(text: &str) -> bool {
    mentions(
        text,
        &[
            "main courante",
            "crisis log",
            "journal de crise",
            "log book",
            "logbook",
        ],
    )
}

fn main_courante_first(cx: &RuleInputs) -> Outcome {
    let reflexes = cx.plan.of_kind(Kind::Reflex);
    let Some(first) = reflexes.first() else {
        return Outcome::Checked(vec![Finding::new(
            "plan",
            None,
            msg(
                "the plan has no reflex sheet",
                "le plan n'a pas de fiche réflexe",
            ),
        )]);
    };
    let ok = first.f.steps().iter().any(|s| {
        opens_log(&s.text.v) || s.id.as_ref().is_some_and(|i| i.v.contains("main-courante"))
    });
    if ok {
        return Outcome::Checked(vec![]);
    }
    Outcome::Checked(vec![Finding::new(
        format!("reflex:{}", first.id.v),
        first.f.steps.as_ref().map_or(first.loc, |s| s.loc),
        msg(
            format!(
                "the first reflex `{}` has no step opening the crisis log (main courante)",
                first.id.v
            ),
            format!(
                "le premier réflexe `{}` n'a pas d'étape qui ouvre la main courante",
                first.id.v
            ),
        ),
    )])
}

/// (subject, words) of each audience the plan must address, matched as whole words on the message's
/// `audience` (`agent*`: « agents », not « agenda »).
const AUDIENCES: [(&str, &[&str]); 3] = [
    (
        "audience:personnel",
        &[
            "personnel*",
            "staff",
            "agent*",
            "salarie*",
            "employee*",
            "interne",
            "internes",
            "internal",
        ],
    ),
    (
        "audience:presse",
        &["presse", "press", "media*", "journalist*"],
    ),
    (
        "audience:patients",
        &[
            "patient*", "usager*", "famille*", "families", "family", "public",
        ],
    ),
];

fn comms(cx: &RuleInputs) -> Outcome {
    let audiences: Vec<&str> = cx
        .plan
        .of_kind(Kind::Message)
        .iter()
        .flat_map(|m| {
            m.f.audience
                .iter()
                .flat_map(|a| a.v.iter().map(|t| t.v.as_str()))
        })
        .collect();
    let out = AUDIENCES
        .iter()
        .filter(|(_, words)| !audiences.iter().any(|a| mentions(a, words)))
        .map(|(subject, _)| {
            let who = subject.trim_start_matches("audience:");
            Finding::new(
                *subject,
                None,
                msg(
                    format!("no message template for the audience `{who}`"),
                    format!("aucun modèle de message pour le public `{who}`"),
                ),
            )
        })
        .collect();
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    use crate::model::{Kind, Plan, Sp, Text};

    /// Every reflex loses its `never` list, then `premiers-gestes` gets `items`.
    fn never(items: &'static [&'static str]) -> impl FnOnce(&mut Plan) {
        move |p: &mut Plan| {
            for f in p.fragments.values_mut().filter(|f| f.kind == Kind::Reflex) {
                f.f.never = None;
            }
            let pg = p
                .fragments
                .get_mut(&(Kind::Reflex, "premiers-gestes".into()))
                .unwrap();
            let list: Vec<Text> = items
                .iter()
                .map(|s| Sp::new(s.to_string(), pg.loc))
                .collect();
            pg.f.never = Some(Sp::new(list, pg.loc));
        }
    }

    #[test]
    fn ransom() {
        // The baseline says it in several reflexes.
        assert!(Kit::base().passes("NO-RANSOM"));
        let k = Kit::base();
        let f = k.run_with("NO-RANSOM", never(&["Ne pas éteindre la machine."]));
        assert_eq!(f[0].subject, "reflex:premiers-gestes");
        assert!(
            k.run_with("NO-RANSOM", never(&["Never pay the ransom."]))
                .is_empty()
        );
        // Not about paying.
        let f = k.run_with(
            "NO-RANSOM",
            never(&["Ne jamais évoquer de montant de rançon ni de négociation."]),
        );
        assert_eq!(f.len(), 1);
        // Substrings are not words: « pays » is not "pay", « inverse » is not « verse ». In the `never` list
        // no negation is needed, so each of these would pass if the rule matched substrings.
        for bad in [
            "Ne jamais parler aux attaquants du pays d'origine.",
            "Ne jamais couper la rançon en sens inverse.",
            "Never let the attacker display the payslips.",
        ] {
            let f = k.run_with("NO-RANSOM", never(Box::leak(Box::new([bad]))));
            assert_eq!(f.len(), 1, "{bad}");
        }
        // The same items with the paying word pass.
        for good in [
            "Ne jamais payer les attaquants, quel que soit le pays d'origine.",
            "Ne jamais verser la rançon.",
        ] {
            let f = k.run_with("NO-RANSOM", never(Box::leak(Box::new([good]))));
            assert!(f.is_empty(), "{good}: {f:?}");
        }
    }

    #[test]
    fn ransom_outside_the_never_list_needs_a_negation() {
        let k = Kit::base();
        let with_summary = |text: &'static str| {
            move |p: &mut Plan| {
                never(&[])(p);
                // Only this summary may say it: no other text of any reflex.
                for f in p.fragments.values_mut().filter(|f| f.kind == Kind::Reflex) {
                    f.f.summary = None;
                    f.f.trigger = None;
                    f.f.steps = None;
                }
                let pg = p
                    .fragments
                    .get_mut(&(Kind::Reflex, "premiers-gestes".into()))
                    .unwrap();
                pg.f.summary = Some(Sp::new(text.to_string(), pg.loc));
            }
        };
        assert_eq!(
            k.run_with("NO-RANSOM", with_summary("Une situation."))
                .len(),
            1
        );
        assert!(
            k.run_with(
                "NO-RANSOM",
                with_summary("La rançon ne doit jamais être payée.")
            )
            .is_empty()
        );
        assert!(
            k.run_with("NO-RANSOM", with_summary("Do not pay the ransom."))
                .is_empty()
        );
        assert_eq!(
            k.run_with(
                "NO-RANSOM",
                with_summary("Les attaquants exigent de payer la rançon.")
            )
            .len(),
            1
        );
        // A restriction or an encouragement is not a refusal.
        for text in [
            "Ne payer la rançon qu'en dernier recours, après accord du directeur.",
            "N'hésitez pas à payer la rançon si les sauvegardes sont perdues.",
        ] {
            assert_eq!(
                k.run_with("NO-RANSOM", with_summary(text)).len(),
                1,
                "{text}"
            );
        }
        // The negation in another sentence does not deny paying.
        assert_eq!(
            k.run_with(
                "NO-RANSOM",
                with_summary("Ne pas éteindre. Payer la rançon si le DPI est chiffré.")
            )
            .len(),
            1
        );
    }

    #[test]
    fn first_reflex_opens_the_log() {
        assert!(Kit::base().passes("MAIN-COURANTE-FIRST"));
        let k = Kit::base().write(
            "fragments/pg.yaml",
            "kind: reflex\nid: premiers-gestes\noverride: patch\nsteps:\n  - {remove: ouvrir-main-courante}\n",
        );
        assert_eq!(
            k.failing_subjects("MAIN-COURANTE-FIRST"),
            ["reflex:premiers-gestes"]
        );
        // A new reflex ordered first must open the log itself.
        let k = Kit::base().write(
            "fragments/r.yaml",
            "kind: reflex\nid: zero\ntitle: Zéro\norder: 0\naudience: [tout-personnel]\nsteps:\n  - {do: \"Appeler le 15\"}\n",
        );
        assert_eq!(k.failing_subjects("MAIN-COURANTE-FIRST"), ["reflex:zero"]);
        // …and naming the log in a step of that reflex is enough.
        let k = k.write(
            "fragments/r.yaml",
            "kind: reflex\nid: zero\ntitle: Zéro\norder: 0\naudience: [tout-personnel]\nsteps:\n  - {do: \"Ouvrir la main courante\"}\n",
        );
        assert!(k.passes("MAIN-COURANTE-FIRST"));
    }

    #[test]
    fn message_audiences() {
        assert!(Kit::base().passes("COMMS-TEMPLATES"));
        let k = Kit::base().write(
            "fragments/m.yaml",
            "kind: message\nid: message-presse\noverride: patch\naudience: partenaires\n",
        );
        assert_eq!(k.failing_subjects("COMMS-TEMPLATES"), ["audience:presse"]);
        // The patients' template turned into one for the partners: nothing left for patients and families.
        let k = Kit::base().write(
            "fragments/m.yaml",
            "kind: message\nid: message-patients\noverride: patch\naudience: partenaires\n",
        );
        assert_eq!(k.failing_subjects("COMMS-TEMPLATES"), ["audience:patients"]);
        // Whole words: the website (« site internet ») is not the interns (« internes »), nor the staff.
        let k = Kit::base().write(
            "fragments/m.yaml",
            "kind: message\nid: message-personnel\noverride: patch\naudience: site internet\n",
        );
        assert_eq!(
            k.failing_subjects("COMMS-TEMPLATES"),
            ["audience:personnel"]
        );
    }
}
