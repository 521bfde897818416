//! Hostile documents (issue 8): each is answered with a located error (exit 1) or a clear refusal (exit 2), in
//! well under 10 s — never a panic (exit 101), a signal or a hang. BOMs and CRLF line ends simply work. Then
//! 150 seeded random mutations of the base plan, one at a time.

use crate::support::{Run, Workspace, fixtures, output_run, pbn, sane_exit, validate_json};
use std::path::Path;
use std::time::{Duration, Instant};

const FAST: Duration = Duration::from_secs(10);

/// Runs `pbn validate --format json` on the base plan after `setup`; checks the exit code is 0, 1 or 2 and the
/// run is fast.
fn hostile(what: &str, setup: impl FnOnce(&Workspace)) -> Run {
    let ws = Workspace::base();
    setup(&ws);
    let start = Instant::now();
    let out = pbn()
        .arg("validate")
        .arg(ws.plan())
        .args(["--format", "json"])
        .output()
        .expect("run pbn");
    let elapsed = start.elapsed();
    sane_exit(&out, what);
    assert!(elapsed < FAST, "{what}: took {elapsed:?}");
    let run = output_run(&out, elapsed);
    if run.exit == Some(1) {
        assert!(
            run.json["errors"].as_u64().is_some_and(|n| n > 0),
            "{what}: exit 1 without an error in JSON:\n{}",
            run.stdout
        );
    }
    eprintln!("{what}: exit {:?} in {elapsed:?}", run.exit);
    run
}

/// Exit 1 with an error located in `file` (or a clear refusal, exit 2, that names the file).
fn refused_in(run: &Run, what: &str, file: &str) {
    match run.exit {
        Some(1) => assert!(
            run.errors().iter().any(|d| d["file"] == file),
            "{what}: no error located in {file}:\n{}",
            run.summary()
        ),
        Some(2) => assert!(
            run.stderr.contains(file),
            "{what}: the refusal should name {file}: {}",
            run.stderr
        ),
        other => panic!(
            "{what}: expected exit 1 or 2, got {other:?}:\n{}",
            run.summary()
        ),
    }
}

fn role_doc(id: &str, mission: &str) -> String {
    format!("kind: role\nid: {id}\ntitle: \"Rôle {id}\"\nmission: \"{mission}\"\n")
}

#[test]
fn scalar_of_40_mb() {
    let run = hostile("40 MB scalar", |ws| {
        ws.write(
            "plan/fragments/gros.yaml",
            role_doc("gros", &"a".repeat(40 << 20)),
        );
    });
    refused_in(&run, "40 MB scalar", "fragments/gros.yaml");
    assert!(
        run.errors().iter().any(|d| d["code"] == "PBN028") || run.exit == Some(2),
        "{}",
        run.summary()
    );
}

#[test]
fn scalar_just_under_the_file_limit_is_fine() {
    let run = hostile("15 MB scalar", |ws| {
        ws.write(
            "plan/fragments/gros.yaml",
            role_doc("gros", &"a".repeat(15 << 20)),
        );
    });
    assert_eq!(run.exit, Some(0), "{}", run.summary());
}

#[test]
fn nul_bytes() {
    let run = hostile("NUL bytes in a value", |ws| {
        ws.write("plan/fragments/nul.yaml", role_doc("nul", "avant\0après"));
    });
    refused_in(&run, "NUL bytes in a value", "fragments/nul.yaml");
    let run = hostile("raw NUL bytes", |ws| {
        ws.write(
            "plan/fragments/nul.yaml",
            b"kind: role\nid: nul\0\0\0\ntitle: x\n\0\0\0\0mission: y\n",
        );
    });
    refused_in(&run, "raw NUL bytes", "fragments/nul.yaml");
}

