//! In-memory entry points for the fuzz targets in `fuzz/` and for replaying their seeds in `cargo test`.
//!
//! Each function takes whatever bytes a fuzzer invents, builds a [`SourceSet`] in memory and compiles it with
//! [`app::compile_sources`], the function every command compiles with (UTF-8 check, YAML with budgets, decode,
//! merge, check), then prints every diagnostic format and, when the plan has no error, builds the view — without
//! touching the disk. They panic only when pbn has a bug: a panic inside a stage, or a broken invariant asserted
//! here.
//!
//! Compiled only for tests and with the cargo feature `fuzzing` (which `fuzz/Cargo.toml` enables): the release
//! binary does not carry it.
//!
//! `cargo test` replays every file of `fuzz/corpus/<target>/` through the matching function, so the seeds (and
//! any crash input added to them after a fix) are exercised without a nightly toolchain.

use crate::app::{self, Compiled};
use crate::baseline;
use crate::decode::file::FileRole;
use crate::diag::{Code, Diags, emit};
use crate::load::{self, SourceSet};
use crate::model::Kind;
use crate::refs::{self, Piece};
use crate::render::{Audience, View, ViewOptions, markdown};
use crate::source::SourceMap;

/// Which file of a plan a fuzzed text stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Manifest,
    Establishment,
    Contacts,
    Exercises,
    Fragments,
}

pub const SLOTS: [Slot; 5] = [
    Slot::Manifest,
    Slot::Establishment,
    Slot::Contacts,
    Slot::Exercises,
    Slot::Fragments,
];

impl Slot {
    fn role(self) -> FileRole {
        match self {
            Slot::Manifest => FileRole::Manifest,
            Slot::Establishment => FileRole::Establishment,
            Slot::Contacts => FileRole::Contacts { baseline: false },
            Slot::Exercises => FileRole::Exercises,
            Slot::Fragments => FileRole::Fragments,
        }
    }
}

/// A tiny valid plan (the English sample) whose files the fuzzed text replaces one at a time.
const PLAN: [(&str, Slot, &str); 5] = [
    (
        "pbn.yaml",
        Slot::Manifest,
        include_str!("../examples/en-sample/pbn.yaml"),
    ),
    (
        "establishment.yaml",
        Slot::Establishment,
        include_str!("../examples/en-sample/establishment.yaml"),
    ),
    (
        "contacts.yaml",
        Slot::Contacts,
        include_str!("../examples/en-sample/contacts.yaml"),
    ),
    ("exercises.yaml", Slot::Exercises, EXERCISES),
    (
        "fragments/ward-first-steps.yaml",
        Slot::Fragments,
        include_str!("../examples/en-sample/fragments/ward-first-steps.yaml"),
    ),
];

const EXERCISES: &str = "exercises:
  - id: ex-2026-03
    date: 2026-03-14
    scenario: \"Ransomware on the EHR, Saturday 3 a.m.\"
    format: tabletop
    participants: [dsi, rssi]
    findings:
      - text: \"The regional agency's number was out of date.\"
        action: \"Check every external number by a real call every six months.\"
        owner: it-lead
        due: 2026-04-30
        status: done
";

/// The sample plan with the file of `slot` replaced by `bytes`, as the loader would read it from a plan folder:
/// `pbn.yaml` first, then the national baseline (layer 0), then the plan's other files (layer 1).
pub fn sample_set(slot: Slot, bytes: &[u8]) -> SourceSet {
    let mut set = SourceSet::default();
    let base = set.add_layer("baseline:national".into(), None);
    let plan = set.add_layer("plan".into(), None);
    let add = |set: &mut SourceSet, (rel, s, sample): (&str, Slot, &str)| {
        let text = if s == slot {
            load::utf8_text(bytes.to_vec())
        } else {
            Ok(sample.to_string())
        };
        set.add(rel.into(), None, plan, s.role(), text);
    };
    add(&mut set, PLAN[0]);
    for (rel, text) in baseline::FILES {
        set.add(
            baseline::display(rel),
            None,
            base,
            load::baseline_role(rel),
            Ok((*text).to_string()),
        );
    }
    for p in &PLAN[1..] {
        add(&mut set, *p);
    }
    set
}

/// Compiles the sample plan with the file of `slot` replaced by `bytes` through [`app::compile_sources`] (the
/// compile of every command), then prints the diagnostics in every format and, without errors, builds the view
/// for two audiences.
pub fn compile_with(slot: Slot, bytes: &[u8]) -> Compiled {
    let c = app::compile_sources(sample_set(slot, bytes));
    emit_everything(&c.diags, &c.map);
    if !c.diags.has_errors() {
        for name in ["internal", "ars"] {
            if let Ok(audience) = Audience::resolve(name, &c.plan.manifest) {
                let _ = View::build(
                    &c.plan,
                    &c.map,
                    &ViewOptions {
                        audience,
                        date: None,
                    },
                );
            }
        }
    }
    c
}

