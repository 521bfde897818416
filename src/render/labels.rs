//! Every word the generated documents print on their own (HTML, PDF, cards), in one table per language.
//! A renderer never spells a label itself: it takes it from [`Labels::get`], so the French and English
//! documents differ only by this table and the plan's own text.

use crate::model::{ChannelType, Criticality, FindingStatus, Kind, Lang};
use serde::Serialize;

/// The document labels of one language. Field names are stable: templates use them (`labels.reflexes`).
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub lang: &'static str,
    pub default_title: &'static str,
    pub contents: &'static str,
    pub cover: &'static str,
    pub establishment: &'static str,
    pub finess_ej: &'static str,
    pub finess_et: &'static str,
    pub ght: &'static str,
    pub ars: &'static str,
    pub version: &'static str,
    pub date: &'static str,
    pub no_date: &'static str,
    pub classification: &'static str,
    pub fingerprint: &'static str,
    pub baseline: &'static str,
    pub audience: &'static str,
    pub audience_internal: &'static str,
    pub audience_ars: &'static str,
    pub adopted_on: &'static str,
    pub opinions: &'static str,
    pub next_review: &'static str,
    /// `approval.version`: the plan version the opinions and the adoption concern.
    pub approved_version: &'static str,
    /// `approval.informed`: the governing bodies informed, and each body's name.
    pub informed: &'static str,
    pub conseil_surveillance: &'static str,
    pub conseil_administration: &'static str,
    pub chronology: &'static str,
    pub chronology_intro: &'static str,
    pub t0: &'static str,
    pub t0_help: &'static str,
    pub deadline: &'static str,
    pub at_time: &'static str,
    pub action: &'static str,
    pub obligation: &'static str,
    pub obligations: &'static str,
    pub legal_deadline: &'static str,
    pub recipient: &'static str,
    pub declarant: &'static str,
    pub legal_basis: &'static str,
    pub who: &'static str,
    pub within: &'static str,
    pub crisis_cell: &'static str,
    pub room: &'static str,
    pub fallback_room: &'static str,
    pub members: &'static str,
    pub role: &'static str,
    pub roles: &'static str,
    pub mission: &'static str,
    pub holder: &'static str,
    pub deputy: &'static str,
    pub holders: &'static str,
    pub phone_247: &'static str,
    pub role_h24: &'static str,
    pub reflexes: &'static str,
    pub reflex_sheet: &'static str,
    pub for_audience: &'static str,
    pub trigger: &'static str,
    pub steps: &'static str,
    pub needs_it: &'static str,
    pub done: &'static str,
    pub never: &'static str,
    pub then: &'static str,
    pub functions: &'static str,
    pub function: &'static str,
    pub criticality: &'static str,
    pub max_downtime: &'static str,
    pub procedures: &'static str,
    pub procedure: &'static str,
    pub owner: &'static str,
    pub applications: &'static str,
    pub application: &'static str,
    pub activation: &'static str,
    pub paper_kit: &'static str,
    pub catch_up: &'static str,
    pub lifting: &'static str,
    pub template_banner: &'static str,
    pub template_banner_help: &'static str,
    pub messages: &'static str,
    pub channel: &'static str,
    pub message_audience: &'static str,
    pub directory: &'static str,
    pub name: &'static str,
    pub organization: &'static str,
    pub channels: &'static str,
    pub h24: &'static str,
    pub independent_of_is: &'static str,
    pub confidential: &'static str,
    pub verified_on: &'static str,
    pub to_complete: &'static str,
    pub masked: &'static str,
    /// Printed where a role's holder would be when nobody holds it.
    pub unstaffed: &'static str,
    /// After a number to call first that the plan does not flag as answered day and night.
    pub not_h24: &'static str,
    /// Between the people a role reference names, in call order ("06 … sinon Karim Benali 06 …").
    pub or_else: &'static str,
    /// Around a fragment title cited inside a sentence (with the language's spacing).
    pub quote_open: &'static str,
    pub quote_close: &'static str,
    /// A cross-reference whose sentence already names the sheet it points to.
    pub see_sheet: &'static str,
    /// Title of the box holding a message's text, under the message's own heading.
    pub message_text: &'static str,
    pub critical: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub rto: &'static str,
    pub rpo: &'static str,
    pub vendor: &'static str,
    pub backups: &'static str,
    pub backups_offline: &'static str,
    pub last_restore_test: &'static str,
    pub exercises: &'static str,
    pub exercise: &'static str,
    pub exercise_log: &'static str,
    pub scenario: &'static str,
    pub format: &'static str,
    pub participants: &'static str,
    pub procedures_tested: &'static str,
    pub action_plan: &'static str,
    pub finding: &'static str,
    pub due: &'static str,
    pub status: &'static str,
    pub crisis_log: &'static str,
    pub crisis_log_intro: &'static str,
    pub sources: &'static str,
    pub reference: &'static str,
    pub provenance: &'static str,
    pub provenance_intro: &'static str,
    pub layer_define: &'static str,
    pub layer_patch: &'static str,
    pub layer_replace: &'static str,
    pub summary: &'static str,
    pub item: &'static str,
    pub layers: &'static str,
    pub none: &'static str,
    pub not_applicable: &'static str,
    pub regime: &'static str,
    pub regime_none: &'static str,
    pub regime_undeclared: &'static str,
    pub applies_to: &'static str,
    pub network: &'static str,
    pub network_intro: &'static str,
    pub cut_list: &'static str,
    pub cut_what: &'static str,
    pub cut_how: &'static str,
    pub cut_done: &'static str,
    pub restart_order: &'static str,
    pub rank: &'static str,
    pub resources: &'static str,
    pub resources_intro: &'static str,
    pub resource: &'static str,
    pub place: &'static str,
    pub forms: &'static str,
    pub forms_intro: &'static str,
    pub emergency: &'static str,
    pub emergency_first: &'static str,
    /// The last line of the "En cas d'attaque" box when some first gestures did not fit: it sends the reader to
    /// the full sheet (its page follows).
    pub emergency_rest: &'static str,
    pub call_first: &'static str,
    pub national_numbers: &'static str,
    pub clocks: &'static str,
    pub page_ref: &'static str,
    pub due_by_hand: &'static str,
    pub reflex_index: &'static str,
    pub log_date: &'static str,
    pub log_t0: &'static str,
    pub log_writer: &'static str,
    pub log_sheet: &'static str,
    pub your_steps: &'static str,
    /// A cut role card's last line: "Suite", then how many actions and "ne pas faire" items were left out,
    /// and the pages of plan.pdf that have them.
    pub card_rest: &'static str,
    pub card_rest_step: &'static str,
    pub card_rest_steps: &'static str,
    pub card_rest_never: &'static str,
    pub card_rest_nevers: &'static str,
    pub card_rest_where: &'static str,
    pub page_of: &'static str,
    pub continued: &'static str,
    pub filter: &'static str,
    pub filter_placeholder: &'static str,
    pub back_to_contents: &'static str,
    pub generated_by: &'static str,
    pub print: &'static str,
}

