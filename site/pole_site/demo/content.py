"""The demo content, as plain data: the seeds' words, fictional people, places and organisations.

The seeds' action titles are verbatim; in their prose, four grammar slips are corrected.

Dates are offsets in days from the day the demo is loaded, so the agenda always has upcoming
events and the chantiers a plausible history. People, organisations and places are fictional;
e-mail addresses use example.org and phone numbers the ranges reserved for fiction.
"""

# The tables below are laid out by hand, one row per line or two.
# fmt: off

SITE_NAME = "Pôle démo"

NETWORK = {
    "organisation_name": "Pôle démo — réseau coopératif (données de démonstration)",
    "contact_email": "contact@example.org",
    "phone": "02 61 91 00 00",
    "address": "Maison des réseaux\n12 rue de la Coopération\n44000 Nantes",
    "accessibility_status": "partially_compliant",
}

# The accessibility statement the footer links to, in the RGAA's model: (heading, rich text) sections.
ACCESSIBILITY_STATEMENT = {
    "slug": "declaration-accessibilite",
    "title": "Déclaration d'accessibilité",
    "intro": "Pôle démo s'engage à rendre son site internet accessible conformément à l'article 47 de la "
             "loi n° 2005-102 du 11 février 2005.",
    "sections": [
        ("État de conformité",
         "<p>Le site Pôle démo est <b>partiellement conforme</b> avec le référentiel général d'amélioration "
         "de l'accessibilité (RGAA), version 4.1.2, en raison des non-conformités énumérées ci-dessous.</p>"),
        ("Résultats des tests",
         "<p>L'audit de conformité réalisé en interne révèle que 81 % des critères du RGAA version 4.1.2 "
         "sont respectés.</p>"),
        ("Contenus non accessibles",
         "<ul><li>La carte des lieux ne se parcourt pas au clavier ; la liste placée sous la carte donne "
         "les mêmes lieux et leurs adresses.</li>"
         "<li>Certains documents PDF des ressources ne sont pas balisés ; une version accessible est "
         "envoyée sur demande.</li>"
         "<li>Des vidéos intégrées depuis d'autres sites n'ont pas de sous-titres.</li></ul>"),
        ("Établissement de cette déclaration",
         "<p>Cette déclaration a été établie le 1er septembre 2025, après un audit réalisé avec "
         "NVDA et Firefox, VoiceOver et Safari, sur les pages d'accueil, des chantiers, de l'agenda, de la "
         "carte et des formulaires.</p>"),
        ("Retour d'information et contact",
         "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous à "
         '<a href="mailto:contact@example.org">contact@example.org</a> : nous vous orienterons vers une '
         "alternative accessible ou vous enverrons le contenu sous une autre forme.</p>"),
        ("Voies de recours",
         "<p>Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou "
         "à un service et n'avez pas obtenu de réponse satisfaisante, vous pouvez écrire au Défenseur des "
         "droits, contacter son délégué ou sa déléguée dans votre région, ou lui envoyer un courrier "
         "gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"),
    ],
}

ADMIN_EMAIL = "admin@example.org"

# The five steps of a chantier, in the first seed's words.
CHANTIER_STEPS = {
    "heading": "Comment ça fonctionne ?",
    "steps": [
        (
            "Les adhérent·es proposent",
            "<p>Les adhérent·es soumettent les thématiques sur lesquelles ils et elles aimeraient travailler. "
            "(Des temps de consultation sont régulièrement organisés pour collecter les besoins)</p>",
        ),
        (
            "Le CA valide",
            "<p>Le CA valide la création du chantier et veille à ce qu’il s’inscrive dans les grandes missions "
            "assignées au Pôle. Un·e co-président·e est nommé·e référent·e, des membres du CA peuvent également "
            "s'impliquer. Les chantiers peuvent être à géométrie variable (en fonction des thématiques, des "
            "moyens humains et financiers disponibles)</p>",
        ),
        (
            "Appel à participation",
            "<p>Un appel à participation est lancé afin de constituer un groupe de travail auprès des "
            "adhérent·es qui souhaitent s'impliquer sur le sujet pour l'ensemble de la filière et monter en "
            "compétence.</p>",
        ),
        (
            "Première réunion du groupe de travail",
            "<p>Lors de la première réunion du groupe de travail sont déterminés :</p><ul>"
            "<li>les objectifs assignés au chantier en définissant les priorités</li>"
            "<li>les résultats attendus</li>"
            "<li>les livrables (à prioriser en fonction des priorités définies pour les objectifs)</li>"
            "<li>la durée, le nombre et le calendrier des réunions ainsi que la répartition des missions "
            "(entre les adhérents, le ou les membres du CA et le salarié référent)</li></ul>",
        ),
        (
            "Restitution",
            "<p>Le groupe de travail restitue ses travaux auprès des adhérents et émet des préconisations "
            "pour la filière.</p>",
        ),
    ],
}

CHANTIERS_DEFINITION = (
    "Les chantiers thématiques sont des espaces de travail composés d’adhérent·es, d’un co-président et "
    "de l’équipe salariée du Pôle et visent à résoudre une problématique identifiée par les adhérent·es."
)

# Axes: (slug, name, colour, description). The six action axes of the second seed come first,
# then the five kinds of work of the first seed.
AXES = [
    ("mailler-le-territoire", "Mailler le territoire et animer le réseau", "#1f6f8b",
     "Aller à la rencontre des lieux et des territoires, faire vivre la communauté."),
    ("mutualiser-les-ressources", "Mutualiser les ressources", "#2f855a",
     "Recenser, rendre visibles et partager les ressources des lieux, avec des conditions d'accès claires."),
    ("communiquer", "Communiquer et développer la visibilité", "#c05621",
     "Faire connaître le réseau, ses lieux et ses travaux."),
    ("accompagner", "Accompagner les porteurs de projets, les entreprises et les communes", "#6b46c1",
     "Accompagnements pair à pair, hotline, apéros et binômes avec les structures « Starter »."),
    ("former", "Former et favoriser la pérennité des lieux", "#b7791f",
     "Formations pair à pair et communs pédagogiques pour que les lieux durent."),
    ("gerer-association", "Gérer l’association", "#4a5568",
     "Outils comptables, budgétaires et juridiques partagés, relations avec les partenaires financiers."),
    ("observation", "Observation", "#2b6cb0",
     "Production d’états des lieux et de données sur la thématique concernée (observation) à destination "
     "des adhérents, de la filière et des pouvoirs publics."),
    ("ressources", "Ressources", "#319795",
     "Mise à disposition de ressources sur la thématique concernée à destination des adhérents, de la "
     "filière et des pouvoirs publics"),
    ("echanges-preconisations", "Échanges et préconisations", "#b83280",
     "Échanges et réflexion multisectoriels donnant lieu à des préconisations à destination des "
     "adhérents, de la filière et des pouvoirs publics."),
    ("plan-action", "Plan d’action", "#dd6b20",
     "Élaboration d’un plan d’action à destination de l’ensemble des adhérents : organisation de "
     "rencontres professionnelles, mise en place de temps de coopération entre les adhérents (temps "
     "d’échanges de pratiques et de dispositifs de partage de savoir-faire, mentorat, co-développement), "
     "temps de sensibilisation ou de formation, visite de lieux…"),
    ("mutualisation", "Mutualisation", "#38a169",
     "Mutualisation et mise en place de projets communs entre les adhérents"),
]

