//! In-memory entry points for the fuzz targets in `fuzz/` and for replaying their seeds in `cargo test`.
//!
//! Each function takes whatever bytes a fuzzer invents and runs them through the same stages as `pbn validate`
//! (UTF-8 check, YAML with budgets, decode, merge, check, every diagnostic format, and the view when the plan
//! has no error) without touching the disk, so that a fuzzer can run it thousands of times a second. They
//! panic only when pbn has a bug: a panic inside a stage, or a broken invariant asserted here.
//!
//! `cargo test` replays every file of `fuzz/corpus/<target>/` through the matching function, so the seeds (and
//! any crash input added to them after a fix) are exercised without a nightly toolchain.

use crate::baseline;
use crate::check;
use crate::decode::{self, Cx};
use crate::diag::{Code, Diagnostic, Diags, emit};
use crate::load::{self, Decoded, Role};
use crate::merge;
use crate::model::{BaselineMeta, Contact, Fragment, Plan};
use crate::refs::{self, Piece};
use crate::render::{Audience, View, ViewOptions, markdown};
use crate::source::{FileId, Layer, SourceFile, SourceMap};
use crate::yaml;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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
    fn role(self) -> Role {
        match self {
            Slot::Manifest => Role::Manifest,
            Slot::Establishment => Role::Establishment,
            Slot::Contacts => Role::Contacts { baseline: false },
            Slot::Exercises => Role::Exercises,
            Slot::Fragments => Role::Fragments,
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

/// What decoding one file contributed to the plan.
#[derive(Clone, Default)]
struct Part {
    manifest: Option<crate::model::Manifest>,
    establishment: Option<crate::model::Establishment>,
    contacts: Vec<Contact>,
    exercises: Vec<crate::model::Exercise>,
    fragments: Vec<Fragment>,
    meta: Option<BaselineMeta>,
}

impl Part {
    fn of(d: Decoded) -> Self {
        let mut p = Part::default();
        match d {
            Decoded::Manifest(m) => p.manifest = Some(m.unwrap_or_default()),
            Decoded::Establishment(e) => p.establishment = Some(e.map(|b| *b).unwrap_or_default()),
            Decoded::Contacts(c) => p.contacts = c,
            Decoded::Exercises(x) => p.exercises = x,
            Decoded::Fragments(f) => p.fragments = f,
            Decoded::Meta(m) => p.meta = Some(m),
            Decoded::Nothing => {}
        }
        p
    }
}

/// The baseline files then the sample plan's files, decoded once (they are the same for every input), with
/// the diagnostics they gave. File ids follow this order: baseline files, then [`PLAN`].
struct Cache {
    parts: Vec<Part>,
    diags: Vec<Diagnostic>,
}

fn base_role(rel: &str) -> Role {
    match rel {
        "baseline.yaml" => Role::BaselineMeta,
        "contacts.yaml" => Role::Contacts { baseline: true },
        _ => Role::Fragments,
    }
}

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| {
        let mut diags = Diags::default();
        let mut parts = Vec::new();
        for (id, (rel, text)) in baseline::FILES.iter().enumerate() {
            let d = decode_text(id as FileId, text, 0, base_role(rel), &mut diags);
            parts.push(Part::of(d));
        }
        for (i, (_, slot, text)) in PLAN.iter().enumerate() {
            let id = (baseline::FILES.len() + i) as FileId;
            parts.push(Part::of(decode_text(id, text, 1, slot.role(), &mut diags)));
        }
        Cache {
            parts,
            diags: diags.list,
        }
    })
}

/// Parses and decodes one file's text in a role, as the loader does.
fn decode_text(file: FileId, text: &str, layer: usize, role: Role, diags: &mut Diags) -> Decoded {
    let Some(docs) = yaml::parse(file, text, diags) else {
        return Decoded::Nothing;
    };
    let mut cx = Cx { file, diags };
    load::decode_docs(&mut cx, &docs, layer, role)
}

/// What one in-memory compilation produced.
pub struct Outcome {
    pub plan: Plan,
    pub map: SourceMap,
    pub diags: Diags,
}