/// The file a text most likely is, from its top-level keys (so that a fuzzer's one input is one compile).
pub fn guess_slot(data: &[u8]) -> Slot {
    let has = |k: &[u8]| data.windows(k.len()).any(|w| w == k);
    if has(b"kind:") {
        Slot::Fragments
    } else if has(b"contacts:") {
        Slot::Contacts
    } else if has(b"exercises:") {
        Slot::Exercises
    } else if has(b"establishment:") || has(b"functions:") || has(b"applications:") {
        Slot::Establishment
    } else if has(b"plan:") || has(b"layers:") || has(b"include:") {
        Slot::Manifest
    } else {
        SLOTS[data.len() % SLOTS.len()]
    }
}

/// Prints the diagnostics in every format (the human one cuts source lines at columns) and checks that each
/// points into a file that exists.
fn emit_everything(diags: &Diags, map: &SourceMap) {
    for d in &diags.list {
        let locs = d.loc.into_iter().chain(d.notes.iter().map(|n| n.loc));
        for l in locs {
            assert!(
                (l.file as usize) < map.files.len(),
                "{} points at file {} of {}",
                d.code_str(),
                l.file,
                map.files.len()
            );
        }
    }
    let _ = emit::human(diags, map, false);
    let _ = emit::json(diags, map);
    let plan = [crate::diag::sarif::PlanDiags {
        diags,
        map,
        plan_dir: std::path::Path::new("plan"),
    }];
    let _ = crate::diag::sarif::sarif(&plan, std::path::Path::new("/"));
    let _ = emit::junit(diags, map);
}

/// Any bytes as each source file of a plan in turn (the corpus replay; the fuzz target `load_file` runs one
/// compile per input, in the slot [`guess_slot`] picks).
pub fn load_file(data: &[u8]) {
    for slot in SLOTS {
        compile_with(slot, data);
    }
}

/// Fuzz target `references_markdown`: any text through the reference splitter and the markdown renderers.
///
/// Invariants: the pieces of [`refs::split`] put back together are the text; a well-formed reference has a
/// kebab-case id; the HTML only ever holds the tags pbn's markdown emits, and links only to `#anchors`,
/// `mailto:` and `tel:` (so never `<script`, whatever the text).
pub fn references_markdown(text: &str) {
    let pieces = refs::split(text);
    let mut back = String::with_capacity(text.len());
    for p in &pieces {
        match p {
            Piece::Text(t) => back.push_str(t),
            Piece::Ref { id, raw, .. } => {
                assert!(crate::value_format::is_kebab(id), "reference id {id:?}");
                back.push_str(raw);
            }
            Piece::Bad { raw, .. } => back.push_str(raw),
        }
    }
    assert_eq!(back, text, "refs::split lost or duplicated text");
    for html in [markdown::to_html(text), markdown::to_html_inline(text)] {
        check_html(&html, text);
    }
    let escaped = markdown::to_html_inline(&markdown::escape_md(text));
    check_html(&escaped, text);
    let _ = markdown::to_paras(text);
    let _ = markdown::to_text(text);
    assert!(!markdown::escape(text).contains('<'));
}

/// Tags the markdown renderer may emit (CommonMark with tables and strikethrough, headings as bold).
const TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "hr",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

fn check_html(html: &str, input: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script"),
        "live <script from {input:?}: {html}"
    );
    // Text and attribute values are escaped, so every `<` left opens a tag pbn wrote.
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(
            TAGS.contains(&name.as_str()),
            "unexpected tag <{name}> from {input:?}: {html}"
        );
        let mut rest = tag.get(name.len()..).unwrap_or_default();
        while let Some(eq) = rest.find("=\"") {
            let attr = rest[..eq].trim();
            let after = &rest[eq + 2..];
            let end = after.find('"').unwrap_or(after.len());
            let value = &after[..end];
            let ok = match attr {
                "href" => {
                    value.starts_with('#')
                        || value.starts_with("mailto:")
                        || value.starts_with("tel:")
                }
                "class" => value == "url" || value.starts_with("language-"),
                "style" => value.starts_with("text-align: ") && !value.contains(';'),
                "title" | "start" | "disabled" | "type" | "checked" => true,
                _ => false,
            };
            assert!(ok, "attribute {attr}=\"{value}\" from {input:?}: {html}");
            rest = after.get(end + 1..).unwrap_or_default();
        }
    }
}

