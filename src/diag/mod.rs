//! Diagnostics are values: every stage pushes them into a [`Diags`] collector and carries on, so one run reports
//! every problem. They are printed only at the edge (`emit`), in the format the user asked for.
//!
//! Codes are stable (`PBN` + 3 digits) and live in one table, [`Code`], with a description each, and for the
//! review letters of French plans a French title and a French line saying what to do. Adding a code means
//! writing all three (and its rows in `docs/diagnostics.md`; tests check both tables agree).

pub mod cascade;
pub mod emit;
pub mod sarif;

use crate::source::Loc;
use serde::Serialize;

macro_rules! codes {
    ($($variant:ident = $num:literal, $sev:ident, $desc:literal, fr $title_fr:literal, $help_fr:literal;)*) => {
        /// Every diagnostic code pbn emits. Numbers are never reused or renumbered.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn number(self) -> u16 { match self { $(Code::$variant => $num),* } }

            /// Default severity of the code.
            pub fn severity(self) -> Severity { match self { $(Code::$variant => Severity::$sev),* } }

            /// One line saying what the code means (README table, `pbn explain-code`).
            pub fn description(self) -> &'static str { match self { $(Code::$variant => $desc),* } }

            /// The description in French, for the letters of French plans (a diagnostic's own message is
            /// English: it names fields and values; this line says in French what kind of problem it is).
            pub fn title_fr(self) -> &'static str { match self { $(Code::$variant => $title_fr),* } }

            /// What to do about it, in French, in words an establishment's IT staff can act on (no command line).
            pub fn help_fr(self) -> &'static str { match self { $(Code::$variant => $help_fr),* } }
        }
    };
}

