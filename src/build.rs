//! A print run in memory: the outputs of `pbn build`, which of them to render, and in which order.
//!
//! An output is a file name and a renderer `fn(&BuildContext) -> Result<Rendered, Diagnostic>` in [`OUTPUTS`];
//! an output whose renderer is not part of this build yet (`None`) is skipped, never faked. A renderer that
//! fails returns a `PBN050` ([`Code::RenderFailed`]); what a renderer finds wrong with the plan while rendering
//! (a reflex sheet longer than a page, `PBN038`) comes back with its bytes. `app::build` runs the stages before
//! (view, manifest); `output` writes the files.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::{Kind, Plan};
use crate::render::pdf::{EmergencyCut, PlanPages};
use crate::render::{View, html};
use crate::source::{Loc, SourceMap};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};

/// Everything a renderer may read. The merged plan is not in it: the view holds what the documents print, and
/// the plan is freed before rendering (a thousand-reflex plan is some thirty megabytes).
pub struct BuildContext<'a> {
    pub map: &'a SourceMap,
    /// The view model, audience applied.
    pub view: &'a View,
    /// `--templates DIR`.
    pub templates: Option<&'a Path>,
    /// The date written into the PDF metadata ([`pdf_date`]).
    pub pdf_date: Option<pbn_typeset::DateTime>,
    /// Where each reflex sheet is written, to locate the warning of a sheet longer than a page.
    pub reflexes: BTreeMap<String, Loc>,
    /// Where each role is written, to locate the warning of a card cut to fit one sheet.
    pub roles: BTreeMap<String, Loc>,
    /// Where the text of each step of the first-gestures sheet is written (after merging: the layer that set
    /// it), to locate the warning of a gesture shortened in the "En cas d'attaque" box.
    pub first_gestures: Vec<Loc>,
    /// plan.pdf's pages, handed from its renderer to cards.pdf's.
    plan_pages: PlanPagesSlot,
    /// What was prepared while the plan was read ([`Warm`]), if anything.
    warm: Option<Arc<Warm>>,
}

impl<'a> BuildContext<'a> {
    /// This context, using what `warm` prepared.
    pub fn warmed(mut self, warm: Option<Arc<Warm>>) -> Self {
        self.warm = warm;
        self
    }

    /// The context of a build of `plan` through `view`; `source_date_epoch` is the only date it may write.
    pub fn new(
        plan: &Plan,
        map: &'a SourceMap,
        view: &'a View,
        templates: Option<&'a Path>,
        source_date_epoch: Option<i64>,
    ) -> Self {
        BuildContext {
            map,
            view,
            templates,
            pdf_date: pdf_date(plan, source_date_epoch),
            reflexes: plan
                .of_kind(Kind::Reflex)
                .into_iter()
                .map(|f| (f.id.v.clone(), f.id.loc))
                .collect(),
            roles: plan
                .of_kind(Kind::Role)
                .into_iter()
                .map(|f| (f.id.v.clone(), f.id.loc))
                .collect(),
            first_gestures: plan
                .get(Kind::Reflex, crate::render::FIRST_GESTURES)
                .map(|f| f.f.steps().iter().map(|s| s.text.loc).collect())
                .unwrap_or_default(),
            plan_pages: PlanPagesSlot::default(),
            warm: None,
        }
    }
}

/// The pages of plan.pdf's anchors, as cards.pdf waits for them: a cut card names the pages that hold the rest.
/// When the build renders plan.pdf, cards.pdf waits for its layout rather than laying the binder out again.
#[derive(Default)]
struct PlanPagesSlot {
    state: Mutex<Slot>,
    ready: Condvar,
}

#[derive(Default)]
enum Slot {
    /// plan.pdf is not rendered by this run: whoever needs its pages lays it out.
    #[default]
    NotComing,
    /// plan.pdf is being laid out.
    Coming,
    /// Its layout is done (`None`: it failed).
    Ready(Option<Arc<PlanPages>>),
}

impl PlanPagesSlot {
    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether plan.pdf will publish its pages in this run.
    fn expect(&self, coming: bool) {
        *self.lock() = if coming {
            Slot::Coming
        } else {
            Slot::NotComing
        };
    }

    fn publish(&self, pages: Option<Arc<PlanPages>>) {
        let mut s = self.lock();
        if matches!(*s, Slot::Coming) {
            *s = Slot::Ready(pages);
            self.ready.notify_all();
        }
    }