static FR: Labels = Labels {
    lang: "fr",
    default_title: "Plan blanc numérique",
    contents: "Sommaire",
    cover: "Couverture",
    establishment: "Établissement",
    finess_ej: "FINESS juridique",
    finess_et: "FINESS géographique",
    ght: "GHT",
    ars: "ARS",
    version: "Version",
    date: "Date",
    no_date: "sans date",
    classification: "Classification",
    fingerprint: "Empreinte",
    baseline: "Socle national",
    audience: "Diffusion",
    audience_internal: "Interne (version complète)",
    audience_ars: "Transmission à l'ARS (données personnelles masquées)",
    adopted_on: "Adopté le",
    opinions: "Avis",
    next_review: "Prochaine révision",
    approved_version: "Version adoptée",
    informed: "Instance informée",
    conseil_surveillance: "Conseil de surveillance",
    conseil_administration: "Conseil d'administration",
    chronology: "Chronologie des obligations",
    chronology_intro: "Délais comptés à partir de T0, l'heure de détection de l'incident.",
    t0: "Heure de détection (T0)",
    t0_help: "Saisir T0 pour afficher l'échéance de chaque délai.",
    deadline: "Délai",
    at_time: "Échéance",
    action: "Action",
    obligation: "Obligation",
    obligations: "Obligations de déclaration",
    legal_deadline: "Échéance légale",
    recipient: "Destinataire",
    declarant: "Déclarant",
    legal_basis: "Base légale",
    who: "Qui",
    within: "Quand",
    crisis_cell: "Cellule de crise",
    room: "Salle de crise",
    fallback_room: "Salle de repli",
    members: "Composition",
    role: "Rôle",
    roles: "Rôles de crise",
    mission: "Mission",
    holder: "Titulaire",
    deputy: "Suppléant",
    holders: "Titulaires",
    phone_247: "Téléphone 24 h/24",
    role_h24: "joignable 24 h/24",
    reflexes: "Fiches réflexes",
    reflex_sheet: "Fiche réflexe",
    for_audience: "Pour",
    trigger: "Quand appliquer cette fiche",
    steps: "Actions",
    needs_it: "nécessite le SI",
    done: "fait",
    never: "Ne pas faire",
    then: "Ensuite",
    functions: "Fonctions métier",
    function: "Fonction",
    criticality: "Criticité",
    max_downtime: "Arrêt maximal toléré",
    procedures: "Procédures dégradées",
    procedure: "Procédure",
    owner: "Responsable",
    applications: "Applications",
    application: "Application",
    activation: "Déclenchement",
    paper_kit: "Kit papier",
    catch_up: "Rattrapage",
    lifting: "Levée du mode dégradé",
    template_banner: "Modèle national non adapté",
    template_banner_help: "L'établissement n'a pas encore précisé le responsable, le déclenchement et le kit papier de cette procédure.",
    messages: "Messages",
    channel: "Canal",
    message_audience: "Destinataires",
    directory: "Annuaire de crise",
    name: "Nom",
    organization: "Organisme",
    channels: "Moyens de contact",
    h24: "24 h/24",
    independent_of_is: "hors SI",
    confidential: "confidentiel",
    verified_on: "Vérifié le",
    to_complete: "à compléter",
    masked: "[masqué]",
    unstaffed: "non pourvu",
    not_h24: "pas 24\u{a0}h/24",
    or_else: "sinon",
    quote_open: "«\u{a0}",
    quote_close: "\u{a0}»",
    see_sheet: "voir la fiche",
    message_text: "Texte à diffuser",
    critical: "Critique",
    yes: "oui",
    no: "non",
    rto: "RTO",
    rpo: "RPO",
    vendor: "Éditeur",
    backups: "Sauvegardes",
    backups_offline: "Copie hors ligne",
    last_restore_test: "Dernier test de restauration",
    exercises: "Exercices et plan d'action",
    exercise: "Exercice",
    exercise_log: "Exercices réalisés",
    scenario: "Scénario",
    format: "Format",
    participants: "Participants",
    procedures_tested: "Procédures testées",
    action_plan: "Plan d'action",
    finding: "Constat",
    due: "Échéance",
    status: "État",
    crisis_log: "Main courante",
    crisis_log_intro: "À remplir à la main, au fil de l'eau, dès la détection : heure, qui, quoi, décision.",
    sources: "Sources",
    reference: "Référence",
    provenance: "Provenance",
    provenance_intro: "Pour chaque fiche, les couches qui l'ont fournie, de la plus basse à la plus haute (fichier:ligne).",
    layer_define: "définie",
    layer_patch: "adaptée",
    layer_replace: "remplacée",
    summary: "Résumé",
    item: "Fiche",
    layers: "Couches (de la plus basse à la plus haute)",
    none: "—",
    not_applicable: "Ne s'appliquent pas",
    regime: "Régime",
    regime_none: "aucun (ni OSE, ni OIV, ni NIS 2)",
    regime_undeclared: "non déclaré",
    applies_to: "concerne",
    network: "Coupures réseau et redémarrage",
    network_intro: "Ce que l'astreinte informatique coupe, dans cet ordre ; noter l'heure de chaque coupure. Puis l'ordre dans lequel les applications redémarrent, sur une infrastructure saine.",
    cut_list: "Liste de coupure",
    cut_what: "À couper",
    cut_how: "Comment",
    cut_done: "Coupé à",
    restart_order: "Ordre de redémarrage",
    rank: "N°",
    resources: "Moyens de réponse",
    resources_intro: "Stocks et matériels du mode dégradé, où ils sont rangés et qui en détient la clé.",
    resource: "Moyen",
    place: "Où",
    forms: "Formulaires",
    forms_intro: "Formulaires à imprimer et remplir à la main quand le système d'information est indisponible.",
    emergency: "En cas d'attaque",
    emergency_first: "Premiers gestes",
    emergency_rest: "Suite des gestes sur la fiche complète",
    call_first: "Appeler d'abord",
    national_numbers: "Numéros nationaux",
    clocks: "Délais depuis T0 (heure de détection)",
    page_ref: "p.",
    due_by_hand: "Échéance (date, heure)",
    reflex_index: "Quelle fiche appliquer ?",
    log_date: "Date",
    log_t0: "T0 (heure de détection)",
    log_writer: "Rédacteur",
    log_sheet: "Feuille n°",
    your_steps: "Vos actions",
    card_rest: "Suite",
    card_rest_step: "autre action",
    card_rest_steps: "autres actions",
    card_rest_never: "«\u{a0}ne pas faire\u{a0}»",
    card_rest_nevers: "«\u{a0}ne pas faire\u{a0}»",
    card_rest_where: "plan.pdf",
    page_of: "page {n} / {m}",
    continued: "(suite)",
    filter: "Rechercher dans le plan",
    filter_placeholder: "nom, numéro, application…",
    back_to_contents: "Retour au sommaire",
    generated_by: "Document produit par pbn",
    print: "Imprimer",
};

