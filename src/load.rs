//! The plan directory and its layers → source files → decoded (but not yet merged) objects.
//!
//! Layers, lowest first: the embedded baseline, shared folders named by `path:`, then the plan directory. Files are
//! read and parsed in parallel; every file keeps its layer so that merge and `explain` know who supplied what.
//! `include` patterns and layer files never leave their folder: `..`, absolute patterns and symlinks that resolve
//! outside are refused with a located error.

use crate::baseline;
use crate::decode::{self, Cx};
use crate::diag::{Code, Diagnostic, Diags};
use crate::model::{
    BaselineMeta, Contact, Establishment, Exercise, Fragment, LayerRef, Manifest, Text,
};
use crate::source::{Layer, Loc, SourceFile, SourceMap};
use crate::yaml;
use globset::{GlobBuilder, GlobSetBuilder};
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

/// An error that stops pbn before any plan diagnostic makes sense (exit code 2).
#[derive(Debug)]
pub struct Fatal(pub String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Manifest,
    Establishment,
    Contacts { baseline: bool },
    Exercises,
    Fragments,
    BaselineMeta,
}

#[derive(Default)]
pub struct Loaded {
    pub dir: PathBuf,
    pub map: SourceMap,
    pub manifest: Manifest,
    pub establishment: Option<Establishment>,
    pub contacts: Vec<Contact>,
    pub exercises: Vec<Exercise>,
    /// Every fragment of every layer, layer by layer, in file order.
    pub fragments: Vec<Fragment>,
    pub baseline: BaselineMeta,
}

struct Pending {
    display: String,
    path: Option<PathBuf>,
    layer: usize,
    role: Role,
    text: Result<String, (String, Loc)>,
}

pub(crate) enum Decoded {
    Manifest(Option<Manifest>),
    Establishment(Option<Box<Establishment>>),
    Contacts(Vec<Contact>),
    Exercises(Vec<Exercise>),
    Fragments(Vec<Fragment>),
    Meta(BaselineMeta),
    Nothing,
}

/// Reads a file as UTF-8; invalid bytes give the line and column of the first one.
fn read_text(path: &Path) -> Result<Result<String, (String, Loc)>, Fatal> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    if meta.len() > yaml::MAX_FILE_BYTES as u64 {
        return Ok(Err((
            format!(
                "file is {} bytes, over the {} MiB limit",
                meta.len(),
                yaml::MAX_FILE_BYTES >> 20
            ),
            Loc::new(0, 1, 1),
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    Ok(utf8_text(bytes))
}

/// The bytes of a source file as text, or the message and position of the first invalid byte.
pub(crate) fn utf8_text(bytes: Vec<u8>) -> Result<String, (String, Loc)> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let f = SourceFile::new(String::new(), None, 0, prefix.into_owned());
            let (line, col) = f.line_col(valid);
            Err((
                format!(
                    "invalid UTF-8 (byte 0x{:02x} at offset {valid})",
                    bytes.get(valid).copied().unwrap_or_default()
                ),
                Loc::new(0, line, col),
            ))
        }
    }
}

fn is_special(rel: &str) -> bool {
    matches!(
        rel,
        "pbn.yaml" | "establishment.yaml" | "contacts.yaml" | "exercises.yaml"
    ) || rel.starts_with("contacts/")
}

/// Walks `root` for files whose relative path satisfies `want`, refusing symlinks that resolve outside `root`.
fn walk(
    root: &Path,
    want: &dyn Fn(&str) -> bool,
    escapes: &mut Vec<String>,
) -> Vec<(String, PathBuf)> {
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut out = Vec::new();
    let it = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (e.depth() == 1 && matches!(name.as_ref(), "dist" | "target")))
        });
    for entry in it.flatten() {
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() || rel.is_empty() || !want(&rel) {
            continue;
        }
        if entry.path_is_symlink() {
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|t| t.starts_with(&canon_root) && t.is_file());
            if !inside {
                escapes.push(rel);
                continue;
            }
        }
        if entry.file_type().is_file() || entry.path_is_symlink() {
            out.push((rel, entry.path().to_path_buf()));
        }
    }
    out
}

fn pattern_escapes(p: &str) -> bool {
    let path = Path::new(p);
    path.is_absolute()
        || p.starts_with('/')
        || p.starts_with('\\')
        || p.contains(':')
        || path.components().any(|c| matches!(c, Component::ParentDir))
}