    /// plan.pdf's pages: waits for them when it is being laid out, else lays the binder out.
    fn get(&self, cx: &BuildContext) -> Option<Arc<PlanPages>> {
        let mut s = self.lock();
        loop {
            match &*s {
                Slot::Ready(p) => return p.clone(),
                Slot::Coming => s = self.ready.wait(s).unwrap_or_else(PoisonError::into_inner),
                Slot::NotComing => break,
            }
        }
        drop(s);
        crate::render::pdf::plan_pages(cx.view, cx.pdf_date)
            .ok()
            .map(Arc::new)
    }
}

/// Publishes "no pages" if plan.pdf's renderer ends without publishing (an error, a panic), so that cards.pdf
/// never waits forever.
struct PublishOnDrop<'a>(&'a PlanPagesSlot);

impl Drop for PublishOnDrop<'_> {
    fn drop(&mut self) {
        self.0.publish(None);
    }
}

/// One output's bytes, and the diagnostics rendering it found.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub diags: Diags,
    /// The SHA-256 of `bytes` (hex), for the manifest: taken where the output was made, on its own thread, or
    /// while the file was written (PDF). `None` until then.
    pub sha256: Option<String>,
}

impl Rendered {
    /// `self` with its digest taken, if its renderer did not.
    fn hashed(mut self) -> Rendered {
        self.sha256 = Some(self.digest());
        self
    }

    /// The digest its renderer took, or taken now.
    fn digest(&self) -> String {
        self.sha256
            .clone()
            .unwrap_or_else(|| crate::manifest::sha256(&self.bytes))
    }
}

pub type Renderer = fn(&BuildContext) -> Result<Rendered, Diagnostic>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    Pdf,
    Html,
    Cards,
}

pub struct Output {
    pub kind: OutputKind,
    pub file: &'static str,
    /// `--pdf`, `--html`, `--cards`.
    pub flag: &'static str,
    pub render: Option<Renderer>,
}

/// The outputs of `pbn build`, in the order they are listed.
pub const OUTPUTS: &[Output] = &[
    Output {
        kind: OutputKind::Pdf,
        file: "plan.pdf",
        flag: "--pdf",
        render: Some(render_plan_pdf),
    },
    Output {
        kind: OutputKind::Html,
        file: "plan.html",
        flag: "--html",
        render: Some(render_html),
    },
    Output {
        kind: OutputKind::Cards,
        file: "cards.pdf",
        flag: "--cards",
        render: Some(render_cards_pdf),
    },
];

/// A rendered output: its file name and bytes.
pub type File = (String, Vec<u8>);

/// What to render, besides the plan and the audience.
pub struct Job<'a> {
    /// `--pdf`, `--html`, `--cards` (all when empty).
    pub kinds: &'a [OutputKind],
    /// `--templates DIR`.
    pub templates: Option<&'a Path>,
    /// `SOURCE_DATE_EPOCH`, when set: the only date a renderer may write.
    pub source_date_epoch: Option<i64>,
    /// What was prepared while the plan was read ([`Warm::start`]), if anything.
    pub warm: Option<Arc<Warm>>,
}

/// The date printed in the PDF metadata: `SOURCE_DATE_EPOCH`, else the plan's adoption date, else none.
pub fn pdf_date(plan: &Plan, source_date_epoch: Option<i64>) -> Option<pbn_typeset::DateTime> {
    use chrono::{Datelike, Timelike};
    let dt = match source_date_epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        Some(d) => d.naive_utc(),
        None => plan
            .establishment
            .adopted_on
            .as_ref()?
            .v
            .and_hms_opt(0, 0, 0)?,
    };
    Some(pbn_typeset::DateTime {
        year: dt.year(),
        month: dt.month() as u8,
        day: dt.day() as u8,
        hour: dt.hour() as u8,
        minute: dt.minute() as u8,
        second: dt.second() as u8,
    })
}

/// `PBN050` for an output that could not be rendered.
fn failed(file: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(
        Code::RenderFailed,
        None,
        format!("cannot render {file}: {e}"),
    )
}

/// The file of a prepared document ([`pbn_typeset::Prepared::write`]), with a warning for each reflex sheet
/// longer than a page.
fn written(
    cx: &BuildContext,
    file: &str,
    prepared: Result<pbn_typeset::Prepared, pbn_typeset::Error>,
) -> Result<Rendered, Diagnostic> {
    let r = prepared
        .and_then(pbn_typeset::Prepared::write)
        .map_err(|e| failed(file, e))?;
    let mut diags = Diags::default();
    for o in &r.overflows {
        // Only reflex sheets promise one page; a long role card simply continues.
        let Some((kind @ "reflex", id)) = o.source.as_deref().and_then(|s| s.split_once(':'))
        else {
            continue;
        };
        let loc = cx.reflexes.get(id).copied();
        diags.push(
            Diagnostic::new(Code::SheetOverflow, loc, format!("{kind} `{id}` does not fit on one printed page; it continues on the next one"))
                .help("shorten its steps or move details to a procedure, so the sheet can be pinned up as one page"),
        );
    }
    Ok(Rendered {
        bytes: r.pdf,
        diags,
        sha256: Some(crate::fingerprint::hex(&r.sha256)),
    })
}

