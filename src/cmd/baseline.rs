//! `pbn baseline list|show|changes`: browse the embedded national library without a plan.

use crate::baseline::FILES;
use crate::cli::BaselineCmd;
use crate::decode::FileDiags;
use crate::diag::Diags;
use crate::model::{BaselineMeta, Contact, Fragment, Release};
use crate::source::{Loc, SourceFile, SourceMap};
use std::fmt::Write as _;

/// The decoded library: fragments (sorted by kind, order, id), national contacts and metadata.
struct Library {
    map: SourceMap,
    fragments: Vec<Fragment>,
    contacts: Vec<Contact>,
    meta: BaselineMeta,
}

fn library() -> Library {
    let mut lib = Library {
        map: SourceMap::default(),
        fragments: Vec::new(),
        contacts: Vec::new(),
        meta: BaselineMeta::default(),
    };
    for (rel, text) in FILES {
        let id = lib.map.add(SourceFile::new(
            crate::baseline::display(rel),
            None,
            0,
            (*text).to_string(),
        ));
        let mut d = Diags::default();
        let Some(docs) = crate::yaml::parse(id, text, &mut d) else {
            continue;
        };
        let mut cx = FileDiags {
            file: id,
            diags: &mut d,
        };
        for doc in &docs {
            match *rel {
                "baseline.yaml" => lib.meta = crate::decode::plan::baseline_meta(&mut cx, doc),
                "contacts.yaml" => lib
                    .contacts
                    .extend(crate::decode::plan::contacts(&mut cx, doc, 0, true)),
                _ => lib
                    .fragments
                    .extend(crate::decode::fragment::fragment(&mut cx, doc, 0)),
            }
        }
    }
    lib.fragments
        .sort_by(|a, b| (a.kind, a.order(), &a.id.v).cmp(&(b.kind, b.order(), &b.id.v)));
    lib.contacts.sort_by(|a, b| a.id.v.cmp(&b.id.v));
    lib
}

pub fn run(cmd: BaselineCmd) -> i32 {
    let lib = library();
    match cmd {
        BaselineCmd::List => {
            super::out(&list(&lib));
            crate::exit::OK
        }
        BaselineCmd::Show { target } => show(&lib, &target),
        BaselineCmd::Changes { since } => match changes(&lib.meta, &since) {
            Some(o) => {
                super::out(&o);
                crate::exit::OK
            }
            None => super::fatal(&format!(
                "the national baseline has no version `{since}`; known versions, newest first: {}",
                lib.meta.versions().join(", ")
            )),
        },
    }
}

fn list(lib: &Library) -> String {
    let mut o = format!(
        "national baseline {} — {} fragments, {} national contacts\n",
        env!("PBN_BASELINE_VERSION"),
        lib.fragments.len(),
        lib.contacts.len()
    );
    let mut last = None;
    for f in &lib.fragments {
        if last != Some(f.kind) {
            let _ = writeln!(o, "\n{}:", f.kind.as_str());
            last = Some(f.kind);
        }
        let mut tags = String::new();
        if f.locked.is_some() {
            tags.push_str(" [locked]");
        }
        if f.is_template() {
            tags.push_str(" [template]");
        }
        let _ = writeln!(o, "  {:<34} {}{}", f.id.v, f.title(), tags);
    }
    if !lib.contacts.is_empty() {
        o.push_str("\ncontact:\n");
        for c in &lib.contacts {
            let tag = if c.complete { " [to complete]" } else { "" };
            let _ = writeln!(o, "  {:<34} {}{}", c.id.v, c.name.v, tag);
        }
    }
    o
}

fn show(lib: &Library, target: &str) -> i32 {
    let (kind, id) = match target.split_once(':') {
        Some(pair) => pair,
        None => match kinds_of(lib, target).as_slice() {
            [kind] => (*kind, target),
            [] => {
                return super::fatal(&format!(
                    "the baseline has no fragment or contact `{target}` (see `pbn baseline list`)"
                ));
            }
            several => {
                let names: Vec<String> = several.iter().map(|k| format!("{k}:{target}")).collect();
                return super::fatal(&format!(
                    "`{target}` names several baseline entries: {}; write KIND:ID",
                    names.join(", ")
                ));
            }
        },
    };
    let found = if kind == "contact" {
        lib.contacts
            .iter()
            .find(|c| c.id.v == id)
            .map(|c| (c.loc, true))
    } else {
        lib.fragments
            .iter()
            .find(|f| f.kind.as_str() == kind && f.id.v == id)
            .map(|f| (f.loc, false))
    };
    let Some((loc, is_item)) = found else {
        return super::fatal(&format!(
            "the baseline has no {kind} `{id}` (see `pbn baseline list`)"
        ));
    };
    super::out(&as_written(&lib.map, loc, is_item));
    crate::exit::OK
}

