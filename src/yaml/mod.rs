//! YAML → a tree of located nodes ([`Node`]), built straight from granit-parser's event stream (the parser under
//! serde-saphyr) with explicit budgets, so that alias bombs, deep nesting and huge files are refused quickly.
//! Typed decoding happens later (`decode`), on this tree, so that one run can report every problem of a file
//! instead of stopping at the first error.
//!
//! Why not serde: going through serde's data model cost about 2.5× the parser's own time (issue 7), and owning
//! the tree builder lets pbn word its own messages (duplicate keys, tags, keys that are not words).
//!
//! Scalars resolve as in YAML 1.2's core schema with two choices made for plan authors: YAML 1.1 booleans
//! (`yes`/`no`/`on`/`off`) are booleans, and decimal numbers written with a leading zero (`010000024`, a FINESS
//! number; `0612345678`, a phone number) stay text. Merge keys (`<<: *base`) are supported.

use crate::diag::{Code, Diagnostic, Diags};
use crate::source::{FileId, Loc};
use granit_parser::{Event, Marker, Parser, ScalarStyle, ScanError};
use std::borrow::Cow;
use std::collections::HashMap;

/// Largest source file pbn reads (a whole plan is a few MB; 16 MiB leaves room and refuses garbage fast).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting of lists and mappings.
pub const MAX_DEPTH: usize = 64;
/// Most values that aliases may copy into one file (a plan has no reason to repeat more than a few thousand).
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Most documents in one file.
pub const MAX_DOCUMENTS: usize = 50_000;
/// Most values in one file (a 16 MiB file of one-character list items stays under it).
pub const MAX_NODES: usize = 8_000_000;

/// Where a value starts: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    fn of(m: &Marker) -> Pos {
        Pos {
            line: m.line() as u32,
            column: m.col() as u32 + 1,
        }
    }
}

/// A value and where it is written (for a value copied by an alias: where the alias is).
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub referenced: Pos,
}

/// A mapping entry: the key as written and its value.
pub type Entry = (Spanned<String>, Spanned<Node>);

#[derive(Debug, Clone)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<Entry>),
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

    /// How many values this node holds, itself included (the alias budget counts copies with it).
    fn weight(&self) -> usize {
        match self {
            Node::Seq(items) => 1 + items.iter().map(|i| i.value.weight()).sum::<usize>(),
            Node::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|(_, v)| 1 + v.value.weight())
                    .sum::<usize>()
            }
            _ => 1,
        }
    }
}

pub fn loc(file: FileId, p: &Pos) -> Loc {
    Loc::new(file, p.line, p.column)
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
    match Builder::default().run(text) {
        Ok(docs) => Some(docs),
        Err(e) => {
            diags.push(e.into_diagnostic(file));
            None
        }
    }
}

/// Why a file could not be read as YAML.
#[derive(Debug)]
struct YamlError {
    kind: ErrorKind,
    at: Pos,
    message: String,
    /// A second place worth showing (where a repeated key was first written).
    first: Option<Pos>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    Syntax,
    Duplicate,
    Tab,
    Budget,
}

impl YamlError {
    fn new(kind: ErrorKind, at: Pos, message: impl Into<String>) -> Self {
        YamlError {
            kind,
            at,
            message: message.into(),
            first: None,
        }
    }

    fn scan(e: &ScanError) -> Self {
        let m = e.marker();
        let at = if m.line() == 0 {
            Pos { line: 1, column: 1 }
        } else {
            Pos::of(m)
        };
        let info = e.info();
        let message = info.lines().next().unwrap_or("").trim();
        let message = if message.is_empty() {
            "invalid YAML".to_string()
        } else {
            message.to_string()
        };
        let kind = if message.contains("found a tab") || message.contains("tabs") {
            ErrorKind::Tab
        } else if message.contains("limit") || message.contains("nesting") {
            ErrorKind::Budget
        } else {
            ErrorKind::Syntax
        };
        let message = if kind == ErrorKind::Tab {
            "a tab character where YAML only accepts spaces".to_string()
        } else {
            plain_words(&message).map_or(message, str::to_string)
        };
        YamlError::new(kind, at, message)
    }

    /// The scanner reports a misplaced tab where the token it was reading starts (often the line before);
    /// point at the tab itself.
    fn at_tab(mut self, text: &str) -> Self {
        if self.kind != ErrorKind::Tab {
            return self;
        }
        let from_line = self.at.line.max(1) as usize;
        for (i, line) in text.lines().enumerate().skip(from_line - 1) {
            let skip = if i + 1 == from_line {
                self.at.column.saturating_sub(1) as usize
            } else {
                0
            };
            if let Some(col) = line.chars().skip(skip).position(|c| c == '\t') {
                self.at = Pos {
                    line: i as u32 + 1,
                    column: (skip + col) as u32 + 1,
                };
                break;
            }
        }
        self
    }