/// Loads a plan directory. `Err` only when there is no plan to speak of (exit 2); everything else is a diagnostic.
pub fn load(dir: &Path, diags: &mut Diags) -> Result<Loaded, Fatal> {
    if !dir.exists() {
        return Err(Fatal(format!("{} does not exist", dir.display())));
    }
    if !dir.is_dir() {
        return Err(Fatal(format!("{} is not a directory", dir.display())));
    }
    let manifest_path = dir.join("pbn.yaml");
    if !manifest_path.is_file() {
        return Err(Fatal(format!(
            "{} has no pbn.yaml: not a plan directory (create one with `pbn init DIR`)",
            dir.display()
        )));
    }
    let mut ld = Loaded {
        dir: dir.to_path_buf(),
        ..Loaded::default()
    };
    // The manifest comes first: it names the layers.
    let text = read_text(&manifest_path)?;
    let mut files = vec![Pending {
        display: "pbn.yaml".into(),
        path: Some(manifest_path),
        layer: 0,
        role: Role::Manifest,
        text,
    }];
    let decoded = parse_and_decode(&mut ld.map, &mut files, diags);
    let Some(Decoded::Manifest(Some(manifest))) = decoded.into_iter().next() else {
        ld.map.layers.push(Layer {
            name: "plan".into(),
            root: Some(dir.to_path_buf()),
        });
        return Ok(ld);
    };
    ld.manifest = manifest;
    let manifest_file = 0;

    let mut layer_refs = ld.manifest.layers.clone();
    if layer_refs.is_empty() {
        layer_refs.push(LayerRef::Baseline(Text::new(
            "national".into(),
            Loc::new(manifest_file, 0, 0),
        )));
    }
    let mut pending = Vec::new();
    for lref in &layer_refs {
        let layer = ld.map.layers.len();
        match lref {
            LayerRef::Baseline(name) => {
                if !baseline::NAMES.contains(&name.v.as_str()) {
                    diags.push(
                        Diagnostic::new(
                            Code::BadLayer,
                            name.loc,
                            format!("unknown baseline `{}`", name.v),
                        )
                        .help("the embedded baseline is `national`"),
                    );
                    continue;
                }
                ld.map.layers.push(Layer {
                    name: format!("baseline:{}", name.v),
                    root: None,
                });
                for (rel, text) in baseline::FILES {
                    let role = match *rel {
                        "baseline.yaml" => Role::BaselineMeta,
                        "contacts.yaml" => Role::Contacts { baseline: true },
                        _ => Role::Fragments,
                    };
                    pending.push(Pending {
                        display: baseline::display(rel),
                        path: None,
                        layer,
                        role,
                        text: Ok((*text).to_string()),
                    });
                }
            }
            LayerRef::Path(p) => {
                if Path::new(&p.v).is_absolute() {
                    diags.push(Diagnostic::new(Code::BadLayer, p.loc, format!("layer path `{}` is absolute", p.v)).help("name the folder relative to the plan directory, e.g. `../ght-sud`, so the plan works on another machine"));
                    continue;
                }
                let root = dir.join(&p.v);
                if !root.is_dir() {
                    diags.push(
                        Diagnostic::new(
                            Code::BadLayer,
                            p.loc,
                            format!("layer folder `{}` does not exist", p.v),
                        )
                        .help(format!("looked for {}", root.display())),
                    );
                    continue;
                }
                ld.map.layers.push(Layer {
                    name: format!("layer:{}", p.v),
                    root: Some(root.clone()),
                });
                let mut escapes = Vec::new();
                let found = walk(
                    &root,
                    &|rel| rel.ends_with(".yaml") || rel.ends_with(".yml"),
                    &mut escapes,
                );
                for e in escapes {
                    diags.push(
                        Diagnostic::new(
                            Code::PathEscape,
                            p.loc,
                            format!(
                                "`{}/{e}` is a link that leads outside the layer folder",
                                p.v
                            ),
                        )
                        .help("copy the file into the layer instead of linking to it"),
                    );
                }
                let prefix = p.v.trim_end_matches('/');
                for (rel, path) in found {
                    let text = read_text(&path)?;
                    pending.push(Pending {
                        display: format!("{prefix}/{rel}"),
                        path: Some(path),
                        layer,
                        role: Role::Fragments,
                        text,
                    });
                }
            }
        }
    }
    // The plan directory itself, always last and highest.
    let plan_layer = ld.map.layers.len();
    ld.map.layers.push(Layer {
        name: "plan".into(),
        root: Some(dir.to_path_buf()),
    });
    ld.map.files[manifest_file as usize].layer = plan_layer;
    // The plan's own files obey the same rule as includes: a link that resolves outside the plan is not read.
    let canon_dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let outside = |rel: &str| {
        dir.join(rel)
            .canonicalize()
            .is_ok_and(|p| !p.starts_with(&canon_dir))
    };
    for rel in [
        "establishment.yaml",
        "contacts.yaml",
        "exercises.yaml",
        "contacts",
    ] {
        if outside(rel) {
            diags.push(
                Diagnostic::new(Code::PathEscape, Loc::new(manifest_file, 0, 0), format!("`{rel}` is a link that leads outside the plan directory; it was not read"))
                    .help("keep the plan's files inside its folder; to share fragments, name a folder as a layer"),
            );
        }
    }
    let add = |rel: &str, role: Role, pending: &mut Vec<Pending>| -> Result<bool, Fatal> {
        let path = dir.join(rel);
        if !path.is_file() || outside(rel) {
            return Ok(false);
        }
        let text = read_text(&path)?;
        pending.push(Pending {
            display: rel.to_string(),
            path: Some(path),
            layer: plan_layer,
            role,
            text,
        });
        Ok(true)
    };
    let manifest_loc = Loc::new(manifest_file, 0, 0);
    if !add("establishment.yaml", Role::Establishment, &mut pending)?
        && !outside("establishment.yaml")
    {
        diags.push(Diagnostic::new(Code::MissingFile, manifest_loc, "the plan has no `establishment.yaml`").help("create it with the establishment's name, FINESS number, functions and applications (see `pbn init`)"));
    }
    let has_contacts = add(
        "contacts.yaml",
        Role::Contacts { baseline: false },
        &mut pending,
    )?;
    let mut split = 0;
    if dir.join("contacts").is_dir() && !outside("contacts") {
        let mut escapes = Vec::new();
        for (rel, _) in walk(
            &dir.join("contacts"),
            &|r| r.ends_with(".yaml") || r.ends_with(".yml"),
            &mut escapes,
        ) {
            split += usize::from(add(
                &format!("contacts/{rel}"),
                Role::Contacts { baseline: false },
                &mut pending,
            )?);
        }
        for e in escapes {
            diags.push(Diagnostic::new(
                Code::PathEscape,
                manifest_loc,
                format!("`contacts/{e}` is a link that leads outside the plan directory"),
            ));
        }
    }
    if !has_contacts && split == 0 && !outside("contacts.yaml") && !outside("contacts") {
        diags.push(
            Diagnostic::new(
                Code::MissingFile,
                manifest_loc,
                "the plan has no `contacts.yaml` (nor `contacts/*.yaml`)",
            )
            .help("the crisis directory is required: who to call, on which channel"),
        );
    }
    add("exercises.yaml", Role::Exercises, &mut pending)?;
    let t = crate::timing::span("load: find+read");
    include(dir, &ld.manifest.include, plan_layer, &mut pending, diags)?;
    drop(t);
    let t = crate::timing::span("load: parse");
    let decoded = parse_and_decode(&mut ld.map, &mut pending, diags);
    drop(t);
    for d in decoded {
        match d {
            Decoded::Establishment(e) => {
                ld.establishment = e.map(|b| *b).or(ld.establishment.take())
            }
            Decoded::Contacts(c) => ld.contacts.extend(c),
            Decoded::Exercises(x) => ld.exercises.extend(x),
            Decoded::Fragments(f) => ld.fragments.extend(f),
            Decoded::Meta(m) => ld.baseline = m,
            Decoded::Manifest(_) | Decoded::Nothing => {}
        }
    }
    Ok(ld)
}

