//! Submission packs (`pbn pack DIR --out FILE.zip`): one self-contained, deterministic zip holding every source
//! file of every layer (shared GHT layers included), the outputs of a build and its `manifest.json`, so that a
//! reviewer can run `review`, `diff`, `explain` and `verify` on the zip itself.
//!
//! Layout inside the zip:
//! - `pack.json` — the index: `{"format": "pbn-pack/1", "plan": "sources/…", "manifest": "outputs/manifest.json"}`;
//! - `sources/…` — the source files, at their places relative to the nearest folder that holds the plan and
//!   all its layers, so a plan's `layers: - path: ../ght` still resolves inside the pack and every file keeps
//!   its display path (`../ght/x.yaml`) and its SHA-256 (nothing is rewritten);
//! - `outputs/…` — the build's outputs and its manifest.
//!
//! Determinism: entries sorted by name, every timestamp 1980-01-01 00:00, permissions 0644, deflate at a fixed
//! level. Reading is guarded (codes PBN085–PBN089): names that are absolute or leave the pack's folder, links,
//! duplicate names, more than [`MAX_ENTRIES`] entries or more than [`MAX_INFLATED`] bytes once inflated
//! (whatever the sizes the zip declares), and checksum failures are refused with the entry named.

use crate::diag::Code;
use crate::manifest::{self, Manifest};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

pub const INDEX: &str = "pack.json";
pub const FORMAT: &str = "pbn-pack/1";
/// Entries a pack may hold.
pub const MAX_ENTRIES: usize = 20_000;
/// Bytes a pack may inflate to, all entries together.
pub const MAX_INFLATED: u64 = 512 * 1024 * 1024;

/// A pack problem: a stable code, the entry when there is one, what is wrong and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError {
    pub code: Code,
    pub pack: String,
    pub entry: Option<String>,
    pub message: String,
    pub help: &'static str,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error[PBN{:03}]: {}", self.code.number(), self.pack)?;
        if let Some(e) = &self.entry {
            write!(f, ": entry `{e}`")?;
        }
        write!(f, ": {}\n  help: {}", self.message, self.help)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Index {
    format: String,
    plan: String,
    manifest: String,
}

/// A plan to read: a folder as given, or a pack extracted to a temporary folder (removed when dropped).
pub struct PlanSource {
    pub dir: PathBuf,
    /// The pack's manifest, when the plan came from a pack.
    pub manifest: Option<PathBuf>,
    /// Every entry name of the pack.
    pub entries: Vec<String>,
    /// The pack's plan folder inside the pack (`sources/ch-a`).
    pub plan_entry: String,
    _tmp: Option<tempfile::TempDir>,
}

/// Whether `path` names a pack: a file (not a folder) that starts like a zip.
pub fn is_pack(path: &Path) -> bool {
    if !path.is_file() {
        return false;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == *b"PK\x03\x04"
}

impl PlanSource {
    /// A plan folder as it is, or the plan of a pack (extracted with the limits of this module).
    pub fn open(path: &Path) -> Result<PlanSource, String> {
        if !is_pack(path) {
            return Ok(PlanSource {
                dir: path.to_path_buf(),
                manifest: None,
                entries: Vec::new(),
                plan_entry: String::new(),
                _tmp: None,
            });
        }
        open_pack(path).map_err(|e| e.to_string())
    }
}

fn err(
    pack: &Path,
    code: Code,
    entry: Option<&str>,
    message: String,
    help: &'static str,
) -> PackError {
    PackError {
        code,
        pack: pack.display().to_string(),
        entry: entry.map(str::to_string),
        message,
        help,
    }
}

/// A zip entry name that stays inside the pack: relative, `/`-separated, no `..`, no `\`, no drive, no NUL.
pub fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains('\0')
        && !name.contains(':')
        && name
            .split('/')
            .enumerate()
            .all(|(i, c)| c != ".." && c != "." && (!c.is_empty() || i > 0))
}

/// Extracts a pack into a temporary folder and finds its plan.
pub fn open_pack(path: &Path) -> Result<PlanSource, PackError> {
    let corrupt = |entry: Option<&str>, m: String| {
        err(
            path,
            Code::PackCorrupt,
            entry,
            m,
            "the pack was damaged or changed after it was made: ask the establishment for it again",
        )
    };
    let file = std::fs::File::open(path).map_err(|e| corrupt(None, format!("cannot read: {e}")))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| corrupt(None, format!("not a readable zip file: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(err(
            path,
            Code::PackTooLarge,
            None,
            format!(
                "{} entries, more than the {MAX_ENTRIES} a pack may hold",
                zip.len()
            ),
            "a pack holds one plan's sources and outputs; this is not one (or it is a zip bomb)",
        ));
    }
    let tmp = tempfile::Builder::new()
        .prefix("pbn-pack-")
        .tempdir()
        .map_err(|e| corrupt(None, format!("cannot create a temporary folder: {e}")))?;
    let entries = extract(path, &mut zip, tmp.path())?;
    let index = read_index(path, tmp.path(), &entries)?;
    Ok(PlanSource {
        dir: tmp.path().join(&index.plan),
        manifest: Some(tmp.path().join(&index.manifest)),
        entries,
        plan_entry: index.plan,
        _tmp: Some(tmp),
    })
}