static EN: Labels = Labels {
    lang: "en",
    default_title: "Digital white plan",
    contents: "Contents",
    cover: "Cover",
    establishment: "Establishment",
    finess_ej: "FINESS (legal entity)",
    finess_et: "FINESS (sites)",
    ght: "GHT",
    ars: "ARS",
    version: "Version",
    date: "Date",
    no_date: "undated",
    classification: "Classification",
    fingerprint: "Fingerprint",
    baseline: "National baseline",
    audience: "Distribution",
    audience_internal: "Internal (complete version)",
    audience_ars: "Submission to the ARS (personal data redacted)",
    adopted_on: "Adopted on",
    opinions: "Opinions",
    next_review: "Next review",
    approved_version: "Version adopted",
    informed: "Board informed",
    conseil_surveillance: "Supervisory board",
    conseil_administration: "Board of directors",
    chronology: "Timeline of obligations",
    chronology_intro: "Deadlines run from T0, the time the incident was detected.",
    t0: "Detection time (T0)",
    t0_help: "Enter T0 to see when each deadline falls.",
    deadline: "Deadline",
    at_time: "Due at",
    action: "Action",
    obligation: "Obligation",
    obligations: "Reporting obligations",
    legal_deadline: "Legal deadline",
    recipient: "Recipient",
    declarant: "Declarant",
    legal_basis: "Legal basis",
    who: "Who",
    within: "When",
    crisis_cell: "Crisis cell",
    room: "Crisis room",
    fallback_room: "Fallback room",
    members: "Members",
    role: "Role",
    roles: "Crisis roles",
    mission: "Mission",
    holder: "Holder",
    deputy: "Deputy",
    holders: "Holders",
    phone_247: "24/7 phone",
    role_h24: "reachable 24/7",
    reflexes: "Reflex sheets",
    reflex_sheet: "Reflex sheet",
    for_audience: "For",
    trigger: "When to use this sheet",
    steps: "Actions",
    needs_it: "needs the IS",
    done: "done",
    never: "Do not",
    then: "Then",
    functions: "Business functions",
    function: "Function",
    criticality: "Criticality",
    max_downtime: "Maximum downtime",
    procedures: "Degraded-mode procedures",
    procedure: "Procedure",
    owner: "Owner",
    applications: "Applications",
    application: "Application",
    activation: "Activation",
    paper_kit: "Paper kit",
    catch_up: "Catch-up",
    lifting: "Ending the degraded mode",
    template_banner: "National template, not adapted",
    template_banner_help: "The establishment has not yet set the owner, the activation and the paper kit of this procedure.",
    messages: "Messages",
    channel: "Channel",
    message_audience: "Audience",
    directory: "Crisis directory",
    name: "Name",
    organization: "Organisation",
    channels: "Channels",
    h24: "24/7",
    independent_of_is: "independent of the IS",
    confidential: "confidential",
    verified_on: "Verified on",
    to_complete: "to be completed",
    masked: "[redacted]",
    unstaffed: "vacant",
    not_h24: "not 24/7",
    or_else: "otherwise",
    quote_open: "“",
    quote_close: "”",
    see_sheet: "see the sheet",
    message_text: "Text to send",
    critical: "Critical",
    yes: "yes",
    no: "no",
    rto: "RTO",
    rpo: "RPO",
    vendor: "Vendor",
    backups: "Backups",
    backups_offline: "Offline copy",
    last_restore_test: "Last restore test",
    exercises: "Exercises and action plan",
    exercise: "Exercise",
    exercise_log: "Exercises held",
    scenario: "Scenario",
    format: "Format",
    participants: "Participants",
    procedures_tested: "Procedures tested",
    action_plan: "Action plan",
    finding: "Finding",
    due: "Due",
    status: "Status",
    crisis_log: "Crisis log",
    crisis_log_intro: "Fill in by hand, as events happen, from detection onwards: time, who, what, decision.",
    sources: "Sources",
    reference: "Reference",
    provenance: "Provenance",
    provenance_intro: "For each sheet, the layers that supplied it, lowest first (file:line).",
    layer_define: "defined",
    layer_patch: "adapted",
    layer_replace: "replaced",
    summary: "Summary",
    item: "Sheet",
    layers: "Layers (lowest first)",
    none: "—",
    not_applicable: "Not applicable",
    regime: "Regime",
    regime_none: "none (neither OES, OIV nor NIS 2)",
    regime_undeclared: "not declared",
    applies_to: "applies to",
    network: "Network cuts and restart",
    network_intro: "What the IT on-call cuts, in this order; write down the time of each cut. Then the order in which applications restart, on clean infrastructure.",
    cut_list: "Cut list",
    cut_what: "To cut",
    cut_how: "How",
    cut_done: "Cut at",
    restart_order: "Restart order",
    rank: "No.",
    resources: "Response means",
    resources_intro: "Stocks and equipment for degraded mode, where they are kept and who holds the key.",
    resource: "Means",
    place: "Where",
    forms: "Forms",
    forms_intro: "Forms to print and fill in by hand while the information system is down.",
    emergency: "In case of attack",
    emergency_first: "First actions",
    emergency_rest: "The other actions are on the full sheet",
    call_first: "Call first",
    national_numbers: "National numbers",
    clocks: "Deadlines from T0 (detection time)",
    page_ref: "p.",
    due_by_hand: "Due (date, time)",
    reflex_index: "Which sheet to apply?",
    log_date: "Date",
    log_t0: "T0 (detection time)",
    log_writer: "Writer",
    log_sheet: "Sheet no.",
    your_steps: "Your actions",
    card_rest: "Continued",
    card_rest_step: "more action",
    card_rest_steps: "more actions",
    card_rest_never: "\"do not\" item",
    card_rest_nevers: "\"do not\" items",
    card_rest_where: "plan.pdf",
    page_of: "page {n} / {m}",
    continued: "(continued)",
    filter: "Search the plan",
    filter_placeholder: "name, number, application…",
    back_to_contents: "Back to contents",
    generated_by: "Document produced by pbn",
    print: "Print",
};