fn include(
    dir: &Path,
    patterns: &[Text],
    layer: usize,
    pending: &mut Vec<Pending>,
    diags: &mut Diags,
) -> Result<(), Fatal> {
    let mut set = GlobSetBuilder::new();
    let mut ok = Vec::new();
    for p in patterns {
        if pattern_escapes(&p.v) {
            diags.push(
                Diagnostic::new(Code::PathEscape, p.loc, format!("include pattern `{}` reaches outside the plan directory", p.v))
                    .help("include patterns are relative to the plan directory and cannot use `..` or absolute paths; to share fragments, name the folder as a layer (`layers: [- path: ../ght]`)"),
            );
            continue;
        }
        match GlobBuilder::new(&p.v).literal_separator(true).build() {
            Ok(g) => {
                set.add(g);
                ok.push(p);
            }
            Err(e) => diags.push(
                Diagnostic::new(
                    Code::BadValue,
                    p.loc,
                    format!("invalid include pattern `{}`: {e}", p.v),
                )
                .help("e.g. `fragments/**/*.yaml`"),
            ),
        }
    }
    let Ok(set) = set.build() else { return Ok(()) };
    if ok.is_empty() {
        return Ok(());
    }
    let mut escapes = Vec::new();
    let found = walk(
        dir,
        &|rel| !is_special(rel) && set.is_match(rel),
        &mut escapes,
    );
    for e in escapes {
        let at = ok
            .iter()
            .find(|p| {
                GlobBuilder::new(&p.v)
                    .literal_separator(true)
                    .build()
                    .is_ok_and(|g| g.compile_matcher().is_match(&e))
            })
            .map_or(Loc::default(), |p| p.loc);
        diags.push(
            Diagnostic::new(
                Code::PathEscape,
                at,
                format!("`{e}` is a link that leads outside the plan directory; it was not read"),
            )
            .help("copy the file into the plan directory, or name its folder as a layer"),
        );
    }
    for p in &ok {
        let g = GlobBuilder::new(&p.v)
            .literal_separator(true)
            .build()
            .map(|g| g.compile_matcher());
        if let Ok(g) = g
            && !found.iter().any(|(rel, _)| g.is_match(rel))
        {
            diags.push(
                Diagnostic::new(
                    Code::EmptyInclude,
                    p.loc,
                    format!("include pattern `{}` matches no file", p.v),
                )
                .help("patterns are relative to the plan directory, e.g. `fragments/**/*.yaml`"),
            );
        }
    }
    // Reading a thousand small files is worth doing on every core.
    let texts: Vec<_> = found.par_iter().map(|(_, path)| read_text(path)).collect();
    for ((rel, path), text) in found.into_iter().zip(texts) {
        pending.push(Pending {
            display: rel,
            path: Some(path),
            layer,
            role: Role::Fragments,
            text: text?,
        });
    }
    Ok(())
}