fn render_plan_pdf(cx: &BuildContext) -> Result<Rendered, Diagnostic> {
    plan_written(cx, "plan.pdf", prepare_plan_pdf(cx))
}

/// plan.pdf up to its writing: typeset document, layout (with page references), fonts, encoded pages; and
/// what was cut from the "En cas d'attaque" box.
fn prepare_plan_pdf(cx: &BuildContext) -> Result<PreparedPlan, pbn_typeset::Error> {
    let _publish = PublishOnDrop(&cx.plan_pages);
    crate::render::pdf::plan_pdf_then(cx.view, cx.pdf_date, |p| cx.plan_pages.publish(Some(p)))
}

type PreparedPlan = (pbn_typeset::Prepared, Option<EmergencyCut>);

/// plan.pdf's file ([`written`]), with a warning when the "En cas d'attaque" box was cut to hold on page 2.
fn plan_written(
    cx: &BuildContext,
    file: &str,
    prepared: Result<PreparedPlan, pbn_typeset::Error>,
) -> Result<Rendered, Diagnostic> {
    let (prepared, cut) = match prepared {
        Ok((p, cut)) => (Ok(p), cut),
        Err(e) => (Err(e), None),
    };
    let mut r = written(cx, file, prepared)?;
    if let Some(c) = cut {
        let mut message = format!(
            "the \"En cas d'attaque\" box does not fit on page 2 of plan.pdf: left out {}",
            c.cut.join(" and ")
        );
        if !c.fits {
            message.push_str("; it still runs onto page 3");
        }
        r.diags.push(
            Diagnostic::new(
                Code::EmergencyBoxCut,
                cx.first_gestures
                    .get(c.step)
                    .or_else(|| cx.reflexes.get(crate::render::FIRST_GESTURES))
                    .copied(),
                message,
            )
            .help("the box ends with a line giving the page of the full sheet; keep the first steps of `premiers-gestes` to a sentence or two each and move the details to a procedure"),
        );
    }
    Ok(r)
}

/// cards.pdf, with a warning for each card that had to be cut to fit on one sheet.
fn render_cards_pdf(cx: &BuildContext) -> Result<Rendered, Diagnostic> {
    let fitted =
        crate::render::pdf::fit_cards(cx.view, cx.pdf_date).map_err(|e| failed("cards.pdf", e))?;
    let pages = if fitted.any_cut() {
        cx.plan_pages.get(cx)
    } else {
        None
    };
    // What is left waits for nothing more, and ends the build as often as plan.pdf does: rayon's pool runs it,
    // at the priority of plan.pdf's own work (this thread may run behind it, see `render_all`).
    let (mut r, cuts) = rayon::scope(|_| {
        let (prepared, cuts) = fitted.finish(pages).map_err(|e| failed("cards.pdf", e))?;
        Ok::<_, Diagnostic>((written(cx, "cards.pdf", Ok(prepared))?, cuts))
    })?;
    for c in cuts {
        r.diags.push(
            Diagnostic::new(
                Code::CardCut,
                cx.roles.get(&c.role).copied(),
                format!(
                    "the card of role `{}` does not fit on one A4 sheet: left out {}",
                    c.role,
                    c.cut.join(", ")
                ),
            )
            .help("the card ends with a line giving the pages of plan.pdf that hold the rest; shorten the role's steps or split the role so its card fits"),
        );
    }
    Ok(r)
}

fn render_html(cx: &BuildContext) -> Result<Rendered, Diagnostic> {
    // The template engine's messages already name the template that failed.
    let page = match cx
        .warm
        .as_deref()
        .filter(|w| w.templates.as_deref() == cx.templates)
    {
        Some(w) => w
            .html()
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|t| t.render(cx.view)),
        None => html::render(cx.view, cx.templates),
    }
    .map_err(|e| Diagnostic::new(Code::RenderFailed, None, e))?;
    Ok(Rendered {
        bytes: page.into_bytes(),
        diags: Diags::default(),
        sha256: None,
    })
}

