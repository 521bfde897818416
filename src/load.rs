//! The plan directory and its layers → a [`SourceSet`]: every source file's path, text, layer and role, read
//! but not parsed (the compiler, `app::compile_sources`, parses and decodes them).
//!
//! Layers, lowest first: the embedded baseline, shared folders named by `path:`, then the plan directory. Included
//! files are read in parallel; every file keeps its layer so that merge and `explain` know who supplied what. The
//! size budget is enforced as files are read, and text that is not UTF-8 is located at its first invalid byte.
//! `include` patterns and layer files never leave their folder: `..`, absolute patterns and symlinks that resolve
//! outside are refused with a located error.

use crate::baseline;
use crate::decode::file::{Decoded, FileRole, decode_file};
use crate::diag::{Code, Diagnostic, Diags};
use crate::model::{LayerRef, Manifest, Text};
use crate::parallel::nested_in_pool;
use crate::source::{FileId, Layer, Loc, SourceFile, SourceMap};
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

/// Every source file of one plan, read but not parsed: the compiler's whole input (what typst calls its
/// `World`). The loader fills it from a plan directory ([`sources`]); tests and fuzz targets build one in memory.
/// File ids follow the order of [`SourceSet::add`]; `roles[id]` says how each file is decoded.
#[derive(Debug, Default)]
pub struct SourceSet {
    pub map: SourceMap,
    /// How each file is decoded, by file id; `None` when it could not be read (its text is empty).
    pub roles: Vec<Option<FileRole>>,
    /// What finding and reading the files reported: missing files, unknown layers, links leading outside,
    /// unreadable text.
    pub diags: Diags,
}

impl SourceSet {
    /// Adds a layer above the others; returns its index.
    pub fn add_layer(&mut self, name: String, root: Option<PathBuf>) -> usize {
        self.map.layers.push(Layer { name, root });
        self.map.layers.len() - 1
    }

    /// Adds a file; a text that could not be read is a located diagnostic and an empty file not decoded.
    pub fn add(
        &mut self,
        display: String,
        path: Option<PathBuf>,
        layer: usize,
        role: FileRole,
        text: Result<String, ReadError>,
    ) -> FileId {
        // A file that is not UTF-8 keeps its text with the invalid bytes replaced, only so that the error can show
        // the line it points at; its role is `None`, so nothing decodes it.
        let (text, err) = match text {
            Ok(t) => (t, None),
            Err(e) => (e.shown_text(), Some(e)),
        };
        let id = self.map.add(SourceFile::new(display, path, layer, text));
        match err {
            Some(e) => {
                let (line, col) = e.line_col();
                self.diags.push(
                    Diagnostic::new(e.code(), Loc::new(id, line, col), e.to_string())
                        .help(e.help()),
                );
                self.roles.push(None);
            }
            None => self.roles.push(Some(role)),
        }
        id
    }
}

/// Why a file's bytes are not a source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Over [`yaml::MAX_FILE_BYTES`].
    TooLarge { bytes: u64 },
    /// Not UTF-8: the first invalid byte, its offset, and its 1-based line and column; `shown` is the text
    /// with invalid bytes replaced by U+FFFD, to show the line in the error.
    NotUtf8 {
        byte: u8,
        offset: usize,
        line: u32,
        col: u32,
        shown: String,
    },
}

impl ReadError {
    pub fn code(&self) -> Code {
        match self {
            ReadError::TooLarge { .. } => Code::TooLarge,
            ReadError::NotUtf8 { .. } => Code::Unreadable,
        }
    }

    fn shown_text(&self) -> String {
        match self {
            ReadError::TooLarge { .. } => String::new(),
            ReadError::NotUtf8 { shown, .. } => shown.clone(),
        }
    }

    fn line_col(&self) -> (u32, u32) {
        match self {
            ReadError::TooLarge { .. } => (1, 1),
            ReadError::NotUtf8 { line, col, .. } => (*line, *col),
        }
    }