fn extract<R: Read + std::io::Seek>(
    pack: &Path,
    zip: &mut zip::ZipArchive<R>,
    into: &Path,
) -> Result<Vec<String>, PackError> {
    let mut seen = BTreeSet::new();
    let mut total: u64 = 0;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| {
            err(
                pack,
                Code::PackCorrupt,
                None,
                format!("entry {i}: {e}"),
                "the pack is damaged: ask for it again",
            )
        })?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if !safe_name(&name) || f.is_symlink() || f.enclosed_name().is_none() {
            return Err(err(
                pack,
                Code::PackPathEscape,
                Some(&name),
                "the name leaves the pack's folder (absolute path, `..`, a link or a drive)".into(),
                "a pack made by `pbn pack` never holds such a name: do not extract it by hand",
            ));
        }
        let key = name.trim_end_matches('/').to_string();
        if !seen.insert(key.to_lowercase()) {
            return Err(err(
                pack,
                Code::PackDuplicate,
                Some(&name),
                "a second entry with this name (names are compared ignoring case)".into(),
                "which of the two is the submission cannot be told: ask for the pack again",
            ));
        }
        let target = into.join(&key);
        if f.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| {
                err(
                    pack,
                    Code::PackCorrupt,
                    Some(&name),
                    e.to_string(),
                    "check the disk space",
                )
            })?;
            continue;
        }
        let mut bytes = Vec::new();
        let budget = MAX_INFLATED - total;
        (&mut f)
            .take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| err(
                pack,
                Code::PackCorrupt,
                Some(&name),
                format!("cannot be read: {e}"),
                "the pack was damaged or changed after it was made: ask the establishment for it again",
            ))?;
        total += bytes.len() as u64;
        if total > MAX_INFLATED {
            return Err(err(
                pack,
                Code::PackTooLarge,
                Some(&name),
                format!("the pack inflates to more than {} MiB", MAX_INFLATED >> 20),
                "a pack holds one plan's sources and outputs; this is not one (or it is a zip bomb)",
            ));
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                err(
                    pack,
                    Code::PackCorrupt,
                    Some(&name),
                    e.to_string(),
                    "check the disk space",
                )
            })?;
        }
        std::fs::write(&target, &bytes).map_err(|e| {
            err(
                pack,
                Code::PackCorrupt,
                Some(&name),
                e.to_string(),
                "check the disk space",
            )
        })?;
        names.push(key);
    }
    names.sort();
    Ok(names)
}

fn read_index(pack: &Path, root: &Path, entries: &[String]) -> Result<Index, PackError> {
    let incomplete = |m: String| {
        err(
            pack,
            Code::PackIncomplete,
            Some(INDEX),
            m,
            "make the pack with `pbn pack DIR --out FILE.zip`",
        )
    };
    if !entries.iter().any(|e| e == INDEX) {
        return Err(incomplete("missing: this zip is not a pbn pack".into()));
    }
    let text = std::fs::read_to_string(root.join(INDEX)).map_err(|e| incomplete(e.to_string()))?;
    let index: Index =
        serde_json::from_str(&text).map_err(|e| incomplete(format!("invalid: {e}")))?;
    if index.format != FORMAT {
        return Err(incomplete(format!(
            "format `{}`, expected `{FORMAT}`",
            index.format
        )));
    }
    for p in [&index.plan, &index.manifest] {
        if !safe_name(p) || !root.join(p).exists() {
            return Err(incomplete(format!(
                "names `{p}`, which the pack does not hold"
            )));
        }
    }
    if !root.join(&index.plan).join("pbn.yaml").is_file() {
        return Err(incomplete(format!(
            "the plan folder `{}` holds no pbn.yaml",
            index.plan
        )));
    }
    Ok(index)
}

/// What `pbn pack` put in a pack.
pub struct Packed {
    pub sources: usize,
    pub outputs: usize,
    pub bytes: usize,
}

/// The folder that holds the plan and every file it read, and the plan's place under it (`hospitals/ch-a`).
fn common_root(plan: &Path, files: &[PathBuf]) -> Result<(PathBuf, PathBuf), String> {
    let plan = std::fs::canonicalize(plan).map_err(|e| format!("{}: {e}", plan.display()))?;
    let mut root = plan.clone();
    for f in files {
        let f = std::fs::canonicalize(f).map_err(|e| format!("{}: {e}", f.display()))?;
        while !f.starts_with(&root) {
            root = root
                .parent()
                .ok_or_else(|| format!("{} shares no folder with the plan", f.display()))?
                .to_path_buf();
        }
    }
    let rel = plan
        .strip_prefix(&root)
        .map_err(|e| e.to_string())?
        .to_path_buf();
    Ok((root, rel))
}

