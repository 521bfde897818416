use super::*;

fn parse_ok(s: &str) -> Vec<Spanned<Node>> {
    let mut d = Diags::default();
    let r = parse(0, s, &mut d);
    assert!(d.list.is_empty(), "{:?}", d.list);
    r.unwrap_or_default()
}

fn parse_err(s: &str) -> Diagnostic {
    let mut d = Diags::default();
    assert!(parse(0, s, &mut d).is_none(), "{s:?} parsed");
    d.list.remove(0)
}

fn map(n: &Spanned<Node>) -> &[(Spanned<String>, Spanned<Node>)] {
    match &n.value {
        Node::Map(m) => m,
        other => panic!("not a map: {other:?}"),
    }
}

#[test]
fn keeps_leading_zeros_and_locations() {
    let docs = parse_ok("finess: 010000024\nn: 12\n---\na: b\n");
    assert_eq!(docs.len(), 2);
    let m = map(&docs[0]);
    assert!(matches!(&m[0].1.value, Node::Str(s) if s == "010000024"));
    assert!(matches!(&m[1].1.value, Node::Int(12)));
    assert_eq!(loc(0, &m[1].0.referenced), Loc::new(0, 2, 1));
    assert_eq!(loc(0, &m[1].1.referenced), Loc::new(0, 2, 4));
}

#[test]
fn scalars_resolve_like_the_core_schema() {
    let docs = parse_ok(
        "a: ~\nb: yes\nc: Off\nd: -12\ne: 0x1F\nf: 1.5e3\ng: .inf\nh: '12'\ni: 1_000\nj: 99999999999999999999\n\
         k: +0612345678\nl: !!str 12\nm: -.nan\nn:\no: \"yes\"\np: 2026-11-29\n",
    );
    let m = map(&docs[0]);
    let v = |i: usize| &m[i].1.value;
    assert!(matches!(v(0), Node::Null));
    assert!(matches!(v(1), Node::Bool(true)));
    assert!(matches!(v(2), Node::Bool(false)));
    assert!(matches!(v(3), Node::Int(-12)));
    assert!(matches!(v(4), Node::Int(31)));
    assert!(matches!(v(5), Node::Float(f) if *f == 1500.0));
    assert!(matches!(v(6), Node::Float(f) if f.is_infinite()));
    assert!(matches!(v(7), Node::Str(s) if s == "12"));
    assert!(matches!(v(8), Node::Str(s) if s == "1_000"));
    assert!(matches!(v(9), Node::Float(_)));
    assert!(matches!(v(10), Node::Str(s) if s == "+0612345678"));
    assert!(matches!(v(11), Node::Str(s) if s == "12"));
    assert!(matches!(v(12), Node::Str(s) if s == "-.nan"));
    assert!(matches!(v(13), Node::Null));
    assert!(matches!(v(14), Node::Str(s) if s == "yes"));
    assert!(matches!(v(15), Node::Str(s) if s == "2026-11-29"));
}

#[test]
fn keys_are_kept_as_written() {
    let docs = parse_ok("on: 1\n12: 2\n~: 3\n");
    let keys: Vec<&str> = map(&docs[0])
        .iter()
        .map(|(k, _)| k.value.as_str())
        .collect();
    assert_eq!(keys, ["on", "12", "~"]);
    let e = parse_err("[a, b]: 1\n");
    assert!(e.message.contains("plain word"), "{}", e.message);
}

#[test]
fn aliases_and_merge_keys() {
    let docs =
        parse_ok("base: &b {owner: rssi, delay: 72h}\ncopy: *b\nmerged:\n  <<: *b\n  delay: 24h\n");
    let m = map(&docs[0]);
    assert_eq!(map(&m[1].1).len(), 2);
    assert_eq!(m[1].1.referenced, Pos { line: 2, column: 7 });
    let merged = map(&m[2].1);
    let pairs: Vec<(String, String)> = merged
        .iter()
        .map(|(k, v)| (k.value.clone(), v.value.scalar_text().unwrap_or_default()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("delay".into(), "24h".into()),
            ("owner".into(), "rssi".into())
        ]
    );
    assert!(parse_err("a: <<\nb:\n  <<: 3\n").message.contains("`<<`"));
}

