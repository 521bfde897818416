//! The review as one offline HTML file a reviewer can send back: inline CSS, no script, no request to anything
//! (no font, image or link outside the page), every piece of plan text escaped. Several plans: a dashboard
//! (the summary table, then each report folded in a `<details>`).

use super::letter::{self, place};
use super::words::{self, Words, plain};
use super::{Reviewed, batch};
use crate::diag::Severity;
use crate::rules::report::{Report, RuleReport, Status, Verdict};
use std::fmt::Write as _;

const CSS: &str = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;\
max-width:60rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;\
border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem;margin:.2rem 0}\
.meta{color:#555}.score{font-size:2.4rem;font-weight:700}.score small{font-size:1rem;color:#555}\
.verdict{padding:.6rem .8rem;border-radius:4px;background:#eef5ee}.verdict.bad{background:#fbeaea}\
article{border-left:4px solid #999;padding:.3rem .8rem;margin:1rem 0;background:#fafafa}\
article.error{border-color:#b3261e}article.warning{border-color:#c77700}article.info{border-color:#3b6ea8}\
ul{margin:.3rem 0;padding-left:1.2rem}li{margin:.3rem 0}.place{font-family:ui-monospace,monospace;\
font-size:.85em;color:#555}.subject{font-family:ui-monospace,monospace;font-weight:600}.why,.fix{margin:.3rem 0;\
font-size:.92em}table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #ccc;\
padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#f0f0f0}.pass{color:#2e7d32}\
.fail{color:#b3261e;font-weight:600}.not-applicable{color:#777}details{margin:1rem 0}summary{cursor:pointer;\
font-weight:600}footer{margin-top:2rem;color:#777;font-size:.85em}\
@media print{body{margin:0;max-width:none}details{display:block}article{break-inside:avoid}}";

/// Escapes text for HTML content and attribute values (the renderer's escaping, one definition).
pub fn esc(s: &str) -> String {
    crate::render::markdown::escape(s)
}

fn page(w: &Words, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n\
         <body>\n{body}<footer>{}</footer>\n</body>\n</html>\n",
        w.lang,
        esc(title),
        esc(&w.footer.replace("{v}", env!("CARGO_PKG_VERSION")))
    )
}

fn sev_class(s: Severity) -> &'static str {
    s.as_str()
}

fn rule_article(w: &Words, r: &RuleReport, o: &mut String, notes_only: bool) {
    let _ = write!(
        o,
        "<article class=\"{}\"><h3><code>{}</code> {}</h3><ul>",
        if notes_only {
            "info"
        } else {
            sev_class(r.severity)
        },
        esc(r.id),
        esc(&words::rule_title(w, r.id, r.title))
    );
    for f in r
        .findings
        .iter()
        .filter(|f| (f.severity == Severity::Info) == notes_only)
    {
        let _ = write!(
            o,
            "<li><span class=\"subject\">{}</span> <span class=\"place\">{}</span><br>{}</li>",
            esc(&f.subject),
            esc(&place(w, f)),
            esc(&words::message(w, f))
        );
    }
    o.push_str("</ul>");
    if !notes_only {
        if w.lang == "en" {
            let _ = write!(
                o,
                "<p class=\"why\"><b>{}.</b> {}</p>",
                w.why,
                esc(&plain(r.rationale))
            );
        }
        let _ = write!(
            o,
            "<p class=\"fix\"><b>{}.</b> {}</p>",
            w.how_to_fix,
            esc(&words::rule_fix(w, r.id, r.fix))
        );
    }
    o.push_str("</article>\n");
}

fn validation(w: &Words, r: &Report, o: &mut String) {
    if r.valid {
        return;
    }
    let _ = write!(
        o,
        "<section><h2>{}</h2><p>{}</p><ul>",
        w.validation,
        esc(w.validation_intro)
    );
    for d in &r.diagnostics {
        let lines = words::diagnostic(w, d);
        let _ = write!(
            o,
            "<li><b>{}</b><br>{}",
            esc(&lines.head),
            esc(&lines.detail)
        );
        if let Some(t) = &lines.todo {
            let _ = write!(o, "<br><i>{}</i>", esc(t));
        }
        o.push_str("</li>");
    }
    o.push_str("</ul></section>\n");
}

/// The evidence matrix of `--framework`: a table, one row per objective.
fn framework(w: &Words, r: &Report, o: &mut String) {
    let Some(m) = &r.framework else {
        return;
    };
    let sep = if w.lang == "en" { ": " } else { " : " };
    let _ = writeln!(
        o,
        "<section><h2>{}{sep}{}</h2><p class=\"meta\">{}</p><table><tr><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th></tr>",
        w.framework,
        esc(words::framework_title(w, m)),
        esc(w.framework_note),
        w.objective,
        w.status,
        w.rules,
        w.evidence,
        w.source
    );
    for ob in &m.objectives {
        let (title, status) = words::objective(w, ob);
        let _ = writeln!(
            o,
            "<tr><td><code>{}</code> {}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(ob.id),
            esc(title),
            ob.status.class(),
            esc(status),
            esc(&ob.rules.join(", ")),
            esc(&words::evidence(w, ob)),
            esc(ob.source)
        );
    }
    o.push_str("</table></section>\n");
}

/// The body of one report (no page around it).
fn report_body(r: &Report, o: &mut String) {
    let w = words::of(r);
    let date = words::as_of(r).map_or(r.as_of.clone(), |d| words::date(w, d));
    let _ = write!(
        o,
        "<header><h1>{}</h1><p><b>{}</b></p><p class=\"meta\">{} · {} {}</p>",
        w.title,
        esc(r.establishment.as_deref().unwrap_or(w.unnamed)),
        esc(&letter::identity(w, r)),
        w.as_of,
        esc(&date)
    );
    let cls = if r.verdict == Verdict::Rejected {
        "bad"
    } else {
        ""
    };
    let (score, meaning) = words::score(w, r);
    let _ = writeln!(
        o,
        "<p class=\"verdict {cls}\"><b>{}</b></p><p class=\"score\">{}<small>/100</small></p><p>{}</p>\
         <p class=\"meta\">{}</p>",
        esc(&words::verdict(w, r)),
        r.score,
        esc(&score),
        esc(&meaning)
    );
    if let Some(t) = words::thresholds(w, r) {
        let _ = write!(o, "<p class=\"meta\">{}</p>", esc(&t));
    }
    o.push_str("</header>\n");
    validation(w, r, o);
    framework(w, r, o);
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let failed: Vec<&RuleReport> = r.failed(sev).collect();
        if !failed.is_empty() {
            let _ = writeln!(o, "<section><h2>{}</h2>", words::heading(w, sev));
            failed.iter().for_each(|x| rule_article(w, x, o, false));
            o.push_str("</section>\n");
        }
    }
    let with_notes: Vec<&RuleReport> = r
        .rules
        .iter()
        .filter(|x| x.findings.iter().any(|f| f.severity == Severity::Info))
        .collect();
    if !with_notes.is_empty() {
        let _ = writeln!(o, "<section><h2>{}</h2>", w.for_information);
        with_notes.iter().for_each(|x| rule_article(w, x, o, true));
        o.push_str("</section>\n");
    }
    let _ = writeln!(
        o,
        "<section><h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        w.every_rule, w.rule, w.status, w.severity, w.requires
    );
    for x in &r.rules {
        let title = words::rule_title(w, x.id, x.title);
        let title = match &x.reason {
            Some(_) => format!("{title} — {}", words::reason(w, x)),
            None => title,
        };
        let _ = writeln!(
            o,
            "<tr><td><code>{}</code></td><td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(x.id),
            x.status.as_str(),
            words::status(w, x.status),
            words::severity(w, x.severity),
            esc(&title)
        );
    }
    o.push_str("</table></section>\n");
}

pub fn single(r: &Report) -> String {
    let mut body = String::new();
    report_body(r, &mut body);
    let name = r.establishment.as_deref().unwrap_or(&r.plan);
    let w = words::of(r);
    page(w, &format!("{} — {name} — {}", w.title, r.as_of), &body)
}

/// The verdict of a plan in the dashboard's language.
fn verdict_word(w: &Words, v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted => w.accepted,
        Verdict::Rejected => w.rejected,
    }
}

/// One row of the summary table.
fn summary_row(w: &Words, i: usize, r: &Reviewed, b: &mut String) {
    match r {
        Reviewed::Ok { report, .. } => {
            let failed: Vec<&str> = report
                .rules
                .iter()
                .filter(|x| x.status == Status::Fail)
                .map(|x| x.id)
                .collect();
            let mut failed = esc(&failed.join(" "));
            if !report.valid {
                let invalid = w.invalid.replace("{n}", &report.errors.to_string());
                failed = format!("<b>{}</b> {failed}", esc(&invalid));
            }
            let cls = if report.verdict == Verdict::Rejected {
                "fail"
            } else {
                "pass"
            };
            let _ = writeln!(
                b,
                "<tr><td><a href=\"#plan-{i}\"><code>{}</code></a></td><td>{}</td><td>{}</td>\
                 <td class=\"{cls}\">{}</td><td class=\"{cls}\">{}</td><td>{failed}</td></tr>",
                esc(&report.plan),
                esc(report.establishment.as_deref().unwrap_or("—")),
                esc(report.finess.as_deref().unwrap_or("—")),
                verdict_word(w, report.verdict),
                report.score
            );
        }
        Reviewed::Broken { plan, error } => {
            let _ = writeln!(
                b,
                "<tr><td><code>{}</code></td><td>—</td><td>—</td><td class=\"fail\">{}</td><td class=\"fail\">—</td>\
                 <td>{} : {}</td></tr>",
                esc(plan),
                verdict_word(w, Verdict::Rejected),
                w.not_reviewed,
                esc(error)
            );
        }
    }
}

/// Several plans on one page, in French unless every plan is in English ([`words::of_batch`]): the summary
/// table, what only the batch shows, then each plan's report in its own language.
pub fn dashboard(results: &[Reviewed], found: &[batch::BatchFinding]) -> String {
    let reports = results.iter().filter_map(|r| match r {
        Reviewed::Ok { report, .. } => Some(report.as_ref()),
        Reviewed::Broken { .. } => None,
    });
    let w = words::of_batch(reports.clone());
    let as_of = reports
        .clone()
        .next()
        .map(|r| words::as_of(r).map_or(r.as_of.clone(), |d| words::date(w, d)));
    let as_of = as_of.unwrap_or_default();
    let title = w.dashboard.replace("{n}", &results.len().to_string());
    let mut b = format!(
        "<header><h1>{}</h1><p class=\"meta\">{} {}</p></header>\n<table><tr><th>{}</th><th>{}</th>\
         <th>FINESS</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        esc(&title),
        w.as_of,
        esc(&as_of),
        w.plan,
        w.establishment,
        w.verdict,
        w.score,
        w.failed_rules
    );
    for (i, r) in results.iter().enumerate() {
        summary_row(w, i, r, &mut b);
    }
    b.push_str("</table>\n");
    if !found.is_empty() {
        let _ = write!(b, "<section><h2>{}</h2><ul>", w.across);
        for f in found {
            let message = if w.lang == "en" {
                &f.message
            } else {
                &f.message_fr
            };
            let _ = write!(
                b,
                "<li class=\"{}\"><b>{}</b> {}<br><span class=\"place\">{}</span></li>",
                f.severity.as_str(),
                esc(f.kind),
                esc(message),
                esc(&f.plans.join(" · "))
            );
        }
        b.push_str("</ul></section>\n");
    }
    for (i, r) in results.iter().enumerate() {
        if let Reviewed::Ok { report, .. } = r {
            let _ = writeln!(
                b,
                "<details id=\"plan-{i}\"><summary>{} — <code>{}</code> — {}/100</summary>",
                esc(report.establishment.as_deref().unwrap_or(w.unnamed)),
                esc(&report.plan),
                report.score
            );
            report_body(report, &mut b);
            b.push_str("</details>\n");
        }
    }
    page(w, &format!("{title} — {as_of}"), &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>a&'\"</script>"),
            "&lt;script&gt;a&amp;&#39;&quot;&lt;/script&gt;"
        );
    }
}