/// What a build prepares while its plan is read, on a thread of its own: the typesetter's fonts, and the HTML
/// templates when plan.html is wanted. It starts once the plan is parsed and runs while it is merged and
/// checked, on a core otherwise idle then, instead of in the render stage where every core is busy (some 6 ms
/// of a 100-reflex build). Started sooner, it slowed the parsing, which uses every core.
pub struct Warm {
    /// `--templates DIR`: the templates are those of this build only.
    templates: Option<PathBuf>,
    html: OnceLock<Result<html::Templates, String>>,
    /// plan.html is built: its templates are loaded too.
    wants_html: bool,
}

impl Warm {
    /// What a build of `kinds` (every output when empty) with `--templates templates` prepares; nothing is
    /// loaded before [`Warm::start`].
    pub fn new(kinds: &[OutputKind], templates: Option<&Path>) -> Arc<Warm> {
        Arc::new(Warm {
            templates: templates.map(Path::to_path_buf),
            html: OnceLock::new(),
            wants_html: kinds.is_empty() || kinds.contains(&OutputKind::Html),
        })
    }

    /// Starts loading, on a thread of its own.
    pub fn start(self: &Arc<Self>) {
        let w = Arc::clone(self);
        // A thread that cannot start leaves the work to the render stage, as without it.
        let _ = std::thread::Builder::new()
            .name("pbn-warm".into())
            .spawn(move || {
                // A font that cannot be read is reported by the renderer that needs it.
                let _ = pbn_typeset::preload();
                if w.wants_html {
                    w.html();
                }
            });
    }

    /// The templates, loaded now unless the warm-up thread has (or is loading them: then this waits).
    fn html(&self) -> &Result<html::Templates, String> {
        self.html
            .get_or_init(|| html::Templates::load(self.templates.as_deref()))
    }
}

/// Plans with more YAML than this render their two memory-hungry outputs one after the other (see
/// [`render_all`]). A hospital's plan is well under a megabyte; the 1000-reflex benchmark plan is 7.6 MB.
const SIDE_BY_SIDE_MAX_SOURCES: usize = 3 << 20;

/// How the outputs share the machine ([`render_all`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Everything at once.
    SideBySide,
    /// plan.html waits for plan.pdf's layout.
    OneAtATime,
}

impl Order {
    /// The order for a plan of these sources.
    pub fn for_sources(map: &SourceMap) -> Order {
        let sources: usize = map.files.iter().map(|f| f.text.len()).sum();
        if sources > SIDE_BY_SIDE_MAX_SOURCES {
            Order::OneAtATime
        } else {
            Order::SideBySide
        }
    }
}