# Organisations: (name, kind, city, territory, membership year or None for a partner, website, description)
ORGANISATIONS = [
    ("Compagnie du Grand Large", "association", "Nantes", "Loire-Atlantique", 2016, "",
     "Compagnie de théâtre itinérant qui joue dans les salles comme sur les places de village."),
    ("Théâtre de l'Estuaire", "association", "Saint-Nazaire", "Loire-Atlantique", 2015, "",
     "Scène pluridisciplinaire de l'estuaire, lieu de résidence pour les équipes émergentes."),
    ("Collectif Ondes Vives", "association", "Angers", "Maine-et-Loire", 2019, "",
     "Collectif de musicien·nes et de technicien·nes qui mutualise un lieu de répétition."),
    ("Scènes du Maine", "association", "Le Mans", "Sarthe", 2018, "",
     "Réseau de diffusion du spectacle vivant en milieu rural sarthois."),
    ("La Grange aux Arts", "association", "Cholet", "Maine-et-Loire", 2021, "",
     "Tiers-lieu culturel installé dans une ancienne ferme, résidences et ateliers ouverts."),
    ("Coopérative Emploi Culture Ouest", "cooperative", "Nantes", "Loire-Atlantique", 2017,
     "https://example.org/cooperative-emploi-culture-ouest",
     "Groupement d'employeurs coopératif : postes d'administration et de régie partagés entre structures."),
    ("Les Ateliers du Canal", "association", "Roubaix", "Métropole européenne de Lille", 2020, "",
     "Tiers-lieu culturel et atelier partagé au bord du canal de Roubaix."),
    ("La Filature Partagée", "cooperative", "Tourcoing", "Métropole européenne de Lille", 2019,
     "https://example.org/la-filature-partagee",
     "SCIC qui fait revivre une ancienne filature : coworking, ateliers et salle d'événements."),
    ("Fab'Ascq", "association", "Villeneuve-d'Ascq", "Métropole européenne de Lille", 2021, "",
     "Fablab associatif ouvert aux habitant·es, aux étudiant·es et aux entreprises."),
    ("Le Jardin des Communs", "association", "Lille", "Métropole européenne de Lille", 2022, "",
     "Tiers-lieu nourricier : jardin partagé, cuisine collective et marché de producteurs."),
    ("Coworking des Flandres", "company", "Lille", "Métropole européenne de Lille", 2023, "",
     "Espace de travail partagé pour indépendant·es et petites équipes."),
    ("Fondation Territoires Solidaires", "other", "Lille", "Hauts-de-France", None, "",
     "Fondation partenaire qui soutient les projets de coopération territoriale."),
    ("Agence culturelle de l'Ouest", "public_body", "Nantes", "Pays de la Loire", None, "",
     "Agence publique d'ingénierie culturelle, partenaire des chantiers d'observation."),
    ("Réseau des Tiers-Lieux du Nord", "network", "Lille", "Hauts-de-France", None, "",
     "Réseau régional partenaire : mise en relation, formation et plaidoyer."),
    ("Communauté de communes Vallée et Coteaux", "public_body", "Clisson", "Loire-Atlantique", None, "",
     "Collectivité partenaire qui accueille des tiers-lieux en projet sur son territoire."),
]

# People: (first name, last name, roles, displayed title, organisation, bio, consent, e-mail public, phone)
PEOPLE = [
    ("Claire", "Bodin", ["co_president", "board_member"],
     "Co-présidente, référente du chantier mutualisation de l’emploi", "Compagnie du Grand Large",
     "Administratrice de compagnie depuis quinze ans, elle a monté le premier poste partagé du réseau.",
     True, False, ""),
    ("Karim", "Haddad", ["co_president", "board_member"], "Co-président, référent du chantier mobilité",
     "Scènes du Maine", "Programmateur en milieu rural, il défend la circulation des œuvres et des publics.",
     True, False, ""),
    ("Sophie", "Lemaire", ["board_member"], "Membre du CA", "Théâtre de l'Estuaire",
     "Directrice d'un lieu de résidence, attentive aux conditions d'accueil des équipes.", True, False, ""),
    ("Julien", "Marchand", ["board_member"], "Membre du CA, trésorier", "Collectif Ondes Vives",
     "Musicien et régisseur, il suit les finances du réseau.", True, False, ""),
    ("Nadia", "Benali", ["board_member"], "Membre du CA, référente tiers-lieux", "Les Ateliers du Canal",
     "Cofondatrice d'un tiers-lieu roubaisien, elle anime les meet-up de la communauté.", True, False, ""),
    ("Thomas", "Guérin", ["board_member"], "Membre du CA", "La Filature Partagée",
     "Gérant de SCIC, il porte les questions de modèle économique des lieux.", True, False, ""),
    ("Élise", "Fontaine", ["board_member"], "Membre du CA", "La Grange aux Arts",
     "Médiatrice culturelle en milieu rural.", False, False, ""),
    ("Camille", "Roussel", ["staff"], "Coordinatrice du réseau", None,
     "Elle coordonne l'équipe salariée et accompagne les chantiers tiers-lieux.", True, True, "02 61 91 12 34"),
    ("Hugo", "Perrin", ["staff"], "Chargé de mission chantiers et ressources", None,
     "Il anime les groupes de travail et tient le centre de ressources à jour.", True, True, "02 61 91 12 35"),
    ("Léa", "Morvan", ["staff"], "Chargée de communication", None,
     "Elle fait vivre le site, la lettre d'information et l'événement annuel.", True, False, ""),
    ("Antoine", "Le Gall", ["contributor"], "Administrateur de production mutualisé",
     "Coopérative Emploi Culture Ouest",
     "Il partage son temps entre trois compagnies adhérentes.", True, False, ""),
    ("Inès", "Carvalho", ["contributor"], "Fabmanageuse", "Fab'Ascq",
     "Elle forme les nouveaux lieux à l'animation d'un atelier de fabrication.", True, False, ""),
    ("Mathieu", "Delattre", ["contributor"], "Facilitateur de tiers-lieu", "Les Ateliers du Canal",
     "Il accompagne les porteurs de projets lors de leurs premiers pas.", True, False, ""),
    ("Fatou", "Diallo", ["contributor"], "Animatrice du jardin partagé", "Le Jardin des Communs",
     "Elle organise les apéros tiers-lieux et les visites du jardin.", True, False, ""),
    ("Pierre", "Vasseur", ["contributor"], "Gérant", "Coworking des Flandres",
     "Gérant d'un espace de coworking lillois.", False, False, ""),
    ("Aurélie", "Dupuis", ["contributor"], "Chargée d'accompagnement", "La Filature Partagée",
     "Elle tient la hotline des tiers-lieux et suit les binômes « Starter ».", True, False, ""),
    ("Yann", "Kerbrat", ["contributor"], "Régisseur général", "Théâtre de l'Estuaire",
     "Il gère le parc de matériel scénique partagé entre adhérent·es.", True, False, ""),
    ("Manon", "Leroy", ["contributor"], "Chargée de diffusion", "Collectif Ondes Vives",
     "Elle travaille sur la mobilité des équipes et des publics.", True, False, ""),
    ("Bastien", "Caron", ["contributor"], "Administrateur", "Scènes du Maine",
     "Il pilote le groupe de travail du chantier mobilité.", True, False, ""),
    ("Chloé", "Vermeersch", ["contributor"], "Comptable bénévole", "Les Ateliers du Canal",
     "Elle aide les lieux à tenir leur comptabilité.", False, False, ""),
]