    /// A syntax error inside a `[…]` or `{…}` opened on an earlier line and never closed (`roles: [dsi` then the
    /// next key): the cause is that bracket, not the line the parser stopped at. Remembered in `first`.
    fn unclosed(mut self, text: &str) -> Self {
        if self.kind == ErrorKind::Syntax {
            self.first = open_flow(text, self.at).filter(|p| p.line < self.at.line);
        }
        self
    }

    fn into_diagnostic(self, file: FileId) -> Diagnostic {
        let at = loc(file, &self.at);
        match self.kind {
            ErrorKind::Budget => Diagnostic::new(Code::TooLarge, at, format!("YAML refused: {}", self.message))
                .help("aliases, nesting and size are bounded so that no document can exhaust memory; write the values out"),
            ErrorKind::Duplicate => {
                let d = Diagnostic::new(Code::YamlSyntax, at, self.message)
                    .help("each key may appear once in a mapping; remove or rename one");
                match self.first {
                    Some(p) => d.note(loc(file, &p), "first written here"),
                    None => d,
                }
            }
            ErrorKind::Tab => Diagnostic::new(Code::YamlSyntax, at, self.message)
                .help("YAML indentation must use spaces, not tabs"),
            ErrorKind::Syntax => match self.first {
                Some(p) => Diagnostic::new(Code::YamlSyntax, loc(file, &p), "a `[` or `{` opened here is never closed")
                    .help("close the list or mapping on its line (`roles: [dsi, rssi]`); the lines after it were read as part of it")
                    .note(at, format!("the parser stopped here: {}", self.message)),
                None => Diagnostic::new(Code::YamlSyntax, at, self.message)
                    .help("check indentation, colons and quotes; text containing `: ` or starting with `{`, `[`, `*`, `&` must be quoted"),
            },
        }
    }
}

/// The `[` or `{` still open where the parser stopped (`at`) and never closed in the rest of the text, if any: a
/// flow collection may span lines, and one closed further down is not the cause. Quoted strings (over several
/// lines too), comments and block scalars (`|`, `>`) are skipped, and in block context a bracket counts only where
/// a value starts (`key: [`, `- {`, or a line after `key:`), not inside plain text (`Appeler [numéro]`, or a
/// continuation line of a plain scalar).
fn open_flow(text: &str, at: Pos) -> Option<Pos> {
    let candidate = FlowScan::run(text, Some(at)).first().copied()?;
    FlowScan::run(text, None)
        .contains(&candidate)
        .then_some(candidate)
}

/// The state [`open_flow`] carries from one line to the next.
#[derive(Default)]
struct FlowScan {
    open: Vec<Pos>,
    quote: Option<char>,
    /// Indentation of the line whose value is a block scalar: more indented lines are its text.
    block: Option<usize>,
    /// The last line ended with `key:` or `-`: this one starts a value.
    value_next: bool,
}

impl FlowScan {
    /// The brackets still open at `until` (the end of the text when `None`).
    fn run(text: &str, until: Option<Pos>) -> Vec<Pos> {
        let mut s = FlowScan::default();
        for (i, line) in text.lines().enumerate() {
            let n = i as u32 + 1;
            if until.is_some_and(|at| n > at.line) {
                break;
            }
            let indent = line.len() - line.trim_start_matches(' ').len();
            if let Some(k) = s.block {
                if line.trim().is_empty() || indent > k {
                    continue;
                }
                s.block = None;
            }
            let end = match until {
                Some(at) if at.line == n => at.column.saturating_sub(1) as usize,
                _ => usize::MAX,
            };
            let chars: Vec<char> = line.chars().take(end).collect();
            if s.line(&chars, n) {
                s.block = Some(indent);
            }
        }
        s.open
    }