/// Reads fuzzer bytes as a stream of small choices; zeros once exhausted, so every input is a valid program.
struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from.get(self.below(from.len()))
            .copied()
            .unwrap_or_default()
    }

    /// A few raw bytes as a quoted YAML string (JSON escaping is valid YAML).
    fn junk(&mut self) -> String {
        let n = self.below(12);
        let start = self.at.min(self.data.len());
        let end = (start + n).min(self.data.len());
        self.at += n;
        let s = String::from_utf8_lossy(&self.data[start..end]);
        serde_json::to_string(&s).unwrap_or_default()
    }

    fn exhausted(&self) -> bool {
        self.at >= self.data.len()
    }
}

const KINDS: &[&str] = &["reflex", "procedure", "role", "obligation", "message"];
const IDS: &[&str] = &["a", "b", "c"];
const STEP_IDS: &[&str] = &["s0", "s1", "s2", "s3", "n0", "n1", "missing"];

/// One generated fragment document, the layer it belongs to, and its kind and id.
fn gen_fragment(c: &mut Choices) -> (usize, (&'static str, &'static str), String) {
    let layer = c.below(3);
    let kind = c.pick(KINDS);
    let id = c.pick(IDS);
    let mut y = format!("kind: {kind}\nid: {id}\n");
    let mode = c.below(6);
    let patch = mode == 2 || mode == 4;
    match mode {
        1 => y.push_str("override: replace\n"),
        2 | 4 => y.push_str("override: patch\n"),
        3 => y.push_str("disable: true\n"),
        _ => {}
    }
    match c.below(5) {
        0 => y.push_str("locked: true\n"),
        1 => y.push_str("locked: [title, steps]\n"),
        2 => y.push_str("locked: [summary]\n"),
        _ => {}
    }
    if c.below(3) == 0 {
        y.push_str("required: true\n");
    }
    if c.below(4) != 0 {
        y.push_str(&format!("title: {}\n", c.junk()));
    }
    if c.below(3) == 0 {
        y.push_str(&format!("summary: {}\n", c.junk()));
    }
    if c.below(4) == 0 {
        y.push_str(&format!("order: {}\n", c.byte()));
    }
    let steps = c.below(5);
    if steps > 0 {
        y.push_str("steps:\n");
    }
    for _ in 0..steps {
        let id = c.pick(STEP_IDS);
        let text = c.junk();
        if patch {
            let target = c.pick(STEP_IDS);
            match c.below(5) {
                0 => y.push_str(&format!("  - {{after: {target}, id: {id}, do: {text}}}\n")),
                1 => y.push_str(&format!("  - {{before: {target}, id: {id}, do: {text}}}\n")),
                2 => y.push_str(&format!("  - {{replace: {target}, do: {text}}}\n")),
                3 => y.push_str(&format!("  - {{remove: {target}}}\n")),
                _ => y.push_str(&format!("  - {{id: {id}, do: {text}}}\n")),
            }
        } else {
            y.push_str(&format!("  - {{id: {id}, do: {text}}}\n"));
        }
    }
    // Kind-specific required fields, so that most fragments are complete.
    let extra = match kind {
        "reflex" => "audience: [tout-personnel]\n",
        "procedure" => "function: urgences\nowner: dsi\n",
        "role" => "mission: \"m\"\n",
        "obligation" => "deadline: 24h\ndeclarant: dsi\nlegal_basis: \"l\"\n",
        _ => "audience: [public]\nbody: \"b\"\n",
    };
    if c.below(4) != 0 {
        y.push_str(extra);
    }
    (layer, (kind, id), y)
}