fn entry_name(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes a pack of the plan in `plan_dir` with the outputs and manifest of `outputs_dir`. The outputs must
/// be those of the plan's current sources (the manifest is checked first), so a pack never pairs a PDF with
/// other sources than its own.
pub fn write(
    plan_dir: &Path,
    source_files: &[PathBuf],
    manifest: &Manifest,
    outputs_dir: &Path,
    out: &Path,
) -> Result<Packed, String> {
    let (root, plan_rel) = common_root(plan_dir, source_files)?;
    let plan_entry = format!("sources/{}", entry_name(&plan_rel));
    let plan_entry = plan_entry.trim_end_matches('/').to_string();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for f in source_files {
        let abs = std::fs::canonicalize(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let rel = abs.strip_prefix(&root).map_err(|e| e.to_string())?;
        let bytes = std::fs::read(&abs).map_err(|e| format!("{}: {e}", abs.display()))?;
        files.push((format!("sources/{}", entry_name(rel)), bytes));
    }
    let sources = files.len();
    for o in &manifest.outputs {
        let bytes = std::fs::read(outputs_dir.join(&o.path))
            .map_err(|e| format!("{}: {e}", outputs_dir.join(&o.path).display()))?;
        if !manifest::sha256(&bytes).eq_ignore_ascii_case(&o.sha256) {
            return Err(format!(
                "{} differs from its manifest: build again before packing",
                outputs_dir.join(&o.path).display()
            ));
        }
        files.push((format!("outputs/{}", o.path), bytes));
    }
    files.push((
        "outputs/manifest.json".into(),
        manifest.to_json().into_bytes(),
    ));
    let index = Index {
        format: FORMAT.into(),
        plan: plan_entry,
        manifest: "outputs/manifest.json".into(),
    };
    let mut index_json = serde_json::to_string_pretty(&index).map_err(|e| e.to_string())?;
    index_json.push('\n');
    files.push((INDEX.into(), index_json.into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let bytes = zip_bytes(&files)?;
    crate::cmd::build::write_atomically(
        out.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
        &[(
            out.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| format!("{}: not a file name", out.display()))?,
            bytes.clone(),
        )],
    )?;
    Ok(Packed {
        sources,
        outputs: manifest.outputs.len(),
        bytes: bytes.len(),
    })
}

/// The zip of `files` (already sorted), with fixed times and permissions.
fn zip_bytes(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_of(entries: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("p.zip");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        let o = zip::write::SimpleFileOptions::default();
        for (n, b) in entries {
            w.start_file(*n, o).unwrap();
            w.write_all(b).unwrap();
        }
        w.finish().unwrap();
        (d, p)
    }

    fn code(entries: &[(&str, &[u8])]) -> Code {
        let (_d, p) = pack_of(entries);
        match open_pack(&p) {
            Err(e) => e.code,
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn names_that_leave_the_pack_are_refused() {
        for n in [
            "../x",
            "/etc/passwd",
            "a/../../x",
            "a\\..\\x",
            "C:/x",
            "./a",
            "",
        ] {
            assert!(!safe_name(n), "{n}");
        }
        assert!(safe_name("sources/ch/pbn.yaml") && safe_name("outputs/"));
        assert_eq!(code(&[("../evil.yaml", b"x")]), Code::PackPathEscape);
    }

    #[test]
    fn duplicates_bombs_and_missing_index() {
        assert_eq!(
            code(&[("a.txt", b"1"), ("A.TXT", b"2")]),
            Code::PackDuplicate
        );
        assert_eq!(code(&[("a.txt", b"1")]), Code::PackIncomplete);
        let (_d, p) = pack_of(&[("a.txt", b"1")]);
        let e = open_pack(&p).err().unwrap().to_string();
        assert!(e.contains("PBN089") && e.contains("pack.json"), "{e}");
    }

    #[test]
    fn a_changed_byte_fails_its_checksum() {
        let (_d, p) = pack_of(&[("pack.json", b"{\"format\": \"pbn-pack/1\"}")]);
        let mut bytes = std::fs::read(&p).unwrap();
        // The stored (deflated) data starts after the 30-byte local header and the name.
        let at = 30 + "pack.json".len() + 2;
        bytes[at] ^= 0x55;
        std::fs::write(&p, bytes).unwrap();
        let e = open_pack(&p).err().unwrap();
        assert_eq!(e.code, Code::PackCorrupt, "{e}");
    }

    #[test]
    fn zips_are_deterministic() {
        let files = vec![
            ("a".to_string(), b"1".to_vec()),
            ("b/c".to_string(), vec![7; 1000]),
        ];
        assert_eq!(zip_bytes(&files).unwrap(), zip_bytes(&files).unwrap());
    }
}
