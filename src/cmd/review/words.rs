//! The wording of a review, in the plan's language (French by default, English): one table per language, the
//! verdict sentence, what the score means, dates written out, and rule titles and fixes in French. The
//! terminal letter, the HTML letter and the PDF letter all take their words from here, so they say the same
//! thing. Review texts are for an establishment, not a terminal: no command-line hints, no Markdown marks
//! ([`plain`]).

use crate::diag::Severity;
use crate::rules::frameworks::{Matrix, ObjectiveOut};
use crate::rules::report::{DiagOut, FindingOut, Report, RuleReport, Status, Verdict};
use chrono::Datelike;

/// The words of one language (serialised for the review page's templates).
#[derive(serde::Serialize)]
pub struct Words {
    pub lang: &'static str,
    pub title: &'static str,
    pub unnamed: &'static str,
    pub fingerprint: &'static str,
    pub version: &'static str,
    pub as_of: &'static str,
    pub verdict: &'static str,
    pub accepted: &'static str,
    pub rejected: &'static str,
    pub to_fix_now: &'static str,
    pub to_fix_later: &'static str,
    pub remarks: &'static str,
    pub for_information: &'static str,
    pub validation: &'static str,
    pub validation_intro: &'static str,
    pub how_to_fix: &'static str,
    pub detail: &'static str,
    pub what_to_do: &'static str,
    pub why: &'static str,
    pub page: &'static str,
    pub passing: &'static str,
    pub not_applicable: &'static str,
    pub more: &'static str,
    pub every_rule: &'static str,
    pub rule: &'static str,
    pub status: &'static str,
    pub severity: &'static str,
    pub requires: &'static str,
    pub reference: &'static str,
    pub date: &'static str,
    pub reply_by: &'static str,
    pub followed_by: &'static str,
    pub subject_line: &'static str,
    pub to: &'static str,
    pub reply_rejected: &'static str,
    pub reply_later: &'static str,
    pub reply_accepted: &'static str,
    pub thresholds: &'static str,
    pub framework: &'static str,
    pub framework_note: &'static str,
    pub objective: &'static str,
    pub source: &'static str,
    pub rules: &'static str,
    pub evidence: &'static str,
    pub footer: &'static str,
    pub dashboard: &'static str,
    pub plan: &'static str,
    pub establishment: &'static str,
    pub failed_rules: &'static str,
    /// Column headers are capitalised like the section titles (`Règle`, `Résultat`, `Dans le plan`).
    pub score: &'static str,
    pub invalid: &'static str,
    pub not_reviewed: &'static str,
    pub across: &'static str,
    pub months: [&'static str; 12],
}

pub const FR: Words = Words {
    lang: "fr",
    title: "Avis sur le plan blanc numérique",
    unnamed: "(établissement non nommé)",
    fingerprint: "empreinte",
    version: "version",
    as_of: "Examiné au",
    verdict: "Avis",
    accepted: "accepté",
    rejected: "à corriger avant acceptation",
    to_fix_now: "À corriger avant acceptation",
    to_fix_later: "À corriger lors de la prochaine révision",
    remarks: "Remarques",
    for_information: "Pour information",
    validation: "Erreurs de validation du plan",
    validation_intro: "Le plan ne peut pas être lu entièrement : les erreurs suivantes sont à corriger d'abord. \
                       Les règles ci-après ont été appliquées à ce qui a pu être lu.",
    how_to_fix: "Comment corriger",
    detail: "Détail",
    what_to_do: "Que faire",
    why: "Pourquoi",
    page: "plan.pdf, page",
    passing: "Règles respectées",
    not_applicable: "Sans objet",
    more: "et {n} autres constats de même nature",
    every_rule: "Toutes les règles",
    rule: "Règle",
    status: "Résultat",
    severity: "Gravité",
    requires: "Exige",
    reference: "Référence",
    date: "Date",
    reply_by: "Réponse attendue avant le",
    followed_by: "Dossier suivi par",
    subject_line: "Objet",
    to: "Destinataire",
    reply_rejected: "Nous vous remercions de nous transmettre le plan corrigé avant le {date}, en rappelant la \
                     référence ci-dessus.",
    reply_later: "Les points à corriger lors de la prochaine révision ne font pas obstacle à l'acceptation du \
                  plan ; nous vous remercions d'en tenir compte d'ici le {date}.",
    reply_accepted: "Le plan est accepté en l'état. Nous vous remercions pour sa transmission.",
    thresholds: "Seuils appliqués (mois) : contacts {c}, exercice {e}, test de restauration {r}, révision \
                 {v}, formation {t} (par défaut 6, 12, 12, 12, 12).",
    framework: "Référentiel",
    framework_note: "Les identifiants des objectifs sont propres à pbn ; chaque objectif cite le texte dont il \
                     découle. Un objectif est respecté quand les règles qui le vérifient le sont.",
    objective: "Objectif",
    source: "Source",
    rules: "Règles",
    evidence: "Dans le plan",
    footer: "Document établi par pbn {v} — document hors ligne : il ne charge rien depuis le réseau.",
    dashboard: "Examen de {n} plans",
    plan: "Plan",
    establishment: "Établissement",
    failed_rules: "Règles non respectées",
    score: "Score",
    invalid: "invalide : {n} erreur(s)",
    not_reviewed: "non examiné",
    across: "Sur l'ensemble des envois",
    months: crate::render::labels::MONTHS_FR,
};

pub const EN: Words = Words {
    lang: "en",
    title: "Review of the plan blanc numérique",
    unnamed: "(establishment not named)",
    fingerprint: "fingerprint",
    version: "version",
    as_of: "Reviewed as of",
    verdict: "Verdict",
    accepted: "accepted",
    rejected: "to correct before acceptance",
    to_fix_now: "To correct before acceptance",
    to_fix_later: "To correct at the next revision",
    remarks: "Remarks",
    for_information: "For information",
    validation: "Validation errors of the plan",
    validation_intro: "The plan cannot be read in full: the following errors are to be corrected first. The \
                       rules below ran on what could be read.",
    how_to_fix: "How to fix",
    detail: "Detail",
    what_to_do: "What to do",
    why: "Why",
    page: "plan.pdf, page",
    passing: "Rules that pass",
    not_applicable: "Not applicable",
    more: "and {n} more findings of the same kind",
    every_rule: "Every rule",
    rule: "Rule",
    status: "Status",
    severity: "Severity",
    requires: "Requires",
    reference: "Reference",
    date: "Date",
    reply_by: "Reply expected by",
    followed_by: "Reviewed by",
    subject_line: "Subject",
    to: "To",
    reply_rejected: "Please send us the corrected plan by {date}, quoting the reference above.",
    reply_later: "The points to correct at the next revision do not prevent the plan's acceptance; please \
                  address them by {date}.",
    reply_accepted: "The plan is accepted as it stands. Thank you for sending it.",
    thresholds: "Thresholds in effect (months): contacts {c}, exercise {e}, restore test {r}, review {v}, \
                 training {t} (defaults 6, 12, 12, 12, 12).",
    framework: "Framework",
    framework_note: "Objective ids are pbn's own; each objective cites the text it comes from. An objective is \
                     met when the rules that check it pass.",
    objective: "Objective",
    source: "Source",
    rules: "Rules",
    evidence: "In the plan",
    footer: "Written by pbn {v} — an offline document: it loads nothing from the network.",
    dashboard: "Review of {n} plans",
    plan: "Plan",
    establishment: "Establishment",
    failed_rules: "Failed rules",
    score: "Score",
    invalid: "invalid: {n} error(s)",
    not_reviewed: "not reviewed",
    across: "Across the batch",
    months: crate::render::labels::MONTHS_EN,
};

/// The words of a batch: English only when every plan that could be read is in English (an ARS reads French;
/// a mixed batch is French, each plan's own report in its language).
pub fn of_batch<'a>(reports: impl IntoIterator<Item = &'a Report>) -> &'static Words {
    let mut any = false;
    for r in reports {
        any = true;
        if r.language != "en" {
            return &FR;
        }
    }
    if any { &EN } else { &FR }
}