codes! {
    YamlSyntax = 1, Error, "the file is not valid YAML",
        fr "le fichier n'est pas du YAML valide",
        "Vérifier à la ligne indiquée l'indentation (des espaces, jamais de tabulation), les deux-points et les guillemets.";
    Unreadable = 2, Error, "the file cannot be read as UTF-8 text",
        fr "le fichier ne peut pas être lu comme du texte UTF-8",
        "Enregistrer le fichier en UTF-8 depuis l'éditeur de texte.";
    UnknownField = 3, Error, "a field that this object does not have (often a typo)",
        fr "champ inconnu pour cet objet (souvent une faute de frappe)",
        "Corriger l'orthographe du champ ou le supprimer.";
    WrongType = 4, Error, "a value of the wrong type (text, number, list, mapping, yes/no)",
        fr "valeur d'un type inattendu (texte, nombre, liste, table, oui/non)",
        "Écrire la valeur sous la forme attendue par ce champ (par exemple une liste, une ligne par élément précédée d'un tiret).";
    MissingField = 5, Error, "a required field is missing",
        fr "champ obligatoire absent",
        "Ajouter le champ indiqué avec sa valeur.";
    BadId = 6, Error, "an id that is not lower-case kebab-case",
        fr "identifiant mal formé (minuscules et tirets attendus)",
        "Écrire l'identifiant en minuscules, sans accent ni espace, les mots séparés par des tirets (par exemple cellule-crise).";
    DuplicateId = 7, Error, "two objects of the same kind share an id",
        fr "deux objets de même nature portent le même identifiant",
        "Donner un identifiant distinct à chaque objet, ou supprimer le doublon.";
    BadDuration = 8, Error, "a duration that is not `15m`, `4h`, `3d` or `immediate`",
        fr "durée mal écrite",
        "Écrire la durée sous la forme 15m, 4h, 3d ou immediate.";
    BadDate = 9, Error, "a date that is not a real calendar date written YYYY-MM-DD",
        fr "date inexistante ou mal écrite",
        "Écrire une date réelle au format AAAA-MM-JJ (par exemple 2026-03-15).";
    BadFiness = 10, Error, "a FINESS number with a wrong length or control key",
        fr "numéro FINESS invalide (longueur ou clé de contrôle)",
        "Reprendre le numéro FINESS à 9 chiffres tel qu'il figure au répertoire FINESS.";
    BadPhone = 11, Error, "a phone number that is neither French national, a French short number nor E.164",
        fr "numéro de téléphone invalide",
        "Écrire un numéro national à 10 chiffres, un numéro court (15, 112…) ou un numéro international commençant par +.";
    BadEmail = 12, Error, "an e-mail address that is not valid",
        fr "adresse électronique invalide",
        "Corriger l'adresse (de la forme nom@domaine.fr).";
    BadUrl = 13, Error, "a URL that is not an absolute http(s) URL",
        fr "adresse web invalide (une adresse http ou https complète est attendue)",
        "Écrire l'adresse complète, commençant par https:// ou http://.";
    UnknownRole = 14, Error, "a reference to a role that does not exist",
        fr "référence à un rôle qui n'existe pas",
        "Corriger l'identifiant du rôle, ou déclarer ce rôle.";
    UnknownContact = 15, Error, "a reference to a contact that does not exist",
        fr "référence à un contact qui n'existe pas",
        "Corriger l'identifiant du contact, ou ajouter ce contact à l'annuaire.";
    UnknownFunction = 16, Error, "a reference to a business function that does not exist",
        fr "référence à une fonction métier qui n'existe pas",
        "Corriger l'identifiant, ou déclarer cette fonction métier.";
    UnknownApplication = 17, Error, "a reference to an application that does not exist",
        fr "référence à une application qui n'existe pas",
        "Corriger l'identifiant, ou déclarer cette application.";
    UnknownFragment = 18, Error, "a reference to a reflex, procedure or other fragment that does not exist",
        fr "référence à un réflexe, une procédure ou une autre fiche qui n'existe pas",
        "Corriger l'identifiant, ou ajouter la fiche manquante.";
    UnknownStep = 19, Error, "a patch names a step id that the inherited fragment does not have",
        fr "modification d'une étape que la fiche héritée ne contient pas",
        "Reprendre l'identifiant de l'étape tel qu'il figure dans la fiche d'origine.";
    LockedField = 20, Error, "a higher layer changes a field that a lower layer locked",
        fr "modification d'un champ verrouillé par une couche inférieure (GHT, socle national)",
        "Retirer la modification, ou demander au responsable de cette couche de déverrouiller le champ.";
    RequiredDisabled = 21, Error, "`disable: true` on a fragment that is required",
        fr "désactivation d'une fiche obligatoire",
        "Retirer disable: true : cette fiche ne peut pas être désactivée.";
    NothingToOverride = 22, Error, "`override` or `disable` on a fragment that no lower layer defines",
        fr "override ou disable sur une fiche qu'aucune couche inférieure ne définit",
        "Vérifier l'identifiant de la fiche visée, ou retirer override ou disable.";
    UnknownKind = 23, Error, "a fragment `kind` that pbn does not know",
        fr "type de fiche (kind) inconnu",
        "Corriger le champ kind avec un type de fiche reconnu.";
    DeputyCycle = 24, Error, "contacts that name each other as deputy in a loop",
        fr "contacts qui se désignent l'un l'autre comme suppléants, en boucle",
        "Désigner un autre suppléant pour l'un d'eux afin de rompre la boucle.";
    ThenCycle = 25, Error, "reflexes whose `then` lists lead back to themselves",
        fr "réflexes dont les enchaînements (then) reviennent sur eux-mêmes",
        "Retirer l'un des enchaînements pour rompre la boucle.";
    BadReference = 26, Error, "a `{{...}}` reference in text that is not `{{contact:ID}}`, `{{role:ID}}`, `{{fragment:ID}}` or `{{application:ID}}`",
        fr "référence {{...}} mal formée dans un texte",
        "Écrire {{contact:ID}}, {{role:ID}}, {{fragment:ID}} ou {{application:ID}}.";
    PathEscape = 27, Error, "an include or layer file that resolves outside its folder",
        fr "fichier inclus situé hors du dossier du plan ou de sa couche",
        "Placer le fichier dans le dossier du plan (ou de la couche) et corriger le chemin.";
    TooLarge = 28, Error, "a file over the size, alias, node or nesting budget",
        fr "fichier trop volumineux ou trop complexe (taille, alias, nombre d'éléments, imbrication)",
        "Découper le fichier en plusieurs fichiers plus petits.";
    BadValue = 29, Error, "a value outside the allowed set",
        fr "valeur hors de la liste des valeurs admises",
        "Choisir l'une des valeurs admises pour ce champ.";
    DuplicateStep = 30, Error, "two steps of one fragment share an id",
        fr "deux étapes d'une même fiche portent le même identifiant",
        "Donner un identifiant distinct à chaque étape.";
    ContactSlotEmpty = 31, Warning, "a national contact slot (ARS, insurer…) that the plan has not completed",
        fr "contact national (ARS, assureur…) que le plan n'a pas complété",
        "Compléter les coordonnées de ce contact dans l'annuaire.";
    NoChannel = 33, Error, "a contact without any channel",
        fr "contact sans aucun moyen de le joindre",
        "Ajouter au moins un téléphone ou une adresse électronique à ce contact.";
    EmptyInclude = 34, Warning, "an `include` pattern that matches no file",
        fr "motif include qui ne désigne aucun fichier",
        "Corriger le motif, ou retirer la ligne.";
    MissingFile = 35, Error, "a required plan file is missing",
        fr "fichier obligatoire du plan absent",
        "Ajouter le fichier manquant au dossier du plan.";
    BadLayer = 36, Error, "a layer that cannot be used (unknown baseline, missing folder)",
        fr "couche inutilisable (socle inconnu, dossier absent)",
        "Vérifier le nom ou le chemin de la couche (GHT, socle national) déclarée dans pbn.yaml.";
    RoleUnstaffed = 37, Warning, "a required role that no contact holds",
        fr "rôle obligatoire qu'aucun contact ne tient",
        "Attribuer ce rôle à au moins un contact.";
    SheetOverflow = 38, Warning, "a reflex sheet that does not fit on one printed page",
        fr "fiche réflexe trop longue pour tenir sur une page imprimée",
        "Raccourcir la fiche, ou renvoyer le détail vers une procédure.";
    StepOpMisplaced = 40, Error, "a step operation (`after`, `before`, `replace`, `remove`) outside a patch, or two in one item",
        fr "opération sur une étape (after, before, replace, remove) hors d'une modification de fiche, ou deux à la fois",
        "N'utiliser ces opérations que dans une fiche qui modifie une fiche héritée, une seule par étape.";
    NotAMapping = 41, Error, "a document that is not a mapping of fields",
        fr "document qui n'est pas une suite de champs (nom: valeur)",
        "Écrire le document sous la forme nom: valeur, un champ par ligne.";
    UnknownAudience = 44, Error, "an audience that is neither built in nor defined in `pbn.yaml`",
        fr "public de diffusion ni prédéfini ni déclaré dans pbn.yaml",
        "Utiliser un public prédéfini, ou le déclarer dans pbn.yaml.";
    ApprovalOrder = 45, Warning, "approval dates in an impossible order",
        fr "dates d'approbation dans un ordre impossible",
        "Vérifier les dates d'approbation et leur ordre chronologique.";
    TemplateUnbound = 46, Info, "a national procedure template whose function the establishment does not declare",
        fr "modèle national de procédure pour une fonction métier que l'établissement ne déclare pas",
        "Déclarer cette fonction métier si l'établissement l'exerce ; sinon, rien à faire.";
    RenderFailed = 50, Error, "a template or document could not be rendered",
        fr "un modèle ou un document n'a pas pu être produit",
        "Signaler le problème à l'équipe qui maintient pbn, avec le détail ci-dessus.";
    BaselineInFrench = 51, Info, "an English plan that prints fragments of the national baseline, which is written in French",
        fr "plan en anglais qui imprime des fiches du socle national, rédigé en français",
        "Réécrire en anglais les fiches concernées (override: replace), ou rédiger le plan en français (language: fr).";
    LayerAlone = 55, Info, "a shared layer checked alone: references that each hospital resolves are not checked",
        fr "couche partagée vérifiée seule : les références que chaque établissement résout ne sont pas vérifiées",
        "Vérifier aussi le plan de chaque établissement qui utilise cette couche.";
    NotIncluded = 56, Warning, "a YAML file in the plan directory that no `include` pattern takes: pbn does not read it",
        fr "fichier YAML du dossier du plan qu'aucun motif include ne reprend : il n'est pas lu",
        "Ajouter le fichier à la liste include de pbn.yaml, ou le retirer du dossier.";
    BadSiren = 65, Error, "a SIREN number that is not 9 digits with a valid control key",
        fr "numéro SIREN invalide (9 chiffres et clé de contrôle)",
        "Reprendre le numéro SIREN tel qu'il figure au répertoire SIRENE.";
    Nis2EntityWithoutRegime = 66, Warning, "`nis2_entity` written instead of the establishment's `regime`",
        fr "nis2_entity écrit au lieu du régime de l'établissement (regime)",
        "Remplacer nis2_entity par le champ regime de l'établissement.";
    IdAddedByNewerBaseline = 67, Error, "a plan fragment has the id of one the baseline added after the plan's pinned version",
        fr "fiche du plan portant l'identifiant d'une fiche ajoutée au socle national après la version retenue par le plan",
        "Renommer la fiche du plan, ou retenir une version plus récente du socle national et reprendre sa fiche.";
    UnknownBaselineVersion = 68, Error, "`plan.baseline` names a version the embedded baseline does not know",
        fr "version du socle national inconnue",
        "Indiquer dans pbn.yaml une version du socle national connue.";
    DeputyDisagrees = 69, Warning, "a crisis-cell holder whose own `deputy` in contacts.yaml is not the cell's deputy for that role",
        fr "suppléant d'un membre de la cellule de crise différent dans l'annuaire et dans la cellule",
        "Écrire le même suppléant dans contacts.yaml et dans la cellule de crise (establishment.yaml).";
    ChannelNotLabelled = 70, Warning, "a `{{contact:}}` whose sentence asks for a line (\"ligne directe\") that no channel of the contact is labelled as",
        fr "le texte demande une ligne précise (ligne directe) qu'aucun canal du contact ne porte en libellé",
        "Ajouter au canal voulu du contact label: \"ligne directe\" (ou la ligne demandée) dans contacts.yaml.";
    BlankThePlanKnows = 71, Warning, "a message blank in brackets (`[numéro]`, `[Nom de l'établissement]`) for what the plan already knows",
        fr "blanc entre crochets d'un message ([numéro], [Nom de l'établissement]) pour une donnée que le plan connaît",
        "Remplacer le blanc par une référence ({{role:…}}, {{contact:…}}, {{establishment:name}}) ; garder les crochets pour ce qui dépend de l'événement.";
    NearDuplicateRole = 72, Warning, "a role of the plan held by exactly the same contacts as another role whose title says the same thing",
        fr "rôle du plan tenu exactement par les mêmes personnes qu'un autre rôle au titre voisin",
        "S'il s'agit du même rôle, garder un seul identifiant (celui du socle national) partout ; sinon, donner à chaque rôle ses titulaires.";
    RoleNotHeld = 73, Warning, "a role that a step's `who`, a procedure's `owner` or a `{{role:}}` calls on, and that nobody holds",
        fr "rôle sollicité par une étape, une procédure ou un texte, et que personne ne tient",
        "Attribuer ce rôle à un contact, ou corriger l'identifiant du rôle.";
    CardCut = 77, Warning, "a role card that does not fit on one A4 sheet: content was left out of it",
        fr "fiche de rôle trop longue pour une feuille A4 : une partie en a été retirée",
        "Raccourcir les actions de ce rôle, ou les répartir entre plusieurs rôles.";
    CellHolderMissing = 78, Warning, "a crisis-cell entry with no `holder` and nobody but its deputy listing the role: the cell table prints \"non pourvu\"",
        fr "rôle de la cellule de crise sans titulaire (seulement un suppléant, ou personne)",
        "Indiquer le titulaire (holder) de ce rôle dans la cellule de crise (establishment.yaml), ou ajouter ce rôle à un contact.";
    EmergencyBoxCut = 79, Warning, "the \"En cas d'attaque\" box does not fit on page 2: first gestures were shortened",
        fr "encadré « En cas d'attaque » trop long pour la page 2 : une partie en a été retirée",
        "Raccourcir les premières étapes de la fiche premiers-gestes (une ou deux phrases chacune ; le détail va dans une procédure).";
    Placeholder = 80, Warning, "a value left to complete: `À COMPLÉTER`, an example phone number, the example FINESS of `pbn init`",
        fr "valeur restée à compléter (À COMPLÉTER, numéro d'exemple, FINESS d'exemple)",
        "Remplacer la valeur d'exemple par la valeur réelle de l'établissement.";
    PackPathEscape = 85, Error, "a pack entry whose name leaves the pack's folder (absolute, `..`, a link)",
        fr "entrée de l'archive qui sort de son dossier (chemin absolu, .., lien)",
        "Refaire l'archive à partir du dossier du plan ; ne pas utiliser celle-ci.";
    PackTooLarge = 86, Error, "a pack over the entry-count or inflated-size budget (a zip bomb)",
        fr "archive au-delà du nombre d'entrées ou de la taille admis (bombe zip)",
        "Refaire l'archive à partir du dossier du plan ; ne pas utiliser celle-ci.";
    PackDuplicate = 87, Error, "two entries of a pack with the same name",
        fr "deux entrées de l'archive portent le même nom",
        "Refaire l'archive à partir du dossier du plan.";
    PackCorrupt = 88, Error, "a pack that is not a readable zip file, or an entry that fails its checksum",
        fr "archive zip illisible, ou entrée endommagée",
        "Demander un nouvel envoi de l'archive.";
    PackIncomplete = 89, Error, "a zip without a valid pack index (pack.json), plan or manifest",
        fr "archive sans index (pack.json), plan ou manifeste valide",
        "Refaire l'archive à partir du dossier du plan.";
    BadSignature = 90, Error, "a signature that does not verify with the given public key",
        fr "signature qui ne correspond pas à la clé publique fournie",
        "Vérifier la clé publique utilisée ; si elle est la bonne, le fichier a changé depuis sa signature : demander un nouvel envoi.";
    StrayOutput = 91, Error, "a file in an output folder that its manifest does not list",
        fr "fichier d'un dossier de sortie que son manifeste ne mentionne pas",
        "Retirer ce fichier du dossier, ou produire à nouveau le dossier.";
    AudienceMismatch = 92, Error, "an output folder whose manifest is for another audience than the folder holds",
        fr "dossier de sortie dont le manifeste vise un autre public que celui des fichiers",
        "Produire à nouveau le dossier pour le public voulu.";
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A secondary location with its own message ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub loc: Loc,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub loc: Option<Loc>,
    pub help: Option<String>,
    pub notes: Vec<Note>,
}