/// Fuzz target `merge`: a sequence of small fragments, generated as YAML from the bytes (layers 0–2, kinds,
/// ids, overrides, locks, step operations with existing and missing ids), compiled as a set of three layer
/// files through [`app::compile_sources`].
///
/// Invariants: no panic; the compile is deterministic; every merged key comes from the input; every `PBN019`
/// is located.
pub fn merge_bytes(data: &[u8]) {
    let mut c = Choices { data, at: 0 };
    let n = 1 + c.below(8);
    let mut layers: [String; 3] = Default::default();
    let mut keys = Vec::new();
    for _ in 0..n {
        let (layer, (kind, id), doc) = gen_fragment(&mut c);
        keys.extend(Kind::parse(kind).map(|k| (k, id.to_string())));
        let file = &mut layers[layer];
        if !file.is_empty() {
            file.push_str("---\n");
        }
        file.push_str(&doc);
        if c.exhausted() {
            break;
        }
    }
    let set = || {
        let mut set = SourceSet::default();
        for (layer, text) in layers.iter().enumerate() {
            let l = set.add_layer(format!("layer{layer}"), None);
            let display = format!("l{layer}.yaml");
            set.add(display, None, l, FileRole::Fragments, Ok(text.clone()));
        }
        set
    };
    let first = app::compile_sources(set());
    let again = app::compile_sources(set());
    assert_eq!(
        format!("{:?}", (&first.plan.fragments, &first.plan.history)),
        format!("{:?}", (&again.plan.fragments, &again.plan.history)),
        "merge is not deterministic"
    );
    assert_eq!(first.diags.list, again.diags.list);
    for k in first.plan.fragments.keys() {
        assert!(keys.contains(k), "merged key {k:?} not in the input");
    }
    for d in first
        .diags
        .list
        .iter()
        .filter(|d| d.code == Code::UnknownStep)
    {
        assert!(d.loc.is_some(), "PBN019 without a location");
    }
    emit_everything(&first.diags, &first.map);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every seed (and every former crash input) of every fuzz target, through the target's function.
    #[test]
    fn fuzz_corpus_replays() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
        let mut count = 0;
        for (target, run) in [
            ("load_file", load_file as fn(&[u8])),
            ("references_markdown", |d: &[u8]| {
                references_markdown(&String::from_utf8_lossy(d))
            }),
            ("merge", merge_bytes),
        ] {
            let Ok(dir) = std::fs::read_dir(root.join(target)) else {
                continue;
            };
            let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
            files.sort();
            for f in files {
                let Ok(data) = std::fs::read(&f) else {
                    continue;
                };
                let r = std::panic::catch_unwind(|| run(&data));
                assert!(r.is_ok(), "{target}: {} panics", f.display());
                count += 1;
            }
        }
        assert!(
            count > 0 || !root.exists(),
            "no seed found under {}",
            root.display()
        );
    }

    /// The sample plan written to a folder, with `contacts.yaml` replaced by `contacts`.
    fn sample_folder(contacts: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, slot, text) in PLAN {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text = if slot == Slot::Contacts {
                contacts
            } else {
                text
            };
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// The fuzz entry and the CLI compile the same way: a contact id written twice in one layer is `PBN007`
    /// through both, with the same diagnostics in the same order.
    #[test]
    fn fuzz_entry_and_cli_give_the_same_diagnostics() {
        let contacts = format!(
            "{}  - id: it-lead\n    name: \"Second IT lead\"\n    channels:\n      - {{type: mobile, value: \"+33 6 00 00 31 09\"}}\n",
            PLAN[2].2
        );
        let fuzzed = compile_with(Slot::Contacts, contacts.as_bytes());
        let dir = sample_folder(&contacts);
        let cli = app::compile(dir.path()).unwrap();
        let json = |c: &Compiled| emit::json(&c.diags, &c.map);
        assert_eq!(json(&fuzzed), json(&cli));
        let dup: Vec<_> = cli
            .diags
            .list
            .iter()
            .filter(|d| d.code == Code::DuplicateId)
            .map(|d| {
                d.loc
                    .map(|l| (cli.map.file(l.file).display.as_str(), l.line))
            })
            .collect();
        assert_eq!(dup.len(), 1, "{}", json(&cli));
        assert_eq!(dup[0].map(|d| d.0), Some("contacts.yaml"));
    }

    #[test]
    fn the_sample_plan_is_clean() {
        let out = compile_with(Slot::Fragments, PLAN[4].2.as_bytes());
        let errors: Vec<_> = out
            .diags
            .list
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| (d.code_str(), d.message.clone()))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(!out.plan.fragments.is_empty());
    }

    #[test]
    fn invalid_utf8_is_located() {
        let out = compile_with(Slot::Contacts, b"contacts:\n  - id: \xff\n");
        let bad: Vec<_> = out
            .diags
            .list
            .iter()
            .filter(|d| d.code == Code::Unreadable)
            .map(|d| {
                d.loc
                    .map(|l| (out.map.file(l.file).display.as_str(), l.line, l.col))
            })
            .collect();
        assert_eq!(bad, [Some(("contacts.yaml", 2, 9))]);
    }

    #[test]
    fn hostile_texts_do_not_panic() {
        for t in [
            "",
            "\u{feff}",
            "\0",
            "\t- a",
            "a: [",
            "{{",
            "é: {{contact:é}}",
            "kind: reflex\nid: é\ntitle: x\n",
            "steps: [{do: \"<script>alert(1)</script>\"}]",
            "---\n---\n---\n",
            "&a [*a]",
        ] {
            load_file(t.as_bytes());
            references_markdown(t);
            merge_bytes(t.as_bytes());
        }
    }

    #[test]
    fn markdown_never_emits_live_markup() {
        for t in [
            "<script>alert(1)</script>",
            "<SCRIPT src=x>",
            "[x](javascript:alert(1))",
            "<img src=x onerror=alert(1)>",
            "`<script>`\n\n```\n<script>\n```",
            "[a](<javascript:x>)",
            "<a href=\"https://evil\">x</a>",
        ] {
            references_markdown(t);
        }
    }
}
