//! The reviewer rules' titles and fixes in French, for letters to French-speaking establishments (the rules
//! define them in English in `crate::rules`); a test checks that every rule has its French text. The findings'
//! own messages are French already (`crate::rules::Msg`).

/// `(title, fix)` of a rule in French.
pub fn rule(id: &str) -> Option<(&'static str, &'static str)> {
    RULES.iter().find(|r| r.0 == id).map(|r| (r.1, r.2))
}

const RULES: &[(&str, &str, &str)] = &[
    (
        "FINESS-KEY",
        "Les numéros FINESS de l'établissement sont valides",
        "Recopier depuis le répertoire FINESS le numéro de l'entité juridique (finess_ej) et celui de chaque \
         site (finess_et), entre guillemets pour conserver les zéros de tête.",
    ),
    (
        "PLAN-APPROVAL",
        "Cette version du plan a été adoptée après les avis des instances, et le conseil de surveillance \
         informé",
        "Indiquer dans approval la date d'adoption (adopted_on), la version adoptée (version : la même que \
         plan.version dans pbn.yaml, car des avis rendus sur une version antérieure ne valent pas pour \
         celle-ci), la date de chaque avis (opinions: {directoire, cme, cse} ; pas de directoire pour un \
         établissement privé, sector: private), chaque avis étant antérieur ou égal à l'adoption, et la \
         date à laquelle l'instance a été informée (informed: {conseil_surveillance: DATE}, ou \
         conseil_administration pour un établissement privé).",
    ),
    (
        "PLAN-REVIEW-12M",
        "Le plan a été adopté ou révisé au cours des 12 derniers mois",
        "Réviser le plan, le faire adopter de nouveau et mettre à jour approval (adopted_on, next_review).",
    ),
    (
        "CELL-DEPUTY",
        "Chaque poste de la cellule de crise a un titulaire et un suppléant",
        "Donner à chaque membre de crisis_cell.members un titulaire (holder) et un suppléant (deputy) \
         différent, désignés par leur identifiant de contact.",
    ),
    (
        "TRAINING-PLAN",
        "Le personnel est formé : un plan de formation et une session dans les 12 derniers mois",
        "Décrire le plan de formation dans training.plan et enregistrer chaque session dans \
         training.sessions (date, public, thème).",
    ),
    (
        "CONTACT-247-CORE",
        "Directeur de garde, astreinte informatique, DSI et RSSI joignables 24 h/24 hors du SI de \
         l'établissement",
        "Pour chaque rôle, donner à au moins un titulaire un moyen vocal (téléphone, mobile, radio, \
         satellite) h24: true et independent_of_is: true (un mobile chez un autre opérateur, une radio), ou \
         un suppléant qui en dispose et ne tient pas d'autre rôle essentiel ; un courriel ou une adresse web \
         ne comptent pas.",
    ),
    (
        "CONTACT-EXT-MIN",
        "Les contacts extérieurs d'une crise cyber figurent dans l'annuaire",
        "Compléter les emplacements nationaux de contacts.yaml (même identifiant : ars, cert-sante, cnil, \
         police-gendarmerie avec l'unité locale, assureur, samu, et efs en cas de transfusion), conserver \
         l'adresse du portail https://signalement.social-sante.gouv.fr, désigner un DPO (roles: [dpo]) et \
         donner à chaque application critique un contact éditeur (vendor).",
    ),
    (
        "CONTACT-FRESH",
        "Chaque contact a été vérifié récemment",
        "Appeler chaque contact, corriger les numéros et mettre à jour sa date verified_on.",
    ),
    (
        "STEP-SIGNAL",
        "L'incident est signalé sans délai sur le portail national",
        "Conserver l'obligation nationale signalement-portail (délai immediate, avec ses étapes) et confier \
         son rôle de déclarant à un contact.",
    ),
    (
        "STEP-CNIL-72H",
        "La CNIL est notifiée dans les 72 h",
        "Conserver l'obligation nationale notification-cnil (délai de 72 h au plus, une étape de \
         notification dans les 72 h) et confier le rôle dpo à un contact.",
    ),
    (
        "STEP-PLAINTE-72H",
        "Une plainte est déposée dans les 72 h, avant toute réinstallation",
        "Conserver l'obligation nationale depot-plainte (délai de 72 h au plus, une étape de dépôt dans les \
         72 h, une étape qui préserve les preuves et interdit de réinstaller avant la plainte).",
    ),
    (
        "STEP-NIS",
        "Entité NIS 2 : alerte précoce sous 24 h, notification sous 72 h, rapport final sous 1 mois",
        "Conserver l'obligation nationale alerte-nis2 avec des étapes datées à 24 h, 72 h et 30 jours, et \
         compléter le contact anssi.",
    ),
    (
        "NO-RANSOM",
        "Les réflexes disent de ne jamais payer de rançon",
        "Conserver « Ne jamais payer de rançon » dans la liste never de premiers-gestes (un patch de never \
         remplace toute la liste), ou l'écrire dans un autre réflexe.",
    ),
    (
        "MAIN-COURANTE-FIRST",
        "Le premier réflexe ouvre la main courante",
        "Donner au premier réflexe (order le plus bas, normalement premiers-gestes) une étape qui ouvre la \
         main courante sur papier.",
    ),
    (
        "COMMS-TEMPLATES",
        "Des modèles de message pour le personnel, la presse et les patients",
        "Conserver ou adapter les messages nationaux (message-personnel, message-presse, message-patients), \
         ou écrire des fragments kind: message pour ces publics.",
    ),
    (
        "DEGRADED-COMPLETE",
        "Chaque application critique a une procédure de mode dégradé complète",
        "Citer l'application dans applications d'une procédure adaptée par l'établissement, avec owner, \
         activation, max_downtime, rto, rpo, un paper_kit non vide, et ses propres catch_up (comment les \
         données sont ressaisies) et lifting (qui met fin au mode dégradé, selon quel critère) : le texte \
         générique du modèle national ne compte pas.",
    ),
    (
        "FUNCTION-COVERAGE",
        "Chaque fonction vitale ou essentielle a une procédure de mode dégradé adaptée",
        "Adapter le modèle national de la fonction avec override: patch (au moins owner, activation et \
         paper_kit), ou écrire une procédure locale avec function: ID ; déclarer urgences, reanimation, \
         maternite et transfusion en criticality: vital.",
    ),
    (
        "RTO-FITS",
        "Les délais de reprise tiennent dans l'interruption tolérable, ou une procédure couvre l'écart",
        "Réduire le rto de l'application, ou adapter une procédure pour la fonction qu'elle sert.",
    ),
    (
        "BACKUP-OFFLINE",
        "Des sauvegardes hors ligne, restaurées lors d'un test dans les 12 derniers mois",
        "Conserver une copie hors ligne ou immuable (backups.offline: true) et réaliser un test de \
         restauration, enregistré dans backups.last_restore_test.",
    ),
    (
        "EXERCISE-12M",
        "Un exercice de crise cyber avec la direction et les services de soins dans les 12 derniers mois",
        "Organiser un exercice de crise cyber (sur table ou fonctionnel : rançongiciel, compromission du \
         SI…) avec la direction et au moins un service de soins, et l'enregistrer dans exercises.yaml avec \
         son scenario et participants: [direction, urgences, …].",
    ),
    (
        "EXERCISE-RETEX",
        "Chaque constat d'exercice a une action, un responsable et une échéance",
        "Donner à chaque constat de exercises.yaml une action, un responsable (owner : contact ou rôle) et \
         une échéance (due).",
    ),
    (
        "ROLE-HOLDER",
        "Chaque rôle auquel le plan confie une tâche a un titulaire",
        "Ajouter le rôle aux roles du contact qui le tient dans contacts.yaml, ou désigner le titulaire \
         (holder) du poste dans crisis_cell.members.",
    ),
    (
        "ROLE-OVERLOAD",
        "Personne ne tient ni ne supplée trois postes ou plus de la cellule de crise",
        "Répartir les titulaires (holder) et suppléants (deputy) de crisis_cell.members sur davantage de \
         personnes.",
    ),
    (
        "DEGRADED-NO-IT",
        "Aucune étape d'une procédure de mode dégradé n'a besoin du système d'information",
        "Réécrire l'étape pour qu'elle se fasse sur papier ou par téléphone (et retirer needs_it: true), ou \
         la reporter au rattrapage, une fois le SI rétabli (catch_up).",
    ),
    (
        "PLACEHOLDERS",
        "Il ne reste rien à compléter de ce que le modèle initial ou le socle national ont laissé ouvert",
        "Remplacer chaque valeur signalée (« À COMPLÉTER », numéro d'exemple, FINESS d'exemple, emplacement \
         national de contact) par celle de l'établissement.",
    ),
    (
        "REGIME-DECLARED",
        "L'établissement déclare son régime réglementaire",
        "Écrire regime: dans establishment.yaml : une liste parmi ose, oiv, nis2-essentielle, \
         nis2-importante, ou [aucun] (nis2_entity: true seul est l'ancienne forme).",
    ),
    (
        "PLAN-SECTIONS-R3131",
        "Le plan comporte les six contenus de l'article R3131-10 II",
        "Compléter ce que le constat désigne : crisis_cell (membres avec titulaires, salle), réflexes et \
         obligations, procédures de mode dégradé adaptées et backups, le déclenchement et la levée \
         (sortie-de-crise, lifting des procédures), resources (quoi, où, détenteur) et training.plan.",
    ),
    (
        "CARE-D2-SCOPE",
        "CaRE domaine 2 : des plans de continuité pour un service de soins majeur, un processus \
         administratif et un plateau technique",
        "Déclarer les fonctions concernées dans establishment.yaml (un service de soins vital ou essentiel) \
         et adapter une procédure de mode dégradé pour chacun des trois types (override: patch du modèle \
         national, avec owner, activation et paper_kit).",
    ),
    (
        "CARE-D2-TEST",
        "CaRE domaine 2 : l'un de ces plans de continuité testé, un calendrier de tests pour les autres",
        "Enregistrer l'exercice qui a testé la procédure (procedures_tested dans exercises.yaml) et, pour \
         les autres, un exercice prévu, à une date future, qui les cite dans procedures_tested.",
    ),
    (
        "PORTAL-DELEGATION",
        "Une délégation signée permet à une autre personne de faire le signalement sur le portail",
        "Enregistrer portal_delegation: {to: IDENTIFIANT-DU-CONTACT, signed_on: DATE} dans establishment, en \
         désignant un contact joignable autre que le directeur.",
    ),
    (
        "CELL-ROOMS",
        "La cellule de crise a une salle et une salle de repli distincte",
        "Indiquer crisis_cell.room et une crisis_cell.fallback_room différente (bâtiment et nom de la \
         salle).",
    ),
];

#[cfg(test)]
mod tests {
    /// Every rule has its French title and fix: a letter to a French establishment never falls back to English.
    #[test]
    fn every_rule_is_in_french() {
        for r in crate::rules::ALL {
            let (title, fix) =
                super::rule(r.id).unwrap_or_else(|| panic!("{} has no French text", r.id));
            assert!(!title.is_empty() && !fix.is_empty(), "{}", r.id);
        }
    }
}
