"""The node's end-user texts (Dutch and English): the one catalogue of `signalmatch.node`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # disclosure.py
        "node.disclosure.category.unknown": {
            "nl": "onbekende categorie {value!r}; kies uit: {choices}",
            "en": "unknown category {value!r}; choose from: {choices}",
        },
        "node.disclosure.categories.required": {
            "nl": "kies minstens één categorie",
            "en": "choose at least one category",
        },
        "node.disclosure.purpose.unknown": {
            "nl": "doel {value!r} staat niet in de lijst van de tafel: {choices}",
            "en": "purpose {value!r} is not in the table's list: {choices}",
        },
        "node.disclosure.legal_basis.unknown": {
            "nl": "grondslag {value!r} staat niet in de lijst van de tafel: {choices}",
            "en": "legal basis {value!r} is not in the table's list: {choices}",
        },
        "node.disclosure.recipient.unknown": {
            "nl": "ontvanger {value!r} is geen voorzitter of partner van deze tafel",
            "en": "recipient {value!r} is not a chair or partner of this table",
        },
        "node.disclosure.recipient.partner_not_allowed": {
            "nl": "het beleid van de tafel staat verstrekking aan partners ({value!r}) niet toe",
            "en": "the table's policy does not allow disclosure to partners ({value!r})",
        },
        "node.disclosure.recipient.chair_required": {
            "nl": "de aanvragende voorzitter staat niet tussen de ontvangers",
            "en": "the requesting chair is not among the recipients",
        },
        "node.disclosure.name.format": {
            "nl": "verwacht disclosures/<id>",
            "en": "expected disclosures/<id>",
        },
        "node.disclosure.hit.format": {"nl": "verwacht hits/<nummer>", "en": "expected hits/<number>"},
        "node.disclosure.answer.missing": {
            "nl": "het verzoek bevat geen vraag aan deze partner",
            "en": "the request holds no question for this partner",
        },
        "node.disclosure.signal_ref.format": {
            "nl": "ongeldige signaalverwijzing",
            "en": "invalid signal reference",
        },
        "node.disclosure.open.failed": {
            "nl": "de verstrekking van {partner} voor {name} is niet te openen met deze sleutel, of is niet door "
            "{partner} verzegeld",
            "en": "the disclosure of {partner} for {name} cannot be opened with this key, or was not sealed by "
            "{partner}",
        },
        "node.disclosure.open.mismatch": {
            "nl": "de verstrekking van {partner} voor {name} hoort bij een ander verzoek of bevat meer dan gevraagd",
            "en": "the disclosure of {partner} for {name} belongs to another request or holds more than was asked",
        },
        "node.disclosure.policy.invalid": {
            "nl": "{path}: auto_approve[{index}].{field}: {reason}",
            "en": "{path}: auto_approve[{index}].{field}: {reason}",
        },
        "node.disclosure.policy.unreadable": {
            "nl": "{path}: kan het verstrekkingsbeleid niet lezen: {reason}",
            "en": "{path}: cannot read the disclosure policy: {reason}",
        },
        # importer.py
        "import.json": {"nl": "geen geldige JSON: {error}", "en": "not valid JSON: {error}"},
        "import.extra_cells": {
            "nl": "{count} cel(len) meer dan er kolommen zijn; staat er een scheidingsteken in een tekst zonder aanhalingstekens?",
            "en": "{count} more cell(s) than columns; is there a delimiter inside an unquoted text?",
        },
        "import.column": {
            "nl": "onbekende kolom {column!r}",
            "en": "unknown column {column!r}",
        },
        "import.line_too_long": {
            "nl": "regel is langer dan {limit} bytes; een signaal is een formulier, geen bestand",
            "en": "line is longer than {limit} bytes; a signal is a form, not a file",
        },
        "import.encoding": {
            "nl": "regel is geen geldige UTF-8 (byte {position}); sla het bestand op als UTF-8",
            "en": "line is not valid UTF-8 (byte {position}); save the file as UTF-8",
        },
        "import.csv": {"nl": "CSV-regel niet te lezen: {error}", "en": "CSV row not readable: {error}"},
        "import.format": {
            "nl": "onbekend bestandstype {suffix!r}; gebruik .csv of .jsonl",
            "en": "unknown file type {suffix!r}; use .csv or .jsonl",
        },
        # layering.py
        "layering.unreachable": {
            "nl": "sleutelhouder: {code}: {details}; de batch wacht en wordt opnieuw geprobeerd",
            "en": "keyholder: {code}: {details}; the batch waits and is retried",
        },
        "layering.proof": {
            "nl": "sleutelhouder: het bewijs bij de evaluaties van epoch {epoch} klopt niet met de gepubliceerde "
            "publieke sleutel; niets verstuurd",
            "en": "keyholder: the proof of the epoch {epoch} evaluations does not verify against the published "
            "public key; nothing was sent",
        },
        "layering.count": {
            "nl": "sleutelhouder: {got} evaluaties ontvangen voor {sent} elementen; niets verstuurd",
            "en": "keyholder: {got} evaluations received for {sent} elements; nothing was sent",
        },
        "layering.worker": {
            "nl": "tokenworker: {reason}; de batch wacht en wordt opnieuw geprobeerd",
            "en": "token worker: {reason}; the batch waits and is retried",
        },
        "layering.no_key": {
            "nl": "geen gepubliceerde publieke sleutel van de sleutelhouder voor epoch {epoch} in de configuratie",
            "en": "no published keyholder public key for epoch {epoch} in the configuration",
        },
        # logwatch.py
        "logwatch.rolled_back": {
            "nl": "de log van de matcher is teruggezet: deze node heeft een ontvangstbewijs met checkpoint {seen}, "
            "de matcher toont nu maar {latest} regels",
            "en": "the matcher's log was rolled back: this node holds a receipt with checkpoint {seen}, the matcher "
            "now shows only {latest} entries",
        },
        "logwatch.forked": {
            "nl": "de log van de matcher is teruggezet of herschreven: checkpoint {seen} van een ontvangstbewijs "
            "van deze node past niet bij de log van de matcher ({latest} regels)",
            "en": "the matcher's log was rolled back or rewritten: checkpoint {seen} of a receipt of this node does "
            "not fit the matcher's log ({latest} entries)",
        },
        "logwatch.invalid": {
            "nl": "het checkpoint van de matcher is niet geldig ondertekend met de logsleutel",
            "en": "the matcher's checkpoint is not validly signed with the log key",
        },
        # normalise.py
        "bsn.empty": {"nl": "BSN ontbreekt", "en": "BSN is missing"},
        "bsn.format": {
            "nl": "BSN mag alleen cijfers bevatten (spaties, punten en streepjes mogen)",
            "en": "BSN may only contain digits (spaces, dots and dashes are allowed)",
        },
        "bsn.length": {"nl": "BSN moet 9 cijfers hebben", "en": "BSN must have 9 digits"},
        "bsn.zero": {"nl": "BSN mag niet uit alleen nullen bestaan", "en": "BSN cannot be all zeros"},
        "bsn.elfproef": {"nl": "BSN voldoet niet aan de elfproef", "en": "BSN fails the 11-test"},
        "phone.empty": {"nl": "telefoonnummer ontbreekt", "en": "phone number is missing"},
        "phone.invalid": {
            "nl": "geen geldig telefoonnummer (gebruik bijvoorbeeld 06 12345678 of +31 6 12345678)",
            "en": "not a valid phone number (use e.g. 06 12345678 or +31 6 12345678)",
        },
        "email.empty": {"nl": "e-mailadres ontbreekt", "en": "email address is missing"},
        "email.format": {
            "nl": "geen geldig e-mailadres (verwacht naam@domein.nl)",
            "en": "not a valid email address (expected name@domain.com)",
        },
        "email.domain": {
            "nl": "het domein van het e-mailadres is ongeldig",
            "en": "the domain of the email address is invalid",
        },
        "postcode.empty": {"nl": "postcode ontbreekt", "en": "postcode is missing"},
        "postcode.format": {
            "nl": "geen geldige Nederlandse postcode (verwacht 1234 AB)",
            "en": "not a valid Dutch postcode (expected 1234 AB)",
        },
        "postcode.letters": {
            "nl": "postcodes met de letters SA, SD of SS worden niet uitgegeven",
            "en": "postcodes with the letters SA, SD or SS are not issued",
        },
        "address.empty": {"nl": "adres ontbreekt", "en": "address is missing"},
        "address.house_number": {
            "nl": "huisnummer moet een geheel getal van 1 tot en met 99999 zijn, eventueel met toevoeging",
            "en": "house number must be a whole number from 1 to 99999, optionally with an addition",
        },
        "address.addition": {
            "nl": "huisnummertoevoeging mag alleen letters en cijfers bevatten (maximaal {limit})",
            "en": "house number addition may only contain letters and digits (at most {limit})",
        },
        "kenteken.empty": {"nl": "kenteken ontbreekt", "en": "licence plate is missing"},
        "kenteken.format": {
            "nl": "kenteken moet uit 6 letters en cijfers bestaan (bijvoorbeeld XX-123-X)",
            "en": "licence plate must consist of 6 letters and digits (e.g. XX-123-X)",
        },
        "kenteken.sidecode": {
            "nl": "kenteken past niet in een Nederlandse sidecode",
            "en": "licence plate does not fit a Dutch sidecode",
        },
        "kvk.empty": {"nl": "KvK-nummer ontbreekt", "en": "KvK number is missing"},
        "kvk.format": {"nl": "KvK-nummer moet precies 8 cijfers hebben", "en": "KvK number must have exactly 8 digits"},
        "iban.empty": {"nl": "IBAN ontbreekt", "en": "IBAN is missing"},
        "iban.format": {
            "nl": "geen geldig IBAN (verwacht landcode, 2 controlecijfers en rekeningnummer, bijvoorbeeld NL91 ABNA 0417 1643 00)",
            "en": "not a valid IBAN (expected country code, 2 check digits and account number, e.g. NL91 ABNA 0417 1643 00)",
        },
        "iban.length": {
            "nl": "IBAN voor {country} moet {length} tekens hebben",
            "en": "IBAN for {country} must have {length} characters",
        },
        "iban.checksum": {
            "nl": "IBAN klopt niet (controlecijfers komen niet overeen)",
            "en": "IBAN is wrong (check digits do not match)",
        },
        "url.empty": {"nl": "URL ontbreekt", "en": "URL is missing"},
        "url.invalid": {"nl": "geen geldige URL", "en": "not a valid URL"},
        "url.scheme": {
            "nl": "alleen http- en https-URL's worden geaccepteerd",
            "en": "only http and https URLs are accepted",
        },
        "date_of_birth.empty": {"nl": "geboortedatum ontbreekt", "en": "date of birth is missing"},
        "date_of_birth.format": {
            "nl": "geen geldige datum (gebruik dd-mm-jjjj of jjjj-mm-dd)",
            "en": "not a valid date (use dd-mm-yyyy or yyyy-mm-dd)",
        },
        "date_of_birth.future": {"nl": "geboortedatum ligt in de toekomst", "en": "date of birth is in the future"},
        "date_of_birth.too_old": {
            "nl": "geboortedatum ligt voor 1900",
            "en": "date of birth is before 1900",
        },
        "name.given_empty": {"nl": "voornaam ontbreekt", "en": "given name is missing"},
        "name.surname_empty": {"nl": "achternaam ontbreekt", "en": "surname is missing"},
        "name.no_letters": {"nl": "naam bevat geen letters", "en": "name contains no letters"},
        # officer_service.py
        "node.officer.reason.required": {
            "nl": "geef bij een weigering een redencode: {choices}",
            "en": "a refusal needs a reason code: {choices}",
        },
        "node.officer.state.unknown": {"nl": "onbekende status", "en": "unknown state"},
        # pseudonymise.py
        "identifier_kind.unknown": {
            "nl": "onbekende soort identificatie: {value}",
            "en": "unknown identifier kind: {value}",
        },
        # receipts.py
        "receipts.page_size": {"nl": "moet 0 of meer zijn", "en": "must be 0 or more"},
        # service.py
        "node.service.state.unknown": {"nl": "onbekende status van een signaal", "en": "unknown signal state"},
        "node.service.import.items.mixed": {
            "nl": "een bericht met items heeft zelf geen signaal of volgnummer",
            "en": "a message with items has no signal or sequence of its own",
        },
        "node.service.import.items.nested": {
            "nl": "een item van een bericht heeft zelf geen items",
            "en": "an item of a message has no items of its own",
        },
        # signal.py
        "field.required": {"nl": "verplicht veld", "en": "required field"},
        "field.type": {"nl": "verwacht {expected}", "en": "expected {expected}"},
        "field.unknown": {"nl": "onbekend veld", "en": "unknown field"},
        "field.too_long": {
            "nl": "te lang (maximaal {limit} tekens)",
            "en": "too long (at most {limit} characters)",
        },
        "field.too_many": {"nl": "te veel (maximaal {limit})", "en": "too many (at most {limit})"},
        "external_id.format": {
            "nl": "kenmerk mag alleen letters, cijfers en . _ / - bevatten (maximaal 64)",
            "en": "reference may only hold letters, digits and . _ / - (at most 64)",
        },
        "observed_at.format": {
            "nl": "datum/tijd niet herkend; gebruik bijvoorbeeld 2026-03-14 of 2026-03-14T10:30:00+01:00",
            "en": "date/time not recognised; use e.g. 2026-03-14 or 2026-03-14T10:30:00+01:00",
        },
        "observed_at.future": {"nl": "datum ligt in de toekomst", "en": "date is in the future"},
        "observed_at.range": {"nl": "datum ligt voor {first}", "en": "date is before {first}"},
        "municipality.unknown": {
            "nl": "geen gemeente van deze tafel; kies uit: {choices}",
            "en": "not a municipality of this table; choose from: {choices}",
        },
        "identifiers.too_many": {
            "nl": "te veel identificerende gegevens in één signaal (maximaal {limit})",
            "en": "too many identifiers in one signal (at most {limit})",
        },
        "exploitation_types.required": {
            "nl": "kies minstens één vorm van uitbuiting (of 'onbekend')",
            "en": "choose at least one form of exploitation (or 'onbekend')",
        },
        "exploitation_types.unknown": {
            "nl": "onbekende vorm van uitbuiting; kies uit: {choices}",
            "en": "unknown form of exploitation; choose from: {choices}",
        },
        "role.unknown": {
            "nl": "onbekende rol; kies uit: {choices}",
            "en": "unknown role; choose from: {choices}",
        },
        "person.empty": {
            "nl": "persoon zonder naam, geboortedatum, BSN, telefoon of e-mail",
            "en": "person without name, date of birth, BSN, phone or e-mail",
        },
        "name.format": {
            "nl": "naam mag geen cijfers of bijzondere tekens bevatten",
            "en": "name may not contain digits or special characters",
        },
        "address.incomplete": {
            "nl": "adres heeft postcode én huisnummer nodig",
            "en": "address needs both postcode and house number",
        },
        "company.empty": {
            "nl": "bedrijf zonder naam, KvK-nummer of IBAN",
            "en": "company without name, KvK number or IBAN",
        },
        # subject.py
        "subject.empty": {
            "nl": "geef minstens één identificatie op (BSN, telefoon, e-mail, naam + geboortedatum of adres)",
            "en": "give at least one identifier (BSN, phone, e-mail, name + date of birth or address)",
        },
        "subject.name_dob": {
            "nl": "naam + geboortedatum vraagt voornamen, achternaam en geboortedatum samen",
            "en": "name + date of birth needs given names, surname and date of birth together",
        },
        "subject.address": {
            "nl": "een adres vraagt postcode en huisnummer samen",
            "en": "an address needs postcode and house number together",
        },
        # reviews.py
        "node.review.not_found": {
            "nl": "geen verstrekkingsverzoek {name} op deze node",
            "en": "no disclosure request {name} at this node",
        },
        "node.review.already_decided": {
            "nl": "over {name} is al besloten ({state}); een besluit is definitief",
            "en": "{name} has already been decided ({state}); a decision is final",
        },
        "node.review.expired": {
            "nl": "het verzoek {name} is verlopen en kan niet meer worden beantwoord",
            "en": "the request {name} has expired and can no longer be answered",
        },
        # intake.py
        "intake.no_secret": {
            "nl": "deze node heeft het tabelgeheim van de huidige sleutelepoch nog niet van de gever ontvangen; "
            "probeer het zo opnieuw (niets opgeslagen)",
            "en": "this node has not received the current key epoch's table secret from the dealer yet; "
            "try again shortly (nothing was stored)",
        },
    }
)
