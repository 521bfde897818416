//! YAML → a tree of located nodes ([`Node`]), parsed by serde-saphyr with explicit budgets so that alias bombs,
//! deep nesting and huge files are refused quickly. Typed decoding happens later (`decode`), on this tree, so that
//! one run can report every problem of a file instead of stopping at the first serde error.

use crate::diag::{Code, Diagnostic, Diags};
use crate::source::{FileId, Loc};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Location, Options, Spanned};
use std::fmt;

/// Largest source file pbn reads (a whole plan is a few MB; 16 MiB leaves room and refuses garbage fast).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    pub fn type_name(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Bool(_) => "yes/no",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }

    /// A scalar as text (numbers and booleans as written in YAML's canonical form).
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.clone()),
            Node::Int(i) => Some(i.to_string()),
            Node::Float(f) => Some(f.to_string()),
            Node::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value()?;
            let key = Spanned {
                value: key.value.0,
                referenced: key.referenced,
                defined: key.defined,
            };
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// A mapping key: any scalar, kept as text (`1: x` has the key "1").
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = NodeVisitor;
        let node = d.deserialize_any(n)?;
        match node.scalar_text() {
            Some(s) => Ok(KeyText(s)),
            None if matches!(node, Node::Null) => Ok(KeyText(String::new())),
            None => Err(de::Error::custom(
                "a mapping key must be a plain word, not a list or a mapping",
            )),
        }
    }
}

pub fn loc(file: FileId, l: &Location) -> Loc {
    Loc::new(file, l.line() as u32, l.column() as u32)
}

/// The parser options pbn uses everywhere: budgets set explicitly, leading zeros kept (FINESS numbers, phone
/// numbers), duplicate keys refused.
pub fn options() -> Options {
    let mut o = Options::default();
    o.leading_zero_numbers_as_strings = true;
    o.with_snippet = false;
    let mut b = Budget::default();
    b.max_depth = 64;
    b.max_aliases = 1_000;
    b.max_anchors = 10_000;
    b.max_documents = 50_000;
    b.max_nodes = 4_000_000;
    b.max_events = 8_000_000;
    b.max_total_scalar_bytes = MAX_FILE_BYTES;
    o.budget = Some(b);
    // A plan has no reason to expand aliases into more than a few thousand values.
    o.alias_limits.max_total_replayed_events = 100_000;
    o.alias_limits.max_replay_stack_depth = 16;
    o
}

/// Parses every document of one file. On failure pushes one located diagnostic and returns nothing.
pub fn parse(file: FileId, text: &str, diags: &mut Diags) -> Option<Vec<Spanned<Node>>> {
    if text.len() > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::new(
                Code::TooLarge,
                Loc::new(file, 1, 1),
                format!(
                    "file is {} bytes, over the {} MiB limit",
                    text.len(),
                    MAX_FILE_BYTES >> 20
                ),
            )
            .help("a plan source is a few kilobytes; split it or remove what is not plan content"),
        );
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match parse_on_big_stack(text) {
        Ok(docs) => Some(docs),
        Err(e) => {
            diags.push(yaml_error(file, &e));
            None
        }
    }
}

/// Room for parsing at the deepest nesting the budget allows. The deserializer recurses once per level with
/// large frames: a debug build overflowed rayon's (and the test harness's) 2 MiB thread stack at 40 levels,
/// below `max_depth`, and aborted the whole process. Reserved, not committed: untouched pages cost nothing.
pub const PARSE_STACK_BYTES: usize = 64 << 20;

thread_local! {
    /// Set on threads started with [`PARSE_STACK_BYTES`] of stack (the loader's pool), where parsing runs inline.
    static BIG_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Declares that the current thread has [`PARSE_STACK_BYTES`] of stack (call it from a pool's start handler).
pub fn mark_big_stack() {
    BIG_STACK.with(|b| b.set(true));
}

/// A rayon pool whose workers have room to parse: the loader parses every file on it without spawning a thread
/// per file. `None` if the pool cannot start (then the global pool and per-parse threads are used).
pub fn parse_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("pbn-parse-{i}"))
            .stack_size(PARSE_STACK_BYTES)
            .start_handler(|_| mark_big_stack())
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs the parser on a scoped thread with [`PARSE_STACK_BYTES`] of stack (inline if no thread can start).
fn parse_on_big_stack(text: &str) -> Result<Vec<Spanned<Node>>, serde_saphyr::Error> {
    let run = || serde_saphyr::from_multiple_with_options::<Spanned<Node>>(text, options());
    if BIG_STACK.with(std::cell::Cell::get) {
        return run();
    }
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("pbn-yaml".into())
            .stack_size(PARSE_STACK_BYTES)
            .spawn_scoped(s, run)
        {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => run(),
        }
    })
}