    fn help(&self) -> &'static str {
        match self {
            ReadError::TooLarge { .. } => {
                "a plan source is a few kilobytes; split it or remove what is not plan content"
            }
            ReadError::NotUtf8 { .. } => {
                "save the file as UTF-8 text (most editors: \"Save with encoding\" → UTF-8; or `iconv -f ISO-8859-1 -t UTF-8 old.yaml > new.yaml`)"
            }
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge { bytes } => write!(
                f,
                "file is {bytes} bytes, over the {} MiB limit",
                yaml::MAX_FILE_BYTES >> 20
            ),
            ReadError::NotUtf8 { byte, offset, .. } => {
                write!(
                    f,
                    "the file is not UTF-8 text: byte 0x{byte:02x} (offset {offset})"
                )?;
                // The usual culprit is an editor that saved in Latin-1 or Windows-1252, where `é` is one byte.
                if *byte >= 0xa0 {
                    write!(f, " is `{}` in Latin-1", char::from(*byte))?;
                }
                f.write_str(" and not valid UTF-8")
            }
        }
    }
}

/// Reads a file as UTF-8 within the size budget; `Err(Fatal)` only when the file cannot be read at all.
fn read_text(path: &Path) -> Result<Result<String, ReadError>, Fatal> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    if meta.len() > yaml::MAX_FILE_BYTES as u64 {
        return Ok(Err(ReadError::TooLarge { bytes: meta.len() }));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    Ok(utf8_text(bytes))
}

/// The bytes of a source file as text, or where its first invalid byte is.
pub fn utf8_text(bytes: Vec<u8>) -> Result<String, ReadError> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let f = SourceFile::new(String::new(), None, 0, prefix.into_owned());
            let (line, col) = f.line_col(valid);
            Err(ReadError::NotUtf8 {
                byte: bytes.get(valid).copied().unwrap_or_default(),
                offset: valid,
                line,
                col,
                shown: String::from_utf8_lossy(&bytes).into_owned(),
            })
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

/// Finds and reads the source files of a plan directory: `pbn.yaml`, the layers it names, the plan's own files.
/// `Err` only when there is no plan to speak of (exit 2); everything else is a diagnostic of the set.
pub fn sources(dir: &Path) -> Result<SourceSet, Fatal> {
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
    let mut set = SourceSet::default();
    // The manifest comes first: it names the layers and the includes.
    let text = read_text(&manifest_path)?;
    let manifest_file = set.add(
        "pbn.yaml".into(),
        Some(manifest_path),
        0,
        FileRole::Manifest,
        text,
    );
    let Some(manifest) = manifest_of(&set, manifest_file) else {
        set.add_layer("plan".into(), Some(dir.to_path_buf()));
        return Ok(set);
    };
    let mut layer_refs = manifest.layers.clone();
    if layer_refs.is_empty() {
        layer_refs.push(LayerRef::Baseline(Text::new(
            "national".into(),
            Loc::new(manifest_file, 0, 0),
        )));
    }
    for lref in &layer_refs {
        match lref {
            LayerRef::Baseline(name) => baseline_layer(name, &mut set),
            LayerRef::Path(p) => path_layer(dir, p, &mut set)?,
        }
    }
    // The plan directory itself, always last and highest.
    let plan_layer = set.add_layer("plan".into(), Some(dir.to_path_buf()));
    set.map.files[manifest_file as usize].layer = plan_layer;
    plan_files(dir, &manifest, plan_layer, &mut set)?;
    Ok(set)
}

/// The manifest as far as finding the other files needs it. The compiler decodes it again and reports its
/// problems; here they would only be reported twice.
fn manifest_of(set: &SourceSet, file: FileId) -> Option<Manifest> {
    let role = set.roles[file as usize]?;
    let text = &set.map.file(file).text;
    match decode_file(file, text, 0, role, &mut Diags::default()) {
        Decoded::Manifest(m) => m,
        _ => None,
    }
}