# Places: (name, kind, status, street address, postal code, city, latitude, longitude, labels,
# organisation, description). The region follows from the postal code.
PLACES = [
    ("La Scène du Port", "venue", "open", "8 quai des Antilles", "44200", "Nantes", 47.2008, -1.5732, [],
     None, "Salle de spectacle de 400 places sur l'île de Nantes."),
    ("La Halle Créative", "cultural", "open", "21 rue de la Tour-d'Auvergne", "44200", "Nantes", 47.2065, -1.5524,
     [], "Compagnie du Grand Large",
     "Ancienne halle industrielle : ateliers de fabrication et studios de répétition."),
    ("Atelier Partagé de Chantenay", "shared_workshop", "open", "5 rue des Tisserands", "44100", "Nantes",
     47.2021, -1.5987, [], None, "Atelier de construction de décors ouvert aux compagnies."),
    ("Coworking Talensac", "coworking", "open", "14 rue Talensac", "44000", "Nantes", 47.2221, -1.5603, [],
     None, "Bureaux partagés pour les administrateur·rices du spectacle vivant."),
    ("La Cuisine Commune de Malakoff", "shared_kitchen", "open", "3 place des Lauriers", "44000", "Nantes",
     47.2127, -1.5283, [], None, "Cuisine partagée et cantine de quartier."),
    ("Studio des Bourderies", "venue", "project", "2 allée des Bourderies", "44800", "Saint-Herblain", 47.2183,
     -1.6441, [], None, "Futur studio de création, ouverture prévue l'an prochain."),
    ("La Fabrique à Jardins", "food_growing", "open", "40 rue de la Classerie", "44400", "Rezé", 47.1848,
     -1.5562, [], None, "Jardin maraîcher partagé et ateliers de cuisine."),
    ("Théâtre de l'Estuaire", "venue", "open", "1 boulevard de la Légion-d'Honneur", "44600", "Saint-Nazaire",
     47.2748, -2.2113, [], "Théâtre de l'Estuaire", "Scène pluridisciplinaire et lieu de résidence."),
    ("Les Docks Partagés", "cultural", "open", "17 rue des Halles", "44600", "Saint-Nazaire", 47.2791, -2.2031,
     ["Fabrique de territoire"], None, "Tiers-lieu culturel du port : ateliers, concerts et café associatif."),
    ("Le Chai Collectif", "cultural", "open", "9 rue Saint-Nicolas", "49100", "Angers", 47.4702, -0.5541, [],
     "Collectif Ondes Vives", "Ancien chai devenu lieu de répétition et de concerts."),
    ("Fablab de la Doutre", "fablab", "open", "26 rue Beaurepaire", "49100", "Angers", 47.4758, -0.5632, [],
     None, "Fablab de quartier : impression 3D, découpe laser, réparation."),
    ("Salle des Ardoisières", "venue", "open", "12 rue Jean-Jaurès", "49800", "Trélazé", 47.4461, -0.4652, [],
     None, "Salle polyvalente de 600 places, accueille l'assemblée générale du réseau."),
    ("Les Caves Partagées", "shared_workshop", "open", "4 rue des Caves", "49400", "Saumur", 47.2582, -0.0768,
     [], None, "Ateliers d'artisans et d'artistes dans des caves troglodytes."),
    ("La Grange aux Arts", "cultural", "open", "Lieu-dit La Grange", "49300", "Cholet", 47.0612, -0.8791,
     ["Fabrique de territoire"], "La Grange aux Arts",
     "Tiers-lieu culturel en milieu rural, résidences et ateliers."),
    ("Le Plateau du Maine", "venue", "open", "30 rue de la Mariette", "72000", "Le Mans", 48.0082, 0.1979, [],
     "Scènes du Maine", "Salle de spectacle et bureau du réseau de diffusion rurale."),
    ("Coworking de la Visitation", "coworking", "open", "6 place de la République", "72000", "Le Mans",
     48.0031, 0.1962, [], None, "Espace de coworking du centre-ville."),
    ("Le Garage Numérique", "living_lab", "open", "55 avenue Bollée", "72100", "Le Mans", 47.9893, 0.2128, [],
     None, "Living lab des usages numériques dans la culture."),
    ("La Ferme des Possibles", "food_growing", "project", "La Petite Métairie", "72200", "La Flèche", 47.6988,
     -0.0802, [], None, "Projet de ferme-tiers-lieu : maraîchage, accueil d'artistes et cantine paysanne."),
    ("Le Moulin Numérique", "fablab", "open", "18 quai Béatrix-de-Gâvre", "53000", "Laval", 48.0712, -0.7698,
     [], None, "Fablab installé dans un ancien moulin au bord de la Mayenne."),
    ("La Cantine Lavalloise", "shared_kitchen", "open", "7 rue du Val-de-Mayenne", "53000", "Laval", 48.0679,
     -0.7652, [], None, "Cuisine partagée pour les traiteurs et associations."),
    ("Le Relais des Arts", "cultural", "open", "11 rue Garnier", "53200", "Château-Gontier", 47.8288, -0.7019,
     [], None, "Ancien relais de poste devenu lieu de résidence."),
    ("La Fabrique Yonnaise", "cultural", "open", "24 rue Paul-Baudry", "85000", "La Roche-sur-Yon", 46.6703,
     -1.4269, [], None, "Tiers-lieu culturel : ateliers, salle de répétition et café."),
    ("Coworking du Bourg", "coworking", "closed", "3 place Napoléon", "85000", "La Roche-sur-Yon", 46.6752,
     -1.4301, [], None, "Espace de coworking fermé depuis le printemps."),
    ("Le Manège d'Ancenis", "venue", "open", "2 rue du Château", "44150", "Ancenis", 47.3659, -1.1768, [],
     None, "Salle de spectacle dans un ancien manège."),
    ("L'Escale Clissonnaise", "cultural", "project", "10 rue de la Vallée", "44190", "Clisson", 47.0868,
     -1.2818, [], "Communauté de communes Vallée et Coteaux",
     "Tiers-lieu en projet porté par la communauté de communes."),
    ("Le Grenier Partagé", "shared_workshop", "open", "15 rue de Couëré", "44110", "Châteaubriant", 47.7169,
     -1.3758, [], None, "Atelier partagé de menuiserie et de couture."),
    ("Les Ateliers du Canal", "cultural", "open", "92 quai de Gand", "59100", "Roubaix", 50.6904, 3.1702,
     ["Starter"], "Les Ateliers du Canal", "Tiers-lieu culturel et atelier partagé au bord du canal."),
    ("La Filature Partagée", "coworking", "open", "120 rue de Lille", "59200", "Tourcoing", 50.7227, 3.1598,
     ["Starter"], "La Filature Partagée",
     "Coworking, ateliers et salle d'événements dans une ancienne filature."),
    ("Fab'Ascq", "fablab", "open", "4 rue Trudaine", "59650", "Villeneuve-d'Ascq", 50.6232, 3.1441,
     ["Starter"], "Fab'Ascq", "Fablab associatif ouvert à toutes et tous."),
    ("Le Jardin des Communs", "food_growing", "open", "35 rue d'Arras", "59000", "Lille", 50.6198, 3.0702, [],
     "Le Jardin des Communs", "Jardin partagé, cuisine collective et marché de producteurs."),
    ("Coworking des Flandres", "coworking", "open", "8 rue Faidherbe", "59800", "Lille", 50.6369, 3.0679, [],
     "Coworking des Flandres", "Espace de travail partagé en centre-ville."),
    ("La Cuisine de Fives", "shared_kitchen", "open", "52 rue Pierre-Legrand", "59800", "Lille", 50.6331,
     3.0882, ["Starter"], None, "Cuisine partagée pour les porteurs de projets alimentaires."),
    ("Le Living Lab de Lomme", "living_lab", "open", "201 avenue de Dunkerque", "59160", "Lomme", 50.6438,
     2.9881, [], None, "Laboratoire d'usages autour de la santé et du bien vieillir."),
    ("L'Atelier Vélo d'Hellemmes", "shared_workshop", "open", "6 rue Roger-Salengro", "59260", "Hellemmes",
     50.6272, 3.1098, [], None, "Atelier d'autoréparation de vélos."),
    ("La Tricoterie Wattrelosienne", "cultural", "project", "14 rue Carnot", "59150", "Wattrelos", 50.7018,
     3.2139, [], None, "Projet de tiers-lieu textile et culturel."),
    ("Le Préau de Croix", "cultural", "open", "3 rue Jean-Jaurès", "59170", "Croix", 50.6779, 3.1491, [],
     None, "Ancienne école devenue lieu de quartier."),
    ("La Serre Urbaine de Loos", "food_growing", "open", "22 rue du Maréchal-Foch", "59120", "Loos", 50.6131,
     3.0152, [], None, "Serre maraîchère urbaine et ateliers pédagogiques."),
    ("Le Hub de Marcq", "coworking", "open", "97 avenue Foch", "59700", "Marcq-en-Barœul", 50.6712, 3.0968,
     [], None, "Coworking et salles de réunion."),
    ("La Friche de Wasquehal", "other", "project", "1 rue de la Gare", "59290", "Wasquehal", 50.6692, 3.1302,
     [], None, "Friche industrielle en cours de reconversion."),
    ("L'Établi de Mons", "shared_workshop", "open", "41 rue du Général-de-Gaulle", "59370", "Mons-en-Barœul",
     50.6418, 3.1102, [], None, "Atelier partagé de bois et de métal."),
    ("La Maison des Communs", "other", "open", "5 avenue de l'Hippodrome", "59130", "Lambersart", 50.6502,
     3.0251, [], None, "Lieu ressource sur les communs et l'économie sociale et solidaire."),
]

REGIONS_BY_DEPARTMENT = {"44": "Pays de la Loire", "49": "Pays de la Loire", "53": "Pays de la Loire",
                         "72": "Pays de la Loire", "85": "Pays de la Loire", "59": "Hauts-de-France"}