/// The words of the report's language (French unless the plan says `en`).
pub fn of(r: &Report) -> &'static Words {
    if r.language == "en" { &EN } else { &FR }
}

/// Review text without Markdown marks: backticks and `**` removed (rule texts name fields as `code`).
pub fn plain(s: &str) -> String {
    s.replace('`', "").replace("**", "")
}

/// `3 décembre 2026` / `3 December 2026`.
pub fn date(w: &Words, d: chrono::NaiveDate) -> String {
    let month = w.months[d.month0() as usize];
    // French writes the first of the month as an ordinal: « 1er février 2027 ».
    let day = match (d.day(), w.lang == "en") {
        (1, false) => "1er".to_string(),
        (n, _) => n.to_string(),
    };
    format!("{day} {month} {}", d.year())
}

/// The report's `as_of` as a date (it is always written YYYY-MM-DD).
pub fn as_of(r: &Report) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(&r.as_of, "%Y-%m-%d").ok()
}

fn n_of(w: &Words, n: usize, fr: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = if w.lang == "en" { en } else { fr };
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The verdict in one sentence, the decision first ("À corriger avant acceptation : …").
pub fn verdict(w: &Words, r: &Report) -> String {
    let errors = r.failed(Severity::Error).count();
    let warnings = r.failed(Severity::Warning).count();
    let head = match r.verdict {
        Verdict::Accepted => capitalise(w.accepted),
        Verdict::Rejected => capitalise(w.rejected),
    };
    let fr = w.lang != "en";
    let why = if !r.valid {
        let n = n_of(
            w,
            r.errors,
            ("erreur de validation", "erreurs de validation"),
            ("validation error", "validation errors"),
        );
        if fr {
            let s = if r.errors > 1 { "s" } else { "" };
            format!("le plan comporte {n}, listée{s} ci-dessous")
        } else {
            format!("the plan has {n}, listed below")
        }
    } else if errors > 0 {
        let n = n_of(
            w,
            errors,
            ("règle bloquante", "règles bloquantes"),
            ("required rule", "required rules"),
        );
        if fr {
            format!("{n} non respectée{}", if errors > 1 { "s" } else { "" })
        } else {
            format!("{n} not met")
        }
    } else if let Some(m) = r.min_score.filter(|&m| r.score < m) {
        if fr {
            format!(
                "le score ({}/100) est inférieur au seuil requis ({m}/100)",
                r.score
            )
        } else {
            format!("the score ({}/100) is under the required {m}/100", r.score)
        }
    } else if warnings > 0 {
        let n = n_of(
            w,
            warnings,
            ("point à corriger", "points à corriger"),
            ("point to correct", "points to correct"),
        );
        if fr {
            format!(
                "toutes les règles bloquantes sont respectées ; {n} lors de la prochaine révision"
            )
        } else {
            format!("every required rule is met; {n} at the next revision")
        }
    } else if fr {
        "le plan respecte toutes les règles".to_string()
    } else {
        "the plan meets every rule".to_string()
    };
    let sep = if fr { " : " } else { ": " };
    format!("{head}{sep}{why}.")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The score line, then what a score means (it never decides alone).
pub fn score(w: &Words, r: &Report) -> (String, String) {
    let count = |s: Status| r.rules.iter().filter(|x| x.status == s).count();
    let (pass, fail, na) = (
        count(Status::Pass),
        count(Status::Fail),
        count(Status::NotApplicable),
    );
    // An invalid plan's score covers only what could be read: say how many rules were not run.
    let not_run = r.rules.iter().filter(|x| x.not_run).count();
    if w.lang == "en" {
        let unrun = if not_run > 0 {
            format!(" ({not_run} not run because of the validation errors: a provisional score)")
        } else {
            String::new()
        };
        (
            format!(
                "Score {}/100: {pass} of {} applicable rules met, {fail} not met, {na} not applicable{unrun}.",
                r.score,
                pass + fail
            ),
            "The score is the share of the applicable rules the plan meets, weighed by severity (required 3, \
             warning 2, information 1). It does not decide alone: one required rule not met is enough to ask \
             for corrections."
                .into(),
        )
    } else {
        let unrun = if not_run > 0 {
            format!(
                " (dont {not_run} non appliquée{} à cause des erreurs de validation : score provisoire)",
                s(not_run)
            )
        } else {
            String::new()
        };
        (
            format!(
                "Score : {}/100 — {pass} règle{} respectée{} sur {} applicable{}, {fail} non respectée{}, {na} \
                 sans objet{unrun}.",
                r.score,
                s(pass),
                s(pass),
                pass + fail,
                s(pass + fail),
                s(fail)
            ),
            "Le score mesure la part des règles applicables que le plan respecte, pondérée par leur gravité \
             (bloquante 3, avertissement 2, information 1). Il ne décide pas seul : une seule règle bloquante \
             non respectée suffit à demander des corrections."
                .into(),
        )
    }
}

fn s(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// The heading of the failures of one severity.
pub fn heading(w: &Words, sev: Severity) -> &'static str {
    match sev {
        Severity::Error => w.to_fix_now,
        Severity::Warning => w.to_fix_later,
        Severity::Info => w.remarks,
    }
}

/// The thresholds line, when they differ from the defaults.
pub fn thresholds(w: &Words, r: &Report) -> Option<String> {
    let t = &r.thresholds;
    (*t != crate::rules::profile::Thresholds::default()).then(|| {
        w.thresholds
            .replace("{c}", &t.contact_freshness_months.to_string())
            .replace("{e}", &t.exercise_months.to_string())
            .replace("{r}", &t.restore_test_months.to_string())
            .replace("{v}", &t.review_months.to_string())
            .replace("{t}", &t.training_months.to_string())
    })
}

/// A rule's title in the letter's language (French from [`super::fr`], English as the rules define it).
pub fn rule_title(w: &Words, id: &str, english: &str) -> String {
    let fr = (w.lang != "en").then(|| super::fr::rule(id)).flatten();
    plain(fr.map_or(english, |t| t.0))
}

/// How to fix a rule, in the letter's language.
pub fn rule_fix(w: &Words, id: &str, english: &str) -> String {
    let fr = (w.lang != "en").then(|| super::fr::rule(id)).flatten();
    plain(fr.map_or(english, |t| t.1))
}

/// The title of a framework's matrix in the letter's language.
pub fn framework_title(w: &Words, m: &Matrix) -> &'static str {
    if w.lang == "en" { m.title } else { m.title_fr }
}

/// An objective's title and status in the letter's language.
pub fn objective(w: &Words, o: &ObjectiveOut) -> (&'static str, &'static str) {
    if w.lang == "en" {
        (o.title, o.status.as_str())
    } else {
        (o.title_fr, o.status.as_french())
    }
}

/// Where the plan shows an objective: `« Cellule de crise » (plan.pdf, page 10), …` (the section's anchor when
/// its title is not known).
pub fn evidence(w: &Words, o: &ObjectiveOut) -> String {
    let parts: Vec<String> = o
        .evidence
        .iter()
        .map(|e| {
            let name = match (&e.title, w.lang) {
                (Some(t), "en") => format!("\u{201c}{t}\u{201d}"),
                (Some(t), _) => format!("« {t} »"),
                (None, _) => e.section.clone(),
            };
            format!("{name} ({} {})", w.page, e.page)
        })
        .collect();
    parts.join(", ")
}

/// A rule's status in the letter's language.
pub fn status(w: &Words, s: Status) -> &'static str {
    match (s, w.lang) {
        (s, "en") => s.as_str(),
        (Status::Pass, _) => "respectée",
        (Status::Fail, _) => "non respectée",
        (Status::NotApplicable, _) => "sans objet",
    }
}

