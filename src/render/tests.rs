//! End-to-end tests of the view and the HTML page on the example plans (and small variants of them).

use super::markdown::escape;
use super::{Audience, View, ViewOptions, html};
use crate::app::{self, Compiled};
use std::path::{Path, PathBuf};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn compile(dir: &Path) -> Compiled {
    let c = app::compile(dir).expect("plan directory");
    assert!(!c.diags.has_errors(), "{:?}", c.diags.list);
    c
}

fn view(c: &Compiled, audience: &str) -> View {
    let a = Audience::resolve(audience, &c.plan.manifest).expect("audience");
    View::build(
        &c.plan,
        &c.map,
        &ViewOptions {
            audience: a,
            date: None,
        },
    )
}

fn page(c: &Compiled, audience: &str) -> String {
    html::render(&view(c, audience), None).expect("render")
}

/// Copies a plan directory (one level of subfolders is enough for the examples used here).
fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

#[test]
fn merged_content_in_document_order() {
    let c = compile(&example("ch-val-exemple"));
    let v = view(&c, "internal");
    assert_eq!(v.lang, "fr");
    assert_eq!(v.reflexes[0].id, "premiers-gestes");
    // The GHT layer inserted a step into the national sheet…
    let pg = &v.reflexes[0];
    let ids: Vec<&str> = pg.steps.iter().filter_map(|s| s.id.as_deref()).collect();
    let at = |id: &str| ids.iter().position(|x| *x == id);
    assert_eq!(
        at("signaler-application-ght"),
        at("alerter-astreinte").map(|i| i + 1)
    );
    // …and the plan replaced two steps of the cell activation, removed another, inserted one.
    let act = v
        .reflexes
        .iter()
        .find(|r| r.id == "activation-cellule-crise")
        .expect("activation");
    let ids: Vec<&str> = act.steps.iter().filter_map(|s| s.id.as_deref()).collect();
    assert!(ids.contains(&"alerter-territoire-ght"), "{ids:?}");
    // The room is opened once, with the establishment's room (not a national step plus a local one).
    let rooms = act
        .steps
        .iter()
        .filter(|s| s.text.contains("salle de crise"))
        .count();
    assert_eq!(rooms, 1, "{ids:?}");
    assert!(!ids.contains(&"designer-secretaire"), "{ids:?}");
    let convoquer = act
        .steps
        .iter()
        .find(|s| s.id.as_deref() == Some("convoquer-cellule"))
        .expect("replaced step");
    assert!(convoquer.text.contains("jamais par la messagerie"));
    // References are resolved: a contact becomes its name and phone, a fragment a link.
    assert!(
        convoquer
            .text
            .contains("[Claire Morel](#contact-rssi-titulaire)")
    );
    assert!(!convoquer.text.contains("{{"));
    // Chronology sorted by delay; the NIS2 obligation is there for a NIS2 entity.
    assert!(
        v.chronology
            .windows(2)
            .all(|w| w[0].minutes <= w[1].minutes)
    );
    assert!(v.obligations.iter().any(|o| o.id == "alerte-nis2"));
    // Directory sorted by name, anchors unique.
    let mut anchors: Vec<&str> = v.directory.iter().map(|d| d.anchor.as_str()).collect();
    anchors.extend(v.reflexes.iter().map(|r| r.anchor.as_str()));
    anchors.extend(v.crisis_cell.roles.iter().map(|r| r.anchor.as_str()));
    let n = anchors.len();
    anchors.sort();
    anchors.dedup();
    assert_eq!(anchors.len(), n);
    // Provenance names the layers.
    let prov = v
        .provenance
        .iter()
        .find(|p| p.id == "premiers-gestes")
        .expect("provenance");
    assert!(prov.layers.len() >= 2);
    assert!(prov.layers[0].origin.starts_with("baseline:national "));
    assert!(prov.layers[1].origin.starts_with("layer:../ght-exemple "));
}

#[test]
fn nis2_obligation_only_for_nis2_entities_and_templates_flagged() {
    let c = compile(&example("en-sample"));
    let v = view(&c, "internal");
    assert_eq!(v.lang, "en");
    assert!(!v.obligations.iter().any(|o| o.id == "alerte-nis2"));
    assert!(
        !v.chronology
            .iter()
            .any(|e| e.obligation.anchor.as_deref() == Some("obligation-alerte-nis2"))
    );
    // en-sample declares `urgences` and `admissions` but adapts no template: both are flagged.
    let procs: Vec<_> = v.procedures.iter().flat_map(|g| &g.procedures).collect();
    assert!(!procs.is_empty());
    assert!(procs.iter().all(|p| p.template && !p.adapted));
    // Templates of undeclared functions are not printed.
    assert!(!procs.iter().any(|p| p.id.starts_with("pharmacie")));
    let h = page(&c, "internal");
    assert!(h.contains("National template, not adapted"));
    assert!(h.contains("<html lang=\"en\">"));
}