HOME = {
    "title": "Accueil",
    "slug": "accueil",
    "intro": "Un réseau coopératif qui avance par chantiers : ses adhérent·es proposent, travaillent ensemble "
             "et restituent leurs préconisations. Site de démonstration, données fictives.",
    "heading": "Des chantiers portés par les adhérent·es",
    "paragraph": f"<p>{CHANTIERS_DEFINITION}</p>",
}

# Index and section pages under the home page, in menu order: (key, title, slug, intro).
SECTIONS = [
    ("chantiers_explained", "Les chantiers thématiques", "les-chantiers-thematiques", CHANTIERS_DEFINITION),
    ("chantiers", "Chantiers", "chantiers",
     "<p>Les chantiers thématiques, de la thématique proposée à la restitution.</p>"),
    ("resources", "Ressources", "ressources",
     "<p>États des lieux, guides, outils, formations et ressources mutualisées produits par les chantiers "
     "et mis à disposition des adhérent·es, de la filière et des pouvoirs publics.</p>"),
    ("events", "Agenda", "agenda",
     "<p>Rencontres professionnelles, meet-up, apéros tiers-lieux, formations, visites et réunions de "
     "chantier.</p>"),
    ("trombinoscope", "Trombinoscope", "trombinoscope",
     "<p>Les personnes du réseau qui ont accepté d'apparaître sur le site.</p>"),
    ("map", "Carte des lieux", "carte",
     "<p>Les tiers-lieux et lieux adhérents, ouverts ou en projet.</p>"),
]

MAP_VIEW = {"centre_latitude": "47.470000", "centre_longitude": "-0.800000", "zoom": 8}

CHANTIERS_EXPLAINED = {
    "axes_intro": "Ils peuvent s’articuler autour des axes suivants :",
    "axes": ["observation", "ressources", "echanges-preconisations", "plan-action", "mutualisation"],
    "central_heading": "Des espaces de coopération centraux pour le Pôle",
    "central_text": "<p>Définis par les statuts et le règlement intérieur de l’association, les chantiers "
                    "thématiques sont au cœur du projet associatif du Pôle.</p>",
    "document_links": [("Lire les statuts", "statuts"), ("Lire le règlement intérieur", "reglement-interieur")],
    "ongoing_heading": "Les chantiers thématiques en cours :",
    "ongoing": ["mutualisation-emploi", "mobilite"],
}

DEMO_NOTICE = "<p><strong>Texte de démonstration, sans valeur juridique.</strong></p>"

# Governance documents: slug, title, kind, version, adoption date, preamble, articles (number, title, text).
GOVERNANCE_DOCUMENTS = [
    {
        "slug": "statuts",
        "title": "Statuts",
        "kind": "statutes",
        "version": "2025-1",
        "adopted_on": "2025-06-14",
        "intro": "<p>Statuts de l'association, adoptés en assemblée générale extraordinaire.</p>",
        "articles": [
            ("1", "Dénomination", "Il est fondé entre les adhérent·es aux présents statuts une association régie "
             "par la loi du 1er juillet 1901, ayant pour titre « Pôle démo »."),
            ("2", "Objet", "L'association a pour objet de fédérer les acteurs du spectacle vivant et des "
             "tiers-lieux de son territoire, de favoriser la coopération entre ses adhérent·es et de porter leurs "
             "préconisations auprès de la filière et des pouvoirs publics."),
            ("3", "Siège social", "Le siège social est fixé à Nantes. Il peut être transféré par simple décision "
             "du conseil d'administration."),
            ("4", "Membres", "L'association se compose de membres adhérents, structures ou personnes à jour de "
             "leur cotisation, et de membres associés, partenaires sans voix délibérative."),
            ("5", "Adhésion", "L'adhésion est ouverte à toute structure qui partage l'objet de l'association. "
             "Elle est validée par le conseil d'administration et renouvelée chaque année."),
            ("6", "Conseil d'administration", "L'association est administrée par un conseil d'administration de "
             "six à douze membres élu·es pour deux ans. Le conseil élit en son sein une co-présidence d'au moins "
             "deux personnes."),
            ("7", "Chantiers thématiques", "Les chantiers thématiques sont des espaces de travail composés "
             "d'adhérent·es, d'un·e co-président·e et de l'équipe salariée. Leur création, leur fonctionnement "
             "et leur restitution sont précisés par le règlement intérieur."),
            ("8", "Assemblée générale", "L'assemblée générale ordinaire se réunit une fois par an. Elle approuve "
             "les rapports moral et financier, vote le budget et élit le conseil d'administration. Les "
             "chantiers y présentent leurs travaux."),
            ("9", "Ressources", "Les ressources de l'association comprennent les cotisations, les subventions "
             "publiques, les dons et le produit des services rendus à ses adhérent·es."),
            ("10", "Dissolution", "En cas de dissolution, l'assemblée générale extraordinaire désigne un ou "
             "plusieurs liquidateurs ; l'actif net est attribué à une association poursuivant un objet "
             "similaire."),
        ],
    },
    {
        "slug": "reglement-interieur",
        "title": "Règlement intérieur",
        "kind": "internal_rules",
        "version": "2025-2",
        "adopted_on": "2025-09-20",
        "intro": "<p>Le règlement intérieur précise les statuts, notamment la vie des chantiers thématiques.</p>",
        "articles": [
            ("1", "Objet", "Le présent règlement précise les statuts. Il est adopté par le conseil "
             "d'administration et présenté en assemblée générale."),
            ("2", "Consultations des adhérent·es", "Des temps de consultation sont régulièrement organisés pour "
             "collecter les besoins. Chaque adhérent·e peut y proposer une thématique de travail."),
            ("3", "Validation d'un chantier", "Le conseil d'administration valide la création du chantier et "
             "veille à ce qu'il s'inscrive dans les grandes missions de l'association. Il nomme un·e "
             "co-président·e référent·e ; des membres du CA peuvent également s'impliquer."),
            ("4", "Appel à participation", "Un appel à participation est lancé auprès des adhérent·es afin de "
             "constituer le groupe de travail. Sa composition peut évoluer : les chantiers sont à géométrie "
             "variable."),
            ("5", "Première réunion", "Lors de la première réunion, le groupe de travail fixe les objectifs et "
             "leurs priorités, les résultats attendus, les livrables, la durée, le nombre et le calendrier des "
             "réunions, ainsi que la répartition des missions entre les adhérent·es, le ou les membres du CA et "
             "le salarié référent."),
            ("6", "Suivi des actions", "Chaque action a un pilote et un état ; lorsqu'une cible est fixée, par "
             "exemple « 5 à 6 meet-up annuels », son avancement est rendu visible sur le site."),
            ("7", "Restitution", "Le groupe de travail restitue ses travaux auprès des adhérent·es et émet des "
             "préconisations à destination des adhérent·es, de la filière et des pouvoirs publics. Le conseil "
             "d'administration clôture ensuite le chantier."),
            ("8", "Données personnelles", "Les photos et coordonnées des membres ne sont publiées qu'avec leur "
             "consentement explicite, qui peut être retiré à tout moment auprès de l'équipe salariée."),
            ("9", "Modification", "Le règlement intérieur peut être modifié par le conseil d'administration ; "
             "les modifications sont communiquées aux adhérent·es dans le mois qui suit."),
        ],
    },
    {
        "slug": "charte-accompagnement",
        "title": "Charte d'accompagnement",
        "kind": "charter",
        "version": "2026-1",
        "adopted_on": "2026-03-12",
        "intro": "<p>Écrite par le chantier « Accompagner les porteurs de projets, les entreprises et les "
                 "communes ».</p>",
        "articles": [
            ("1", "Objet", "La présente charte encadre les accompagnements pair à pair proposés par le réseau "
             "aux porteurs de projets, aux entreprises et aux communes."),
            ("2", "Principes", "L'accompagnement repose sur l'échange d'expériences entre pairs : "
             "l'accompagnant·e partage ce qu'il ou elle a vécu, sans se substituer au porteur de projet."),
            ("3", "Engagements de l'accompagnant·e", "Se rendre disponible pour les rendez-vous convenus, "
             "orienter vers les ressources du réseau et signaler tout conflit d'intérêts."),
            ("4", "Engagements du porteur de projet", "Préparer les rendez-vous, partager l'avancement du projet "
             "et faire un retour sur l'accompagnement reçu."),
            ("5", "Confidentialité", "Les informations échangées pendant l'accompagnement restent "
             "confidentielles, sauf accord explicite du porteur de projet."),
            ("6", "Réciprocité", "Le porteur de projet accompagné partage à son tour son expérience avec la "
             "communauté : meet-up, apéro tiers-lieux ou ressource."),
            ("7", "Binômes « Starter »", "Les accompagnements de création peuvent être menés en binôme avec une "
             "structure référencée « Starter »."),
        ],
    },
]