#[test]
fn twenty_thousand_documents_in_one_file() {
    // 20,000 empty documents, then one with an unknown kind: found, and located after all of them.
    let run = hostile("20,000 documents", |ws| {
        let mut s = "--- ~\n".repeat(20_000);
        s.push_str("---\nkind: fiche\nid: apres-vingt-mille\ntitle: x\n");
        ws.write("plan/fragments/documents.yaml", s);
    });
    assert_eq!(run.exit, Some(1), "{}", run.summary());
    let d = run
        .errors()
        .into_iter()
        .find(|d| d["code"] == "PBN023")
        .expect("PBN023");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("fragments/documents.yaml"), Some(20_002))
    );
}

/// Not hostile, just big: 5,000 valid roles in one file (20,000 take about 1.4 s with a release build, 4–9 s with
/// the debug build the tests use, so this test keeps to 5,000).
#[test]
fn five_thousand_fragments_in_one_file_validate() {
    let run = hostile("5,000 role documents", |ws| {
        let s: Vec<String> = (0..5_000)
            .map(|i| role_doc(&format!("role-{i}"), "x"))
            .collect();
        ws.write("plan/fragments/roles/beaucoup.yaml", s.join("---\n"));
    });
    assert_eq!(run.exit, Some(0), "{}", run.summary());
}

#[test]
fn tabs_in_indentation() {
    let run = hostile("tabs", |ws| {
        let c = ws.read("plan/contacts.yaml").replace(
            "\n    name: \"Julie Lambert\"",
            "\n\tname: \"Julie Lambert\"",
        );
        ws.write("plan/contacts.yaml", c);
    });
    assert_eq!(run.exit, Some(1));
    // The exact line is checked by the `tab-indentation` and `tab-after-plain-scalar` cases.
    assert!(
        run.errors()
            .iter()
            .any(|d| d["code"] == "PBN001" && d["file"] == "contacts.yaml"),
        "{}",
        run.summary()
    );
}

#[test]
fn deep_nesting_of_mappings() {
    let run = hostile("100,000 nested mappings", |ws| {
        let n = 100_000;
        ws.write(
            "plan/fragments/profond.yaml",
            format!("{}{}\n", "{a: ".repeat(n), "}".repeat(n)),
        );
    });
    refused_in(&run, "nested mappings", "fragments/profond.yaml");
}

/// Every nesting depth around the budget (64): a legal document below it, a located refusal above it, never a
/// crash. (200,000 deep is the `deep-nesting` case.)
#[test]
fn nesting_around_the_depth_budget() {
    for n in [10, 30, 41, 42, 50, 63, 64, 65, 100, 200, 255, 256, 1000] {
        for (shape, text) in [
            ("sequences", format!("{}{}\n", "[".repeat(n), "]".repeat(n))),
            (
                "mappings",
                format!("{}{}\n", "{a: ".repeat(n), "}".repeat(n)),
            ),
        ] {
            let what = format!("{n} nested {shape}");
            let run = hostile(&what, |ws| ws.write("plan/fragments/profond.yaml", &text));
            refused_in(&run, &what, "fragments/profond.yaml");
        }
    }
}

#[test]
fn binary_garbage() {
    let run = hostile("binary garbage", |ws| {
        let bytes: Vec<u8> = (0..65_536u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        ws.write("plan/fragments/binaire.yaml", bytes);
    });
    refused_in(&run, "binary garbage", "fragments/binaire.yaml");
}

#[test]
fn empty_and_odd_files() {
    for file in [
        "plan/pbn.yaml",
        "plan/establishment.yaml",
        "plan/contacts.yaml",
        "plan/exercises.yaml",
    ] {
        hostile(&format!("empty {file}"), |ws| ws.write(file, ""));
        hostile(&format!("comment-only {file}"), |ws| {
            ws.write(file, "# rien\n")
        });
        hostile(&format!("scalar {file}"), |ws| ws.write(file, "42\n"));
        hostile(&format!("list {file}"), |ws| ws.write(file, "- a\n- b\n"));
    }
    hostile("a folder named like a fragment", |ws| {
        std::fs::create_dir_all(ws.plan().join("fragments/dossier.yaml")).expect("mkdir");
    });
    #[cfg(unix)]
    hostile("a file name that is not UTF-8", |ws| {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"fragments/r\xf4le.yaml");
        std::fs::write(ws.plan().join(name), role_doc("nom-latin1", "x")).expect("write");
    });
    hostile("a layer that is the plan itself", |ws| {
        let m = ws.read("plan/pbn.yaml").replace("path: ../ght", "path: .");
        ws.write("plan/pbn.yaml", m);
    });
}

