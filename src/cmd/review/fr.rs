//! The reviewer rules' titles and fixes in French, for letters to French-speaking establishments (the rules
//! define them in English in `crate::rules`). A rule missing here keeps its English text.

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
        "Le plan a été adopté après les avis du directoire, de la CME et du CSE",
        "Indiquer dans approval la date d'adoption (adopted_on) et la date de chaque avis (opinions : \
         directoire, cme, cse), chaque avis étant antérieur ou égal à l'adoption.",
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
        "Pour chaque rôle, donner à au moins un titulaire un moyen de contact h24: true et \
         independent_of_is: true (un mobile chez un autre opérateur, une radio), ou ajouter ce rôle \
         (roles) à un contact qui en dispose.",
    ),
    (
        "CONTACT-EXT-MIN",
        "Les contacts extérieurs d'une crise cyber figurent dans l'annuaire",
        "Compléter les emplacements nationaux de contacts.yaml (même identifiant : ars, cert-sante, cnil, \
         police-gendarmerie, assureur, samu), désigner un DPO (roles: [dpo]) et donner à chaque application \
         critique un contact éditeur (vendor).",
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
         activation, max_downtime, rto, rpo, un paper_kit non vide et catch_up.",
    ),
    (
        "FUNCTION-COVERAGE",
        "Chaque fonction vitale ou essentielle a une procédure de mode dégradé adaptée",
        "Adapter le modèle national de la fonction avec override: patch (au moins owner, activation et \
         paper_kit), ou écrire une procédure locale avec function: ID.",
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
        "Un exercice avec la direction et les services de soins dans les 12 derniers mois",
        "Organiser un exercice (sur table ou fonctionnel) avec la direction et au moins un service de soins \
         ou métier, et l'enregistrer dans exercises.yaml avec participants: [direction, ID-DE-FONCTION, …].",
    ),
    (
        "EXERCISE-RETEX",
        "Chaque constat d'exercice a une action, un responsable et une échéance",
        "Donner à chaque constat de exercises.yaml une action, un responsable (owner : contact ou rôle) et \
         une échéance (due).",
    ),
];