#[test]
fn ars_audience_masks_every_confidential_channel_and_keeps_the_others() {
    let c = compile(&example("ch-val-exemple"));
    let internal = page(&c, "internal");
    let ars = page(&c, "ars");
    let mut masked = 0;
    for ct in &c.plan.contacts {
        for ch in &ct.channels {
            let v = escape(&ch.value.v);
            assert!(internal.contains(&v), "internal lacks {v}");
            if ch.confidential {
                masked += 1;
                assert!(!ars.contains(&v), "ars shows {v}");
            } else {
                assert!(ars.contains(&v), "ars lacks {v}");
            }
        }
    }
    assert!(masked > 5);
    assert!(ars.contains("[masqué]"));
    assert!(!internal.contains("[masqué]"));
}

#[test]
fn same_plan_same_bytes_and_nothing_external() {
    let c = compile(&example("ch-val-exemple"));
    let a = page(&c, "internal");
    let b = page(&compile(&example("ch-val-exemple")), "internal");
    assert_eq!(a, b);
    assert!(!a.contains("src="));
    assert!(!a.contains("href=\"http"));
    assert!(!a.contains("href=\"//"));
    assert!(!a.contains("url("));
    assert!(a.contains("Content-Security-Policy"));
    assert!(a.contains(&crate::fingerprint::fingerprint(&c.plan)));
    // The CSP names the hash of the inline script exactly.
    let start = a.find("<script>").expect("script") + "<script>".len();
    let end = a[start..].find("</script>").expect("end") + start;
    assert!(a.contains(&html::script_hash(&a[start..end])));
}

#[test]
fn planted_markup_is_text() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&example("en-sample"), dir.path());
    std::fs::write(
        dir.path().join("fragments/planted.yaml"),
        "kind: reflex\nid: planted\ntitle: \"<b>Planted</b> title\"\naudience: [rssi]\n\
         trigger: \"<img src=x onerror=alert(1)>\"\nsteps:\n  - do: \"Before <script>alert(1)</script> after\"\n  \
         - do: \"[click](javascript:alert(1))\"\nnever:\n  - \"<iframe srcdoc='x'></iframe>\"\n",
    )
    .expect("write");
    let c = compile(dir.path());
    let h = page(&c, "internal");
    assert!(!h.contains("<script>alert"), "script passed through");
    assert!(!h.contains("<img"), "img passed through");
    assert!(!h.contains("<iframe"), "iframe passed through");
    assert!(!h.contains("<b>Planted"), "title not escaped");
    assert!(!h.contains("javascript:"), "javascript link kept");
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(h.contains("&lt;b&gt;Planted&lt;/b&gt; title"));
}

#[test]
fn custom_audiences_redact_types_and_leave_out_tags() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&example("en-sample"), dir.path());
    let manifest = std::fs::read_to_string(dir.path().join("pbn.yaml")).expect("read");
    std::fs::write(
        dir.path().join("pbn.yaml"),
        format!(
            "{manifest}audiences:\n  - {{name: press, redact: [email, confidential], exclude_tags: [internal-only]}}\n"
        ),
    )
    .expect("write");
    let frag =
        std::fs::read_to_string(dir.path().join("fragments/ward-first-steps.yaml")).expect("read");
    std::fs::write(
        dir.path().join("fragments/ward-first-steps.yaml"),
        format!("tags: [internal-only]\n{frag}"),
    )
    .expect("write");
    let c = compile(dir.path());
    let v = view(&c, "press");
    assert!(!v.reflexes.iter().any(|r| r.id == "ward-first-steps"));
    assert!(!v.provenance.iter().any(|p| p.id == "ward-first-steps"));
    let h = page(&c, "press");
    assert!(!h.contains("it@sample-bay-hospital.fr"));
    assert!(
        !h.contains("+33 6 00 00 31 02"),
        "confidential mobile shown"
    );
    assert!(h.contains("+33 6 00 00 31 01"), "plain mobile masked");
    assert!(h.contains("Ward nurse in charge") || !v.reflexes.is_empty());
    let e = Audience::resolve("journalists", &c.plan.manifest).unwrap_err();
    assert!(e.contains("internal, ars, press"), "{e}");
}

#[test]
fn templates_can_be_replaced_by_name() {
    let c = compile(&example("en-sample"));
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("plan.html.tera"),
        "<p>{{ cover.establishment }} {{ reflexes | length }} {{ \"**x** <y>\" | markdown_inline }}</p>",
    )
    .expect("write");
    let h = html::render(&view(&c, "internal"), Some(dir.path())).expect("render");
    assert!(h.starts_with("<p>Sample Bay Hospital "), "{h}");
    assert!(h.ends_with("<strong>x</strong> &lt;y&gt;</p>"), "{h}");
    std::fs::write(dir.path().join("plan.html.tera"), "{{ nope.nothing }}").expect("write");
    let e = html::render(&view(&c, "internal"), Some(dir.path())).unwrap_err();
    assert!(e.contains("plan.html"), "{e}");
}

