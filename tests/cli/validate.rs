//! Planted errors: one fixture folder per case in `tests/fixtures/validate/<case>/`, overlaid on the base plan;
//! each must make `pbn validate --format json` exit 1 with the expected code at the expected file and line.

use crate::support::{fixtures, run_case, run_case_with};
use std::collections::BTreeSet;
use std::time::Duration;

/// One `#[test]` per fixture folder (the test name is the folder name with `_` for `-`), so a failure names
/// the case.
macro_rules! cases {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {
        $(
            #[test]
            $(#[$attr])*
            fn $name() {
                run_case(&stringify!($name).replace('_', "-"));
            }
        )*
        const PLAIN_CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

cases! {
    role_called_on_not_held,
    cell_holder_missing,
    pinned_plan_defines_an_id_added_later,
    unknown_baseline_pin,
    form_duplicate_field_id,
    form_lines_out_of_range,
    form_unknown_recipient,
    form_without_fields,
    form_unknown_field_key,
    bad_siren_key,
    bad_siren_length,
    bad_regime,
    regime_aucun_with_others,
    near_duplicate_role,
    nis2_entity_without_regime,
    unknown_portal_delegate,
    unknown_resource_holder,
    unknown_cut_role,
    unknown_restart_application,
    duplicate_cut_id,
    missing_cut_what,
    bad_applies_to,
    bad_channel_type,
    bad_criticality,
    bad_date_format,
    bad_deadline,
    bad_duration,
    bad_duration_max_downtime,
    bad_email,
    bad_exercise_format,
    bad_finess_key,
    bad_finess_length,
    bad_finess_unquoted_number,
    bad_id,
    bad_override_value,
    bad_phone,
    bad_phone_letters,
    bad_step_id,
    bad_url,
    changed_locked_field,
    contact_without_channel,
    deputy_cycle,
    deputy_disagrees_with_cell,
    disable_locked_obligation,
    disable_nothing_below,
    disable_required,
    document_not_a_mapping,
    duplicate_baseline_id_without_override,
    duplicate_contact_id,
    duplicate_fragment_id_same_layer,
    duplicate_function_id,
    duplicate_id_higher_layer,
    duplicate_step_id,
    duplicate_yaml_key,
    impossible_date,
    include_absolute,
    include_escapes_plan_dir,
    locked_steps_patched,
    malformed_reference,
    message_blank_the_plan_knows,
    missing_application_rto,
    missing_contacts,
    missing_establishment,
    missing_kind,
    missing_message_body,
    missing_obligation_legal_basis,
    missing_procedure_owner,
    missing_reflex_steps,
    missing_role_mission,
    missing_step_do,
    missing_title,
    misspelt_field,
    misspelt_step_field,
    override_nothing_below,
    patch_inserts_existing_step_id,
    patch_step_removed_by_ght,
    patch_unknown_step_after,
    patch_unknown_step_before,
    patch_unknown_step_remove,
    patch_unknown_step_replace,
    replace_locked_obligation,
    samu_direct_line_not_labelled,
    second_document_in_establishment,
    step_op_in_non_patch,
    tab_after_plain_scalar,
    tab_indentation,
    then_cycle,
    two_ops_in_one_patch_item,
    two_ops_reported_once,
    unclosed_reference,
    unknown_application_in_text,
    unknown_audience_role,
    unknown_baseline,
    unknown_contact_in_block_text,
    unknown_contact_in_contact_notes,
    unknown_contact_in_exercise_finding,
    unknown_contact_in_text,
    unknown_crisis_cell_holder,
    unknown_crisis_cell_role,
    unknown_declarant_role,
    unknown_deputy,
    unknown_field_in_manifest,
    unknown_finding_owner,
    unknown_fragment_in_text,
    unknown_function,
    unknown_function_of_procedure,
    unknown_kind,
    unknown_kind_typo,
    unknown_layer_folder,
    unknown_owner_role,
    unknown_procedure_in_exercises,
    unknown_reference_in_exercise_scenario,
    unknown_role_in_ght_layer,
    unknown_role_in_text,
    unknown_role_of_contact,
    unknown_then,
    unknown_vendor,
    unknown_who,
    wrong_type_bool,
    wrong_type_list,
    yaml_bad_indentation,
    yaml_stray_colon,
    yaml_syntax_error,
    unknown_application,
    bad_phone_in_split_contacts,
    bad_finess_corsica_key,
    bad_phone_short_number,
}

/// Cases that need more than files: generated documents, symlinks, a time limit.
const SPECIAL_CASES: &[&str] = &[
    "invalid_utf8",
    "symlink_escape",
    "symlink_escape_layer",
    "symlink_contacts_outside",
    "symlink_contacts_dir_outside",
    "symlink_establishment_outside",
    "alias_bomb",
    "deep_nesting",
];

/// The bytes are in the fixture itself (`role.latin1.yaml`, saved in Latin-1).
#[test]
fn invalid_utf8() {
    run_case("invalid-utf8");
}

/// `fragments/lien.yaml` → a file outside the plan directory: refused, located on the `include` pattern.
#[test]
#[cfg(unix)]
fn symlink_escape() {
    let run = run_case_with("symlink-escape", |ws| {
        std::os::unix::fs::symlink(
            ws.root().join("outside/secret.yaml"),
            ws.plan().join("fragments/lien.yaml"),
        )
        .expect("symlink");
    });
    assert!(
        !run.stdout.contains("role-hors-plan"),
        "the outside file was read"
    );
}

/// A link in the GHT layer that leads outside the layer folder: refused, located on the layer's `path:`.
#[test]
#[cfg(unix)]
fn symlink_escape_layer() {
    run_case_with("symlink-escape-layer", |ws| {
        std::os::unix::fs::symlink(
            "../../outside/secret.yaml",
            ws.root().join("ght/roles/lien.yaml"),
        )
        .expect("symlink");
    });
}

/// The plan directory is a layer too (spec §2.1): its own files may not be links to files outside it.
#[cfg(unix)]
fn link(ws: &crate::support::Workspace, target: &str, link: &str) {
    std::os::unix::fs::symlink(ws.root().join(target), ws.root().join(link)).expect("symlink");
}

#[test]
#[cfg(unix)]
fn symlink_contacts_outside() {
    run_case_with("symlink-contacts-outside", |ws| {
        link(ws, "outside/contacts.yaml", "plan/contacts.yaml")
    });
}

#[test]
#[cfg(unix)]
fn symlink_contacts_dir_outside() {
    run_case_with("symlink-contacts-dir-outside", |ws| {
        link(ws, "outside/annuaire", "plan/contacts")
    });
}

#[test]
#[cfg(unix)]
fn symlink_establishment_outside() {
    run_case_with("symlink-establishment-outside", |ws| {
        link(ws, "outside/establishment.yaml", "plan/establishment.yaml")
    });
}

/// Billion laughs: refused (exit 1 or 2) within 5 s — the one timing of the acceptance list.
#[test]
fn alias_bomb() {
    let run = run_case("alias-bomb");
    assert!(
        run.elapsed < Duration::from_secs(5),
        "alias bomb took {:?}",
        run.elapsed
    );
}

/// `[[[[…]]]]` 200,000 deep: refused by the nesting budget, no stack overflow.
#[test]
fn deep_nesting() {
    let run = run_case_with("deep-nesting", |ws| {
        let n = 200_000;
        let mut s = String::with_capacity(2 * n + 1);
        s.push_str(&"[".repeat(n));
        s.push_str(&"]".repeat(n));
        s.push('\n');
        ws.write("plan/fragments/profond.yaml", s);
    });
    assert!(
        run.elapsed < Duration::from_secs(10),
        "deep nesting took {:?}",
        run.elapsed
    );
}

/// Every fixture folder has a test above, and every test has its folder.
#[test]
fn every_case_folder_has_a_test() {
    let folders: BTreeSet<String> = std::fs::read_dir(fixtures().join("validate"))
        .expect("read fixtures/validate")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().replace('-', "_"))
        .collect();
    let tests: BTreeSet<String> = PLAIN_CASES
        .iter()
        .chain(SPECIAL_CASES)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(folders, tests, "fixture folders and tests differ");
    assert!(folders.len() >= 45, "only {} cases", folders.len());
}