/// The embedded baseline `name`, as a layer.
fn baseline_layer(name: &Text, set: &mut SourceSet) {
    if !baseline::NAMES.contains(&name.v.as_str()) {
        set.diags.push(
            Diagnostic::new(
                Code::BadLayer,
                name.loc,
                format!("unknown baseline `{}`", name.v),
            )
            .help("the embedded baseline is `national`"),
        );
        return;
    }
    let layer = set.add_layer(format!("baseline:{}", name.v), None);
    for (rel, text) in baseline::FILES {
        set.add(
            baseline::display(rel),
            None,
            layer,
            baseline_role(rel),
            Ok((*text).to_string()),
        );
    }
}

/// A shared layer on its own (`pbn validate ../ght`): the national baseline, then the folder, without a hospital
/// on top — its fragments, contacts and applications, and their references to one another and to the baseline.
pub fn layer_sources(dir: &Path) -> Result<SourceSet, Fatal> {
    if !dir.is_dir() {
        return Err(Fatal(format!("{} is not a directory", dir.display())));
    }
    let mut set = SourceSet::default();
    let national = Text::new("national".into(), Loc::default());
    baseline_layer(&national, &mut set);
    let name = dir.to_string_lossy();
    layer_folder(dir, name.trim_end_matches('/'), Loc::default(), &mut set)?;
    Ok(set)
}

/// Whether `dir` looks like a shared layer: no `pbn.yaml`, and YAML files in it.
pub fn is_layer_folder(dir: &Path) -> bool {
    !dir.join("pbn.yaml").exists() && !walk(dir, &is_yaml, &mut Vec::new()).is_empty()
}

/// The role of an embedded baseline file.
pub fn baseline_role(rel: &str) -> FileRole {
    match rel {
        "baseline.yaml" => FileRole::BaselineMeta,
        "contacts.yaml" => FileRole::Contacts { baseline: true },
        _ => FileRole::Fragments,
    }
}

/// A shared folder named by `- path:`, as a layer: every YAML file in it is fragments.
fn path_layer(dir: &Path, p: &Text, set: &mut SourceSet) -> Result<(), Fatal> {
    if Path::new(&p.v).is_absolute() {
        set.diags.push(Diagnostic::new(Code::BadLayer, p.loc, format!("layer path `{}` is absolute", p.v)).help("name the folder relative to the plan directory, e.g. `../ght-sud`, so the plan works on another machine"));
        return Ok(());
    }
    let root = dir.join(&p.v);
    if !root.is_dir() {
        set.diags.push(
            Diagnostic::new(
                Code::BadLayer,
                p.loc,
                format!("layer folder `{}` does not exist", p.v),
            )
            .help(format!("looked for {}", root.display())),
        );
        return Ok(());
    }
    layer_folder(&root, &p.v, p.loc, set)
}

/// Reads a shared folder as the next layer; `name` is the folder as the user wrote it (file names are shown under
/// it), `at` where links leading outside are reported.
fn layer_folder(root: &Path, name: &str, at: Loc, set: &mut SourceSet) -> Result<(), Fatal> {
    let layer = set.add_layer(format!("layer:{name}"), Some(root.to_path_buf()));
    let mut escapes = Vec::new();
    let found = walk(root, &is_yaml, &mut escapes);
    for e in escapes {
        set.diags.push(
            Diagnostic::new(
                Code::PathEscape,
                at,
                format!("`{name}/{e}` is a link that leads outside the layer folder"),
            )
            .help("copy the file into the layer instead of linking to it"),
        );
    }
    let prefix = name.trim_end_matches('/');
    for (rel, path) in found {
        let text = read_text(&path)?;
        set.add(
            format!("{prefix}/{rel}"),
            Some(path),
            layer,
            layer_role(&rel),
            text,
        );
    }
    Ok(())
}

/// The role of a file of a shared layer (spec §7.1): the GHT's directory (`contacts.yaml` or `contacts/*.yaml`)
/// and application inventory (`applications.yaml`) at its root, fragments everywhere else.
fn layer_role(rel: &str) -> FileRole {
    let stem = rel
        .strip_suffix(".yaml")
        .or_else(|| rel.strip_suffix(".yml"));
    match stem {
        Some("contacts") => FileRole::Contacts { baseline: false },
        Some("applications") => FileRole::Applications,
        Some(s) if s.starts_with("contacts/") => FileRole::Contacts { baseline: false },
        _ => FileRole::Fragments,
    }
}

