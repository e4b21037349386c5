"""Demo content beside the seed: the later versions and the English translation.

The seed gives version 1.0 of both rule sets. The demo then publishes a material
2.0 of the staff rules and a minor 1.1 of the pupils' rules, so that history and
comparison have something to show. ``ENGLISH`` maps each Dutch text (as
wagtail-localize segments it) to its English translation.
"""

import datetime

FIRST_EFFECTIVE = datetime.date(2018, 5, 25)
SECOND_EFFECTIVE = datetime.date(2026, 9, 1)

HOME_TITLE = "Stichting Kalisto"
# The foundation's name ends in "!": no full stop after it.
HOME_INTRO = (
    "<p>Stichting Kalisto Boeiend Basisonderwijs! heeft protocollen en "
    "gedragsregels. Hier lees je ze.</p>"
)
PROTOCOL_TITLE = "Protocol sociale media"
PROTOCOL_SLUG = "protocol-sociale-media"
PROTOCOL_INTRO = (
    "Stichting Kalisto Boeiend Basisonderwijs! heeft een protocol voor het gebruik "
    "van sociale media. Daarbij horen gedragsregels voor leerlingen en "
    "ouders/verzorgers en voor medewerkers."
)

PUPILS = {
    "slug": "gedragsregels-leerlingen-ouders",
    "audience": ("leerlingen-ouders", "Leerlingen en ouders/verzorgers"),
    "audience_en": "Pupils and parents/guardians",
    # Prepared for the demo, due for review by a native speaker.
    "audience_translations": {
        "ar": "التلاميذ وأولياء الأمور",
        "tr": "Öğrenciler ve veliler",
        "pl": "Uczniowie i rodzice/opiekunowie",
        "uk": "Учні та батьки/опікуни",
    },
    "contact": "de leerkracht",
}
STAFF = {
    "slug": "gedragsregels-medewerkers",
    "audience": ("medewerkers", "Medewerkers"),
    "audience_en": "Staff",
    "audience_translations": {
        "ar": "الموظفون",
        "tr": "Çalışanlar",
        "pl": "Pracownicy",
        "uk": "Працівники",
    },
    "contact": "je directeur",
}

FIRST_NOTE = "Eerste versie"

# Staff 2.0 (material): rule 8 is rewritten and a new rule follows rule 9.
STAFF_RULE_8_OLD = "LinkedIn wordt alleen gebruikt voor werk gerelateerde relaties"
STAFF_RULE_8_NEW = (
    "LinkedIn en andere professionele netwerken gebruik je alleen voor "
    "werkgerelateerde contacten."
)
STAFF_NEW_RULE = (
    "Je deelt geen foto's, filmpjes of gegevens van leerlingen in privé-appgroepen. "
    "Gebruik daarvoor alleen de communicatiemiddelen van de school."
)
STAFF_NOTE_2 = (
    "Regel 8 gaat nu over alle professionele netwerken, niet alleen LinkedIn. "
    "Nieuwe regel 10 over foto's en gegevens van leerlingen in appgroepen."
)

# Pupils 1.1 (minor): spelling in rule 10, the meaning stays the same.
PUPILS_RULE_10_FIX = (
    ("aard, ernst en van de overtreding", "aard en de ernst van de overtreding"),
    ("leerling dossier", "leerlingdossier"),
)
PUPILS_NOTE_11 = "Taalfouten in regel 10 verbeterd. De inhoud is niet veranderd."

_PUPILS_10_EN = (
    "If the rules are broken, the school management decides whether the board is "
    "informed. Depending on the nature and seriousness of the breach, the school "
    "management or the board decides which sanctions are taken; all communication "
    "about it is recorded in the pupil's file."
)
_FRIENDS_STAFF_EN = (
    "You do not become “friends” on social media with school staff for matters "
    "related to the school or the foundation."
)