    /// One line: pushes the brackets it opens, pops those it closes; whether its value is a block scalar.
    fn line(&mut self, chars: &[char], n: u32) -> bool {
        let blank = chars.iter().all(|c| c.is_whitespace());
        let mut starts = !self.open.is_empty() || self.value_next;
        let mut last = None;
        let mut k = 0;
        while k < chars.len() {
            let (c, prev) = (chars[k], if k == 0 { ' ' } else { chars[k - 1] });
            let next = chars.get(k + 1).copied().unwrap_or(' ');
            let flow = !self.open.is_empty();
            match self.quote {
                Some('"') if c == '\\' => k += 1,
                Some(q) if c == q => self.quote = None,
                Some(_) => {}
                None if c == '#' && prev.is_whitespace() => break,
                None if c.is_whitespace() => {}
                None if !flow && matches!(c, ':' | '-') && next == ' ' => starts = true,
                None if !flow && starts && matches!(c, '|' | '>') => {
                    let rest: String = chars[k + 1..].iter().collect();
                    let rest = rest.split(" #").next().unwrap_or("").trim();
                    return rest
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '+' || c == '-');
                }
                None if !flow && !starts => {}
                None if c == '"' || c == '\'' => {
                    if !flow || matches!(prev, ' ' | ',' | '[' | '{') {
                        self.quote = Some(c);
                    }
                }
                None if c == '[' || c == '{' => self.open.push(Pos {
                    line: n,
                    column: k as u32 + 1,
                }),
                None if (c == ']' || c == '}') && flow => {
                    self.open.pop();
                }
                None => starts = flow,
            }
            if !c.is_whitespace() {
                last = Some(c);
            }
            k += 1;
        }
        if !blank {
            self.value_next =
                self.open.is_empty() && self.quote.is_none() && matches!(last, Some(':' | '-'));
        }
        false
    }
}

/// The scanner's most frequent messages, said for someone who edits YAML by hand.
fn plain_words(scanner: &str) -> Option<&'static str> {
    Some(match scanner {
        "simple key expected ':'" => "expected `:` after this key",
        "mapping values are not allowed in this context" => {
            "`: ` here starts a value where none can start (quote text that contains `: `, or fix the indentation)"
        }
        "while parsing a block mapping, did not find expected key" => {
            "this line is not indented like the keys of its mapping"
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            "this line is not indented like the items of its list"
        }
        _ => return None,
    })
}

/// A list or mapping being filled.
struct Open {
    at: Pos,
    anchor: usize,
    body: Body,
}

enum Body {
    Seq(Vec<Spanned<Node>>),
    Map {
        entries: Vec<Entry>,
        key: Option<Spanned<String>>,
        /// Mappings named by `<<` keys, merged under the explicit keys when the mapping closes.
        merged: Vec<Entry>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    docs: Vec<Spanned<Node>>,
    /// Completed anchored values by the parser's anchor id, with their weight.
    anchors: HashMap<usize, (Node, usize)>,
    alias_nodes: usize,
    nodes: usize,
}

impl Builder {
    fn run(mut self, text: &str) -> Result<Vec<Spanned<Node>>, YamlError> {
        let mut options = granit_parser::Options::default();
        options.emit_comments = false;
        let mut parser = Parser::new_from_str_with_options(text, options);
        while let Some(next) = parser.next_event() {
            let (event, span) =
                next.map_err(|e| YamlError::scan(&e).at_tab(text).unclosed(text))?;
            let at = Pos::of(&span.start);
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart(..) => {
                    if self.docs.len() >= MAX_DOCUMENTS {
                        return Err(YamlError::new(
                            ErrorKind::Budget,
                            at,
                            format!("more than {MAX_DOCUMENTS} documents in one file"),
                        ));
                    }
                    self.anchors.clear();
                }
                Event::Scalar(text, style, anchor, tag) => {
                    // A key is kept as written: `on:` is the key "on", not the boolean's text.
                    let node = if tag.is_none() && self.expects_key() {
                        Node::Str(text.into_owned())
                    } else {
                        scalar(text, style, tag.as_deref(), at)?
                    };
                    self.complete(
                        anchor,
                        Spanned {
                            value: node,
                            referenced: at,
                        },
                    )?;
                }
                Event::SequenceStart(_, anchor, tag) => {
                    check_collection_tag(tag.as_deref(), "seq", at)?;
                    self.open(at, anchor, Body::Seq(Vec::new()))?;
                }
                Event::MappingStart(_, anchor, tag) => {
                    check_collection_tag(tag.as_deref(), "map", at)?;
                    let body = Body::Map {
                        entries: Vec::new(),
                        key: None,
                        merged: Vec::new(),
                    };
                    self.open(at, anchor, body)?;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(open) = self.stack.pop() else {
                        return Err(YamlError::new(
                            ErrorKind::Syntax,
                            at,
                            "unbalanced end of a collection",
                        ));
                    };
                    let value = match open.body {
                        Body::Seq(items) => Node::Seq(items),
                        Body::Map {
                            entries, merged, ..
                        } => Node::Map(close_map(entries, merged)?),
                    };
                    self.complete(
                        open.anchor,
                        Spanned {
                            value,
                            referenced: open.at,
                        },
                    )?;
                }
                Event::Alias(id) => {
                    let Some((node, weight)) = self.anchors.get(&id) else {
                        return Err(YamlError::new(
                            ErrorKind::Syntax,
                            at,
                            "this alias refers to a value that contains it (or that is not finished)",
                        ));
                    };
                    self.alias_nodes += weight;
                    if self.alias_nodes > MAX_ALIAS_NODES {
                        return Err(YamlError::new(
                            ErrorKind::Budget,
                            at,
                            format!("aliases expand to more than {MAX_ALIAS_NODES} values"),
                        ));
                    }
                    let value = node.clone();
                    self.complete(
                        0,
                        Spanned {
                            value,
                            referenced: at,
                        },
                    )?;
                }
                _ => {}
            }
        }
        Ok(self.docs)
    }