impl Diagnostic {
    pub fn new(code: Code, loc: impl Into<Option<Loc>>, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            loc: loc.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, loc: Loc, message: impl Into<String>) -> Self {
        self.notes.push(Note {
            loc,
            message: message.into(),
        });
        self
    }

    pub fn code_str(&self) -> String {
        format!("PBN{:03}", self.code.number())
    }
}

/// The collector every stage writes into.
#[derive(Debug, Default)]
pub struct Diags {
    pub list: Vec<Diagnostic>,
}

impl Diags {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn error(&mut self, code: Code, loc: impl Into<Option<Loc>>, message: impl Into<String>) {
        self.push(Diagnostic::new(code, loc, message));
    }

    pub fn extend(&mut self, other: Diags) {
        self.list.extend(other.list);
    }

    pub fn count(&self, sev: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == sev).count()
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// Each diagnostic's code number and line (0 when unlocated), for tests.
    #[cfg(test)]
    pub(crate) fn codes_and_lines(&self) -> Vec<(u16, u32)> {
        self.list
            .iter()
            .map(|d| (d.code.number(), d.loc.map_or(0, |l| l.line)))
            .collect()
    }

    /// Stable order for output: by file, line, column, then code; exact duplicates dropped.
    pub fn sort(&mut self) {
        self.list.sort_by(|a, b| {
            let ka = a.loc.map(|l| (l.file, l.line, l.col));
            let kb = b.loc.map(|l| (l.file, l.line, l.col));
            (ka.is_none(), ka, a.code, &a.message).cmp(&(kb.is_none(), kb, b.code, &b.message))
        });
        self.list.dedup();
    }
}

