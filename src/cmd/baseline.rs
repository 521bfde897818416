//! `pbn baseline list|show`: browse the embedded national library without a plan.

use crate::baseline::FILES;
use crate::cli::BaselineCmd;
use crate::decode::Cx;
use crate::diag::Diags;
use crate::model::Fragment;
use crate::source::{SourceFile, SourceMap};
use std::fmt::Write as _;

/// Every fragment of the baseline with the file it comes from.
fn fragments() -> (SourceMap, Vec<Fragment>) {
    let mut map = SourceMap::default();
    let mut out = Vec::new();
    for (rel, text) in FILES {
        if matches!(*rel, "baseline.yaml" | "contacts.yaml") {
            continue;
        }
        let id = map.add(SourceFile::new(
            crate::baseline::display(rel),
            None,
            0,
            (*text).to_string(),
        ));
        let mut d = Diags::default();
        if let Some(docs) = crate::yaml::parse(id, text, &mut d) {
            let mut cx = Cx {
                file: id,
                diags: &mut d,
            };
            out.extend(
                docs.iter()
                    .filter_map(|doc| crate::decode::fragment::fragment(&mut cx, doc, 0)),
            );
        }
    }
    out.sort_by(|a, b| (a.kind, a.order(), &a.id.v).cmp(&(b.kind, b.order(), &b.id.v)));
    (map, out)
}

pub fn run(cmd: BaselineCmd) -> i32 {
    let (map, frags) = fragments();
    match cmd {
        BaselineCmd::List => {
            let mut o = format!(
                "national baseline {} — {} fragments\n",
                env!("PBN_BASELINE_VERSION"),
                frags.len()
            );
            let mut last = None;
            for f in &frags {
                if last != Some(f.kind) {
                    let _ = writeln!(o, "\n{}:", f.kind.as_str());
                    last = Some(f.kind);
                }
                let mut tags = String::new();
                if f.locked.is_some() {
                    tags.push_str(" [locked]");
                }
                if f.is_template() {
                    tags.push_str(" [template]");
                }
                let _ = writeln!(o, "  {:<34} {}{}", f.id.v, f.title(), tags);
            }
            super::out(&o);
            crate::exit::OK
        }
        BaselineCmd::Show { target } => {
            let Some((kind, id)) = target.split_once(':') else {
                return super::fatal(&format!(
                    "`{target}` is not KIND:ID (e.g. obligation:depot-plainte)"
                ));
            };
            let Some(f) = frags
                .iter()
                .find(|f| f.kind.as_str() == kind && f.id.v == id)
            else {
                return super::fatal(&format!(
                    "the baseline has no {kind} `{id}` (see `pbn baseline list`)"
                ));
            };
            // Print the document as written: from its first line to the next document or the end of the file.
            let file = map.file(f.loc.file);
            let mut o = format!("# {}:{}\n", file.display, f.loc.line);
            let mut line = f.loc.line;
            while let Some(t) = file.line_text(line) {
                if line > f.loc.line && t.starts_with("---") {
                    break;
                }
                o.push_str(t);
                o.push('\n');
                line += 1;
            }
            super::out(&o);
            crate::exit::OK
        }
    }
}
