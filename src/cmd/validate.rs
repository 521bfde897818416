//! `pbn validate [DIR…]`: compile one plan or several (a GHT's hospitals) and print their diagnostics in the
//! requested format. Exit 1 when any plan has errors (or warnings with `--deny-warnings`), naming it.

use crate::app::{self, Compiled};
use crate::diag::emit::{self, Format, Named};
use crate::diag::{Severity, sarif};
use std::path::{Path, PathBuf};

pub fn run(dirs: &[PathBuf], format: Format, deny_warnings: bool) -> i32 {
    let progress = super::progress::start("checking the plan");
    let mut plans = Vec::new();
    for dir in dirs {
        let dir = super::find_plan(dir);
        let compiled = if crate::load::is_layer_folder(&dir) {
            crate::load::layer_sources(&dir).map(layer_alone)
        } else {
            app::compile(&dir)
        };
        match compiled {
            Ok(c) => plans.push((dir, c)),
            Err(e) => return super::fatal(&e.0),
        }
    }
    drop(progress);
    let several = plans.len() > 1;
    let names: Vec<String> = plans.iter().map(|(d, _)| d.display().to_string()).collect();
    let named: Vec<Named> = plans
        .iter()
        .zip(&names)
        .map(|((_, c), n)| Named {
            plan: several.then_some(n.as_str()),
            diags: &c.diags,
            map: &c.map,
        })
        .collect();
    match format {
        Format::Human => human(&named),
        Format::Json => super::out(&emit::json_plans(&named)),
        Format::Sarif => super::out(&sarif_of(&plans)),
        Format::Junit => super::out(&emit::junit_plans(&named)),
    }
    let failed = |c: &Compiled| {
        c.diags.has_errors() || (deny_warnings && c.diags.count(Severity::Warning) > 0)
    };
    let failing: Vec<&str> = plans
        .iter()
        .zip(&names)
        .filter(|((_, c), _)| failed(c))
        .map(|(_, n)| n.as_str())
        .collect();
    if several && !failing.is_empty() && format == Format::Human {
        super::err(&format!("error: not valid: {}\n", failing.join(", ")));
    }
    let code = if failing.is_empty() {
        crate::exit::OK
    } else {
        crate::exit::PLAN
    };
    super::leak_at_exit(plans);
    code
}

/// Human diagnostics on standard error; with several plans each block starts with the plan's name. A clean plan's
/// "ok" line is a status line (left out with `--quiet`).
fn human(plans: &[Named]) {
    for p in plans {
        let text = super::human_diags(p.diags, p.map);
        let text = match p.plan {
            Some(name) if p.diags.list.is_empty() => format!("{name}: {text}"),
            Some(name) => format!("{name}:\n{text}"),
            None => text,
        };
        if p.diags.list.is_empty() {
            super::status(&text);
        } else {
            super::err(&text);
        }
    }
}

fn sarif_of(plans: &[(PathBuf, Compiled)]) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = sarif::repository_root(&cwd);
    let list: Vec<sarif::PlanDiags> = plans
        .iter()
        .map(|(dir, c)| sarif::PlanDiags {
            diags: &c.diags,
            map: &c.map,
            plan_dir: Path::new(dir),
        })
        .collect();
    sarif::sarif(&list, &root)
}

/// A shared layer checked on its own: what only a hospital can resolve (its contacts, applications and functions,
/// its directory's national slots and role holders) is left out, and one note says how much was.
fn layer_alone(set: crate::load::SourceSet) -> Compiled {
    use crate::diag::{Code, Diagnostic};
    let mut c = app::compile_sources(set);
    let hospital_owned = |d: &Diagnostic| {
        matches!(
            d.code,
            Code::UnknownContact
                | Code::UnknownApplication
                | Code::UnknownFunction
                | Code::RoleNotHeld
        ) || d.loc.is_none()
    };
    let before = c.diags.list.len();
    c.diags.list.retain(|d| !hospital_owned(d));
    let left = before - c.diags.list.len();
    {
        let first = c
            .map
            .files
            .iter()
            .position(|f| f.path.is_some())
            .unwrap_or(0) as u32;
        c.diags.push(
            Diagnostic::new(
                Code::LayerAlone,
                crate::source::Loc::new(first, 0, 0),
                format!(
                    "no pbn.yaml here: checked as a shared layer alone; {left} reference(s) to contacts, applications, functions or role holders that each hospital defines were not checked"
                ),
            )
            .help("validate the hospitals that use this layer too: `pbn validate ch-a ch-b`; if this folder is meant to be a plan, create its pbn.yaml (`pbn init`)"),
        );
    }
    c
}