# Verbatim from the seed, non-breaking spaces inside the guillemets included.
STARTER_ACTION = "Assurer 5 accompagnements de création en binôme avec structures référencées «\u00a0Starter\u00a0»"

# The history shared by the six chantiers of the tiers-lieux network (status, days from today).
TIERS_LIEUX_STEPS = [("proposed", -380), ("validated", -350), ("call_for_participation", -320), ("ongoing", -290)]
TIERS_LIEUX_BOARD = ["Nadia Benali", "Thomas Guérin"]

# Chantiers. Actions are (title, axis, owner, status); their targets are in TARGETS, by title.
CHANTIERS = [
    {
        "slug": "mutualisation-emploi",
        "title": "Le chantier mutualisation de l’emploi",
        "intro": "Comment partager un poste d'administration, de production ou de régie entre plusieurs "
                 "structures adhérentes, sans précariser les salarié·es ?",
        "body": ["<p>Beaucoup d'adhérent·es n'ont pas les moyens d'un poste à temps plein mais ont besoin de "
                 "compétences régulières. Le chantier observe les besoins, compare les modèles de "
                 "mutualisation et outille les structures qui veulent se lancer.</p>"],
        "axes": ["observation", "ressources", "mutualisation"],
        "steps": [("proposed", -610), ("validated", -575), ("call_for_participation", -540), ("ongoing", -470)],
        "referent": "Claire Bodin",
        "board": ["Sophie Lemaire", "Julien Marchand"],
        "staff": "Hugo Perrin",
        "members": [("Antoine Le Gall", "pilot"), ("Yann Kerbrat", "member"), ("Manon Leroy", "member"),
                    ("Coopérative Emploi Culture Ouest", "contributor"),
                    ("Agence culturelle de l'Ouest", "observer")],
        "objectives": [
            ("Mesurer les besoins d'emploi partagé des adhérent·es", "high",
             "Questionnaire et entretiens auprès des structures adhérentes."),
            ("Comparer les modèles de mutualisation", "high",
             "Groupement d'employeurs, coopérative, mise à disposition : avantages, coûts et limites."),
            ("Outiller les structures qui veulent partager un poste", "medium", ""),
            ("Porter le sujet auprès des pouvoirs publics", "low", ""),
        ],
        "expected_results": "<ul><li>Une photographie partagée des besoins et des postes déjà mutualisés</li>"
                            "<li>Des repères juridiques et financiers pour choisir un modèle</li>"
                            "<li>Au moins trois nouveaux postes partagés entre adhérent·es</li></ul>",
        "deliverables": [
            ("État des lieux de l'emploi partagé chez les adhérent·es", "high", -90, "delivered",
             "etat-des-lieux-emploi-partage"),
            ("Guide pratique de l'emploi partagé", "high", 90, "in_progress", None),
            ("Rencontre professionnelle de restitution intermédiaire", "medium", 30, "planned", None),
            ("Modèles de conventions de mise à disposition", "low", 240, "planned", None),
        ],
        "meetings": {"duration_months": 12, "meeting_count": 10, "meeting_frequency": "monthly",
                     "meeting_duration_minutes": 150},
        "missions": [
            ("members", "Antoine Le Gall", "Partager les fiches de poste existantes et relire le guide."),
            ("board", "Claire Bodin", "Faire le lien avec le CA et porter les préconisations auprès des "
                                      "partenaires publics."),
            ("staff", "Hugo Perrin", "Animer les réunions, rédiger les comptes rendus et coordonner l'état des "
                                     "lieux."),
        ],
        "actions": [
            ("Diffuser le questionnaire sur les besoins d'emploi partagé", "observation", "Hugo Perrin", "done"),
            ("Organiser une rencontre professionnelle sur l'emploi partagé", "plan-action", "Antoine Le Gall",
             "in_progress"),
        ],
    },
    {
        "slug": "mobilite",
        "title": "Le chantier mobilité",
        "intro": "Faciliter les déplacements des équipes artistiques et des publics sur un territoire où la "
                 "voiture reste souvent la seule solution.",
        "body": ["<p>L'appel à participation est ouvert : rejoignez le groupe de travail pour partager vos "
                 "pratiques (covoiturage, tournées groupées, navettes) et construire des préconisations pour la "
                 "filière et les collectivités.</p>"],
        "axes": ["echanges-preconisations", "plan-action"],
        "steps": [("proposed", -200), ("validated", -150), ("call_for_participation", -30)],
        "referent": "Karim Haddad",
        "board": ["Julien Marchand"],
        "staff": "Hugo Perrin",
        "members": [("Bastien Caron", "pilot"), ("Manon Leroy", "member")],
    },
    {
        "slug": "transition-ecologique-des-lieux",
        "title": "Le chantier transition écologique des lieux",
        "intro": "Réduire l'empreinte des lieux et des tournées : énergie, décors, déplacements.",
        "body": ["<p>Thématique proposée par plusieurs adhérent·es lors de la dernière consultation. Le CA "
                 "l'examinera à sa prochaine réunion.</p>"],
        "axes": ["observation", "echanges-preconisations"],
        "steps": [("proposed", -40)],
    },
    {
        "slug": "residences-de-creation",
        "title": "Le chantier résidences de création",
        "intro": "Quelles conditions d'accueil pour les équipes en résidence, et comment les financer ?",
        "body": ["<p>Après dix-huit mois de travail, le groupe a présenté ses conclusions aux adhérent·es.</p>"],
        "axes": ["observation", "echanges-preconisations"],
        "steps": [("proposed", -680), ("validated", -650), ("call_for_participation", -620), ("ongoing", -560),
                  ("restitution", -60)],
        "referent": "Claire Bodin",
        "board": ["Sophie Lemaire"],
        "staff": "Hugo Perrin",
        "members": [("Sophie Lemaire", "pilot"), ("Yann Kerbrat", "member"), ("Théâtre de l'Estuaire", "member"),
                    ("La Grange aux Arts", "member")],
        "objectives": [("Recenser les pratiques d'accueil en résidence", "high", ""),
                       ("Proposer des repères communs de rémunération", "high", "")],
        "deliverables": [("Fiches repères sur l'accueil en résidence", "high", -60, "delivered",
                          "fiches-accueil-en-residence")],
        "restitution_summary": "<p>Le groupe de travail a rencontré 32 lieux et 45 équipes. Les résidences sont "
                               "un maillon essentiel de la création, mais leurs conditions varient fortement : "
                               "une résidence sur trois n'est pas rémunérée et peu de lieux disposent d'un "
                               "hébergement.</p>",
        "recommendations": [
            ("<p>Adopter une convention type d'accueil en résidence (durée, rémunération, moyens techniques, "
             "hébergement).</p>", ["members"]),
            ("<p>Rémunérer systématiquement les temps de résidence, y compris les résidences de recherche.</p>",
             ["members", "sector"]),
            ("<p>Recenser les lieux de résidence disponibles sur la carte du réseau.</p>", ["members", "sector"]),
            ("<p>Créer une aide régionale à l'accueil en résidence, ouverte aux lieux non labellisés.</p>",
             ["public_authorities"]),
        ],
    },
    {
        "slug": "mailler-le-territoire",
        "title": "Mailler le territoire et animer le réseau",
        "intro": "Aller à la rencontre des lieux de la métropole et faire vivre la communauté des soucieux et "
                 "contributeurs.",
        "axes": ["mailler-le-territoire"],
        "steps": TIERS_LIEUX_STEPS,
        "referent": "Karim Haddad",
        "board": TIERS_LIEUX_BOARD,
        "staff": "Camille Roussel",
        "members": [("Nadia Benali", "pilot"), ("Mathieu Delattre", "member"),
                    ("Les Ateliers du Canal", "member")],
        "actions": [
            ("Sillonner la Métropole pour sensibiliser les territoires", "mailler-le-territoire", "Camille Roussel",
             "in_progress"),
            ("Être présent aux inaugurations et aux temps forts des Tiers Lieux", "mailler-le-territoire",
             "Nadia Benali", "in_progress"),
            ("Développer les partenariats (entreprises, promoteurs)", "mailler-le-territoire", "Thomas Guérin",
             "todo"),
            ("Faire le trombinoscope de la communauté", "mailler-le-territoire", "Léa Morvan", "done"),
            ("Designer le système de réciprocité avec la communauté", "mailler-le-territoire", "Mathieu Delattre",
             "in_progress"),
            ("Organiser 5 à 6 meet-up annuels", "mailler-le-territoire", "Nadia Benali", "in_progress"),
        ],
    },
    {
        "slug": "mutualiser-les-ressources",
        "title": "Mutualiser les ressources",
        "intro": "Recenser les ressources des lieux, les rendre visibles et écrire leurs conditions de partage.",
        "axes": ["mutualiser-les-ressources"],
        "steps": TIERS_LIEUX_STEPS,
        "referent": "Claire Bodin",
        "board": TIERS_LIEUX_BOARD,
        "staff": "Hugo Perrin",
        "members": [("Thomas Guérin", "pilot"), ("Inès Carvalho", "member"), ("La Filature Partagée", "member")],
        "actions": [
            ("Animer le sondage bi-annuel sur les ressources", "mutualiser-les-ressources", "Hugo Perrin",
             "in_progress"),
            ("Rendre visibles les ressources sur le site, veiller aux conditions d’accès",
             "mutualiser-les-ressources", "Hugo Perrin", "in_progress"),
            ("Écrire les conditions de partage des ressources mutualisées (cartographie locale, outil de "
             "réservation/facturation, cahier d’activités, formation facilitateur de tiers lieux, foncière "
             "tiers-lieux)", "mutualiser-les-ressources", "Thomas Guérin", "todo"),
        ],
    },
    {
        "slug": "communiquer",
        "title": "Communiquer et développer la visibilité",
        "intro": "Faire connaître le réseau, ses lieux et les travaux de ses chantiers.",
        "axes": ["communiquer"],
        "steps": TIERS_LIEUX_STEPS,
        "referent": "Karim Haddad",
        "board": TIERS_LIEUX_BOARD,
        "staff": "Léa Morvan",
        "members": [("Léa Morvan", "pilot"), ("Fatou Diallo", "member")],
        "actions": [
            ("Définir une stratégie de communication", "communiquer", "Léa Morvan", "done"),
            ("Concevoir et réaliser les outils et supports de communication", "communiquer", "Léa Morvan",
             "in_progress"),
            ("Assurer une veille thématique", "communiquer", "Hugo Perrin", "in_progress"),
            ("Participer aux conférences et aux rencontres du réseau", "communiquer", "Nadia Benali",
             "in_progress"),
            ("Organiser un événement annuel", "communiquer", "Léa Morvan", "todo"),
        ],
    },
    {
        "slug": "accompagner",
        "title": "Accompagner les porteurs de projets, les entreprises et les communes",
        "intro": "Accompagnement pair à pair, hotline, apéros mensuels et binômes avec les structures "
                 "« Starter ».",
        "axes": ["accompagner"],
        "steps": TIERS_LIEUX_STEPS,
        "referent": "Claire Bodin",
        "board": TIERS_LIEUX_BOARD,
        "staff": "Camille Roussel",
        "members": [("Aurélie Dupuis", "pilot"), ("Mathieu Delattre", "member"), ("Fatou Diallo", "member")],
        "actions": [
            ("Mettre en œuvre des actions d’accompagnements pair à pair", "accompagner", "Mathieu Delattre",
             "in_progress"),
            ("Écrire la charte d’accompagnement", "accompagner", "Aurélie Dupuis", "done"),
            ("Assurer la hotline des tiers-lieux via mail", "accompagner", "Aurélie Dupuis", "in_progress"),
            ("Participer au jury AAP Tiers-Lieux", "accompagner", "Camille Roussel", "done"),
            ("Organiser un apéro tiers-lieux par mois", "accompagner", "Fatou Diallo", "in_progress"),
            ("Assurer les accompagnements/an individuels financés via AAP TL", "accompagner", "Camille Roussel",
             "in_progress"),
            ("Assurer les accompagnements spécifiques sur une thématique commune (DLA collectif) ou sur un "
             "développement d’un tiers-lieu individuel, mais profitable à tous (ressource)", "accompagner",
             "Mathieu Delattre", "todo"),
            (STARTER_ACTION, "accompagner", "Aurélie Dupuis", "in_progress"),
        ],
    },
    {
        "slug": "former",
        "title": "Former et favoriser la pérennité des lieux",
        "intro": "Des formations entre pairs et des communs pédagogiques pour que les lieux durent.",
        "axes": ["former"],
        "steps": TIERS_LIEUX_STEPS,
        "referent": "Karim Haddad",
        "board": TIERS_LIEUX_BOARD,
        "staff": "Camille Roussel",
        "members": [("Inès Carvalho", "pilot"), ("Fab'Ascq", "member")],
        "actions": [
            ("Animer la formation pair à pair « premiers pas du créateur »", "former", "Inès Carvalho",
             "in_progress"),
            ("Coordonner la formation Facilitateur de Tiers-Lieux", "former", "Camille Roussel", "in_progress"),
            ("Documenter et créer des communs pédagogiques", "former", "Inès Carvalho", "todo"),
        ],
    },
    {
        "slug": "gerer-association",
        "title": "Gérer l’association",
        "intro": "Des outils partagés pour que la gestion de l'association soit l'affaire de toutes et tous.",
        "axes": ["gerer-association"],
        "steps": TIERS_LIEUX_STEPS,
        "referent": "Claire Bodin",
        "board": ["Julien Marchand", "Thomas Guérin"],
        "staff": "Camille Roussel",
        "members": [("Julien Marchand", "pilot"), ("Coworking des Flandres", "contributor")],
        "actions": [
            ("Créer un système d’archivage et de partage des éléments comptables et juridiques",
             "gerer-association", "Julien Marchand", "in_progress"),
            ("Créer un outil budgétaire pour l’ensemble des soucieux", "gerer-association", "Julien Marchand",
             "todo"),
            ("Animer les outils comptables auprès des soucieux", "gerer-association", "Camille Roussel", "todo"),
            ("Créer un outil de facturation appropriable par les soucieux", "gerer-association", "Thomas Guérin",
             "in_progress"),
            ("Coordonner la rédaction des demandes de subventions/partenariats financiers", "gerer-association",
             "Camille Roussel", "in_progress"),
            ("Être l’interlocuteur des partenaires financiers et administratifs", "gerer-association",
             "Camille Roussel", "in_progress"),
            ("Récolter les adhésions des membres", "gerer-association", "Julien Marchand", "done"),
        ],
    },
]