impl Labels {
    pub fn get(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    pub fn criticality(&self, c: Criticality) -> &'static str {
        let fr = self.lang == "fr";
        match c {
            Criticality::Vital => {
                if fr {
                    "vitale"
                } else {
                    "vital"
                }
            }
            Criticality::Essential => {
                if fr {
                    "essentielle"
                } else {
                    "essential"
                }
            }
            Criticality::Important => {
                if fr {
                    "importante"
                } else {
                    "important"
                }
            }
            Criticality::Deferrable => {
                if fr {
                    "différable"
                } else {
                    "deferrable"
                }
            }
        }
    }

    pub fn channel(&self, t: ChannelType) -> &'static str {
        let fr = self.lang == "fr";
        match t {
            ChannelType::Phone => {
                if fr {
                    "Téléphone"
                } else {
                    "Phone"
                }
            }
            ChannelType::Mobile => {
                if fr {
                    "Portable"
                } else {
                    "Mobile"
                }
            }
            ChannelType::Fax => "Fax",
            ChannelType::Email => {
                if fr {
                    "Courriel"
                } else {
                    "Email"
                }
            }
            ChannelType::Radio => "Radio",
            ChannelType::Satellite => "Satellite",
            ChannelType::Url => {
                if fr {
                    "Site"
                } else {
                    "Web"
                }
            }
            ChannelType::Sms => "SMS",
            ChannelType::Pager => {
                if fr {
                    "Bip"
                } else {
                    "Pager"
                }
            }
            ChannelType::Other => {
                if fr {
                    "Autre"
                } else {
                    "Other"
                }
            }
        }
    }

    pub fn status(&self, s: FindingStatus) -> &'static str {
        let fr = self.lang == "fr";
        match s {
            FindingStatus::Open => {
                if fr {
                    "à faire"
                } else {
                    "open"
                }
            }
            FindingStatus::InProgress => {
                if fr {
                    "en cours"
                } else {
                    "in progress"
                }
            }
            FindingStatus::Done => {
                if fr {
                    "fait"
                } else {
                    "done"
                }
            }
        }
    }

    /// An exercise format (`tabletop`, `functional`, `full-scale`); other values are printed as written.
    pub fn exercise_format(&self, f: &str) -> String {
        let fr = self.lang == "fr";
        match f {
            "tabletop" => if fr { "sur table" } else { "tabletop" }.into(),
            "functional" => if fr { "fonctionnel" } else { "functional" }.into(),
            "full-scale" => if fr { "grandeur nature" } else { "full-scale" }.into(),
            other => other.into(),
        }
    }

    /// A message's `audience` (`personnel`, `patients`, `partenaires`, `presse`) as a reader says it; other
    /// values (the field is free) are printed as written, with a capital.
    pub fn message_audience(&self, a: &str) -> String {
        let fr = self.lang == "fr";
        match a {
            "personnel" => if fr { "Personnel" } else { "Staff" }.into(),
            "patients" => if fr {
                "Patients et proches"
            } else {
                "Patients and relatives"
            }
            .into(),
            "partenaires" => if fr { "Partenaires" } else { "Partners" }.into(),
            "presse" => if fr { "Presse" } else { "Press" }.into(),
            other => {
                let mut c = other.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        }
    }

    pub fn kind(&self, k: Kind) -> &'static str {
        let fr = self.lang == "fr";
        match k {
            Kind::Reflex => {
                if fr {
                    "Fiche réflexe"
                } else {
                    "Reflex sheet"
                }
            }
            Kind::Procedure => {
                if fr {
                    "Procédure"
                } else {
                    "Procedure"
                }
            }
            Kind::Role => {
                if fr {
                    "Rôle"
                } else {
                    "Role"
                }
            }
            Kind::Obligation => "Obligation",
            Kind::Message => "Message",
            Kind::Form => {
                if fr {
                    "Formulaire"
                } else {
                    "Form"
                }
            }
        }
    }

    /// A date as printed in running text: `2 octobre 2026`, `2 October 2026`.
    pub fn date_long(&self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let m = d.month0() as usize % 12;
        let name = if self.lang == "fr" {
            MONTHS_FR[m]
        } else {
            MONTHS_EN[m]
        };
        let day = if self.lang == "fr" && d.day() == 1 {
            "1er".to_string()
        } else {
            d.day().to_string()
        };
        format!("{day}\u{a0}{name} {}", d.year())
    }

    /// A date in a table cell: `02/10/2026`, `2026-10-02`.
    pub fn date_short(&self, d: chrono::NaiveDate) -> String {
        if self.lang == "fr" {
            d.format("%d/%m/%Y").to_string()
        } else {
            d.format("%Y-%m-%d").to_string()
        }
    }
}

/// The months as printed in running text, French then English (also the review letters' dates).
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_fill_every_label() {
        for l in [Labels::get(Lang::Fr), Labels::get(Lang::En)] {
            let v = serde_json::to_value(l).unwrap_or_default();
            let map = v.as_object().cloned().unwrap_or_default();
            assert!(map.len() > 100);
            for (k, v) in map {
                assert!(v.as_str().is_some_and(|s| !s.is_empty()), "{}: {k}", l.lang);
            }
        }
        assert_eq!(Labels::get(Lang::Fr).never, "Ne pas faire");
        assert_eq!(Labels::get(Lang::Fr).masked, "[masqué]");
    }

    #[test]
    fn dates() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap_or_default();
        assert_eq!(Labels::get(Lang::Fr).date_long(d), "2\u{a0}octobre 2026");
        assert_eq!(Labels::get(Lang::En).date_short(d), "2026-10-02");
        assert_eq!(Labels::get(Lang::Fr).date_short(d), "02/10/2026");
    }
}