/// A severity in the letter's language.
pub fn severity(w: &Words, s: Severity) -> &'static str {
    match (s, w.lang) {
        (s, "en") => s.as_str(),
        (Severity::Error, _) => "bloquante",
        (Severity::Warning, _) => "avertissement",
        (Severity::Info, _) => "information",
    }
}

/// A finding's message in the letter's language, without Markdown marks.
pub fn message(w: &Words, f: &FindingOut) -> String {
    plain(if w.lang == "en" {
        &f.message
    } else {
        &f.message_fr
    })
}

/// Why a rule does not apply, in the letter's language.
pub fn reason(w: &Words, r: &RuleReport) -> String {
    let why = if w.lang == "en" {
        r.reason.as_deref()
    } else {
        r.reason_fr.as_deref().or(r.reason.as_deref())
    };
    plain(why.unwrap_or(""))
}

/// Where a finding is: `contacts.yaml:12 · plan.pdf, page 7` (empty when nowhere).
pub fn place(w: &Words, file: Option<&str>, line: Option<u32>, page: Option<u32>) -> String {
    let mut parts = Vec::new();
    match (file, line) {
        (Some(f), Some(l)) => parts.push(format!("{f}:{l}")),
        (Some(f), None) => parts.push(f.to_string()),
        _ => {}
    }
    if let Some(p) = page {
        parts.push(format!("{} {p}", w.page));
    }
    parts.join(" · ")
}