/// Parses and decodes one file (nothing when it could not be read).
fn parse_one(map: &SourceMap, id: u32, layer: usize, role: Role, failed: bool) -> (Decoded, Diags) {
    let mut d = Diags::default();
    if failed {
        return (Decoded::Nothing, d);
    }
    let text = &map.files[id as usize].text;
    let Some(docs) = yaml::parse(id, text, &mut d) else {
        return (Decoded::Nothing, d);
    };
    let mut cx = Cx {
        file: id,
        diags: &mut d,
    };
    let decoded = decode_docs(&mut cx, &docs, layer, role);
    (decoded, d)
}

/// Adds the files to the source map, then parses and decodes them in parallel. Results come back in file order.
fn parse_and_decode(
    map: &mut SourceMap,
    files: &mut Vec<Pending>,
    diags: &mut Diags,
) -> Vec<Decoded> {
    let mut jobs = Vec::new();
    for p in files.drain(..) {
        let (text, err) = match p.text {
            Ok(t) => (t, None),
            Err((msg, loc)) => (String::new(), Some((msg, loc))),
        };
        let id = map.add(SourceFile::new(p.display, p.path, p.layer, text));
        if let Some((msg, loc)) = err {
            let code = if msg.contains("limit") {
                Code::TooLarge
            } else {
                Code::Unreadable
            };
            diags.push(
                Diagnostic::new(code, Loc::new(id, loc.line, loc.col), msg).help(
                    "save the file as UTF-8 text (most editors: \"Save with encoding\" → UTF-8)",
                ),
            );
            jobs.push((id, p.layer, Role::Manifest, true));
        } else {
            jobs.push((id, p.layer, p.role, false));
        }
    }
    // Largest files first, one file per task: a 2 MB contacts.yaml starts at once instead of ending last.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(map.files[jobs[i].0 as usize].text.len()));
    // On rayon's global pool, like the callers' own parallel loops (`pbn review` of many plans): a second pool
    // entered with `install` from a worker made that worker run other plans' jobs on top of its own stack while
    // it waited, until 300 plans overflowed it.
    let mut results: Vec<(usize, (Decoded, Diags))> = order
        .par_iter()
        .with_max_len(1)
        .map(|&i| (i, jobs[i]))
        .map(|(i, (id, layer, role, failed))| (i, parse_one(map, id, layer, role, failed)))
        .collect();
    results.sort_by_key(|(i, _)| *i);
    results
        .into_iter()
        .map(|(_, r)| r)
        .map(|(dec, d)| {
            diags.extend(d);
            dec
        })
        .collect()
}

