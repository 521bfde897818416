//! Whether the plan is the establishment's own: nothing left as `pbn init` or the baseline scaffolded it
//! (PLACEHOLDERS).

use super::{Ctx, Finding, Outcome, Rule};
use crate::diag::Severity;

pub const PLACEHOLDERS: Rule = Rule {
    id: "PLACEHOLDERS",
    severity: Severity::Error,
    title: "Nothing that `pbn init` or the baseline left to complete is still there",
    rationale: "A plan that still says « À COMPLÉTER », gives an example number (+33 6 00 00 00 01) or the \
                example FINESS, or leaves a national contact slot empty, sends people to nobody on the night \
                of the attack: every value the scaffold and the baseline leave open must be the \
                establishment's own before the plan is submitted.",
    fix: "Run `pbn validate`: each PBN080 (value to complete) and PBN031 (national slot) warning names the \
          place; replace the value with the establishment's own.",
    check: placeholders,
};

fn placeholders(cx: &Ctx) -> Outcome {
    let out = crate::placeholders::find(cx.plan, cx.map)
        .into_iter()
        .map(|p| {
            let msg = if p.slot {
                format!("{} is not completed", p.what)
            } else {
                format!(
                    "`{}` still holds a value to complete: {}",
                    p.subject, p.what
                )
            };
            Finding::new(p.subject, p.loc, msg)
        })
        .collect();
    Outcome::Checked(out)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Kit;

    #[test]
    fn placeholders() {
        assert!(Kit::base().passes("PLACEHOLDERS"));
        // The example FINESS of `pbn init`, valid as it is.
        let k = Kit::base().edit("establishment.yaml", "\"010001725\"", "\"010000024\"");
        assert_eq!(
            k.failing_subjects("PLACEHOLDERS"),
            ["establishment:finess_ej"]
        );
        assert!(k.passes("FINESS-KEY"));
        // An example number on a contact that is otherwise complete.
        let k = Kit::base().edit(
            "contacts.yaml",
            "\"06 71 20 40 03\"",
            "\"+33 6 00 00 00 03\"",
        );
        let f = k.fails("PLACEHOLDERS");
        assert_eq!(f[0].subject, "contact:it");
        assert!(
            f[0].message.contains("+33 6 00 00 00 03"),
            "{}",
            f[0].message
        );
        // The marker in a procedure patch, and a national slot left as the baseline has it.
        let k = Kit::base()
            .edit(
                "fragments/procedures.yaml",
                "activation: \"Dès que le DPI est indisponible.\"",
                "activation: \"À COMPLÉTER : qui déclenche le mode dégradé.\"",
            )
            .edit(
                "contacts.yaml",
                "  - id: assureur\n",
                "  - id: assureur-ancien\n",
            );
        assert_eq!(
            k.failing_subjects("PLACEHOLDERS"),
            ["procedure:admissions-mode-degrade", "contact:assureur"]
        );
    }

    #[test]
    fn a_fresh_init_plan_fails() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p");
        assert_eq!(
            crate::cmd::init::run(&plan, "Centre hospitalier (à compléter)", "010000024", "fr"),
            0
        );
        let c = crate::app::compile(&plan).unwrap();
        let subjects: Vec<String> = crate::placeholders::find(&c.plan, &c.map)
            .into_iter()
            .map(|p| p.subject)
            .collect();
        for s in [
            "establishment:finess_ej",
            "establishment:name",
            "contact:rssi",
            "contact:administrateur-garde",
            "crisis-cell:room",
            "procedure:urgences-mode-degrade",
        ] {
            assert!(subjects.iter().any(|x| x == s), "{s} not in {subjects:?}");
        }
        // Each is a PBN080 warning in `validate` (slots are PBN031 already).
        assert!(
            c.diags
                .list
                .iter()
                .any(|d| d.code == crate::diag::Code::Placeholder)
        );
    }
}