    fn open(&mut self, at: Pos, anchor: usize, body: Body) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError::new(
                ErrorKind::Budget,
                at,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.stack.push(Open { at, anchor, body });
        Ok(())
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Open {
                body: Body::Map { key: None, .. },
                ..
            })
        )
    }

    /// Places a finished value: as a document, a list item, a mapping key or a mapping value.
    fn complete(&mut self, anchor: usize, node: Spanned<Node>) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(YamlError::new(
                ErrorKind::Budget,
                node.referenced,
                format!("more than {MAX_NODES} values in one file"),
            ));
        }
        if anchor != 0 {
            let weight = node.value.weight();
            self.anchors.insert(anchor, (node.value.clone(), weight));
        }
        let Some(top) = self.stack.last_mut() else {
            self.docs.push(node);
            return Ok(());
        };
        match &mut top.body {
            Body::Seq(items) => items.push(node),
            Body::Map {
                entries,
                key,
                merged,
            } => match key.take() {
                None => *key = Some(key_text(node)?),
                Some(k) if k.value == "<<" => merge_source(merged, node)?,
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }
}

/// A mapping key as text: `1: x` has the key "1"; a list or mapping as a key is refused.
fn key_text(node: Spanned<Node>) -> Result<Spanned<String>, YamlError> {
    let value = match node.value {
        Node::Str(s) => s,
        Node::Null => String::new(),
        Node::Seq(_) | Node::Map(_) => {
            return Err(YamlError::new(
                ErrorKind::Syntax,
                node.referenced,
                "a mapping key must be a plain word, not a list or a mapping",
            ));
        }
        other => other.scalar_text().unwrap_or_default(),
    };
    Ok(Spanned {
        value,
        referenced: node.referenced,
    })
}

/// `<<: *base` or `<<: [*a, *b]`: the mappings whose keys this mapping takes when it does not set them.
fn merge_source(merged: &mut Vec<Entry>, node: Spanned<Node>) -> Result<(), YamlError> {
    let not_a_map = |at| {
        YamlError::new(
            ErrorKind::Syntax,
            at,
            "`<<` merges a mapping (or a list of mappings) into this one",
        )
    };
    match node.value {
        Node::Map(entries) => merged.extend(entries),
        Node::Seq(items) => {
            for item in items {
                match item.value {
                    Node::Map(entries) => merged.extend(entries),
                    _ => return Err(not_a_map(item.referenced)),
                }
            }
        }
        _ => return Err(not_a_map(node.referenced)),
    }
    Ok(())
}

/// Refuses duplicate keys (located at the second one), then adds merged keys the mapping does not set itself
/// (the first merged mapping wins, as in YAML's merge-key convention).
fn close_map(mut entries: Vec<Entry>, merged: Vec<Entry>) -> Result<Vec<Entry>, YamlError> {
    if let Some((first, dup)) = first_duplicate(&entries) {
        let (k, f) = (&entries[dup].0, &entries[first].0);
        let mut e = YamlError::new(
            ErrorKind::Duplicate,
            k.referenced,
            format!("duplicate key `{}`", k.value),
        );
        e.first = Some(f.referenced);
        return Err(e);
    }
    for (k, v) in merged {
        if !entries.iter().any(|(e, _)| e.value == k.value) {
            entries.push((k, v));
        }
    }
    Ok(entries)
}