/// A validation diagnostic in the letter's language (the terminal, HTML and PDF letters print these lines).
#[derive(serde::Serialize)]
pub struct DiagLines {
    /// `PBN003 — champ inconnu pour cet objet (…) (contacts.yaml:12:5)`; a warning says so in the parentheses.
    pub head: String,
    /// `Détail : unknown field …`: the diagnostic's own message (English: it names fields and values), with
    /// its suggestion.
    pub detail: String,
    /// `Que faire : …`: the code's French help; in English, the diagnostic's help when it has one.
    pub todo: Option<String>,
}

pub fn diagnostic(w: &Words, d: &DiagOut) -> DiagLines {
    let fr = w.lang != "en";
    let sep = if fr { " : " } else { ": " };
    let title = if fr {
        d.kind.title_fr().to_string()
    } else {
        plain(d.kind.description())
    };
    let mut at = match (&d.file, d.line, d.column) {
        (Some(f), Some(l), Some(c)) => vec![format!("{f}:{l}:{c}")],
        (Some(f), Some(l), None) => vec![format!("{f}:{l}")],
        (Some(f), None, _) => vec![f.clone()],
        (None, ..) => vec![],
    };
    if d.severity != Severity::Error {
        at.push(severity(w, d.severity).to_string());
    }
    let at = if at.is_empty() {
        String::new()
    } else {
        format!(" ({})", at.join(" · "))
    };
    let mut detail = format!("{}{sep}{}", w.detail, plain(&d.message));
    let help = d.help.as_deref().map(plain);
    if let (true, Some(h)) = (fr, &help) {
        detail.push_str(&format!(" ({h})"));
    }
    let todo = if fr {
        Some(d.kind.help_fr().to_string())
    } else {
        help
    };
    DiagLines {
        head: format!("{} — {title}{at}", d.code),
        detail,
        todo: todo.map(|t| format!("{}{sep}{t}", w.what_to_do)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_plain_text() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(date(&FR, d), "3 décembre 2026");
        assert_eq!(date(&EN, d), "3 December 2026");
        assert_eq!(plain("set `h24: true` **now**"), "set h24: true now");
        assert_eq!(
            place(&FR, Some("contacts.yaml"), Some(12), Some(7)),
            "contacts.yaml:12 · plan.pdf, page 7"
        );
        assert_eq!(place(&FR, None, None, None), "");
    }

    #[test]
    fn french_rule_texts_without_markdown() {
        let t = rule_title(&FR, "CONTACT-FRESH", "x");
        assert_eq!(t, "Chaque contact a été vérifié récemment");
        assert!(!rule_fix(&FR, "CONTACT-247-CORE", "x").contains('`'));
        // A rule without a French text keeps its English one.
        assert_eq!(rule_title(&FR, "NO-SUCH-RULE", "`Title`"), "Title");
    }
}