#[test]
fn recursive_alias_is_refused() {
    let e = parse_err("a: &a [1, *a]\n");
    assert_eq!(e.code, Code::YamlSyntax);
}

#[test]
fn unknown_tags_are_refused() {
    let e = parse_err("a: !python/object x\n");
    assert!(e.message.contains("tag"), "{}", e.message);
    assert!(parse_err("a: !!int abc\n").message.contains("whole number"));
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
    let start = std::time::Instant::now();
    assert_eq!(parse_err(&s).code, Code::TooLarge);
    assert!(start.elapsed().as_secs() < 2);
}

#[test]
fn duplicate_keys_are_located_at_the_repeat() {
    let e = parse_err("a: 1\nb: 2\na: 3\n");
    assert_eq!(e.code, Code::YamlSyntax);
    assert_eq!(e.loc.map(|l| (l.line, l.col)), Some((3, 1)));
    assert_eq!(e.notes[0].loc.line, 1);
    // Large mappings take the sorted path; the earliest repeat is reported.
    let mut big: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
    big.push_str("k7: again\nk3: again\n");
    let e = parse_err(&big);
    assert_eq!(e.loc.map(|l| l.line), Some(41));
}

fn nested_maps(levels: usize) -> String {
    (0..levels)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect()
}

#[test]
fn nesting_is_bounded() {
    assert_eq!(parse_ok(&nested_maps(64)).len(), 1);
    let deep_flow = format!("{}{}", "[".repeat(64), "]".repeat(64));
    assert_eq!(parse_ok(&deep_flow).len(), 1);
    assert_eq!(parse_err(&nested_maps(65)).code, Code::TooLarge);
}

#[test]
fn very_deep_nesting_is_refused_quickly() {
    let start = std::time::Instant::now();
    assert_eq!(parse_err(&"[".repeat(200_000)).code, Code::TooLarge);
    assert_eq!(parse_err(&nested_maps(2_000)).code, Code::TooLarge);
    assert!(start.elapsed().as_secs() < 5);
}

#[test]
fn bom_and_crlf_work() {
    let docs = parse_ok("\u{feff}a: 1\r\nb: 2\r\n");
    assert_eq!(docs.len(), 1);
    assert_eq!(map(&docs[0])[1].0.referenced, Pos { line: 2, column: 1 });
}

#[test]
fn syntax_errors_are_located() {
    let e = parse_err("a: 1\n b: 2\n");
    assert_eq!(e.code, Code::YamlSyntax);
    assert!(!e.message.contains("context"), "{}", e.message);
    assert_eq!(
        parse_err("a: 1\nname \"x\"\nb: 2\n").message,
        "expected `:` after this key"
    );
    assert!(e.loc.is_some_and(|l| l.line == 2), "{e:?}");
    let e = parse_err("a:\n\t- b\n");
    assert!(
        e.help.iter().any(|h| h.contains("tabs")) || e.message.contains("tab"),
        "{e:?}"
    );
}

/// The tree built from parser events matches what serde-saphyr's own deserializer built before (kept here as
/// an oracle), on every YAML file of the repository and the fuzz corpus.
mod oracle {
    use super::super::*;
    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    struct Old(Node);
    struct OldSpanned(Spanned<Node>);

    fn pos(l: &serde_saphyr::Location) -> Pos {
        Pos {
            line: l.line() as u32,
            column: l.column() as u32,
        }
    }