#[test]
fn bom_at_the_start_of_files_works() {
    let run = hostile("BOM", |ws| {
        for f in [
            "plan/pbn.yaml",
            "plan/establishment.yaml",
            "plan/contacts.yaml",
            "plan/exercises.yaml",
            "plan/fragments/reflexes/reflexe-urgences.yaml",
            "ght/roles/roles-ght.yaml",
        ] {
            let text = ws.read(f);
            ws.write(f, format!("\u{feff}{text}"));
        }
    });
    assert_eq!(run.exit, Some(0), "{}", run.summary());
    assert_eq!(run.json["warnings"], 0, "{}", run.summary());
}

fn to_crlf(root: &Path) {
    for entry in walk(root) {
        if entry.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&entry).expect("read");
            std::fs::write(&entry, text.replace("\r\n", "\n").replace('\n', "\r\n"))
                .expect("write");
        }
    }
}

fn walk(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root)
        .expect("read dir")
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn crlf_line_ends_work() {
    let run = hostile("CRLF", |ws| to_crlf(ws.root()));
    assert_eq!(run.exit, Some(0), "{}", run.summary());
    assert_eq!(run.json["warnings"], 0, "{}", run.summary());
}

#[test]
fn crlf_and_bom_keep_locations_right() {
    let run = hostile("CRLF + BOM with an error", |ws| {
        ws.overlay(&fixtures().join("validate").join("bad-phone"));
        to_crlf(ws.root());
        let text = ws.read("plan/contacts.yaml");
        ws.write("plan/contacts.yaml", format!("\u{feff}{text}"));
    });
    assert_eq!(run.exit, Some(1));
    let d = &run.errors()[0];
    assert_eq!(
        (
            d["code"].as_str(),
            d["file"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64()
        ),
        (Some("PBN011"), Some("contacts.yaml"), Some(48), Some(30)),
        "{}",
        run.summary()
    );
}

// ── random mutations ────────────────────────────────────────────────────────────────────────────────────

/// xorshift64* — tiny, seeded, reproducible; no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const JUNK: &[&[u8]] = &[
    b": : :",
    b"\n- [",
    b"\n&a *a",
    b"\n---\n- 1\n",
    b"\n\t\tkind: role\n",
    b"\n{{contact:",
    b"\xff\xfe\xc3",
    b"\n? [a, b]\n: c\n",
    b"\nid: \"\\u0000\"\n",
    b"\n!!binary AAAA\n",
    b"\n%YAML 1.3\n",
    b"\nkind: reflex\nid: x\noverride: patch\nsteps: [{remove: nope}]\n",
];