/// The earliest key written twice, as (index of the first, index of the repeat).
fn first_duplicate(entries: &[Entry]) -> Option<(usize, usize)> {
    if entries.len() <= 16 {
        return (1..entries.len()).find_map(|j| {
            (0..j)
                .find(|&i| entries[i].0.value == entries[j].0.value)
                .map(|i| (i, j))
        });
    }
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| entries[a].0.value.cmp(&entries[b].0.value).then(a.cmp(&b)));
    order
        .windows(2)
        .filter(|w| entries[w[0]].0.value == entries[w[1]].0.value)
        .map(|w| (w[0], w[1]))
        .min_by_key(|&(_, j)| j)
}

fn check_collection_tag(
    tag: Option<&granit_parser::Tag>,
    expected: &str,
    at: Pos,
) -> Result<(), YamlError> {
    match tag {
        None => Ok(()),
        Some(t) if t.core_suffix() == Some(expected) => Ok(()),
        Some(t) => Err(unsupported_tag(t, at)),
    }
}

fn unsupported_tag(t: &granit_parser::Tag, at: Pos) -> YamlError {
    YamlError::new(
        ErrorKind::Syntax,
        at,
        format!("the YAML tag `{}` is not used in plan files", t.original()),
    )
}

/// Resolves one scalar to a value (see the module documentation for the rules).
fn scalar(
    text: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&granit_parser::Tag>,
    at: Pos,
) -> Result<Node, YamlError> {
    if let Some(t) = tag {
        let bad = |what: &str| {
            YamlError::new(
                ErrorKind::Syntax,
                at,
                format!("`{}` is tagged {} but is not {what}", text, t.original()),
            )
        };
        return match t.core_suffix() {
            Some("str") => Ok(Node::Str(text.into_owned())),
            Some("null") => Ok(Node::Null),
            Some("bool") => bool_of(&text).map(Node::Bool).ok_or_else(|| bad("yes/no")),
            Some("int") => int_of(&text)
                .map(Node::Int)
                .ok_or_else(|| bad("a whole number")),
            Some("float") => float_of(&text)
                .or_else(|| int_of(&text).map(|i| i as f64))
                .map(Node::Float)
                .ok_or_else(|| bad("a number")),
            _ if t.is_custom() && t.original() == "!" => Ok(Node::Str(text.into_owned())),
            _ => Err(unsupported_tag(t, at)),
        };
    }
    if style != ScalarStyle::Plain {
        return Ok(Node::Str(text.into_owned()));
    }
    Ok(resolve_plain(text))
}

fn resolve_plain(text: Cow<'_, str>) -> Node {
    let t: &str = &text;
    let Some(&first) = t.as_bytes().first() else {
        return Node::Null;
    };
    // Only scalars starting like a number, a boolean or a null can be anything but text.
    if !(first.is_ascii_digit()
        || matches!(
            first,
            b'-' | b'+'
                | b'.'
                | b'~'
                | b'n'
                | b'N'
                | b'y'
                | b'Y'
                | b't'
                | b'T'
                | b'f'
                | b'F'
                | b'o'
                | b'O'
        ))
    {
        return Node::Str(text.into_owned());
    }
    if matches!(t, "~" | "null" | "Null" | "NULL") {
        return Node::Null;
    }
    if let Some(b) = bool_of(t) {
        return Node::Bool(b);
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let leading_zero = unsigned.len() > 1
        && unsigned.starts_with('0')
        && unsigned.bytes().all(|b| b.is_ascii_digit());
    if leading_zero {
        return Node::Str(text.into_owned());
    }
    if let Some(i) = int_of(t) {
        return Node::Int(i);
    }
    if let Some(f) = float_of(t) {
        return Node::Float(f);
    }
    Node::Str(text.into_owned())
}

/// YAML 1.1 booleans, any case: true/false, yes/no, y/n, on/off.
fn bool_of(t: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "yes", "y", "on"];
    const FALSE: [&str; 4] = ["false", "no", "n", "off"];
    if TRUE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if FALSE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

/// Decimal, `0x` hexadecimal and `0o` octal integers (YAML 1.2 core); too large for 64 bits is not an integer.
fn int_of(t: &str) -> Option<i64> {
    let (negative, unsigned) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, digits) = if let Some(h) = unsigned.strip_prefix("0x") {
        (16, h)
    } else if let Some(o) = unsigned.strip_prefix("0o") {
        (8, o)
    } else {
        (10, unsigned)
    };
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// YAML 1.2 core floats: `1.5`, `-.5`, `1e3`, `.inf`, `-.Inf`, `.nan`.
fn float_of(t: &str) -> Option<f64> {
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if t.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == t.len() => return Some(f64::NAN),
        _ => {}
    }
    let b = unsigned.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits == 0 {
            return None;
        }
        i += exp_digits;
    }
    if i != b.len() {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests;