fn is_yaml(rel: &str) -> bool {
    rel.ends_with(".yaml") || rel.ends_with(".yml")
}

/// The plan directory's own files: establishment, contacts, exercises, then the `include` patterns.
fn plan_files(
    dir: &Path,
    manifest: &Manifest,
    plan_layer: usize,
    set: &mut SourceSet,
) -> Result<(), Fatal> {
    let manifest_loc = Loc::new(0, 0, 0);
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
            set.diags.push(
                Diagnostic::new(Code::PathEscape, manifest_loc, format!("`{rel}` is a link that leads outside the plan directory; it was not read"))
                    .help("keep the plan's files inside its folder; to share fragments, name a folder as a layer"),
            );
        }
    }
    let add = |rel: &str, role: FileRole, set: &mut SourceSet| -> Result<bool, Fatal> {
        let path = dir.join(rel);
        if !path.is_file() || outside(rel) {
            return Ok(false);
        }
        let text = read_text(&path)?;
        set.add(rel.to_string(), Some(path), plan_layer, role, text);
        Ok(true)
    };
    if !add("establishment.yaml", FileRole::Establishment, set)? && !outside("establishment.yaml") {
        set.diags.push(Diagnostic::new(Code::MissingFile, manifest_loc, "the plan has no `establishment.yaml`").help("create it with the establishment's name, FINESS number, functions and applications (see `pbn init`)"));
    }
    let contacts = FileRole::Contacts { baseline: false };
    let has_contacts = add("contacts.yaml", contacts, set)?;
    let mut split = 0;
    if dir.join("contacts").is_dir() && !outside("contacts") {
        let mut escapes = Vec::new();
        for (rel, _) in walk(&dir.join("contacts"), &is_yaml, &mut escapes) {
            split += usize::from(add(&format!("contacts/{rel}"), contacts, set)?);
        }
        for e in escapes {
            set.diags.push(Diagnostic::new(
                Code::PathEscape,
                manifest_loc,
                format!("`contacts/{e}` is a link that leads outside the plan directory"),
            ));
        }
    }
    if !has_contacts && split == 0 && !outside("contacts.yaml") && !outside("contacts") {
        set.diags.push(
            Diagnostic::new(
                Code::MissingFile,
                manifest_loc,
                "the plan has no `contacts.yaml` (nor `contacts/*.yaml`)",
            )
            .help("the crisis directory is required: who to call, on which channel"),
        );
    }
    add("exercises.yaml", FileRole::Exercises, set)?;
    let _t = crate::timing::span("load: find+read");
    let taken = include(dir, &manifest.include, plan_layer, set)?;
    if let Some(taken) = taken {
        warn_not_included(dir, &taken, plan_layer, set);
    }
    Ok(())
}

/// The other spelling of a YAML file name (`x.yml` for `x.yaml` and the reverse), so that an include pattern
/// written `fragments/**/*.yaml` takes a fragment saved as `fragments/x.yml` instead of skipping it in silence.
fn yaml_twin(rel: &str) -> Option<String> {
    match rel.strip_suffix(".yml") {
        Some(stem) => Some(format!("{stem}.yaml")),
        None => rel.strip_suffix(".yaml").map(|stem| format!("{stem}.yml")),
    }
}

/// Whether a glob (`is_match`) takes `rel` under either YAML extension.
fn takes(is_match: impl Fn(&str) -> bool, rel: &str) -> bool {
    is_match(rel) || yaml_twin(rel).is_some_and(|t| is_match(&t))
}