    struct V;
    impl<'de> Visitor<'de> for V {
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
            d.deserialize_any(V)
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
        fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
            Ok(Node::Float(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Node, E> {
            Ok(Node::Str(v.to_owned()))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
            let mut items = Vec::new();
            while let Some(OldSpanned(item)) = seq.next_element()? {
                items.push(item);
            }
            Ok(Node::Seq(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
            let mut entries = Vec::new();
            while let Some(key) = map.next_key::<serde_saphyr::Spanned<Old>>()? {
                let OldSpanned(value) = map.next_value()?;
                let text = match key.value.0 {
                    Node::Null => String::new(),
                    n => n.scalar_text().unwrap_or_default(),
                };
                entries.push((
                    Spanned {
                        value: text,
                        referenced: pos(&key.referenced),
                    },
                    value,
                ));
            }
            Ok(Node::Map(entries))
        }
    }
    impl<'de> Deserialize<'de> for Old {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(V).map(Old)
        }
    }
    impl<'de> Deserialize<'de> for OldSpanned {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = serde_saphyr::Spanned::<Old>::deserialize(d)?;
            Ok(OldSpanned(Spanned {
                value: s.value.0,
                referenced: pos(&s.referenced),
            }))
        }
    }

    fn old_parse(text: &str) -> Option<Vec<Spanned<Node>>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(64 << 20)
                .spawn_scoped(s, || {
                    let mut o = serde_saphyr::Options::default();
                    o.leading_zero_numbers_as_strings = true;
                    serde_saphyr::from_multiple_with_options::<OldSpanned>(text, o).ok()
                })
                .ok()?
                .join()
                .ok()?
        })
        .map(|v| v.into_iter().map(|s| s.0).collect())
    }

    /// Differences that are choices, not regressions: keys are kept as written (the old tree turned `on:` into
    /// "true"), and plain scalars the old parser read with YAML 1.1 extras (`1_000`) stay text.
    fn same(a: &Spanned<Node>, b: &Spanned<Node>, path: &str) -> Result<(), String> {
        if a.referenced != b.referenced {
            return Err(format!(
                "{path}: at {:?} vs {:?}",
                a.referenced, b.referenced
            ));
        }
        match (&a.value, &b.value) {
            (Node::Null, Node::Null) => Ok(()),
            (Node::Bool(x), Node::Bool(y)) if x == y => Ok(()),
            (Node::Int(x), Node::Int(y)) if x == y => Ok(()),
            (Node::Float(x), Node::Float(y)) if x == y || (x.is_nan() && y.is_nan()) => Ok(()),
            (Node::Str(x), Node::Str(y)) if x == y => Ok(()),
            (Node::Seq(x), Node::Seq(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .try_for_each(|(i, (p, q))| same(p, q, &format!("{path}[{i}]"))),
            (Node::Map(x), Node::Map(y)) if x.len() == y.len() => {
                x.iter().zip(y).try_for_each(|((kp, p), (kq, q))| {
                    if kp.value != kq.value || kp.referenced != kq.referenced {
                        return Err(format!("{path}: key {kp:?} vs {kq:?}"));
                    }
                    same(p, q, &format!("{path}.{}", kp.value))
                })
            }
            (x, y) => Err(format!("{path}: {x:?} vs {y:?}")),
        }
    }

    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                if !p.ends_with("target") && !p.ends_with(".git") {
                    yaml_files(&p, out);
                }
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                || p.components().any(|c| c.as_os_str() == "corpus")
            {
                out.push(p);
            }
        }
    }

    /// Files where the two differ by choice, and why.
    const KNOWN: &[(&str, &str)] = &[
        (
            "alias.yaml",
            "values inside an alias's copy keep the positions where the anchored original is written",
        ),
        (
            "github-actions.yml",
            "the key `on:` stays \"on\" (YAML 1.1 read it as the boolean true)",
        ),
        (
            "numbers.yaml",
            "`1e400` is read as infinity and `-0` as 0 instead of refusing the whole file",
        ),
    ];

    #[test]
    fn same_trees_as_serde_saphyr_on_every_repository_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for sub in ["playbooks", "examples", "tests", "fuzz", "schemas"] {
            yaml_files(&root.join(sub), &mut files);
        }
        assert!(files.len() > 150, "{} files", files.len());
        let mut compared = 0;
        let mut failures = Vec::new();
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let mut d = Diags::default();
            let new = parse(0, &text, &mut d);
            let old = old_parse(&text);
            match (new, old) {
                (Some(n), Some(o)) => {
                    compared += 1;
                    // Empty documents (`---` alone) are skipped by the loader either way.
                    let real = |d: Vec<Spanned<Node>>| -> Vec<Spanned<Node>> {
                        d.into_iter()
                            .filter(|x| !matches!(x.value, Node::Null))
                            .collect()
                    };
                    let (n, o) = (real(n), real(o));
                    let name = f.file_name().and_then(|x| x.to_str()).unwrap_or("");
                    if let Some((_, why)) = KNOWN.iter().find(|(k, _)| *k == name) {
                        let _ = why;
                        if n.len() != o.len() {
                            failures.push(format!("{}: document count", f.display()));
                        }
                        continue;
                    }
                    if n.len() != o.len() {
                        failures.push(format!(
                            "{}: {} vs {} documents",
                            f.display(),
                            n.len(),
                            o.len()
                        ));
                        continue;
                    }
                    for (i, (a, b)) in n.iter().zip(&o).enumerate() {
                        if let Err(e) = same(a, b, &format!("doc{i}")) {
                            failures.push(format!("{}: {e}", f.display()));
                        }
                    }
                }
                (None, None) => {}
                (Some(_), None) if KNOWN.iter().any(|(k, _)| f.ends_with(k)) => {}
                (n, o) => failures.push(format!(
                    "{}: new {} / old {} ({:?})",
                    f.display(),
                    if n.is_some() { "ok" } else { "refused" },
                    if o.is_some() { "ok" } else { "refused" },
                    d.list.first().map(|x| &x.message)
                )),
            }
        }
        assert!(compared > 100, "{compared}");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