TARGETS = {
    "Organiser 5 à 6 meet-up annuels": {
        "minimum": 5, "maximum": 6, "unit": "meet-up", "period": "year",
        "source": "events", "event_kind": "meetup",
    },
    "Organiser un apéro tiers-lieux par mois": {
        "minimum": 1, "unit": "apéro", "period": "month", "source": "events", "event_kind": "apero",
    },
    STARTER_ACTION: {
        "minimum": 5, "unit": "accompagnements", "period": "year", "source": "manual", "achieved": 2,
    },
    "Animer le sondage bi-annuel sur les ressources": {
        "minimum": 2, "unit": "sondages", "period": "year", "source": "manual", "achieved": 1,
    },
    "Organiser une rencontre professionnelle sur l'emploi partagé": {
        "minimum": 1, "unit": "rencontre", "period": "year", "source": "events",
        "event_kind": "professional_meeting",
    },
}

# Resources: slug, title, kind, intro, body, audiences, axes, chantier, owner, access, sharing conditions, links.
RESOURCES = [
    {
        "slug": "etat-des-lieux-emploi-partage",
        "title": "État des lieux de l'emploi partagé dans le spectacle vivant",
        "kind": "state_of_the_art",
        "intro": "Enquête auprès de 48 structures adhérentes : besoins, postes déjà partagés, freins et leviers.",
        "body": "<p>Deux structures sur trois déclarent un besoin régulier en administration ou en production "
                "qu'elles ne peuvent pas financer seules. Les postes partagés existants reposent surtout sur "
                "des arrangements informels.</p>",
        "audiences": ["members", "sector", "public_authorities"],
        "axes": ["observation"],
        "chantier": "mutualisation-emploi",
        "links": [("Synthèse de l'enquête (exemple)", "https://example.org/demo/etat-des-lieux-emploi.pdf")],
    },
    {
        "slug": "guide-emploi-partage",
        "title": "Guide pratique de l'emploi partagé",
        "kind": "guide",
        "intro": "Choisir un modèle, rédiger les conventions, répartir les coûts : la version de travail "
                 "du guide.",
        "body": "<p>Version de travail, enrichie à chaque réunion du chantier.</p>",
        "audiences": ["members", "sector"],
        "axes": ["ressources", "mutualisation"],
        "chantier": "mutualisation-emploi",
        "access": "members",
        "documents": ["guide-emploi-partage"],
    },
    {
        "slug": "fiches-accueil-en-residence",
        "title": "Accueillir une équipe en résidence : fiches repères",
        "kind": "guide",
        "intro": "Durée, rémunération, moyens techniques, hébergement : les repères issus du chantier "
                 "résidences.",
        "body": "<p>Six fiches pratiques et une convention type à adapter.</p>",
        "audiences": ["members", "sector", "public_authorities"],
        "axes": ["echanges-preconisations", "ressources"],
        "chantier": "residences-de-creation",
    },
    {
        "slug": "chiffres-cles-tiers-lieux",
        "title": "Chiffres clés des tiers-lieux de la métropole",
        "kind": "data",
        "intro": "Nombre de lieux, surfaces, emplois et fréquentation, mis à jour chaque année.",
        "body": "<p>Les données sont issues du sondage bi-annuel et des visites du réseau.</p>",
        "audiences": ["sector", "public_authorities"],
        "axes": ["mailler-le-territoire", "observation"],
        "chantier": "mailler-le-territoire",
        "links": [("Jeu de données (exemple)", "https://example.org/demo/chiffres-cles.csv")],
    },
    {
        "slug": "cartographie-locale",
        "title": "Cartographie locale des ressources mutualisées",
        "kind": "tool",
        "intro": "Qui prête quoi, où : salles, matériel, compétences.",
        "body": "<p>La cartographie est alimentée par les réponses au sondage sur les ressources.</p>",
        "audiences": ["members"],
        "axes": ["mutualiser-les-ressources"],
        "chantier": "mutualiser-les-ressources",
    },
    {
        "slug": "outil-reservation-facturation",
        "title": "Outil de réservation et de facturation",
        "kind": "pooled",
        "intro": "Un outil commun pour réserver les espaces des lieux adhérents et facturer les usages.",
        "body": "<p>Hébergé par La Filature Partagée pour l'ensemble des lieux adhérents.</p>",
        "audiences": ["members"],
        "axes": ["mutualiser-les-ressources", "gerer-association"],
        "chantier": "mutualiser-les-ressources",
        "owner": "La Filature Partagée",
        "access": "members",
        "sharing_conditions": "<p>Ouvert aux lieux adhérents à jour de leur cotisation. Participation aux frais "
                              "d'hébergement : 10 € par mois et par lieu. Demande d'accès auprès de l'équipe "
                              "salariée.</p>",
    },
    {
        "slug": "parc-materiel-scenique",
        "title": "Parc de matériel scénique partagé",
        "kind": "pooled",
        "intro": "Projecteurs, consoles, praticables : le matériel que les adhérent·es se prêtent.",
        "body": "<p>Le parc est stocké au Théâtre de l'Estuaire et géré par son régisseur général.</p>",
        "audiences": ["members"],
        "axes": ["mutualisation"],
        "owner": "Théâtre de l'Estuaire",
        "access": "on_request",
        "sharing_conditions": "<p>Prêt gratuit entre adhérent·es pour quinze jours au plus, sur réservation "
                              "un mois à l'avance. L'emprunteur assure le transport et signale toute panne au "
                              "retour.</p>",
    },
    {
        "slug": "cahier-activites-tiers-lieux",
        "title": "Cahier d'activités des tiers-lieux",
        "kind": "pedagogical_common",
        "intro": "Des activités éprouvées par les lieux du réseau, à reprendre et à adapter.",
        "body": "<p>Publié sous licence libre : chaque lieu peut y ajouter ses propres fiches.</p>",
        "audiences": ["members", "sector"],
        "axes": ["former", "mutualiser-les-ressources"],
        "chantier": "former",
    },
    {
        "slug": "formation-facilitateur-tiers-lieux",
        "title": "Formation Facilitateur de Tiers-Lieux",
        "kind": "training",
        "intro": "Un parcours de dix jours pour apprendre à animer un tiers-lieu et sa communauté.",
        "body": "<p>Sessions en présentiel dans les lieux du réseau, travaux entre pairs entre les sessions.</p>",
        "audiences": ["members", "sector"],
        "axes": ["former"],
        "chantier": "former",
        "access": "on_request",
    },
    {
        "slug": "premiers-pas-du-createur",
        "title": "Premiers pas du créateur : le parcours pair à pair",
        "kind": "pedagogical_common",
        "intro": "Les étapes clés pour créer un tiers-lieu, racontées par celles et ceux qui l'ont fait.",
        "body": "<p>Support de la formation pair à pair « premiers pas du créateur ».</p>",
        "audiences": ["members"],
        "axes": ["former", "accompagner"],
        "chantier": "former",
    },
    {
        "slug": "kit-communication",
        "title": "Kit de communication du réseau",
        "kind": "tool",
        "intro": "Logos, modèles d'affiches et éléments de langage pour parler du réseau.",
        "body": "<p>À utiliser librement par les lieux adhérents.</p>",
        "audiences": ["members"],
        "axes": ["communiquer"],
        "chantier": "communiquer",
        "access": "members",
    },
]