/// Outputs to render, each with its renderer.
type Todo = Vec<(&'static Output, Renderer)>;

/// The outputs to render: those of `kinds` (all when empty), in the order of [`OUTPUTS`], and the files this
/// version of pbn cannot write (an error when asked for by name).
fn chosen(kinds: &[OutputKind]) -> Result<(Todo, Vec<&'static str>), Diagnostic> {
    let explicit = !kinds.is_empty();
    let mut todo = Vec::new();
    let mut skipped = Vec::new();
    for o in OUTPUTS {
        if explicit && !kinds.contains(&o.kind) {
            continue;
        }
        match o.render {
            Some(r) => todo.push((o, r)),
            None if explicit => {
                return Err(failed(
                    o.file,
                    format!("`{}`: this build of pbn cannot write it yet", o.flag),
                ));
            }
            None => skipped.push(o.file),
        }
    }
    Ok((todo, skipped))
}

/// What [`render_all`] gives: the files in the order of [`OUTPUTS`], the diagnostics rendering found, and the
/// outputs this version of pbn does not build.
pub struct RenderedAll {
    pub files: Vec<File>,
    /// The SHA-256 (hex) of each of `files`, in the same order.
    pub digests: Vec<String>,
    pub diags: Diags,
    pub skipped: Vec<&'static str>,
}

/// Renders the requested outputs (all when none is named) in memory, listed in the order of [`OUTPUTS`].
///
/// The outputs share nothing but the view, so they render side by side. For a large plan, though, the two
/// largest things a build holds are plan.pdf's layout (its typeset document and positioned pages) and the HTML
/// page's template context (the whole view as template values): with [`Order::OneAtATime`] they are never held
/// at once — the cards render beside the plan's layout, the HTML beside the plan's writing. A thousand-reflex
/// build then holds some forty megabytes less, for a tenth more time.
pub fn render_all(
    cx: &BuildContext,
    kinds: &[OutputKind],
    order: Order,
) -> Result<RenderedAll, Diagnostic> {
    let (todo, skipped) = chosen(kinds)?;
    let run = |o: &Output, render: Renderer| {
        let _t = crate::timing::span(o.file);
        render(cx).map(Rendered::hashed)
    };
    let mut done: Vec<(&str, Result<Rendered, Diagnostic>)> = std::thread::scope(|s| {
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<Rendered, Diagnostic>>| {
            h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        };
        let plan = todo.iter().find(|(o, _)| o.kind == OutputKind::Pdf);
        // Before anything starts: cards.pdf then knows whether to wait for plan.pdf's pages.
        cx.plan_pages.expect(plan.is_some());
        let (early, late): (Vec<_>, Vec<_>) = todo
            .iter()
            .filter(|(o, _)| o.kind != OutputKind::Pdf)
            .partition(|(o, _)| {
                order == Order::SideBySide || plan.is_none() || o.kind != OutputKind::Html
            });
        // Beside plan.pdf, the longest, the others take the time it leaves idle.
        let beside = plan.is_some();
        let early: Vec<_> = early
            .into_iter()
            .map(|&(o, r)| {
                let h = s.spawn(move || {
                    if beside {
                        crate::parallel::behind_critical_path();
                    }
                    run(o, r)
                });
                (o.file, h)
            })
            .collect();
        let mut done = Vec::new();
        if let Some((o, _)) = plan {
            let t = crate::timing::span(o.file);
            let layout = crate::timing::span("plan.pdf: layout");
            let prepared = prepare_plan_pdf(cx);
            drop(layout);
            let late: Vec<_> = late
                .into_iter()
                .map(|&(o, r)| (o.file, s.spawn(move || run(o, r))))
                .collect();
            let write = crate::timing::span("plan.pdf: write");
            done.push((o.file, plan_written(cx, o.file, prepared)));
            drop(write);
            drop(t);
            done.extend(late.into_iter().map(|(f, h)| (f, join(h))));
        }
        done.extend(early.into_iter().map(|(f, h)| (f, join(h))));
        done
    });
    done.sort_by_key(|(file, _)| OUTPUTS.iter().position(|o| o.file == *file));
    let mut all = RenderedAll {
        files: Vec::new(),
        digests: Vec::new(),
        diags: Diags::default(),
        skipped,
    };
    for (file, r) in done {
        let r = r?;
        // One digest per file, always.
        all.digests.push(r.digest());
        all.diags.extend(r.diags);
        all.files.push((file.to_string(), r.bytes));
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app;
    use crate::render::{Audience, ViewOptions};

    /// Large plans render plan.html after plan.pdf's layout; CI's plans are small, so both orders are run here on
    /// the bundled example: same files, same bytes.
    #[test]
    fn both_render_orders_give_the_same_files() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ch-val-exemple");
        let c = app::compile(&dir).expect("the example compiles");
        let opts = ViewOptions {
            audience: Audience::resolve("internal", &c.plan.manifest).expect("audience"),
            date: None,
        };
        let view = View::build(&c.plan, &c.map, &opts);
        let cx = BuildContext::new(&c.plan, &c.map, &view, None, Some(1_790_000_000));
        for kinds in [
            vec![],
            vec![OutputKind::Html, OutputKind::Pdf],
            vec![OutputKind::Html],
        ] {
            let side = render_all(&cx, &kinds, Order::SideBySide).expect("side by side");
            let one = render_all(&cx, &kinds, Order::OneAtATime).expect("one at a time");
            let names: Vec<&str> = side.files.iter().map(|(n, _)| n.as_str()).collect();
            let expected: Vec<&str> = OUTPUTS
                .iter()
                .filter(|o| kinds.is_empty() || kinds.contains(&o.kind))
                .map(|o| o.file)
                .collect();
            assert_eq!(names, expected, "listed in the order of OUTPUTS");
            assert!(side.files == one.files, "{names:?}: the two orders differ");
            assert_eq!(side.diags.list, one.diags.list);
        }
    }

    /// A template that does not render is `PBN050`, returned rather than printed.
    #[test]
    fn a_broken_template_is_a_render_failure() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/en-sample");
        let c = app::compile(&dir).expect("the example compiles");
        let opts = ViewOptions {
            audience: Audience::resolve("internal", &c.plan.manifest).expect("audience"),
            date: None,
        };
        let view = View::build(&c.plan, &c.map, &opts);
        let templates = tempfile::tempdir().unwrap();
        std::fs::write(
            templates.path().join("plan.html.tera"),
            "{{ no_such_value.x }}",
        )
        .unwrap();
        let cx = BuildContext::new(&c.plan, &c.map, &view, Some(templates.path()), None);
        let e = render_all(&cx, &[OutputKind::Html], Order::SideBySide)
            .err()
            .expect("the template fails");
        assert_eq!(e.code, Code::RenderFailed);
        assert!(e.message.contains("plan.html"), "{}", e.message);
    }
}