#[test]
fn html_snapshot_of_the_english_sample() {
    let c = compile(&example("en-sample"));
    let h = page(&c, "internal");
    // The body only: the stylesheet and script have their own files and would drown the diff.
    let body = &h[h.find("<body>").unwrap_or(0)..];
    let body = match (body.find("<script>"), body.find("</script>")) {
        (Some(a), Some(b)) => format!("{}<script>…{}", &body[..a], &body[b..]),
        _ => body.to_string(),
    };
    insta::assert_snapshot!("en_sample_body", body);
}

/// The English sample with `regime` in place of `nis2_entity`, an obligation for OSE and OIV, a form, a cut list
/// and a resource.
fn sample_with_regime(regime: &str) -> (tempfile::TempDir, Compiled) {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&example("en-sample"), dir.path());
    let est = dir.path().join("establishment.yaml");
    let text = std::fs::read_to_string(&est).expect("read");
    let text = text.replace("  nis2_entity: false", &format!("  regime: {regime}"));
    let text = format!(
        "{text}\nnetwork:\n  cut_list:\n    - {{id: internet, what: \"Internet access\", how: \"Block all on the egress firewall\"}}\n\
         resources:\n  - {{id: paper-kits, what: \"Paper kits\", where: \"Crisis cupboard\"}}\n"
    );
    std::fs::write(&est, text).expect("write");
    std::fs::write(
        dir.path().join("fragments/local.yaml"),
        "kind: obligation\nid: report-operator\ntitle: \"Report to the national agency\"\ndeadline: immediate\n\
         declarant: directeur-crise\nlegal_basis: \"Operator rules\"\napplies_to: [ose, oiv]\n---\n\
         kind: form\nid: sitrep\ntitle: \"Situation report\"\nfields:\n  - {id: time, label: \"Time\"}\n  \
         - {id: facts, label: \"What happened\", lines: 5, help: \"Plain words.\"}\nbody: \"Signature\"\n",
    )
    .expect("write");
    let c = compile(dir.path());
    (dir, c)
}

#[test]
fn the_regime_decides_which_obligations_are_printed_and_says_so() {
    let has = |v: &View, id: &str| {
        v.obligations.iter().any(|o| o.id == id)
            && v.chronology
                .iter()
                .any(|e| e.obligation.anchor.as_deref() == Some(&format!("obligation-{id}")))
    };
    let (_d, ose) = sample_with_regime("[ose]");
    let v = view(&ose, "internal");
    assert!(has(&v, "report-operator") && !has(&v, "alerte-nis2"));
    let line = v.not_applicable.clone().unwrap_or_default();
    assert!(
        line.starts_with("Not applicable (regime: operator of essential services (OES)): "),
        "{line}"
    );
    assert!(
        line.contains("applies to: NIS 2 essential entity, NIS 2 important entity"),
        "{line}"
    );
    assert!(page(&ose, "internal").contains(&format!(
        "<p class=\"not-applicable\">{}</p>",
        escape(&line)
    )));

    let (_d, none) = sample_with_regime("[aucun]");
    let v = view(&none, "internal");
    assert!(!has(&v, "report-operator") && !has(&v, "alerte-nis2"));
    let line = v.not_applicable.clone().unwrap_or_default();
    assert!(
        line.contains("(regime: none (neither OES, OIV nor NIS 2))"),
        "{line}"
    );
    assert!(
        line.contains("Report to the national agency") && line.contains("NIS"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);

    let (_d, all) = sample_with_regime("[ose, nis2-importante]");
    let v = view(&all, "internal");
    assert!(has(&v, "report-operator") && has(&v, "alerte-nis2"));
    assert_eq!(v.not_applicable, None);
}

#[test]
fn forms_network_and_resources_are_sections_of_both_documents() {
    let (_d, c) = sample_with_regime("[ose]");
    let v = view(&c, "internal");
    let ids: Vec<&str> = v.sections.iter().map(|s| s.anchor).collect();
    let at = |a: &str| ids.iter().position(|x| *x == a);
    assert!(at("applications") < at("network") && at("network") < at("resources"));
    assert!(at("crisis-log") < at("forms") && at("forms") < at("sources"));
    // The plan's own form and the five national ones (baseline 2026.12), each line drawn once.
    assert_eq!(v.forms.len(), 6);
    let sitrep = v.forms.iter().find(|f| f.id == "sitrep");
    assert_eq!(
        sitrep.map(|f| f.fields.iter().map(|f| f.lines).sum::<u32>()),
        Some(6)
    );
    let lines: u32 = v
        .forms
        .iter()
        .flat_map(|f| &f.fields)
        .map(|f| f.lines)
        .sum();
    let h = page(&c, "internal");
    assert_eq!(
        h.matches("<div class=\"write-line\"></div>").count(),
        lines as usize
    );
    assert!(h.contains("id=\"form-sitrep\"") && h.contains("Block all on the egress firewall"));
    // A plan without network or resources prints neither; the national forms are always there.
    let plain = compile(&example("en-sample"));
    let v = view(&plain, "internal");
    assert!(
        !v.sections
            .iter()
            .any(|s| matches!(s.anchor, "network" | "resources"))
    );
    assert!(v.sections.iter().any(|s| s.anchor == "forms"));
}