# Documents of members-only resources, kept in a collection only members may open: (slug, title, lines).
MEMBERS_COLLECTION = "Documents réservés aux adhérent·es"
MEMBER_DOCUMENTS = {
    "guide-emploi-partage": (
        "Guide pratique de l'emploi partagé (version de travail)",
        [
            "Document de démonstration, réservé aux adhérent·es du réseau.",
            "",
            "1. Choisir un modèle : groupement d'employeurs, mise à disposition, temps partagé.",
            "2. Rédiger les conventions : durée, lieux de travail, encadrement, remplacements.",
            "3. Répartir les coûts : au temps passé, avec une part fixe pour la coordination.",
            "4. Faire le point chaque trimestre entre les structures et la personne salariée.",
            "",
            "Version enrichie à chaque réunion du chantier mutualisation de l'emploi.",
        ],
    ),
}

# Events. `start` is ("days", n): n days from today, moved to the next working day or, when the
# event has a `weekday` (0 = Monday), to the next such day; ("year_fraction", f): that share of the
# time elapsed since 1 January (moved back to `weekday`), so it is always earlier this year;
# ("month_last_year", m): the first `weekday` of month m last year, for recurring events.
EVENTS = [
    {"slug": "meet-up-ouvrir-son-lieu", "title": "Meet-up des tiers-lieux : ouvrir son lieu au quartier",
     "kind": "meetup", "start": ("year_fraction", 0.15), "weekday": 3, "at": "18:30", "minutes": 120,
     "place": "Les Ateliers du Canal", "chantier": "mailler-le-territoire",
     "intro": "Comment les lieux tissent des liens avec leurs voisin·es."},
    {"slug": "meet-up-modeles-economiques", "title": "Meet-up des tiers-lieux : modèles économiques",
     "kind": "meetup", "start": ("year_fraction", 0.45), "weekday": 3, "at": "18:30", "minutes": 120,
     "place": "La Filature Partagée", "chantier": "mailler-le-territoire",
     "intro": "Location, prestations, subventions : trois lieux ouvrent leurs comptes."},
    {"slug": "meet-up-tiers-lieux-et-communes", "title": "Meet-up des tiers-lieux : tiers-lieux et communes",
     "kind": "meetup", "start": ("year_fraction", 0.75), "weekday": 3, "at": "18:30", "minutes": 120, "place": "Fab'Ascq",
     "chantier": "mailler-le-territoire", "intro": "Élu·es et porteurs de projets échangent sur leurs attentes."},
    {"slug": "meet-up-bilan-et-perspectives", "title": "Meet-up des tiers-lieux : bilan et perspectives",
     "kind": "meetup", "start": ("days", 17), "weekday": 3, "at": "18:30", "minutes": 120, "place": "Le Jardin des Communs",
     "chantier": "mailler-le-territoire", "intro": "Le dernier meet-up de l'année, ouvert à toutes et tous."},
    {"slug": "apero-tiers-lieux", "title": "Apéro tiers-lieux", "kind": "apero",
     "start": ("month_last_year", 9), "weekday": 3, "at": "18:30", "minutes": 150, "place": "Les Ateliers du Canal",
     "recurrence": "monthly_nth_weekday", "recurrence_until_years": 1, "chantier": "accompagner",
     "intro": "Chaque premier jeudi du mois, porteurs de projets et lieux se retrouvent autour d'un verre."},
    {"slug": "rencontre-emploi-partage",
     "title": "Rencontre professionnelle : partager l'emploi dans le spectacle vivant",
     "kind": "professional_meeting", "start": ("days", 16), "weekday": 1, "at": "14:00", "minutes": 210,
     "place": "La Scène du Port", "chantier": "mutualisation-emploi", "capacity": 80,
     "registration_url": "https://example.org/demo/inscription-emploi-partage",
     "intro": "Restitution intermédiaire du chantier mutualisation de l’emploi et témoignages d'adhérent·es."},
    {"slug": "reunion-mutualisation-emploi", "title": "Réunion du groupe de travail mutualisation de l’emploi",
     "kind": "chantier_meeting", "start": ("days", 7), "weekday": 0, "at": "10:00", "minutes": 150,
     "address": "Maison des réseaux, 12 rue de la Coopération, 44000 Nantes", "chantier": "mutualisation-emploi",
     "intro": "Relecture du guide pratique de l'emploi partagé."},
    {"slug": "lancement-chantier-mobilite", "title": "Réunion de lancement du chantier mobilité",
     "kind": "chantier_meeting", "start": ("days", 12), "weekday": 2, "at": "10:00", "minutes": 120,
     "online_url": "https://visio.example.org/pole-demo-mobilite", "chantier": "mobilite",
     "intro": "Première réunion du groupe de travail : objectifs, livrables et calendrier."},
    {"slug": "formation-premiers-pas-du-createur", "title": "Formation « premiers pas du créateur »",
     "kind": "training", "start": ("days", 24), "at": "09:30", "minutes": 450, "place": "Fab'Ascq",
     "chantier": "former", "capacity": 12,
     "registration_url": "https://example.org/demo/inscription-premiers-pas",
     "intro": "Une journée entre pairs pour les porteurs de projets de tiers-lieux."},
    {"slug": "formation-facilitateur-module-1", "title": "Formation Facilitateur de Tiers-Lieux : module 1",
     "kind": "training", "start": ("days", 45), "at": "09:30", "minutes": 450, "place": "La Filature Partagée",
     "chantier": "former", "capacity": 16,
     "intro": "Animer une communauté et faire vivre la gouvernance d'un lieu."},
    {"slug": "visite-jardin-des-communs", "title": "Visite du Jardin des Communs", "kind": "visit",
     "start": ("days", 9), "weekday": 5, "at": "10:00", "minutes": 120, "place": "Le Jardin des Communs",
     "intro": "Découverte du jardin, de la cuisine collective et du marché de producteurs."},
    {"slug": "assemblee-generale", "title": "Assemblée générale ordinaire", "kind": "general_assembly",
     "start": ("days", 150), "weekday": 5, "at": "14:00", "minutes": 240, "place": "Salle des Ardoisières",
     "intro": "Rapports moral et financier, élection du CA, présentation des travaux des chantiers."},
    {"slug": "rencontres-annuelles-tiers-lieux", "title": "Les Rencontres annuelles des tiers-lieux",
     "kind": "annual_event", "start": ("days", 200), "weekday": 3, "at": "09:00", "minutes": 540, "all_day": True,
     "place": "La Filature Partagée",
     "chantier": "communiquer", "intro": "Une journée de conférences, d'ateliers et de visites."},
    {"slug": "restitution-residences", "title": "Restitution du chantier résidences de création",
     "kind": "professional_meeting", "start": ("days", -60), "at": "14:00", "minutes": 180,
     "place": "Théâtre de l'Estuaire", "chantier": "residences-de-creation",
     "intro": "Le groupe de travail présente ses préconisations aux adhérent·es."},
]

