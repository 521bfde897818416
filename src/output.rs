//! Writing a build's files into the output folder, safely.
//!
//! Every file goes to a temporary file in the output folder (`.plan.html.tmp-<pid>`), is fsynced, and only when
//! all are written are they renamed over the final names (the manifest last). On any failure the temporaries are
//! removed and the previous outputs are left as they were.

use crate::build::File;
use crate::manifest::{self, Manifest};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What [`write_outputs`] did: the files written with their sizes, and the previous outputs it removed.
pub struct Written {
    pub files: Vec<(PathBuf, usize)>,
    pub removed: Vec<PathBuf>,
}

/// Writes the outputs then `manifest.json` into `out` (created if needed), then removes the outputs of the
/// folder's previous manifest that this build did not write again (spec §7.6: a folder holds exactly what its
/// manifest lists). Removal comes after the new files are in place, so a failed build leaves the previous
/// outputs whole.
pub fn write_outputs(out: &Path, manifest: &Manifest, files: &[File]) -> Result<Written, String> {
    let mut all: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let json = manifest.to_json();
    all.push((manifest::FILE_NAME, json.as_bytes()));
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    let previous = previous_outputs(out);
    write_atomically(out, &all)?;
    let mut removed = Vec::new();
    for name in previous {
        if all.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let path = out.join(&name);
        if path.is_file() && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    Ok(Written {
        files: all.iter().map(|(n, b)| (out.join(n), b.len())).collect(),
        removed,
    })
}

/// The outputs that the folder's current `manifest.json` lists (plain file names only: a name that would leave
/// the folder is never touched).
fn previous_outputs(out: &Path) -> Vec<String> {
    std::fs::read_to_string(out.join(manifest::FILE_NAME))
        .ok()
        .and_then(|t| Manifest::from_json(&t).ok())
        .map(|m| m.outputs.into_iter().map(|o| o.path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            let mut parts = Path::new(p).components();
            matches!(
                (parts.next(), parts.next()),
                (Some(std::path::Component::Normal(_)), None)
            )
        })
        .collect()
}

/// Writes every file to a temporary in `out`, fsyncs, then renames each over its final name, in order.
/// On failure, removes the temporaries: the files already in `out` are untouched unless renamed.
pub fn write_atomically<N: AsRef<str> + Sync, B: AsRef<[u8]> + Sync>(
    out: &Path,
    files: &[(N, B)],
) -> Result<(), String> {
    let pid = std::process::id();
    let temps: Vec<PathBuf> = files
        .iter()
        .map(|(n, _)| out.join(format!(".{}.tmp-{pid}", n.as_ref())))
        .collect();
    let result = (|| {
        // A final name taken by a folder would fail its rename after others succeeded: refuse first.
        for (name, _) in files {
            let dest = out.join(name.as_ref());
            if dest.is_dir() {
                return Err(format!(
                    "cannot write {}: it is a directory",
                    dest.display()
                ));
            }
        }
        // Side by side: each file waits for its own fsync, not for the others'.
        let written: Vec<std::io::Result<()>> = std::thread::scope(|s| {
            let handles: Vec<_> = files
                .iter()
                .zip(&temps)
                .map(|((_, bytes), tmp)| s.spawn(move || write_synced(tmp, bytes.as_ref())))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for ((name, _), r) in files.iter().zip(written) {
            r.map_err(|e| format!("cannot write {}: {e}", out.join(name.as_ref()).display()))?;
        }
        for ((name, _), tmp) in files.iter().zip(&temps) {
            let dest = out.join(name.as_ref());
            std::fs::rename(tmp, &dest)
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
        }
        sync_dir(out);
        Ok(())
    })();
    if result.is_err() {
        for t in &temps {
            let _ = std::fs::remove_file(t);
        }
    }
    result
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // A leftover from an interrupted run with the same pid; never follow whatever sits there.
    if std::fs::symlink_metadata(path).is_ok() {
        std::fs::remove_file(path)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes the renames durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_previous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("plan.html"), b"old").unwrap();
        // A directory where the manifest should go makes the build fail…
        std::fs::create_dir(out.join("manifest.json")).unwrap();
        std::fs::write(out.join("manifest.json").join("x"), b"").unwrap();
        let files: [(&str, &[u8]); 2] = [("plan.html", b"new"), ("manifest.json", b"{}")];
        let e = write_atomically(out, &files).unwrap_err();
        assert!(e.contains("manifest.json"), "{e}");
        // …before plan.html is replaced: the old page is whole, and no temporary is left.
        assert_eq!(std::fs::read(out.join("plan.html")).unwrap(), b"old");
        let left: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        write_atomically(dir.path(), &[("a.txt", b"1")]).unwrap();
        write_atomically(dir.path(), &[("a.txt".to_string(), b"2".to_vec())]).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.txt")).unwrap(), b"2");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