ENGLISH: dict[str, str] = {
    # Site and protocol
    HOME_TITLE: "Kalisto Foundation",
    "kalisto": "kalisto-en",
    "Stichting Kalisto Boeiend Basisonderwijs! heeft protocollen en gedragsregels. "
    "Hier lees je ze.": "The Kalisto Boeiend Basisonderwijs! foundation has "
    "protocols and codes of conduct. You can read them here.",
    PROTOCOL_TITLE: "Social media protocol",
    PROTOCOL_SLUG: "social-media-protocol",
    PROTOCOL_INTRO: "The Kalisto Boeiend Basisonderwijs! foundation has a protocol "
    "for the use of social media. It comes with codes of conduct for pupils and "
    "parents/guardians and for staff.",
    # Version notes and contacts
    FIRST_NOTE: "First version",
    STAFF_NOTE_2: "Rule 8 now covers all professional networks, not only LinkedIn. "
    "New rule 10 on photos and details of pupils in chat groups.",
    PUPILS_NOTE_11: "Corrected spelling in rule 10. The meaning has not changed.",
    PUPILS["contact"]: "the teacher",
    STAFF["contact"]: "your head teacher",
    # Pupils and parents
    PUPILS["slug"]: "code-of-conduct-pupils-parents",
    "Gedragsregels gebruik social media voor leerlingen en ouders/verzorgers": (
        "Code of conduct for social media use for pupils and parents/guardians"
    ),
    "Je kent het Protocol sociale media van stichting Kalisto Boeiend "
    "Basisonderwijs! (zie www.kalisto-basisonderwijs.nl) dat ook voor jouw school "
    "geldt en je houdt je daaraan. Dat betekent ook dat je je houdt aan de "
    "volgende regels.": "You know the Social Media Protocol of the Kalisto Boeiend "
    "Basisonderwijs! foundation (see www.kalisto-basisonderwijs.nl), which also "
    "applies to your school, and you follow it. This also means that you follow "
    "the rules below.",
    "Je handhaaft alle normaal geldende fatsoensnormen en wanneer je communiceert "
    "doe je dat met respect voor de school en de mensen die er leren en werken.": (
        "You keep to all the usual standards of decency, and when you communicate "
        "you do so with respect for the school and the people who learn and work "
        "there."
    ),
    "Je bent altijd persoonlijk verantwoordelijk voor wat je communiceert via de "
    "social media.": "You are always personally responsible for what you "
    "communicate through social media.",
    "Je realiseert je dat alles wat je communiceert via de social media nog heel "
    "lang vindbaar blijft.": "You realise that everything you communicate through "
    "social media can still be found for a very long time.",
    "Je mag via social media over school gerelateerde onderwerpen communiceren, zo "
    "lang het geen vertrouwelijke of persoonsgebonden informatie is en als de naam "
    "van school niet wordt geschaad.": "You may communicate about school-related "
    "topics through social media, as long as it is not confidential or personal "
    "information and the school's reputation is not harmed.",
    "Je gaat niet in discussie met medewerkers van de school via de social media.": (
        "You do not get into discussions with school staff through social media."
    ),
    "Je wordt geen “vrienden” met medewerkers van school via de social media voor "
    "school/stichting gerelateerde zaken.": _FRIENDS_STAFF_EN,
    "Je publiceert beeld- of geluidsmateriaal over schoolzaken alleen na "
    "toestemming van betrokkenen.": "You publish images or sound recordings about "
    "school matters only with the consent of those involved.",
    "Je gebruikt social media in de les alleen wanneer dat functioneel is voor de "
    "les van dat moment met toestemming van de leerkracht.": "You use social media "
    "in class only when it serves the lesson at that moment, with the teacher's "
    "permission.",
    "Bij twijfel over juistheid, verantwoordelijkheid, vertrouwelijkheid etc. neem "
    "je contact op met de leerkracht.": "If in doubt about accuracy, "
    "responsibility, confidentiality etc., you contact the teacher.",
    "Bij overtreding van de regels bepaalt de schoolleiding of het bestuur daarover "
    "wordt geïnformeerd. Het hangt van de aard, ernst en van de overtreding af of "
    "de schoolleiding of het bestuur bepaalt welke sancties worden genomen; alle "
    "communicatie in dit opzicht wordt opgenomen in het leerling dossier.": (
        _PUPILS_10_EN
    ),
    "Bij overtreding van de regels bepaalt de schoolleiding of het bestuur daarover "
    "wordt geïnformeerd. Het hangt van de aard en de ernst van de overtreding af of "
    "de schoolleiding of het bestuur bepaalt welke sancties worden genomen; alle "
    "communicatie in dit opzicht wordt opgenomen in het leerlingdossier.": (
        _PUPILS_10_EN
    ),
    # Staff
    STAFF["slug"]: "code-of-conduct-staff",
    "Gedragsregels gebruik social media voor medewerkers van Kalisto": (
        "Code of conduct for social media use for Kalisto staff"
    ),
    "Je kent het Protocol sociale media van stichting Kalisto Boeiend "
    "Basisonderwijs! (zie www.kalisto-basisonderwijs.nl) en je houdt je "
    "professioneel daaraan. Dat betekent ook dat je je houdt aan de volgende "
    "regels.": "You know the Social Media Protocol of the Kalisto Boeiend "
    "Basisonderwijs! foundation (see www.kalisto-basisonderwijs.nl) and you follow "
    "it professionally. This also means that you follow the rules below.",
    "Je handhaaft alle normaal geldende fatsoensnormen en wanneer je communiceert "
    "als medewerker doe je dat met respect voor de leerlingen, de ouders, de "
    "stichting en de mensen die er werken.": "You keep to all the usual standards "
    "of decency, and when you communicate as a staff member you do so with respect "
    "for the pupils, the parents, the foundation and the people who work there.",
    "Je mag via social media over school / stichting gerelateerde onderwerpen "
    "communiceren, zo lang het geen vertrouwelijke of persoonsgebonden informatie "
    "is en als de naam van de school en de stichting niet wordt geschaad.": (
        "You may communicate about school- or foundation-related topics through "
        "social media, as long as it is not confidential or personal information "
        "and the reputation of the school and the foundation is not harmed."
    ),
    "Je gaat niet in discussie met leerlingen, ouders en medewerkers van de "
    "stichting via de social media.": "You do not get into discussions with "
    "pupils, parents or staff of the foundation through social media.",
    "Je wordt geen “vrienden” met zittende leerlingen van de stichting via de "
    "social media.": "You do not become “friends” on social media with current "
    "pupils of the foundation.",
    "Je wordt geen “vrienden” vanuit je werk gerelateerde activiteiten met ouders "
    "van de stichting via de social media.": "You do not become “friends” on "
    "social media with parents of the foundation through your work-related "
    "activities.",
    STAFF_RULE_8_OLD: "LinkedIn is used only for work-related contacts",
    STAFF_RULE_8_NEW: "You use LinkedIn and other professional networks only for "
    "work-related contacts.",
    "Je publiceert beeld- of geluidsmateriaal over leerlingen, ouders, school / "
    "stichtingszaken alleen na toestemming van betrokkenen.": "You publish images "
    "or sound recordings about pupils, parents, or school or foundation matters "
    "only with the consent of those involved.",
    STAFF_NEW_RULE: "You do not share photos, videos or details of pupils in "
    "private chat groups. For that, use only the school's own communication tools.",
    "Je gebruikt social media in de les alleen wanneer dat functioneel is voor de "
    "les van dat moment.": "You use social media in class only when it serves the "
    "lesson at that moment.",
    "Bij twijfel over juistheid, verantwoordelijkheid, vertrouwelijkheid etc. neem "
    "je contact op met je directeur.": "If in doubt about accuracy, "
    "responsibility, confidentiality etc., you contact your head teacher.",
    "Bij overtreding van de regels bepaalt de schoolleiding of het bestuur daarover "
    "wordt geïnformeerd. Het hangt van de aard, ernst en van de overtreding af of "
    "de schoolleiding of het bestuur bepaalt welke sancties worden genomen; alle "
    "communicatie in dit opzicht wordt opgenomen in het personeelsdossier.": (
        "If the rules are broken, the school management decides whether the board "
        "is informed. Depending on the nature and seriousness of the breach, the "
        "school management or the board decides which sanctions are taken; all "
        "communication about it is recorded in the personnel file."
    ),
}