pub(crate) fn decode_docs(cx: &mut Cx, docs: &[decode::N], layer: usize, role: Role) -> Decoded {
    if role != Role::Fragments {
        let mut real = docs.iter().filter(|d| !matches!(d.value, yaml::Node::Null));
        let Some(first) = real.next() else {
            let what = match role {
                Role::Manifest => "pbn.yaml",
                Role::Establishment => "establishment.yaml",
                Role::Exercises => return Decoded::Exercises(Vec::new()),
                _ => "this file",
            };
            cx.diags.push(Diagnostic::new(
                Code::MissingField,
                Loc::new(cx.file, 1, 1),
                format!("{what} is empty"),
            ));
            return Decoded::Nothing;
        };
        if let Some(extra) = real.next() {
            let at = cx.loc(extra);
            cx.diags.push(
                Diagnostic::new(
                    Code::NotAMapping,
                    at,
                    "this file holds one document; a second one starts here",
                )
                .help("remove the `---` separator"),
            );
        }
        return decode_document(cx, first, layer, role);
    }
    let mut out = Vec::new();
    for doc in docs {
        if matches!(doc.value, yaml::Node::Null) {
            continue;
        }
        if let Some(f) = decode::fragment::fragment(cx, doc, layer) {
            out.push(f);
        }
    }
    Decoded::Fragments(out)
}

/// The one document of a file that is not a fragments file.
fn decode_document(cx: &mut Cx, doc: &decode::N, layer: usize, role: Role) -> Decoded {
    match role {
        Role::Manifest => Decoded::Manifest(decode::plan::manifest(cx, doc)),
        Role::Establishment => {
            Decoded::Establishment(decode::plan::establishment(cx, doc).map(Box::new))
        }
        Role::Contacts { baseline } => {
            Decoded::Contacts(decode::plan::contacts(cx, doc, layer, baseline))
        }
        Role::Exercises => Decoded::Exercises(decode::plan::exercises(cx, doc)),
        Role::BaselineMeta => Decoded::Meta(decode::plan::baseline_meta(cx, doc)),
        Role::Fragments => Decoded::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes and lines of decoding `text` as the one document of a `role` file.
    fn decode_as(role: Role, text: &str) -> Vec<(u16, u32)> {
        let mut diags = Diags::default();
        let docs = yaml::parse(0, text, &mut diags).expect("valid YAML");
        let mut cx = Cx {
            file: 0,
            diags: &mut diags,
        };
        decode_docs(&mut cx, &docs, 0, role);
        diags.codes_and_lines()
    }

    #[test]
    fn a_document_that_is_not_a_mapping_is_reported_once() {
        for role in [
            Role::Manifest,
            Role::Establishment,
            Role::Contacts { baseline: false },
            Role::Exercises,
            Role::BaselineMeta,
        ] {
            assert_eq!(
                decode_as(role, "# a list\n- contacts: []\n"),
                [(41, 2)],
                "{role:?}"
            );
            assert_eq!(decode_as(role, "just text\n"), [(41, 1)], "{role:?}");
        }
    }

    #[test]
    fn escaping_patterns() {
        for bad in [
            "../x/*.yaml",
            "/etc/*.yaml",
            "fragments/../../x.yaml",
            "C:/x.yaml",
        ] {
            assert!(pattern_escapes(bad), "{bad}");
        }
        for good in ["fragments/**/*.yaml", "*.yaml", "a/b.yaml"] {
            assert!(!pattern_escapes(good), "{good}");
        }
    }
}