# Forms: (label, field type, purpose, required, choices); opening and closing in days from today.
PERSON_FIELDS = [
    ("Prénom", "singleline", "first_name", True, ""),
    ("Nom", "singleline", "last_name", True, ""),
    ("Courriel", "email", "email", True, ""),
    ("Structure", "singleline", "", False, ""),
]

# The consultation open to signed-in members only (page privacy: the members' group).
MEMBERS_ONLY_FORMS = {"consultation-adherents"}

FORMS = [
    {"slug": "consultation-adherents", "kind": "consultation",
     "title": "Consultation des adhérent·es : proposez un chantier",
     "intro": "<p>Réservée aux adhérent·es : proposez le thème d'un prochain chantier. Le CA étudie chaque "
              "proposition et vous répond par courriel ; vous suivez sa réponse dans « Mon espace ».</p>",
     "thank_you": "<p>Merci ! Votre proposition est transmise à l'équipe : vous la retrouvez dans "
                  "« Mon espace ».</p>",
     "opens": -5, "closes": 60,
     "fields": PERSON_FIELDS[:3] + [
         ("Titre de votre proposition", "singleline", "proposal_title", True, ""),
         ("Décrivez le besoin et ce qu'un chantier pourrait produire", "multiline", "proposal_description",
          True, ""),
     ],
     "submissions": []},
    {"slug": "enquete-ressources", "kind": "consultation", "title": "Enquête ressources du semestre",
     "intro": "<p>Deux fois par an, le réseau recense les ressources que ses adhérent·es peuvent partager "
              "et celles qui leur manquent. Dix minutes suffisent.</p>",
     "thank_you": "<p>Merci ! La synthèse de l'enquête sera présentée à la prochaine assemblée.</p>",
     "opens": -15, "closes": 45,
     "fields": PERSON_FIELDS + [
         ("Ressources que vous pouvez partager", "checkboxes", "", False,
          "Matériel scénique\nEspace de répétition\nVéhicule\nOutil numérique\nCompétences"),
         ("Ce qui vous manque le plus", "multiline", "proposal_description", True, ""),
         ("Un chantier à ouvrir sur ce sujet ?", "singleline", "proposal_title", False, ""),
     ],
     "submissions": [
         ("Léa", "Moreau", "Compagnie Les Arts Nomades", ["Matériel scénique", "Véhicule"],
          "Un lieu de stockage partagé pour les décors entre deux tournées.", "Stockage mutualisé", "new"),
         ("Julien", "Caron", "Tiers-lieu La Ressourcerie", ["Espace de répétition", "Compétences"],
          "Des heures de régie son pour les petites équipes.", "", "reviewed"),
         ("Sophie", "Lemaire", "", ["Outil numérique"],
          "Un agenda partagé des résidences disponibles.", "Calendrier des résidences", "retained"),
     ]},
    {"slug": "appel-participation-mobilite", "kind": "participation_call", "chantier": "mobilite",
     "title": "Appel à participation : chantier mobilité", "capacity": 12,
     "intro": "<p>Le chantier mobilité réunit un groupe de travail de dix à douze personnes, pour quatre "
              "réunions sur l'année. Dites-nous ce que vous pouvez y apporter.</p>",
     "thank_you": "<p>Merci ! Le co-président référent vous répond avant la première réunion.</p>",
     "opens": -10, "closes": 20,
     "fields": PERSON_FIELDS + [
         ("Ce que vous pouvez apporter", "multiline", "", True, ""),
         ("Disponibilités", "radio", "", True, "En semaine\nLe soir\nLe week-end"),
     ],
     "submissions": [
         ("Camille", "Roux", "Collectif Scène Ouverte", "Une expérience de covoiturage entre lieux ruraux.",
          "Le soir", "received"),
         ("Malik", "Diallo", "", "Des contacts avec la région pour les transports à la demande.",
          "En semaine", "accepted"),
     ]},
]