GROUPS = {
    "editors": "Redacteuren",
    "approvers": "Goedkeurders",
    "officers": "Compliance",
    "staff": "Medewerkers",
}

DEMO_PASSWORD = "akkoord-demo"  # noqa: S105 - printed demo password, by design

# username, first name, last name, group key, is_superuser
USERS = [
    ("beheerder", "Beheer", "Kalisto", None, True),
    ("redacteur", "Eva", "Redactie", "editors", False),
    ("goedkeurder", "Gert", "Goedkeur", "approvers", False),
    ("functionaris", "Fatima", "Compliance", "officers", False),
    ("medewerker1", "Sanne", "de Vries", "staff", False),
    ("medewerker2", "Ahmed", "El Amrani", "staff", False),
]

SCHOOLS = [
    ("De Regenboog", "de-regenboog"),
    ("Het Kompas", "het-kompas"),
    ("De Vlinder", "de-vlinder"),
]
STAFF_SCHOOLS = {"medewerker1": "de-regenboog", "medewerker2": "het-kompas"}
# Teachers of a group: (username, school token, group number).
TEACHERS = [("medewerker1", "de-regenboog", 3)]

# Parents' confirmations: (name, e-mail, child, school token, group number).
PARENTS_FIRST = [
    ("Ingrid Bakker", "ingrid.bakker@example.org", "Daan Bakker", "de-regenboog", 3),
    ("Yusuf Demir", "yusuf.demir@example.org", "Elif Demir", "het-kompas", 5),
    ("Marta Nowak", "marta.nowak@example.org", "Zofia Nowak", "de-vlinder", 7),
]
PARENTS_SECOND = [
    ("Ingrid Bakker", "ingrid.bakker@example.org", "Noor Bakker", "de-regenboog", 6),
    ("Olena Kovalenko", "olena.k@example.org", "Taras Kovalenko", "het-kompas", 2),
]
# A parent who filled in the form but has not followed the e-mailed link yet.
PARENTS_UNVERIFIED = [
    ("Kees Jansen", "kees.jansen@example.org", "Lotte Jansen", "de-vlinder", 4),
]
