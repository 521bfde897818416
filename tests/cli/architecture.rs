//! The shape of the source tree: no import circle between files of `src/` (issue 14).
//!
//! A file depends on another when it names it by a path from `crate::`, `super::` or `self::` (in a `use`, or
//! inline in code or a type). A folder's `mod.rs` and its own files are one unit — the `mod.rs` declares them and
//! dispatches to them, they share its helpers — so the edges between a module and its direct children are left
//! out. Comments and string literals are blanked first, tests (`#[cfg(test)] mod … { … }`) are left out: they
//! may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, as paths relative to `root`.
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(root, &p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p.strip_prefix(root).unwrap().to_path_buf());
        }
    }
}

/// `render/pdf/mod.rs` → `["render", "pdf"]`, `lib.rs` → `[]`.
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text with comments, string and char literals replaced by spaces (lifetimes are kept).
fn blank(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let end = if c == '/' && next == Some('/') {
            (i..b.len()).find(|&j| b[j] == '\n').unwrap_or(b.len())
        } else if c == '/' && next == Some('*') {
            (i + 2..b.len())
                .find(|&j| b[j - 1] == '*' && b[j] == '/')
                .map_or(b.len(), |j| j + 1)
        } else if c == 'r' && matches!(next, Some('"' | '#')) && (i == 0 || !is_ident(b[i - 1])) {
            let hashes = b[i + 1..].iter().take_while(|&&h| h == '#').count();
            if b.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let start = i + 2 + hashes;
            let rest: String = b[start..].iter().collect();
            rest.find(&close)
                .map_or(b.len(), |k| start + rest[..k].chars().count() + close.len())
        } else if c == '"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != '"' {
                j += if b[j] == '\\' { 2 } else { 1 };
            }
            j + 1
        } else if c == '\'' && next == Some('\\') {
            (i + 2..b.len())
                .find(|&j| b[j] == '\'')
                .map_or(b.len(), |j| j + 1)
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            i + 3
        } else {
            out.push(c);
            i += 1;
            continue;
        };
        let end = end.min(b.len());
        out.extend(
            b[i..end]
                .iter()
                .map(|&c| if c == '\n' { '\n' } else { ' ' }),
        );
        i = end;
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The text without its `#[cfg(test)] mod name { … }` blocks.
fn without_tests(text: &str) -> String {
    let mut s = text.to_string();
    while let Some(at) = s.find("#[cfg(test)]") {
        let after = s[at + 12..].trim_start();
        let decl = after.split('{').next().unwrap_or("");
        // `#[cfg(test)]` on something else than an inline module (`mod testkit;` is a file of its own).
        if !decl.contains("mod ") || decl.contains(';') {
            s.replace_range(at..at + 12, "");
            continue;
        }
        let open = at + 12 + s[at + 12..].find('{').unwrap();
        let mut depth = 0;
        let mut close = s.len();
        for (k, c) in s[open..].char_indices() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            if depth == 0 {
                close = open + k + 1;
                break;
            }
        }
        s.replace_range(at..close, "");
    }
    s
}

/// The paths named in `code` that start with `crate`, `super` or `self`, each as its segments; a group
/// (`crate::a::{b, c::d}`) gives one path per member.
fn paths(code: &str) -> Vec<Vec<String>> {
    let b: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .any(|k| b[i..].iter().take(k.len()).copied().eq(k.chars()));
        if starts && (i == 0 || !(is_ident(b[i - 1]) || b[i - 1] == ':')) {
            i = path_at(&b, i, Vec::new(), &mut found);
        } else {
            i += 1;
        }
    }
    found
}

/// Reads one path from `b[i]` (after `prefix`), pushing it or its group's members; returns where it ends.
fn path_at(b: &[char], mut i: usize, mut segs: Vec<String>, found: &mut Vec<Vec<String>>) -> usize {
    loop {
        while b.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        if b.get(i) == Some(&'{') {
            i += 1;
            loop {
                let before = i;
                i = path_at(b, i, segs.clone(), found);
                if i == before {
                    // A glob (`{*}`) or something this reader does not know: step over it.
                    i += 1;
                }
                while b.get(i).is_some_and(|c| c.is_whitespace() || *c == ',') {
                    i += 1;
                }
                if b.get(i).is_none_or(|c| *c == '}') {
                    return i + 1;
                }
            }
        }
        let start = i;
        while b.get(i).is_some_and(|c| is_ident(*c)) {
            i += 1;
        }
        if i > start {
            segs.push(b[start..i].iter().collect());
        }
        if b.get(i) == Some(&':') && b.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            // `x as y`: the alias is not a path.
            let rest: String = b[i..b.len().min(i + 4)].iter().collect();
            if rest.trim_start().starts_with("as ") {
                let mut j = i + rest.find("as").unwrap_or(0) + 2;
                while b.get(j).is_some_and(|c| c.is_whitespace() || is_ident(*c)) {
                    j += 1;
                }
                i = j;
            }
            found.push(segs);
            return i;
        }
    }
}

