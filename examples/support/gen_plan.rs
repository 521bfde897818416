//! The synthetic plan generator, as a function: `generate(N, DIR)` writes a valid plan on the national baseline
//! with N reflexes, N/2 procedures and 5N contacts (about 4 KB of YAML per unit of N), plus functions,
//! applications and exercises in proportion. Deterministic: the same N gives the same files.
//! Used by the `gen-plan` example (its command line) and by `benches/stages.rs`.

use std::fmt::Write as _;
use std::path::Path;

const WORDS: &[&str] = &[
    "vérifier",
    "prévenir",
    "l'équipe",
    "de",
    "garde",
    "le",
    "poste",
    "réseau",
    "débrancher",
    "noter",
    "l'heure",
    "dans",
    "la",
    "main",
    "courante",
    "appeler",
    "cadre",
    "service",
    "procédure",
    "papier",
    "dossier",
    "patient",
    "identité",
    "étiquettes",
    "prescriptions",
    "transmettre",
    "à",
    "pharmacie",
    "laboratoire",
    "résultats",
];

fn sentence(seed: usize, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[(seed * 7 + i * 13) % WORDS.len()]);
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str() + ".",
        None => s,
    }
}

fn luhn_key(prefix: &str) -> char {
    for k in 0..10u32 {
        let s: String = format!("{prefix}{k}");
        let sum: u32 = s
            .chars()
            .rev()
            .enumerate()
            .map(|(i, c)| {
                let d = c.to_digit(10).unwrap_or(0);
                if i % 2 == 1 {
                    if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
                } else {
                    d
                }
            })
            .sum();
        if sum.is_multiple_of(10) {
            return char::from_digit(k, 10).unwrap_or('0');
        }
    }
    '0'
}