/// One mutation of one file of the base plan; returns a description to reproduce it.
fn mutate(rng: &mut Rng, files: &[std::path::PathBuf], root: &Path) -> String {
    let file = &files[rng.below(files.len())];
    let mut bytes = std::fs::read(file).expect("read");
    let rel = file
        .strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string();
    let lines: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        let mut start = 0;
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                v.push((start, i + 1));
                start = i + 1;
            }
        }
        if start < bytes.len() {
            v.push((start, bytes.len()));
        }
        v
    };
    let what = match rng.below(5) {
        0 => {
            let n = 1 + rng.below(4);
            let mut at = Vec::new();
            for _ in 0..n {
                let i = rng.below(bytes.len());
                let mask = 1u8 << rng.below(8);
                bytes[i] ^= mask;
                at.push(format!("{i}^{mask:#04x}"));
            }
            format!("byte flips {}", at.join(","))
        }
        1 => {
            let (s, e) = lines[rng.below(lines.len())];
            bytes.drain(s..e);
            format!("deleted line at byte {s}")
        }
        2 => {
            let (s, e) = lines[rng.below(lines.len())];
            let line = bytes[s..e].to_vec();
            bytes.splice(e..e, line);
            format!("duplicated line at byte {s}")
        }
        3 => {
            let (s, e) = lines[rng.below(lines.len())];
            let cut = s + rng.below(e - s);
            bytes.drain(cut..e.saturating_sub(1).max(cut));
            format!("truncated line at byte {cut}")
        }
        _ => {
            let junk = JUNK[rng.below(JUNK.len())];
            bytes.extend_from_slice(junk);
            format!("appended {:?}", String::from_utf8_lossy(junk))
        }
    };
    std::fs::write(file, bytes).expect("write");
    format!("{rel}: {what}")
}

#[test]
fn random_mutations_never_break_pbn() {
    const N: usize = 150;
    const SEED: u64 = 0x0005_EED0_FB1A_1C00;
    let start = Instant::now();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    let results: Vec<(usize, String, Result<i32, String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut out = Vec::new();
                    for i in (t..N).step_by(threads) {
                        // Each mutation has its own seed, so a failure is reproducible alone.
                        let mut rng =
                            Rng(SEED ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                        let ws = Workspace::base();
                        let files: Vec<_> = walk(ws.root())
                            .into_iter()
                            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                            .collect();
                        let what = mutate(&mut rng, &files, ws.root());
                        let out_ = pbn()
                            .arg("validate")
                            .arg(ws.plan())
                            .args(["--format", "json"])
                            .output()
                            .expect("run pbn");
                        let r = std::panic::catch_unwind(|| sane_exit(&out_, &what)).map_err(|e| {
                            e.downcast_ref::<String>()
                                .cloned()
                                .unwrap_or_else(|| "panic".into())
                        });
                        let r = r.and_then(|code| {
                            let run = output_run(&out_, Duration::ZERO);
                            match code {
                                2 => Ok(code),
                                _ if !run.json.is_object() => {
                                    Err(format!("{what}: stdout is not JSON: {}", run.stdout))
                                }
                                1 if run.json["errors"] == 0 && run.json["warnings"] == 0 => {
                                    Err(format!("{what}: exit 1 without a diagnostic"))
                                }
                                0 if run.json["errors"] != 0 => {
                                    Err(format!("{what}: exit 0 with errors"))
                                }
                                _ => Ok(code),
                            }
                        });
                        out.push((i, what, r));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("thread"))
            .collect()
    });
    let mut by_exit = [0usize; 3];
    let mut failures = Vec::new();
    for (i, what, r) in &results {
        match r {
            Ok(c) => by_exit[*c as usize] += 1,
            Err(e) => failures.push(format!("mutation #{i} ({what}): {e}")),
        }
    }
    eprintln!(
        "{N} mutations in {:?} on {threads} threads: exit 0 ×{}, exit 1 ×{}, exit 2 ×{}",
        start.elapsed(),
        by_exit[0],
        by_exit[1],
        by_exit[2]
    );
    assert_eq!(results.len(), N);
    assert!(
        failures.is_empty(),
        "{} of {N} mutations broke pbn:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The mutations must actually bite: most of them should be reported.
    assert!(
        by_exit[1] >= N / 3,
        "only {} mutations were reported as errors",
        by_exit[1]
    );
}

#[test]
fn validate_json_helper_runs_pbn() {
    // Guard for the helpers above: the base plan, untouched, is clean.
    let ws = Workspace::base();
    assert_eq!(validate_json(&ws.plan()).exit, Some(0));
}