/// "did you mean `x`?" among `candidates`, when one is close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    // The word itself is no suggestion: "unknown field `remove`, did you mean `remove`?" reads as a bug.
    for c in candidates.into_iter().filter(|c| *c != word) {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_word_itself_is_never_suggested() {
        assert_eq!(did_you_mean("remove", ["remove"]), None);
        assert_eq!(
            did_you_mean("remove", ["remove", "removes"]).as_deref(),
            Some("did you mean `removes`?")
        );
        assert_eq!(
            did_you_mean("samu-inconnu", ["samu", "samu-inconu"]).as_deref(),
            Some("did you mean `samu-inconu`?")
        );
    }

    #[test]
    fn codes_are_unique_and_described() {
        let nums: BTreeSet<u16> = Code::ALL.iter().map(|c| c.number()).collect();
        assert_eq!(nums.len(), Code::ALL.len(), "two codes share a number");
        for c in Code::ALL {
            assert!(!c.description().is_empty());
            assert!(c.number() > 0 && c.number() < 1000);
        }
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            did_you_mean("audiance", ["audience", "steps"]).as_deref(),
            Some("did you mean `audience`?")
        );
        assert_eq!(did_you_mean("zzz", ["audience"]), None);
    }
}

#[cfg(test)]
mod doc_tests {
    use super::Code;

    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../../docs/diagnostics.md");
        for c in Code::ALL {
            let row = format!(
                "| PBN{:03} | {} | {} |",
                c.number(),
                c.severity().as_str(),
                c.description()
            );
            assert!(
                doc.contains(&row),
                "docs/diagnostics.md lacks {row}: add the row for {c:?}"
            );
            let fr = format!(
                "| PBN{:03} | {} | {} |",
                c.number(),
                c.title_fr(),
                c.help_fr()
            );
            assert!(
                doc.contains(&fr),
                "docs/diagnostics.md lacks the French row {fr}: add it for {c:?}"
            );
        }
    }

    /// Letters quote these lines as they are: a French title starts lower-case (it follows `PBN003 — `),
    /// the help is a sentence, and neither carries Markdown marks or a command line.
    #[test]
    fn every_code_has_french_words_for_letters() {
        for c in Code::ALL {
            let (t, h) = (c.title_fr(), c.help_fr());
            assert!(
                !t.is_empty() && !h.is_empty(),
                "{c:?} lacks its French words"
            );
            assert!(
                t.chars().next().is_some_and(char::is_lowercase),
                "{c:?}: {t}"
            );
            assert!(
                h.chars().next().is_some_and(char::is_uppercase),
                "{c:?}: {h}"
            );
            assert!(h.ends_with('.'), "{c:?}: {h}");
            for s in [t, h] {
                assert!(!s.contains('`') && !s.contains("**"), "{c:?}: {s}");
                assert!(!s.contains("pbn "), "{c:?} names a command: {s}");
                assert_ne!(s, c.description(), "{c:?} is not translated");
            }
        }
    }
}