pub fn generate(n: usize, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("fragments/reflexes"))?;
    std::fs::create_dir_all(dir.join("fragments/procedures"))?;
    let nfun = (n / 10).max(4);
    let napp = (n / 5).max(4);
    let ncontacts = 5 * n;
    std::fs::write(
        dir.join("pbn.yaml"),
        format!(
            "plan:\n  title: \"Plan blanc numérique synthétique N={n}\"\n  version: \"1.0.{n}\"\n  language: fr\n  classification: \"Diffusion restreinte\"\nlayers:\n  - baseline: national\ninclude: [\"fragments/**/*.yaml\"]\n"
        ),
    )?;
    // Not `pbn init`'s example FINESS (PBN080).
    let finess = format!("01099999{}", luhn_key("01099999"));
    let mut e = format!(
        "establishment:\n  name: \"Centre hospitalier synthétique {n}\"\n  finess_ej: \"{finess}\"\n  ght: \"GHT Synthèse\"\n  ars: \"ARS Exemple\"\n  nis2_entity: true\nfunctions:\n"
    );
    for i in 0..nfun {
        let crit = ["vital", "essential", "important", "deferrable"][i % 4];
        let _ = writeln!(
            e,
            "  - {{id: fonction-{i}, name: \"Fonction {i}\", criticality: {crit}, max_downtime: {}h}}",
            1 + i % 24
        );
    }
    e.push_str("applications:\n");
    for i in 0..napp {
        let _ = writeln!(
            e,
            "  - {{id: appli-{i}, name: \"Application {i}\", functions: [fonction-{}], critical: {}, rto: {}h, rpo: {}h, vendor: contact-{}}}",
            i % nfun,
            i % 3 == 0,
            4 + i % 48,
            1 + i % 12,
            i % ncontacts
        );
    }
    e.push_str("backups: {offline: true, last_restore_test: 2026-09-14}\ncrisis_cell:\n  room: \"Salle de crise\"\n  fallback_room: \"Salle de repli\"\n  members:\n    - {role: directeur-crise, holder: contact-0, deputy: contact-1}\napproval:\n  adopted_on: 2026-10-02\n  opinions: {directoire: 2026-09-20, cme: 2026-09-22, cse: 2026-09-25}\n  next_review: 2027-10-01\n");
    std::fs::write(dir.join("establishment.yaml"), e)?;

    let roles = [
        "directeur-crise",
        "administrateur-garde",
        "rssi",
        "dsi",
        "astreinte-si",
        "communication",
        "dpo",
        // Every role the national sheets call on has holders, so the plan validates without PBN073.
        "secretaire-cellule",
        "coordinateur-medical",
        "cadre-sante",
        "standard",
        "biomedical",
        "pharmacien",
        "biologiste",
        "logistique",
        "drh",
        "identitovigilance",
    ];
    let mut c = String::from("contacts:\n");
    for slot in [
        "ars",
        "assureur",
        "police-gendarmerie",
        "cert-sante",
        "cnil",
        "anssi",
        "samu",
        "csirt-regional",
        "efs",
        "hebergeur",
        "prestataire-reponse",
    ] {
        let _ = writeln!(
            c,
            "  - id: {slot}\n    name: \"Contact national {slot}\"\n    verified_on: 2026-10-01\n    channels:\n      - {{type: phone, value: \"01 40 00 00 00\", h24: true, independent_of_is: true{}}}",
            // The national sheets ask for the SAMU's direct line by its label (PBN070).
            if slot == "samu" {
                ", label: \"ligne directe\""
            } else {
                ""
            }
        );
    }
    for i in 0..ncontacts {
        let _ = write!(
            c,
            "  - id: contact-{i}\n    name: \"Personne {i}\"\n    organization: \"Service {}\"\n    roles: [{}]\n    deputy: contact-{}\n    verified_on: 2026-{:02}-{:02}\n    channels:\n      - {{type: mobile, value: \"06 {:02} {:02} {:02} {:02}\", h24: true, independent_of_is: true, confidential: {}}}\n      - {{type: email, value: \"personne{i}@ch-synthese.fr\"}}\n",
            i % 40,
            roles[i % roles.len()],
            (i + 1) % ncontacts.max(2) + usize::from((i + 1) % ncontacts == i),
            1 + i % 11,
            1 + i % 28,
            // Never "06 00 00 00 ..": that is the example number `pbn init` writes (PBN080).
            10 + (i / 1_000_000) % 90,
            (i / 10_000) % 100,
            (i / 100) % 100,
            i % 100,
            i % 2 == 0
        );
    }
    // Deputy chains must not loop: the last contact has none.
    if let Some(pos) = c.rfind("    deputy: ") {
        let end = c[pos..].find('\n').map_or(c.len(), |e| pos + e + 1);
        c.replace_range(pos..end, "");
    }
    std::fs::write(dir.join("contacts.yaml"), c)?;

    for i in 0..n {
        let mut r = format!(
            "kind: reflex\nid: reflexe-{i}\ntitle: \"Fiche réflexe {i} : {}\"\norder: {}\naudience: [{}]\ntrigger: \"{}\"\nsteps:\n",
            sentence(i, 4).trim_end_matches('.'),
            10 + i,
            roles[i % roles.len()],
            sentence(i + 1, 14)
        );
        for s in 0..7 {
            let _ = writeln!(
                r,
                "  - id: etape-{s}\n    do: \"{} Voir {{{{contact:contact-{}}}}}.\"\n    who: {}\n    within: {}m",
                sentence(i * 7 + s, 22),
                (i * 7 + s) % ncontacts,
                roles[(i + s) % roles.len()],
                5 * (s + 1)
            );
        }
        r.push_str("never:\n");
        for s in 0..3 {
            let _ = writeln!(r, "  - \"{}\"", sentence(i + s, 10));
        }
        if i + 1 < n {
            let _ = writeln!(r, "then: [reflexe-{}]", i + 1);
        }
        std::fs::write(
            dir.join(format!("fragments/reflexes/reflexe-{i:05}.yaml")),
            r,
        )?;
    }
    for i in 0..n / 2 {
        let mut p = format!(
            "kind: procedure\nid: procedure-{i}\ntitle: \"Procédure dégradée {i}\"\nfunction: fonction-{}\napplications: [appli-{}]\nowner: {}\nmax_downtime: 4h\nrto: 24h\nrpo: 4h\nactivation: \"{}\"\nsteps:\n",
            i % nfun,
            i % napp,
            roles[i % roles.len()],
            sentence(i, 16)
        );
        for s in 0..8 {
            let _ = writeln!(
                p,
                "  - id: etape-{s}\n    do: \"{}\"\n    who: {}\n    needs_it: {}",
                sentence(i * 8 + s, 24),
                roles[(i + s) % roles.len()],
                s % 3 == 0
            );
        }
        let _ = writeln!(
            p,
            "paper_kit:\n  - \"{}\"\n  - \"{}\"\ncatch_up: \"{}\"",
            sentence(i, 6),
            sentence(i + 1, 6),
            sentence(i + 2, 18)
        );
        std::fs::write(
            dir.join(format!("fragments/procedures/procedure-{i:05}.yaml")),
            p,
        )?;
    }
    let mut x = String::from("exercises:\n");
    for i in 0..(n / 50).max(1) {
        let _ = writeln!(
            x,
            "  - id: ex-{i}\n    date: 2026-{:02}-14\n    scenario: \"Rançongiciel {i}\"\n    format: tabletop\n    participants: [direction, fonction-0]\n    procedures_tested: [procedure-0]\n    findings:\n      - {{text: \"Constat {i}\", action: \"Action {i}\", owner: contact-0, due: 2026-12-31, status: open}}",
            1 + i % 12
        );
    }
    std::fs::write(dir.join("exercises.yaml"), x)?;
    Ok(())
}