/// Warns about the YAML files of the plan directory that pbn does not read: not one of the plan's own files and
/// taken by no `include` pattern (a stray `notes.yaml`, `fragments/old/x.yaml` under a narrower pattern). Without
/// it a fragment saved in the wrong folder would vanish from the plan without a word. Output (`dist/`), hidden
/// folders, shared layers kept inside the plan and plans nested in it (their own `pbn.yaml`) are not the plan's.
fn warn_not_included(dir: &Path, taken: &[String], plan_layer: usize, set: &mut SourceSet) {
    let canon_dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let layer_roots: Vec<PathBuf> = set
        .map
        .layers
        .iter()
        .filter_map(|l| l.root.as_ref()?.canonicalize().ok())
        .filter(|r| *r != canon_dir)
        .collect();
    let stray = |rel: &str| is_yaml(rel) && !is_special(rel) && !taken.iter().any(|t| t == rel);
    for (rel, path) in walk(dir, &stray, &mut Vec::new()) {
        let canon = path.canonicalize().unwrap_or_else(|_| path.clone());
        if layer_roots.iter().any(|r| canon.starts_with(r)) || in_nested_plan(dir, &rel) {
            continue;
        }
        let (message, help) = not_included_text(&rel);
        let mut file = SourceFile::new(rel, Some(path), plan_layer, String::new());
        file.not_a_source = true;
        let id = set.map.add(file);
        set.roles.push(None);
        set.diags
            .push(Diagnostic::new(Code::NotIncluded, Loc::new(id, 0, 0), message).help(help));
    }
}

/// Whether `rel` lies in a folder of the plan that holds its own `pbn.yaml` (another plan, e.g. a GHT's repository
/// that keeps its hospitals side by side).
fn in_nested_plan(dir: &Path, rel: &str) -> bool {
    Path::new(rel)
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| dir.join(a).join("pbn.yaml").is_file())
}

/// The message and help of a YAML file that pbn does not read.
fn not_included_text(rel: &str) -> (String, String) {
    let message = format!("`{rel}` is not read: no `include` pattern of pbn.yaml takes it");
    let known = ["establishment", "contacts", "exercises"]
        .into_iter()
        .find(|k| rel == format!("{k}.yml"));
    let help = match known {
        Some(k) => {
            format!("pbn reads the plan's own files by their exact names: rename it `{k}.yaml`")
        }
        None => {
            let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
            let pattern = if folder.is_empty() {
                rel.to_string()
            } else {
                format!("{folder}/*.yaml")
            };
            format!(
                "to use it, add `{pattern}` to `include` in pbn.yaml; if it is not part of the plan, move it out of the plan directory"
            )
        }
    };
    (message, help)
}

/// Reads the files the `include` patterns take. Returns their paths relative to the plan, or `None` when a
/// pattern was refused (then which files the author meant to include is unknown).
fn include(
    dir: &Path,
    patterns: &[Text],
    layer: usize,
    sources: &mut SourceSet,
) -> Result<Option<Vec<String>>, Fatal> {
    let diags = &mut sources.diags;
    let mut globs = GlobSetBuilder::new();
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
                globs.add(g);
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
    let Ok(globs) = globs.build() else {
        return Ok(None);
    };
    // A refused pattern leaves unknown which files the author meant to include: no file is called stray then.
    let refused = ok.len() < patterns.len();
    if ok.is_empty() {
        return Ok((!refused).then(Vec::new));
    }
    let mut escapes = Vec::new();
    let found = walk(
        dir,
        &|rel| !is_special(rel) && takes(|r| globs.is_match(r), rel),
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
            && !found.iter().any(|(rel, _)| takes(|r| g.is_match(r), rel))
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
    let texts: Vec<_> = if nested_in_pool() {
        found.iter().map(|(_, path)| read_text(path)).collect()
    } else {
        found.par_iter().map(|(_, path)| read_text(path)).collect()
    };
    let taken = found.iter().map(|(rel, _)| rel.clone()).collect();
    for ((rel, path), text) in found.into_iter().zip(texts) {
        sources.add(rel, Some(path), layer, FileRole::Fragments, text?);
    }
    Ok((!refused).then_some(taken))
}

#[cfg(test)]
mod tests {
    use super::*;

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
