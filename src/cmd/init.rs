//! `pbn init DIR`: a commented plan skeleton on the national baseline that validates and builds at once.
//! Everything the establishment must change is marked `À COMPLÉTER`.

use crate::formats;
use std::path::Path;

const MANIFEST: &str = r#"# yaml-language-server: $schema=pbn.schema.json
# Manifeste du plan blanc numérique. Documentation : docs/plan-format.md
plan:
  title: "Plan blanc numérique"
  version: "0.1.0"
  language: {language}            # langue des documents produits : fr ou en
  classification: "Diffusion restreinte"
  baseline: "{baseline}"          # version du socle national de référence (`pbn baseline changes --since {baseline}`)
layers:                     # du plus bas au plus haut ; ce dossier est toujours la dernière couche
  - baseline: national      # le socle national embarqué dans pbn (voir `pbn baseline list`)
  # - path: ../ght          # une couche partagée, par exemple les fragments communs du GHT
include: ["fragments/**/*.yaml"]
"#;

const ESTABLISHMENT: &str = r#"# Données de l'établissement. Les fonctions déclarées ici activent les modèles de procédures nationaux
# du même identifiant (urgences, admissions, pharmacie, laboratoire, imagerie, bloc, dpi, transfusion,
# telephonie, sterilisation, restauration, paie-rh).
establishment:
  name: "{name}"
  finess_ej: "{finess}"        # entité juridique : 9 caractères, clé de Luhn
  finess_et: []                # établissements géographiques
  ght: "À COMPLÉTER"
  ars: "À COMPLÉTER"
  # regime: [ose, nis2-essentielle]   # À COMPLÉTER : régimes applicables (ose, oiv, nis2-essentielle,
  #                                   # nis2-importante) ou [aucun] ; décide des obligations imprimées
functions:                     # criticité : vital, essential, important, deferrable
  - {id: urgences, name: "Urgences", criticality: vital, max_downtime: 1h}
  - {id: admissions, name: "Admissions et identitovigilance", criticality: essential, max_downtime: 4h}
applications:
  - {id: dpi, name: "Dossier patient informatisé", functions: [urgences, admissions], critical: true, rto: 24h, rpo: 4h}
backups:
  offline: true
  # last_restore_test: 2026-01-01   # date du dernier test de restauration
crisis_cell:
  room: "À COMPLÉTER : salle de crise"
  fallback_room: "À COMPLÉTER : salle de repli"
  members:
    - {role: directeur-crise, holder: directeur, deputy: administrateur-garde}
    - {role: rssi, holder: rssi, deputy: dsi}
# approval:
#   adopted_on: 2026-10-02
#   opinions: {directoire: 2026-09-20, cme: 2026-09-22, cse: 2026-09-25}
#   next_review: 2027-10-01
"#;

const CONTACTS: &str = r#"# Annuaire de crise. Chaque rôle d'astreinte doit être joignable 24 h/24 par un canal indépendant du SI
# (h24: true, independent_of_is: true). `confidential: true` masque le numéro dans la version ARS.
# Les numéros ci-dessous sont des exemples À COMPLÉTER.
contacts:
  - id: directeur
    name: "À COMPLÉTER : directeur"
    roles: [directeur-crise]
    deputy: administrateur-garde
    channels:
      - {type: mobile, value: "+33 6 00 00 00 01", h24: true, independent_of_is: true, confidential: true}
  - id: administrateur-garde
    name: "Administrateur de garde"
    roles: [administrateur-garde]
    channels:
      - {type: mobile, value: "+33 6 00 00 00 02", h24: true, independent_of_is: true}
  - id: rssi
    name: "À COMPLÉTER : RSSI"
    roles: [rssi]
    deputy: dsi
    channels:
      - {type: mobile, value: "+33 6 00 00 00 03", h24: true, independent_of_is: true, confidential: true}
  - id: dsi
    name: "À COMPLÉTER : DSI"
    roles: [dsi]
    channels:
      - {type: mobile, value: "+33 6 00 00 00 04", h24: true, independent_of_is: true, confidential: true}
  - id: astreinte-si
    name: "Astreinte informatique"
    roles: [astreinte-si]
    channels:
      - {type: mobile, value: "+33 6 00 00 00 05", h24: true, independent_of_is: true}
  # Contacts nationaux que l'établissement complète (mêmes identifiants que le socle).
  - id: ars
    name: "À COMPLÉTER : ARS, point focal régional"
    channels:
      - {type: phone, value: "+33 1 00 00 00 06", h24: true, independent_of_is: true}
  - id: assureur
    name: "À COMPLÉTER : assureur cyber"
    channels:
      - {type: phone, value: "+33 1 00 00 00 07"}
  - id: police-gendarmerie
    name: "À COMPLÉTER : commissariat ou brigade de gendarmerie"
    channels:
      - {type: phone, value: "17", h24: true, independent_of_is: true}
"#;

const EXERCISES: &str = r#"# Exercices et plan d'action (RETEX). Formats : tabletop, functional, full-scale.
exercises: []
"#;

const FRAGMENT: &str = r#"# Fragments locaux : fiches réflexes, procédures dégradées, rôles, messages.
# Pour adapter un fragment du socle : même kind et id, avec `override: patch` (ou `replace`).
# Exemple : adapter le modèle national des urgences.
kind: procedure
id: urgences-mode-degrade
override: patch
owner: cadre-sante
activation: "À COMPLÉTER : qui déclenche le mode dégradé des urgences, et sur quel critère."
paper_kit:
  - "À COMPLÉTER : dossiers papier d'urgence, bons de demande d'examens, étiquettes"
"#;

pub fn run(dir: &Path, name: &str, finess: &str, language: &str) -> i32 {
    if let Some(why) = formats::finess_problem(finess) {
        return super::fatal(&format!("--finess: {why}"));
    }
    if dir.join("pbn.yaml").exists() {
        return super::fatal(&format!(
            "{} already holds a plan (pbn.yaml exists); nothing was written",
            dir.display()
        ));
    }
    let esc = name.replace('\\', "\\\\").replace('"', "\\\"");
    let files = [
        (
            "pbn.yaml",
            MANIFEST
                .replace("{language}", language)
                .replace("{baseline}", env!("PBN_BASELINE_VERSION")),
        ),
        (
            "establishment.yaml",
            ESTABLISHMENT
                .replace("{name}", &esc)
                .replace("{finess}", finess),
        ),
        ("contacts.yaml", CONTACTS.to_string()),
        ("exercises.yaml", EXERCISES.to_string()),
        ("fragments/urgences.yaml", FRAGMENT.to_string()),
        (".gitignore", "dist/\n".to_string()),
        // For editors (the line at the top of pbn.yaml); refresh with `pbn schema > pbn.schema.json`.
        (
            "pbn.schema.json",
            format!("{}\n", super::schema::schema_text()),
        ),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return super::fatal(&format!("cannot create {}: {e}", parent.display()));
        }
        if let Err(e) = std::fs::write(&path, text) {
            return super::fatal(&format!("cannot write {}: {e}", path.display()));
        }
    }
    super::err(&format!(
        "created a plan in {}\nnext: complete the values marked `À COMPLÉTER`, then run `pbn validate {0}` and `pbn build {0}`\n",
        dir.display()
    ));
    crate::exit::OK
}
