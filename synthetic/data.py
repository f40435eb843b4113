"""Word lists for the synthetic signals: places, names, streets and text fragments.

Everything here is invented or public geography. Names are common first names and surnames that
`generate` combines at random; no record describes a real person.
"""

from __future__ import annotations

import unicodedata


def strip_diacritics(text: str) -> str:
    """Remove combining marks (é -> e, ș -> s); letters such as ł that do not decompose stay."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# Municipalities of Midden-Nederland (province of Utrecht plus Gooi en Vechtstreek):
# name -> (rough population in thousands as a weight, [(place, first pc4, last pc4), ...]).
MUNICIPALITIES: dict[str, tuple[int, list[tuple[str, int, int]]]] = {
    "Utrecht": (370, [("Utrecht", 3511, 3585), ("Vleuten", 3451, 3452), ("De Meern", 3453, 3454)]),
    "Amersfoort": (160, [("Amersfoort", 3811, 3829)]),
    "Hilversum": (92, [("Hilversum", 1211, 1223)]),
    "Veenendaal": (68, [("Veenendaal", 3900, 3907)]),
    "Zeist": (66, [("Zeist", 3700, 3709)]),
    "Stichtse Vecht": (65, [("Maarssen", 3600, 3608), ("Breukelen", 3620, 3621)]),
    "Nieuwegein": (64, [("Nieuwegein", 3430, 3439)]),
    "Gooise Meren": (59, [("Bussum", 1400, 1406), ("Naarden", 1411, 1412), ("Muiden", 1398, 1399)]),
    "Vijfheerenlanden": (58, [("Vianen", 4131, 4133), ("Leerdam", 4141, 4143)]),
    "Woerden": (53, [("Woerden", 3440, 3449)]),
    "Houten": (51, [("Houten", 3991, 3995)]),
    "Utrechtse Heuvelrug": (
        50,
        [("Driebergen-Rijsenburg", 3971, 3972), ("Doorn", 3941, 3941), ("Leersum", 3956, 3956),
         ("Amerongen", 3958, 3958)],
    ),
    "Soest": (47, [("Soest", 3761, 3769)]),
    "De Ronde Venen": (45, [("Mijdrecht", 3641, 3642), ("Vinkeveen", 3645, 3645), ("Abcoude", 1391, 1391)]),
    "De Bilt": (43, [("Bilthoven", 3721, 3723), ("De Bilt", 3731, 3732), ("Maartensdijk", 3738, 3738)]),
    "Huizen": (42, [("Huizen", 1271, 1277)]),
    "IJsselstein": (34, [("IJsselstein", 3401, 3404)]),
    "Leusden": (30, [("Leusden", 3831, 3833)]),
    "Baarn": (25, [("Baarn", 3741, 3744)]),
    "Wijdemeren": (24, [("Loosdrecht", 1231, 1231), ("Kortenhoef", 1241, 1241), ("Nederhorst den Berg", 1394, 1394)]),
    "Wijk bij Duurstede": (24, [("Wijk bij Duurstede", 3961, 3962)]),
    "Bunschoten": (22, [("Bunschoten-Spakenburg", 3751, 3752)]),
    "Rhenen": (20, [("Rhenen", 3911, 3911), ("Elst", 3921, 3921)]),
    "Bunnik": (15, [("Bunnik", 3981, 3981), ("Odijk", 3984, 3984)]),
    "Lopik": (14, [("Lopik", 3411, 3412)]),
    "Montfoort": (14, [("Montfoort", 3417, 3417)]),
    "Woudenberg": (14, [("Woudenberg", 3931, 3931)]),
    "Blaricum": (12, [("Blaricum", 1261, 1262)]),
    "Laren": (11, [("Laren", 1251, 1251)]),
    "Oudewater": (10, [("Oudewater", 3421, 3421)]),
    "Eemnes": (9, [("Eemnes", 3755, 3755)]),
    "Renswoude": (5, [("Renswoude", 3927, 3927)]),
}

STREETS = (
    "Kerkstraat", "Dorpsstraat", "Stationsweg", "Kanaalweg", "Molenweg", "Schoolstraat", "Julianalaan",
    "Wilhelminastraat", "Beatrixlaan", "Oranjestraat", "Nieuweweg", "Industrieweg", "Handelsweg",
    "Ambachtsweg", "Energieweg", "Nijverheidsweg", "Lindenlaan", "Eikenlaan", "Berkenlaan", "Meidoornlaan",
    "Rozenstraat", "Tulpstraat", "Zonnebloemstraat", "Marktplein", "Hoofdstraat", "Voorstraat", "Achterstraat",
    "Burgemeester de Withstraat", "Prins Bernhardlaan", "Van Goghlaan", "Rembrandtlaan", "Vondellaan",
    "Amsterdamsestraatweg", "Biltstraat", "Vaartsche Rijn", "Oudegracht", "Nachtegaalstraat", "Merelstraat",
    "Kievitlaan", "Leeuweriklaan", "Spoorstraat", "Havenweg", "Veldweg", "Bosweg", "Heuvelweg",
    "Zuidsingel", "Noordsingel", "Westerweg", "Oosterstraat", "Parallelweg", "Gildestraat", "Koningsweg",
    "Emmalaan", "Prinses Irenestraat", "Sportlaan", "Kastanjelaan", "Populierenlaan", "Weverstraat",
    "Smidsweg", "Bakkerstraat", "Vlasakker", "Groenekade", "Utrechtseweg", "Amersfoortseweg",
)

HOUSE_ADDITIONS = ("A", "B", "C", "1", "2", "3", "bis")

# Postcode letter pairs avoid F, I, O, Q, U, Y (not used by PostNL) and SA, SD, SS (never issued).
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
BAD_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})

# name origin -> (male given names, female given names, surnames, adjective for free text).
# Surnames are the masculine form; FEMININE turns them into the feminine form where the language has
# one. Dutch surnames carry their tussenvoegsel in DUTCH_SURNAMES.
ORIGINS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "nl": (
        ("Jan", "Pieter", "Daan", "Sem", "Lucas", "Thomas", "Bram", "Jesse", "Ruben", "Tim", "Kevin",
         "Dennis", "Mark", "Sander", "Joost", "Wouter", "Jeroen", "Niels", "Bas", "Stijn", "Milan",
         "Thijs", "Gijs", "Rik", "Koen", "Mees", "Finn", "Noël", "René", "André", "Maarten", "Willem"),
        ("Anna", "Emma", "Julia", "Sophie", "Lotte", "Fleur", "Sanne", "Lisa", "Iris", "Eva", "Noa",
         "Anouk", "Femke", "Maud", "Esmée", "Chloë", "Zoë", "Renée", "Daphne", "Kim", "Linda", "Petra",
         "Marieke", "Ingrid", "Yvonne", "Mirjam", "Joëlle", "Lieke", "Tessa", "Naomi", "Lynn", "Romy"),
        (),
        "Nederlandse",
    ),
    "pl": (
        ("Łukasz", "Paweł", "Michał", "Piotr", "Tomasz", "Krzysztof", "Wojciech", "Marcin", "Grzegorz",
         "Jędrzej", "Mateusz", "Kamil", "Damian", "Sebastian", "Rafał", "Bartłomiej"),
        ("Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena", "Anna", "Zofia", "Aleksandra",
         "Monika", "Beata", "Ewelina", "Justyna", "Dorota", "Natalia"),
        ("Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
         "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski",
         "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Wróbel", "Jabłoński", "Sadowski"),
        "Poolse",
    ),
    "ro": (
        ("Andrei", "Ionuț", "Mihai", "Ștefan", "Gheorghe", "Florin", "Răzvan", "Cristian", "Marius",
         "Adrian", "Alexandru", "Vasile", "Costel", "Bogdan"),
        ("Ioana", "Elena", "Maria", "Alexandra", "Andreea", "Mădălina", "Cristina", "Roxana", "Daniela",
         "Georgiana", "Ionela", "Larisa", "Bianca", "Florentina"),
        ("Popescu", "Ionescu", "Popa", "Rădulescu", "Dumitru", "Stoica", "Munteanu", "Constantinescu",
         "Bălan", "Lungu", "Moldovan", "Ciobanu", "Dobre", "Neagu", "Țurcanu", "Șerban", "Mureșan"),
        "Roemeense",
    ),
    "bg": (
        ("Georgi", "Dimitar", "Ivan", "Nikolay", "Petar", "Stoyan", "Hristo", "Todor", "Kaloyan",
         "Yordan", "Plamen", "Rumen"),
        ("Maria", "Ivanka", "Desislava", "Elena", "Yordanka", "Gergana", "Radka", "Silviya", "Tsvetelina",
         "Nadezhda", "Stefka", "Vesela"),
        ("Ivanov", "Petrov", "Georgiev", "Dimitrov", "Nikolov", "Stoyanov", "Todorov", "Kolev", "Angelov",
         "Atanasov", "Marinov", "Iliev", "Yordanov", "Hristov"),
        "Bulgaarse",
    ),
    "hu": (
        ("László", "István", "Zoltán", "Gábor", "Péter", "Attila", "Balázs", "Tamás"),
        ("Zsófia", "Katalin", "Erzsébet", "Éva", "Anikó", "Krisztina", "Réka", "Tünde"),
        ("Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas",
         "Balogh", "Papp"),
        "Hongaarse",
    ),
    "ua": (
        ("Oleksandr", "Andrii", "Serhii", "Dmytro", "Mykola", "Vasyl", "Bohdan", "Taras"),
        ("Olena", "Oksana", "Iryna", "Nataliia", "Yuliia", "Kateryna", "Tetiana", "Viktoriia"),
        ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Moroz",
         "Lysenko", "Savchenko", "Rudenko", "Marchenko"),
        "Oekraïense",
    ),
    "ng": (
        ("Chinedu", "Emeka", "Oluwaseun", "Tunde", "Ikechukwu", "Osas", "Efosa", "Godwin"),
        ("Blessing", "Joy", "Precious", "Favour", "Gift", "Osaretin", "Ngozi", "Chioma", "Esther", "Mercy"),
        ("Okafor", "Eze", "Obi", "Adeyemi", "Osagie", "Igbinedion", "Okonkwo", "Nwachukwu", "Omoregie",
         "Ehigiator", "Uwadiae"),
        "Nigeriaanse",
    ),
    "vn": (
        ("Văn Hùng", "Văn Minh", "Đức Anh", "Quang Huy", "Văn Nam", "Tuấn"),
        ("Thị Lan", "Thị Hương", "Thị Mai", "Ngọc Anh", "Thu Trang", "Thị Hoa"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"),
        "Vietnamese",
    ),
    "es": (
        ("José", "Jesús", "Alejandro", "Raúl", "Andrés", "Ángel", "Sergio", "Martín"),
        ("María", "Lucía", "Sofía", "Inés", "Beatriz", "Verónica", "Ángela", "Mónica"),
        ("García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Rodríguez", "Jiménez",
         "Muñoz"),
        "Spaanse",
    ),
    "pt": (
        ("João", "António", "Gonçalo", "Tiago", "Luís", "Rui"),
        ("Inês", "Conceição", "Leonor", "Márcia", "Fátima", "Graça"),
        ("Gonçalves", "Conceição", "Simões", "Magalhães", "Araújo", "Falcão", "da Silva", "dos Santos",
         "da Costa"),
        "Portugese",
    ),
    "ma": (
        ("Mohamed", "Youssef", "Ayoub", "Bilal", "Hamza", "Mehdi", "Anouar", "Soufiane"),
        ("Fatima", "Samira", "Nadia", "Sanae", "Imane", "Khadija", "Yasmina", "Naima"),
        ("El Amrani", "Bouzid", "El Idrissi", "Benali", "Ait Taleb", "Ouali", "Boukhari", "Azzouzi",
         "El Khattabi", "Haddouchi"),
        "Marokkaans-Nederlandse",
    ),
    "tr": (
        ("Mehmet", "Mustafa", "Emre", "Burak", "Murat", "Ömer", "Çağlar", "Kerem"),
        ("Ayşe", "Elif", "Zeynep", "Büşra", "Merve", "Gülşen", "Özlem", "Şeyma"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç"),
        "Turks-Nederlandse",
    ),
}

# (tussenvoegsel, surname) for Dutch names.
DUTCH_SURNAMES: tuple[tuple[str, str], ...] = (
    ("de", "Vries"), ("", "Jansen"), ("van den", "Berg"), ("", "Bakker"), ("van", "Dijk"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"),
    ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"),
    ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("de", "Jong"),
    ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"), ("van de", "Ven"),
    ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"), ("van der", "Wal"),
    ("", "Prins"), ("", "Blom"), ("", "Huisman"), ("ter", "Horst"), ("te", "Velde"), ("in 't", "Veld"),
    ("van 't", "Hof"), ("den", "Hartog"), ("op de", "Beek"), ("van", "Rijn"), ("ten", "Brink"),
    ("", "Verbeek"), ("van", "Wijk"), ("", "Kuipers"), ("", "Postma"), ("", "Çelik"), ("", "Gerritsen"),
)

DUTCH_PARTICLES = ("van", "de", "den", "der", "te", "ter", "ten", "in", "'t", "op", "da", "dos", "do", "het")

ALIASES_F = ("Bella", "Candy", "Nikki", "Jessy", "Luna", "Mia", "Sasha", "Chantal", "Angel", "Roxy",
             "Kira", "Jade", "Amber", "Naomi", "Vicky", "Destiny")

REPORTER_GIVEN = ("Petra", "Marco", "Ellen", "Hans", "Sandra", "Erik", "Karin", "Rob", "Monique",
                  "Frank", "Ilse", "Martijn", "Astrid", "Gerard", "Nicole", "Jeroen", "Wendy", "Arjen")

COMPANY_PATTERNS = {
    "nla": ("{sur} Bouw B.V.", "Uitzendbureau {word}", "{word} Flex Personeel B.V.", "Agro {word} B.V.",
            "Schoonmaakbedrijf {word}", "{word} Logistics B.V.", "Transportbedrijf {sur}", "{word} Tuinbouw",
            "{word} Vleesverwerking B.V.", "Champignonkwekerij {word}", "{sur} Montage", "{word} Staffing B.V."),
    "gemeente": ("Nagelstudio {word}", "Massagesalon {word}", "Shisha Lounge {word}", "Car Wash {word}",
                 "Minimarkt {word}", "Kapsalon {word}", "{word} Beheer B.V.", "Pension {word}"),
    "politie": ("{word} Escort Services", "{word} Holding B.V.", "Autoverhuur {word}", "{word} Trading",
                "Club {word}", "Belwinkel {word}"),
}
COMPANY_WORDS = ("Noord", "Centraal", "Europa", "Polder", "Eemland", "Heuvelrug", "Vecht", "Domstad",
                 "Kromme Rijn", "Gooi", "Lek", "Delta", "Orion", "Atlas", "Fenix", "Horizon", "Prima",
                 "Select", "Rapid", "Star", "Golden", "Royal", "Top", "Euro", "Midden", "Sterk", "Blue")

BANKS = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "BUNQ", "KNAB", "ASNB", "RBRB")

# Letters used on current Dutch number plates (no vowels, no C, M, Q, W) and groups RDW avoids.
KENTEKEN_LETTERS = "BDFGHJKLNPRSTVXZ"
KENTEKEN_BANNED = ("SS", "SD", "PVV", "VVD", "SGP", "NSB", "KKK", "GVD", "TBS", "PKK", "LPF")
# Sidecodes 4-14 as (pattern, weight); L = letter, 9 = digit, "-" where the dashes go.
KENTEKEN_SIDECODES = (
    ("LL-99-LL", 4), ("LL-LL-99", 5), ("99-LL-LL", 8), ("99-LLL-9", 14), ("9-LLL-99", 10),
    ("LL-999-L", 10), ("L-999-LL", 7), ("LLL-99-L", 14), ("L-99-LLL", 10), ("9-LL-999", 8),
    ("999-LL-9", 5),
)

URL_HOSTS = ("www.example.nl", "ads.example.com", "escort.example.org", "www.example.com",
             "dating.example.nl", "m.example.org")
URL_PATHS = ("/advertentie/{id}-{slug}", "/profiel/{slug}-{id}", "/ad/{id}", "/escort/{city}/{slug}-{id}",
             "/contact/{slug}/{id}")
EMAIL_DOMAINS = ("example.com", "example.nl", "example.org")

MELDER = {
    "veilig_thuis": ("school", "de huisarts", "de wijkagent", "een buurvrouw", "de jeugdarts",
                     "een jongerenwerker", "de moeder", "een mentor"),
    "zorgcoordinator": ("het wijkteam", "de huisarts", "een opvanglocatie", "het ziekenhuis",
                        "CoMensha", "een advocaat", "de GGD"),
    "politie": ("een collega van de basisteam", "de zedenrecherche", "een hotelmedewerker",
                "een anonieme melder", "de wijkagent", "Meld Misdaad Anoniem"),
    "nla": ("een vakbond", "een anonieme werknemer", "de gemeente", "een uitzendkracht", "een buurman",
            "een collega-inspecteur"),
    "gemeente": ("handhaving", "de woningcorporatie", "het wijkteam", "een buurtbewoner",
                 "de afdeling burgerzaken", "de brandweer"),
    "other": ("een partner", "een anonieme melder", "een collega"),
}

PLACES = {
    "veilig_thuis": ("woning van de ouders in {city}", "school in {city}", "telefonische melding",
                     "jeugdhulplocatie in {city}", "sportvereniging in {city}", "onbekend"),
    "zorgcoordinator": ("opvanglocatie", "huisartsenpraktijk in {city}", "spreekuur zorgcoördinator",
                        "ziekenhuis in {city}", "woning aan de {street}"),
    "politie": ("hotel in {city}", "woning aan de {street}", "online (advertentiesite)",
                "parkeerplaats bij {city}", "tankstation langs de A{road}", "station {city}"),
    "nla": ("bedrijfspand aan de {street}", "kassencomplex bij {city}", "distributiecentrum in {city}",
            "huisvestingslocatie aan de {street}", "bouwplaats in {city}", "vakantiepark bij {city}"),
    "gemeente": ("woning aan de {street}", "bedrijfspand aan de {street}", "vakantiepark bij {city}",
                 "wijkteam {city}", "winkelpand aan de {street}"),
    "other": ("{city}", "woning aan de {street}", "onbekend"),
}

OPENERS = {
    "veilig_thuis": (
        "Melding via {melder} over {wie} ({age}).",
        "{Melder} maakt zich zorgen over {wie}, {age} jaar, uit {city}.",
        "Zorgmelding binnengekomen over {wie} ({age} jaar).",
        "Adviesvraag van {melder} over de situatie van {wie}.",
    ),
    "zorgcoordinator": (
        "{Wie} ({age}) is aangemeld bij de zorgcoördinator mensenhandel door {melder}.",
        "Aanmelding voor opvang en begeleiding van {wie}, {age} jaar.",
        "{Melder} verwijst {wie} ({age}) door voor hulp.",
    ),
    "politie": (
        "Tijdens een controle in {city} viel de situatie van {wie} op.",
        "Informatie ontvangen via {melder} over mogelijke uitbuiting in {city}.",
        "Bij een hotelcontrole in {city} werd {wie} aangetroffen.",
        "Bij het screenen van advertenties viel {wie} op.",
    ),
    "nla": (
        "Bij een inspectie in {city} werden {n} {herkomst} arbeidsmigranten aangetroffen.",
        "Signaal van {melder} over de arbeidsomstandigheden bij een bedrijf in {city}.",
        "Tijdens een controle op de arbeidsvoorwaarden in {city} spraken inspecteurs met {n} werknemers.",
    ),
    "gemeente": (
        "Handhaving constateerde tijdens een controle in {city} signalen van overbewoning.",
        "Melding van {melder} over een adres in {city}.",
        "{Melder} meldt veel wisselende bewoners op een adres in {city}.",
        "Bij een integrale controle in {city} vielen meerdere zaken op.",
    ),
    "other": ("Signaal ontvangen via {melder} over een situatie in {city}.",),
}

BODY = {
    "seksuele_uitbuiting": (
        "{Hij} heeft sinds kort een oudere vriend die {hem} met de auto ophaalt en dure cadeaus geeft.",
        "Er zijn signalen dat {hij} via sociale media wordt benaderd door onbekende mannen.",
        "{Hij} heeft twee telefoons en wil niet zeggen van wie de tweede is.",
        "Op een advertentiesite staan foto's van {hem} in wisselende woningen.",
        "Een man regelt de afspraken en houdt het geld in.",
        "{Hij} sprak weinig Nederlands en wist niet in welke stad {hij} was.",
        "{Hij} zou een schuld hebben voor de reis naar Nederland die {hij} moet 'terugverdienen'.",
        "Er komen op alle tijden van de dag en nacht wisselende bezoekers.",
        "{Hij} had geen eigen paspoort bij zich; een man bleef buiten in de auto wachten.",
    ),
    "arbeidsuitbuiting": (
        "Werknemers werken naar eigen zeggen zes tot zeven dagen per week, {hours} uur per dag.",
        "Het loon ligt onder het minimumloon; er worden hoge bedragen ingehouden voor huisvesting en vervoer.",
        "Paspoorten zouden door de werkgever of een tussenpersoon worden bewaard.",
        "Bij ziekte krijgen werknemers naar eigen zeggen een boete of worden ze direct ontslagen.",
        "Het loon wordt contant uitbetaald of gestort op een rekening van een tussenpersoon.",
        "In de woning verblijven {n} personen, terwijl er plek is voor hooguit {m}.",
        "De werknemers worden 's ochtends vroeg met busjes opgehaald.",
        "{Hij} durft geen klachten te uiten uit angst het werk en de woning kwijt te raken.",
    ),
    "criminele_uitbuiting": (
        "{Hij} zou worden ingezet om drugs te vervoeren en pakketjes af te leveren.",
        "{Hij} heeft {zijn} bankpas afgegeven aan iemand die er geld mee opneemt.",
        "Er zijn aanwijzingen dat {hij} wordt gedwongen tot winkeldiefstal.",
        "{Hij} zegt schulden te hebben bij een bekende en 'iets terug te moeten doen'.",
        "{Hij} werkt in een nagelstudio maar krijgt geen loon en slaapt in het pand.",
        "Er is een hennepkwekerij aangetroffen waar {hij} verbleef.",
    ),
    "gedwongen_orgaanverwijdering": (
        "{Hij} vertelt dat {hij} is overgehaald om in het buitenland een nier af te staan.",
        "Er is een litteken aangetroffen dat past bij een recente operatie in het buitenland.",
    ),
    "overig": (
        "Familie zou een huwelijk in het buitenland regelen; {hij} wil dit niet.",
        "{Hij} wordt door familie verplicht om te bedelen.",
        "Er is sprake van dwang binnen het gezin; de precieze vorm is onduidelijk.",
    ),
    "onbekend": (
        "De situatie is nog onduidelijk; er is onvoldoende informatie om de vorm van uitbuiting te duiden.",
        "{Hij} verzuimt structureel van school en is meerdere nachten niet thuis geweest.",
        "{Hij} heeft geld en kleding waarvan de herkomst onduidelijk is.",
        "Buurtbewoners melden veel loop naar de woning, vooral 's avonds laat.",
    ),
}

FEATURE_SENTENCES = {
    "adverts": ("De advertentie is inmiddels opnieuw geplaatst met andere foto's.",
                "Het telefoonnummer in de advertentie komt ook voor in andere advertenties."),
    "vehicles": ("Er werd een bestelbus gezien die steeds dezelfde route rijdt.",
                 "Een auto met een buitenlands uiterlijk stond meerdere nachten bij het pand.",
                 "De betrokkenen worden vervoerd in een personenauto die op naam van een derde staat."),
    "companies": ("Het bedrijf is pas kort ingeschreven en wisselt vaak van bestuurder.",
                  "Het bedrijf maakt gebruik van een tussenpersoon voor de werving van personeel.",
                  "Er zijn betalingen gedaan via de rekening van het bedrijf die niet bij de omzet passen."),
    "addresses": ("Op het adres staan meer personen ingeschreven dan er kunnen wonen.",
                  "De woning wordt onderverhuurd; de hoofdhuurder woont elders.",
                  "Buren zien 's nachts veel verkeer bij het adres."),
}

CLOSERS = {
    "veilig_thuis": ("Veilig Thuis heeft de melding in onderzoek genomen.",
                     "Ouders zijn niet op de hoogte van de melding.", "Advies: bespreken aan de signalentafel.",
                     "Er is contact gezocht met het jeugdbeschermingsplein.", ""),
    "zorgcoordinator": ("Er is een aanvraag voor categorale opvang gedaan.",
                        "Bedenktijd is aangeboden; aangifte is nog niet gedaan.",
                        "Hulpverlening loopt via het wijkteam.", ""),
    "politie": ("Vastgelegd in een mutatie; geen aangifte.", "Slachtoffer wilde niet praten.",
                "Voorstel: bespreken voor een bestuurlijke aanpak.", ""),
    "nla": ("Een vervolgonderzoek wordt overwogen.", "De werkgever was niet bereikbaar voor een reactie.",
            "Signaal doorgezet naar de signalentafel.", ""),
    "gemeente": ("Het adres staat op de lijst voor een integrale controle.",
                 "Er wordt een bestuurlijke rapportage opgesteld.", "Wijkteam blijft betrokken.", ""),
    "other": ("",),
}