fn yaml_error(file: FileId, e: &serde_saphyr::Error) -> Diagnostic {
    let l = e.location().map_or(Loc::new(file, 1, 1), |l| loc(file, &l));
    let l = if l.line == 0 { Loc::new(file, 1, 1) } else { l };
    let raw = e.without_snippet().to_string();
    let msg = clean_message(&raw);
    let lower = msg.to_ascii_lowercase();
    if lower.contains("budget") || lower.contains("limit exceeded") || lower.contains("depth") {
        Diagnostic::new(Code::TooLarge, l, format!("YAML refused: {msg}"))
            .help("aliases, nesting and size are bounded so that no document can exhaust memory; write the values out")
    } else if lower.contains("duplicate") {
        Diagnostic::new(Code::YamlSyntax, l, msg)
            .help("each key may appear once in a mapping; remove or rename one")
    } else if lower.contains("tab") {
        Diagnostic::new(Code::YamlSyntax, l, msg).help("YAML indentation must use spaces, not tabs")
    } else {
        Diagnostic::new(Code::YamlSyntax, l, msg)
            .help("check indentation, colons and quotes; text containing `: ` or starting with `{`, `[`, `*`, `&` must be quoted")
    }
}

/// serde-saphyr messages start with `error: line L column C: `; the location is shown separately.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = match first.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(rest, |(_, m)| m),
        None => first,
    };
    let first = first.trim();
    if first.is_empty() {
        "invalid YAML".into()
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> Vec<Spanned<Node>> {
        let mut d = Diags::default();
        let r = parse(0, s, &mut d);
        assert!(d.list.is_empty(), "{:?}", d.list);
        r.unwrap_or_default()
    }

    #[test]
    fn keeps_leading_zeros_and_locations() {
        let docs = parse_ok("finess: 010000024\nn: 12\n---\na: b\n");
        assert_eq!(docs.len(), 2);
        let Node::Map(m) = &docs[0].value else {
            panic!("not a map")
        };
        assert!(matches!(&m[0].1.value, Node::Str(s) if s == "010000024"));
        assert!(matches!(&m[1].1.value, Node::Int(12)));
        assert_eq!(loc(0, &m[1].0.referenced), Loc::new(0, 2, 1));
        assert_eq!(loc(0, &m[1].1.referenced), Loc::new(0, 2, 4));
    }

    #[test]
    fn refuses_alias_bomb_quickly() {
        let mut s = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 1..12 {
            let p = (b'a' + i - 1) as char;
            let c = (b'a' + i) as char;
            s.push_str(&format!(
                "{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        let mut d = Diags::default();
        assert!(parse(0, &s, &mut d).is_none());
        assert_eq!(d.list[0].code, Code::TooLarge);
    }

    #[test]
    fn duplicate_keys_are_located() {
        let mut d = Diags::default();
        assert!(parse(0, "a: 1\nb: 2\na: 3\n", &mut d).is_none());
        assert_eq!(d.list[0].code, Code::YamlSyntax);
        assert_eq!(d.list[0].loc.map(|l| l.line), Some(3));
    }

    fn nested_maps(levels: usize) -> String {
        (0..levels)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect()
    }

    /// Regression: 40 nested mappings overflowed a 2 MiB stack in a debug build (`pbn validate` aborted with
    /// "has overflowed its stack"). This test runs on such a thread.
    #[test]
    fn deepest_allowed_nesting_fits_any_thread() {
        let mut d = Diags::default();
        assert!(parse(0, &nested_maps(64), &mut d).is_some(), "{:?}", d.list);
        let deep_flow = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(0, &deep_flow, &mut d).is_some(), "{:?}", d.list);
        assert!(parse(0, &nested_maps(65), &mut d).is_none());
        assert_eq!(d.list[0].code, Code::TooLarge);
    }

    #[test]
    fn very_deep_nesting_is_refused_quickly() {
        let start = std::time::Instant::now();
        let mut d = Diags::default();
        assert!(parse(0, &"[".repeat(200_000), &mut d).is_none());
        assert!(parse(0, &nested_maps(2_000), &mut d).is_none());
        assert!(
            d.list.iter().all(|x| x.code == Code::TooLarge),
            "{:?}",
            d.list
        );
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn bom_and_crlf_work() {
        let docs = parse_ok("\u{feff}a: 1\r\nb: 2\r\n");
        assert_eq!(docs.len(), 1);
    }
}