/// Compiles the sample plan with the file of `slot` replaced by `bytes` (read with the loader's UTF-8 check),
/// then prints the diagnostics in every format and, without errors, builds the view for two audiences.
pub fn compile_with(slot: Slot, bytes: &[u8]) -> Outcome {
    let cache = cache();
    let mut map = SourceMap::default();
    map.layers.push(Layer {
        name: "baseline:national".into(),
        root: None,
    });
    map.layers.push(Layer {
        name: "plan".into(),
        root: None,
    });
    for (rel, text) in baseline::FILES {
        map.add(SourceFile::new(
            baseline::display(rel),
            None,
            0,
            (*text).to_string(),
        ));
    }
    let mut diags = Diags::default();
    let mut parts: Vec<Part> = cache.parts[..baseline::FILES.len()].to_vec();
    for (i, (rel, s, sample)) in PLAN.into_iter().enumerate() {
        let cached = &cache.parts[baseline::FILES.len() + i];
        if s != slot {
            map.add(SourceFile::new(rel.into(), None, 1, sample.to_string()));
            parts.push(cached.clone());
            continue;
        }
        match load::utf8_text(bytes.to_vec()) {
            Ok(text) => {
                let id = map.add(SourceFile::new(rel.into(), None, 1, text));
                let text = &map.files[id as usize].text;
                parts.push(Part::of(decode_text(id, text, 1, s.role(), &mut diags)));
            }
            Err((msg, at)) => {
                let id = map.add(SourceFile::new(rel.into(), None, 1, String::new()));
                let at = crate::source::Loc::new(id, at.line, at.col);
                diags.push(Diagnostic::new(Code::Unreadable, at, msg));
            }
        }
    }
    // The cached files' own diagnostics, except those of the file this input replaces.
    let at = PLAN.iter().position(|p| p.1 == slot).unwrap_or_default();
    let replaced = (baseline::FILES.len() + at) as FileId;
    diags.list.extend(
        cache
            .diags
            .iter()
            .filter(|d| d.loc.is_none_or(|l| l.file != replaced))
            .cloned(),
    );
    let mut plan = Plan {
        manifest: Default::default(),
        establishment: Default::default(),
        contacts: Vec::new(),
        exercises: Vec::new(),
        fragments: BTreeMap::new(),
        history: BTreeMap::new(),
        baseline: BaselineMeta::default(),
    };
    let mut fragments = Vec::new();
    for p in parts {
        if let Some(m) = p.manifest {
            plan.manifest = m;
        }
        if let Some(e) = p.establishment {
            plan.establishment = e;
        }
        if let Some(m) = p.meta {
            plan.baseline = m;
        }
        plan.contacts.extend(p.contacts);
        plan.exercises.extend(p.exercises);
        fragments.extend(p.fragments);
    }
    let merged = merge::merge(fragments, &mut diags);
    plan.fragments = merged.fragments;
    plan.history = merged.history;
    plan.contacts = last_contact_wins(std::mem::take(&mut plan.contacts));
    check::check(&plan, &map, &mut diags);
    diags.sort();
    emit_everything(&diags, &map);
    if !diags.has_errors() {
        for name in ["internal", "ars"] {
            if let Ok(audience) = Audience::resolve(name, &plan.manifest) {
                let _ = View::build(
                    &plan,
                    &map,
                    &ViewOptions {
                        audience,
                        date: None,
                    },
                );
            }
        }
    }
    Outcome { plan, map, diags }
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

/// A higher layer's contact replaces the baseline one with the same id (as `app::compile` does; duplicates
/// within a layer do not matter here).
fn last_contact_wins(all: Vec<Contact>) -> Vec<Contact> {
    let mut out: Vec<Contact> = Vec::new();
    for c in all {
        match out.iter().position(|o| o.id.v == c.id.v) {
            Some(i) => out[i] = c,
            None => out.push(c),
        }
    }
    out
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
                assert!(crate::formats::is_kebab(id), "reference id {id:?}");
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

/// One generated fragment document, and the layer it belongs to.
fn gen_fragment(c: &mut Choices) -> (usize, String) {
    let layer = c.below(3);
    let kind = c.pick(KINDS);
    let mut y = format!("kind: {kind}\nid: {}\n", c.pick(IDS));
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
    (layer, y)
}

/// Fuzz target `merge`: a sequence of small fragments, generated as YAML from the bytes (layers 0–2, kinds,
/// ids, overrides, locks, step operations with existing and missing ids), decoded and merged.
///
/// Invariants: no panic; merge is deterministic; every merged key comes from the input; every `PBN019` points
/// into a patch's own file.
pub fn merge_bytes(data: &[u8]) {
    let mut c = Choices { data, at: 0 };
    let n = 1 + c.below(8);
    let mut layers: [String; 3] = Default::default();
    for _ in 0..n {
        let (layer, doc) = gen_fragment(&mut c);
        let file = &mut layers[layer];
        if !file.is_empty() {
            file.push_str("---\n");
        }
        file.push_str(&doc);
        if c.exhausted() {
            break;
        }
    }
    let mut map = SourceMap::default();
    let mut diags = Diags::default();
    let mut input = Vec::new();
    for (layer, text) in layers.into_iter().enumerate() {
        map.layers.push(Layer {
            name: format!("layer{layer}"),
            root: None,
        });
        let id = map.add(SourceFile::new(format!("l{layer}.yaml"), None, layer, text));
        let text = &map.files[id as usize].text;
        let Some(docs) = yaml::parse(id, text, &mut diags) else {
            continue;
        };
        let mut cx = Cx {
            file: id,
            diags: &mut diags,
        };
        for doc in &docs {
            if let Some(f) = decode::fragment::fragment(&mut cx, doc, layer) {
                input.push(f);
            }
        }
    }
    let keys: Vec<_> = input.iter().map(Fragment::key).collect();
    let mut again = Diags::default();
    let second = merge::merge(input.clone(), &mut again);
    let mut merged_diags = Diags::default();
    let merged = merge::merge(input, &mut merged_diags);
    assert_eq!(
        format!("{merged:?}"),
        format!("{second:?}"),
        "merge is not deterministic"
    );
    assert_eq!(merged_diags.list, again.list);
    for k in merged.fragments.keys() {
        assert!(keys.contains(k), "merged key {k:?} not in the input");
    }
    for d in merged_diags
        .list
        .iter()
        .filter(|d| d.code == Code::UnknownStep)
    {
        assert!(d.loc.is_some(), "PBN019 without a location");
    }
    diags.extend(merged_diags);
    emit_everything(&diags, &map);
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