/// The kinds of the baseline entries (fragments, then national contacts) whose id is `id`, so that an id given
/// without its kind can be shown when it names one entry only.
fn kinds_of<'a>(lib: &'a Library, id: &str) -> Vec<&'a str> {
    let mut kinds: Vec<&str> = lib
        .fragments
        .iter()
        .filter(|f| f.id.v == id)
        .map(|f| f.kind.as_str())
        .collect();
    if lib.contacts.iter().any(|c| c.id.v == id) {
        kinds.push("contact");
    }
    kinds
}

/// The source text of a fragment document (to the next `---` or the end of the file) or of a list item (to the
/// next item at the same indentation or less), headed by its file and line.
fn as_written(map: &SourceMap, loc: Loc, is_item: bool) -> String {
    let file = map.file(loc.file);
    let mut o = format!("# {}:{}\n", file.display, loc.line);
    // A list item's mapping starts after `- `: the item ends at a line indented no deeper than that dash.
    let dash = loc.col.saturating_sub(3) as usize;
    let mut line = loc.line;
    while let Some(t) = file.line_text(line) {
        if line > loc.line {
            let indent = t.len() - t.trim_start().len();
            let ends = if is_item {
                !t.trim().is_empty() && !t.trim_start().starts_with('#') && indent <= dash
            } else {
                t.starts_with("---")
            };
            if ends {
                break;
            }
        }
        if line == loc.line && is_item {
            let _ = writeln!(o, "{}{}", " ".repeat(dash), t.trim_start());
        } else {
            o.push_str(t);
            o.push('\n');
        }
        line += 1;
    }
    o
}

/// What the releases after `since` added, changed and removed, newest release last; `None` for an unknown
/// version.
fn changes(meta: &BaselineMeta, since: &str) -> Option<String> {
    let releases: Vec<&Release> = meta.since(since)?.collect();
    let mut o = String::new();
    if releases.is_empty() {
        let _ = writeln!(
            o,
            "national baseline {since} is the current version: nothing changed since"
        );
        return Some(o);
    }
    let _ = writeln!(
        o,
        "national baseline: changes since {since} (current {})",
        meta.version
    );
    for r in releases {
        let date = r.date.map(|d| format!(" ({d})")).unwrap_or_default();
        let _ = writeln!(o, "\n{}{date}", r.version);
        for (what, list) in [
            ("added", &r.added),
            ("changed", &r.changed),
            ("removed", &r.removed),
        ] {
            for (kind, id) in list {
                let _ = writeln!(o, "  {what:<8} {kind}:{id}");
            }
        }
    }
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> BaselineMeta {
        let obj = |k: &str, i: &str| (k.to_string(), i.to_string());
        BaselineMeta {
            version: "2026.12".into(),
            history: vec![
                Release {
                    version: "2026.12".into(),
                    date: None,
                    added: vec![obj("obligation", "eigs")],
                    changed: vec![obj("procedure", "laboratoire-mode-degrade")],
                    removed: vec![obj("contact", "anssi")],
                },
                Release {
                    version: "2026.11".into(),
                    added: vec![obj("contact", "anssi")],
                    ..Release::default()
                },
            ],
            ..BaselineMeta::default()
        }
    }

    #[test]
    fn changes_since_a_version() {
        let m = meta();
        let o = changes(&m, "2026.11").unwrap_or_default();
        assert!(o.contains("  added    obligation:eigs\n"), "{o}");
        assert!(o.contains("  changed  procedure:laboratoire-mode-degrade\n"));
        assert!(o.contains("  removed  contact:anssi\n"));
        assert!(changes(&m, "2026.12").is_some_and(|o| o.contains("nothing changed")));
        assert_eq!(changes(&m, "2025.01"), None);
    }

    #[test]
    fn every_library_object_is_listed_and_shown_with_its_sources() {
        let lib = library();
        let l = list(&lib);
        for f in &lib.fragments {
            assert!(l.contains(&format!("  {:<34} ", f.id.v)), "{}", f.id.v);
        }
        for c in &lib.contacts {
            assert!(l.contains(&format!("  {:<34} ", c.id.v)), "{}", c.id.v);
            let text = as_written(&lib.map, c.loc, true);
            assert!(text.contains(&format!("- id: {}\n", c.id.v)), "{text}");
            // One contact only.
            assert_eq!(text.matches("- id:").count(), 1, "{text}");
        }
    }
}