/// The file a path names: the deepest of its prefixes that is a module file.
fn resolve(
    from: &[String],
    segs: &[String],
    files: &BTreeMap<Vec<String>, String>,
) -> Option<String> {
    let mut m = from.to_vec();
    let mut rest = segs;
    while let Some(head) = rest.first() {
        match head.as_str() {
            "crate" => m.clear(),
            "super" => {
                m.pop();
            }
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    let mut best = files.get(&m).cloned();
    for s in rest {
        m.push(s.clone());
        match files.get(&m) {
            Some(f) => best = Some(f.clone()),
            None => break,
        }
    }
    best
}

/// The import edges between files of `src/`, parent–child edges left out.
fn edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut list = Vec::new();
    rust_files(src, src, &mut list);
    let names: Vec<String> = list
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let files: BTreeMap<Vec<String>, String> = names
        .iter()
        .filter(|n| *n != "main.rs")
        .map(|n| (module_of(n), n.clone()))
        .collect();
    let parent = |f: &str| {
        let mut m = module_of(f);
        m.pop().and_then(|_| files.get(&m).cloned())
    };
    let mut out = BTreeMap::new();
    for name in &names {
        let text = std::fs::read_to_string(src.join(name)).unwrap();
        let code = without_tests(&blank(&text));
        let from = module_of(name);
        let deps: BTreeSet<String> = paths(&code)
            .iter()
            .filter_map(|p| resolve(&from, p, &files))
            .filter(|to| to != name && parent(to).as_deref() != Some(name.as_str()))
            .filter(|to| parent(name).as_deref() != Some(to.as_str()))
            .collect();
        out.insert(name.clone(), deps);
    }
    out
}

/// A circle through `start`, if there is one (breadth-first, so the shortest).
fn circle(start: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(f) = queue.pop_front() {
        for to in edges.get(f).into_iter().flatten() {
            if to == start {
                let mut path = vec![f.to_string()];
                let mut at = f;
                while at != start {
                    at = came_from[at];
                    path.push(at.to_string());
                }
                path.reverse();
                path.push(start.to_string());
                return Some(path);
            }
            if !came_from.contains_key(to.as_str()) {
                came_from.insert(to, f);
                queue.push_back(to);
            }
        }
    }
    None
}

#[test]
fn no_import_circle_between_files_of_src() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = edges(&src);
    // The reader is not blind: it sees the dependencies that are known to exist.
    assert!(
        edges["load.rs"].contains("decode/file.rs"),
        "{:?}",
        edges["load.rs"]
    );
    assert!(edges["app.rs"].contains("load.rs"), "{:?}", edges["app.rs"]);
    assert!(edges["render/pdf/response.rs"].contains("render/pdf/blocks.rs"));
    let circles: BTreeSet<Vec<String>> = edges
        .keys()
        .filter_map(|f| circle(f, &edges))
        .map(|mut c| {
            // One circle, whichever file it was found from.
            c.pop();
            let min = c
                .iter()
                .enumerate()
                .min_by_key(|(_, f)| *f)
                .map_or(0, |(i, _)| i);
            c.rotate_left(min);
            c
        })
        .collect();
    let shown: Vec<String> = circles
        .iter()
        .map(|c| format!("{} → {}", c.join(" → "), c[0]))
        .collect();
    assert!(
        shown.is_empty(),
        "import circles between files of src/:\n{}",
        shown.join("\n")
    );
}

#[test]
fn paths_and_groups_are_read() {
    let code = blank(
        "use crate::a::{b, c::{d as e, self}};\nlet x = super::f::g(); // crate::no\n\"crate::no\"",
    );
    let p = paths(&code);
    let shown: Vec<String> = p.iter().map(|s| s.join("::")).collect();
    assert_eq!(
        shown,
        [
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::self",
            "super::f::g"
        ]
    );
}
