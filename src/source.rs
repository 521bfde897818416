//! Loaded source files: where each came from (layer, display path), its text, and a line index so a byte offset
//! or a line number can be turned into `file:line:column` and a source excerpt.

use std::path::PathBuf;

/// Index of a file in the [`SourceMap`].
pub type FileId = u32;

/// A location in a source file (1-based line and column, in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

impl Loc {
    pub const fn new(file: FileId, line: u32, col: u32) -> Self {
        Self { file, line, col }
    }
}

/// One layer of a plan: the embedded baseline, a shared folder, or the plan directory itself (always last).
#[derive(Clone, Debug)]
pub struct Layer {
    /// Short name shown by `pbn explain`: `baseline:national`, `layer:../ght-sud`, `plan`.
    pub name: String,
    /// The folder on disk (none for the embedded baseline).
    pub root: Option<PathBuf>,
}

#[derive(Debug)]
pub struct SourceFile {
    /// Path shown to users, relative to the plan directory (`contacts.yaml`, `../ght/x.yaml`,
    /// `<baseline>/reflexes.yaml`).
    pub display: String,
    /// Real path on disk, when there is one.
    pub path: Option<PathBuf>,
    pub layer: usize,
    pub text: String,
    /// A file that diagnostics point at but that is not a source of the plan (a YAML file that no `include`
    /// takes): it is not hashed into the manifest nor packed.
    pub not_a_source: bool,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(display: String, path: Option<PathBuf>, layer: usize, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self {
            display,
            path,
            layer,
            text,
            not_a_source: false,
            line_starts,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let idx = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(idx)?;
        let end = self
            .line_starts
            .get(idx + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line as u32, col as u32)
    }
}

/// Every file read for one plan, in load order.
#[derive(Debug, Default)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
    pub layers: Vec<Layer>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        (self.files.len() - 1) as FileId
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize]
    }

    pub fn layer_of(&self, loc: Loc) -> usize {
        self.files.get(loc.file as usize).map_or(0, |f| f.layer)
    }

    pub fn layer_name(&self, layer: usize) -> &str {
        self.layers.get(layer).map_or("?", |l| l.name.as_str())
    }

    /// `file:line` for messages and provenance.
    pub fn describe(&self, loc: Loc) -> String {
        match self.files.get(loc.file as usize) {
            Some(f) if loc.line > 0 => format!("{}:{}", f.display, loc.line),
            Some(f) => f.display.clone(),
            None => "?".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a".into(), None, 0, "ab\néé: x\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(7), (2, 3));
        assert_eq!(f.line_text(2), Some("éé: x"));
        assert_eq!(f.line_text(9), None);
    }
}
