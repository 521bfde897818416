//! `pbn init DIR`: a commented plan skeleton on the national baseline that validates and builds at once.
//! Everything the establishment must change is marked `À COMPLÉTER` (`TO COMPLETE` with `--language en`).
//! It never overwrites a file: what is already there is left as it is, and named.

use crate::value_format;
use std::path::Path;

/// The skeleton's files in one language: (path in the plan, template). `{name}`, `{finess}` and `{language}` are
/// filled in by [`run`].
struct Skeleton {
    files: [(&'static str, &'static str); 5],
    to_complete: &'static str,
}

const FR: Skeleton = Skeleton {
    files: [
        ("pbn.yaml", include_str!("../../templates/init/fr/pbn.yaml")),
        (
            "establishment.yaml",
            include_str!("../../templates/init/fr/establishment.yaml"),
        ),
        (
            "contacts.yaml",
            include_str!("../../templates/init/fr/contacts.yaml"),
        ),
        (
            "exercises.yaml",
            include_str!("../../templates/init/fr/exercises.yaml"),
        ),
        (
            "fragments/urgences.yaml",
            include_str!("../../templates/init/fr/urgences.yaml"),
        ),
    ],
    to_complete: "À COMPLÉTER",
};

const EN: Skeleton = Skeleton {
    files: [
        ("pbn.yaml", include_str!("../../templates/init/en/pbn.yaml")),
        (
            "establishment.yaml",
            include_str!("../../templates/init/en/establishment.yaml"),
        ),
        (
            "contacts.yaml",
            include_str!("../../templates/init/en/contacts.yaml"),
        ),
        (
            "exercises.yaml",
            include_str!("../../templates/init/en/exercises.yaml"),
        ),
        (
            "fragments/urgences.yaml",
            include_str!("../../templates/init/en/urgences.yaml"),
        ),
    ],
    to_complete: "TO COMPLETE",
};

pub fn run(dir: &Path, name: &str, finess: &str, language: &str) -> i32 {
    if let Some(why) = value_format::finess_problem(finess) {
        return super::fatal(&format!("--finess: {why}"));
    }
    if dir.join("pbn.yaml").exists() {
        return super::fatal(&format!(
            "{} already holds a plan (pbn.yaml exists); nothing was written",
            dir.display()
        ));
    }
    let skeleton = if language == "en" { &EN } else { &FR };
    let (mut written, mut kept) = (Vec::new(), Vec::new());
    for (rel, text) in files(skeleton, name, finess, language) {
        let path = dir.join(rel);
        // Never overwrite: a file already there is the user's (a repository's .gitignore, a directory started by
        // hand); it is left byte for byte as it is, and named.
        if path.exists() {
            kept.push(rel);
            continue;
        }
        if let Err(e) = write_new(&path, &text) {
            return super::fatal(&e);
        }
        written.push(rel);
    }
    super::status(&report(dir, skeleton, &written, &kept));
    crate::exit::OK
}

/// Every file of the skeleton with its text.
fn files(s: &Skeleton, name: &str, finess: &str, language: &str) -> Vec<(&'static str, String)> {
    let esc = name.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out: Vec<(&'static str, String)> = s
        .files
        .iter()
        .map(|(rel, t)| {
            let text = t
                .replace("{language}", language)
                .replace("{baseline}", env!("PBN_BASELINE_VERSION"))
                .replace("{name}", &esc)
                .replace("{finess}", finess);
            (*rel, text)
        })
        .collect();
    out.push((".gitignore", "dist/\n".to_string()));
    // For editors (the line at the top of pbn.yaml); refresh with `pbn schema > pbn.schema.json`.
    out.push((
        "pbn.schema.json",
        format!("{}\n", super::schema::schema_text()),
    ));
    out
}

/// Creates `path` (and its folders), failing rather than replacing a file that appeared meanwhile.
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn report(dir: &Path, s: &Skeleton, written: &[&str], kept: &[&str]) -> String {
    let mut msg = format!(
        "created a plan in {}: {}\n",
        dir.display(),
        written.join(", ")
    );
    if !kept.is_empty() {
        msg.push_str(&format!(
            "left as they were (already there, not overwritten): {}\n",
            kept.join(", ")
        ));
        if kept.contains(&".gitignore") {
            msg.push_str("  add `dist/` to your .gitignore if the built documents should stay out of the repository\n");
        }
    }
    msg.push_str(&format!(
        "next: complete the values marked `{}`, then run `pbn validate {1}` and `pbn build {1}`\n",
        s.to_complete,
        dir.display()
    ));
    msg
}
