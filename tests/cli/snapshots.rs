//! The human rendering of three representative diagnostics, as a user sees it in a terminal (`NO_COLOR=1`):
//! a reference inside free text, a misspelt field with its "did you mean", and a duplicate id across layers with
//! a note on the lower layer. Temporary paths are replaced by `[TMP]`.

use crate::support::{Workspace, fixtures, pbn};

fn human(case: &str) -> String {
    let ws = Workspace::base();
    ws.overlay(&fixtures().join("validate").join(case));
    let out = pbn()
        .arg("validate")
        .arg(ws.plan())
        .output()
        .expect("run pbn");
    assert_eq!(out.status.code(), Some(1), "{case}");
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    let root = ws.root().to_string_lossy().into_owned();
    let canon = ws
        .root()
        .canonicalize()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    text.replace(&canon, "[TMP]").replace(&root, "[TMP]")
}

#[test]
fn unknown_contact_in_text() {
    insta::assert_snapshot!("unknown_contact_in_text", human("unknown-contact-in-text"));
}

#[test]
fn misspelt_field() {
    insta::assert_snapshot!("misspelt_field", human("misspelt-field"));
}

#[test]
fn duplicate_id_in_a_higher_layer() {
    insta::assert_snapshot!(
        "duplicate_id_in_a_higher_layer",
        human("duplicate-id-higher-layer")
    );
}
