//! Who the plan belongs to: FINESS-KEY.

use super::{Finding, Outcome, Rule, RuleInputs, msg};
use crate::diag::Severity;
use crate::value_format::finess_problem;

pub const FINESS_KEY: Rule = Rule {
    id: "FINESS-KEY",
    severity: Severity::Error,
    title: "The establishment's FINESS numbers are valid",
    rationale: "The FINESS number identifies the establishment in the national directory (répertoire FINESS, \
                DREES) and in the incident report on the national portal; its ninth character is a Luhn \
                control key.",
    fix: "Copy the legal-entity number (`finess_ej`) and each site number (`finess_et`) from the FINESS \
          directory, quoted so leading zeros are kept.",
    check: finess_key,
};

fn finess_key(cx: &RuleInputs) -> Outcome {
    let e = &cx.plan.establishment;
    let mut out = Vec::new();
    match &e.finess_ej {
        None => out.push(Finding::new(
            "establishment:finess_ej",
            e.loc,
            msg(
                "the plan gives no FINESS number for the legal entity (`finess_ej`)",
                "le plan ne donne pas de numéro FINESS pour l'entité juridique (`finess_ej`)",
            ),
        )),
        Some(n) => {
            if let Some(why) = finess_problem(&n.v) {
                out.push(Finding::new(
                    "establishment:finess_ej",
                    n.loc,
                    msg(
                        format!("FINESS `{}` is invalid: {why}", n.v),
                        format!(
                            "le numéro FINESS `{}` n'est pas valide (9 caractères, dont une clé de contrôle)",
                            n.v
                        ),
                    ),
                ));
            }
        }
    }
    for n in &e.finess_et {
        if let Some(why) = finess_problem(&n.v) {
            out.push(Finding::new(
                "establishment:finess_et",
                n.loc,
                msg(
                    format!("site FINESS `{}` is invalid: {why}", n.v),
                    format!(
                        "le numéro FINESS de site `{}` n'est pas valide (9 caractères, dont une clé de \
                         contrôle)",
                        n.v
                    ),
                ),
            ));
        }
    }
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    #[test]
    fn valid_numbers_pass() {
        assert!(Kit::base().passes("FINESS-KEY"));
    }

    #[test]
    fn wrong_key_fails_on_its_line() {
        let k = Kit::base().edit("establishment.yaml", "\"010001725\"", "\"010001726\"");
        let f = k.fails("FINESS-KEY");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, "establishment:finess_ej");
        assert_eq!(f[0].loc.map(|l| l.line), Some(3));
    }

    #[test]
    fn bad_site_number_fails() {
        let k = Kit::base().edit("establishment.yaml", "\"010003820\"", "\"01000382\"");
        assert_eq!(
            k.failing_subjects("FINESS-KEY"),
            ["establishment:finess_et"]
        );
    }
}