/// An unclosed `[` is the error's cause: the diagnostic points at it, with where the parser stopped as a note.
#[test]
fn an_unclosed_bracket_is_named_as_the_cause() {
    let d = parse_err(
        "contacts:\n  - id: dg\n    roles: [directeur-crise\n    deputy: dga\n    name: \"Marc\"\n",
    );
    let at = d.loc.expect("located");
    assert_eq!((at.line, at.col), (3, 12), "{d:?}");
    assert!(d.message.contains("never closed"), "{}", d.message);
    assert!(
        d.notes
            .iter()
            .any(|n| n.message.contains("parser stopped here")),
        "{d:?}"
    );
}

/// Brackets that are closed, that sit inside plain text, quotes, comments or block scalars, or that open a list
/// spanning lines are never blamed.
#[test]
fn open_flow_ignores_text_quotes_comments_and_block_scalars() {
    let end = |text: &str| Pos {
        line: text.lines().count() as u32,
        column: text
            .lines()
            .last()
            .map_or(1, |l| l.chars().count() as u32 + 1),
    };
    for text in [
        "roles: [dsi, rssi]\nx: y",
        "do: Appeler [numéro] puis { le cadre\nx: y",
        "title: \"Fiche [A\"\nx: y",
        "title: 'l''équipe [A'\nx: y",
        "x: y # [pas fermé\nz: w",
        "body: |\n  [Signature\n  { texte\nx: y",
        "- >-\n  [date\nx: y",
        // A plain scalar or a quoted string continued on the next line; a list closed further down.
        "note: ARS Auvergne\n    [voir annexe\nx: y",
        "note: \"Appeler le 15\n    {ou le 112) si hors zone\"\nx: y",
        "regime: [nis2-essentielle,\n    ose]\nx: y",
    ] {
        assert_eq!(open_flow(text, end(text)), None, "{text}");
    }
    let spanning = "roles: [dsi,\n  rssi";
    assert_eq!(
        open_flow(spanning, end(spanning)),
        Some(Pos { line: 1, column: 8 })
    );
    // Closed further down: not the cause of an error inside it.
    let closed_later = "regime: [nis2-essentielle,\n    ose: x: y]\nz: w";
    let inside = Pos {
        line: 2,
        column: 12,
    };
    assert_eq!(open_flow(closed_later, inside), None);
    // A value on the line after its key.
    let below = "roles:\n  [dsi, rssi\nx: y";
    assert_eq!(
        open_flow(below, end(below)),
        Some(Pos { line: 2, column: 3 })
    );
    let inner = "a: [l'astreinte, {b: \"c]\"}\nd: e";
    assert_eq!(
        open_flow(inner, end(inner)),
        Some(Pos { line: 1, column: 4 })
    );
}
