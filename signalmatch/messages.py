"""The shared kernel's end-user texts (Dutch and English): the one catalogue of `signalmatch`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # deal.py
        "deal.malformed": {"nl": "deling van het tabelgeheim: {reason}", "en": "table secret deal: {reason}"},
        "deal.dealer": {
            "nl": "deling van epoch {epoch} door {dealer!r} geweigerd: {dealer!r} is niet de gever van "
            "het tabelgeheim in directoryversie {version} (gever: {named!r}; alleen een partner kan gever zijn)",
            "en": "deal of epoch {epoch} by {dealer!r} refused: {dealer!r} is not the table secret's dealer "
            "in directory version {version} (dealer: {named!r}; only a partner can deal)",
        },
        "deal.signature": {
            "nl": "deling van epoch {epoch}: de handtekening is niet van partner {dealer!r}; geweigerd",
            "en": "deal of epoch {epoch}: the signature is not partner {dealer!r}'s; refused",
        },
        "deal.epoch": {
            "nl": "deling van epoch {epoch}: die epoch vraagt directoryversie {version} niet (actief {active}, "
            "gevraagd {pending})",
            "en": "deal of epoch {epoch}: directory version {version} does not ask for that epoch (active "
            "{active}, requested {pending})",
        },
        "deal.open": {
            "nl": "deling van epoch {epoch}: de kopie voor {partner!r} gaat niet open of klopt niet met de "
            "toezegging van de gever",
            "en": "deal of epoch {epoch}: the copy for {partner!r} does not open or does not match the dealer's "
            "commitment",
        },
        "deal.conflict": {
            "nl": "deling van epoch {epoch} bevat een ander geheim dan het geheim dat deze node al heeft; geweigerd",
            "en": "deal of epoch {epoch} carries another secret than the one this node holds; refused",
        },
        # directory.py
        "directory.malformed": {
            "nl": "directoryversie {version}: {reason}",
            "en": "directory version {version}: {reason}",
        },
        "directory.signature": {
            "nl": "directoryversie {version}: de handtekening klopt niet met de bij inschrijving vastgelegde "
            "directorysleutel; versie geweigerd",
            "en": "directory version {version}: the signature does not verify with the directory key pinned at "
            "enrolment; version refused",
        },
        "directory.cosignature": {
            "nl": "directoryversie {version} verruimt wie gegevens ziet ({changes}) maar mist een geldige "
            "medeondertekening van de functionaris gegevensbescherming van de tafel ({cosigner}); versie geweigerd",
            "en": "directory version {version} widens who sees data ({changes}) but lacks a valid co-signature "
            "of the table's data protection officer ({cosigner}); version refused",
        },
        "directory.no_cosigner": {
            "nl": "directoryversie {version} verruimt wie gegevens ziet ({changes}) terwijl de tafel nog geen "
            "medeondertekenaar heeft; laat eerst de functionaris van de tafel toe",
            "en": "directory version {version} widens who sees data ({changes}) while the table has no "
            "co-signer yet; admit the table's officer first",
        },
        "directory.rollback": {
            "nl": "directoryversie {version} is niet nieuwer dan de versie {current} die hier al geldt "
            "(teruggedraaide versie); geweigerd",
            "en": "directory version {version} is not newer than version {current} already in force here "
            "(rolled back); refused",
        },
        "directory.gap": {
            "nl": "directoryversie {version} volgt niet op versie {current}; de tussenliggende versies ontbreken",
            "en": "directory version {version} does not follow version {current}; the versions in between are missing",
        },
        "directory.chain": {
            "nl": "directoryversie {version} verwijst niet naar de hash van versie {current}; de keten is gebroken",
            "en": "directory version {version} does not name the hash of version {current}; the chain is broken",
        },
        "directory.table": {
            "nl": "directoryversie {version} hoort bij tafel {found!r}, niet bij {expected!r}",
            "en": "directory version {version} belongs to table {found!r}, not {expected!r}",
        },
        "directory.genesis": {
            "nl": "de eerste directoryversie moet versie 1 zijn zonder voorganger, niet versie {version}",
            "en": "the first directory version must be version 1 without a predecessor, not version {version}",
        },
        "directory.oprf_signature": {
            "nl": "de gepubliceerde OPRF-sleutel van epoch {epoch} is niet ondertekend door de sleutelhouder",
            "en": "the published OPRF key of epoch {epoch} is not signed by the keyholder",
        },
        # directory.py
        "directory.epoch.rotating": {
            "nl": "er loopt al een rotatie (actieve epochs {epochs}); vernietig epoch {oldest} eerst, "
            "zodra elke node opnieuw heeft ingediend",
            "en": "a rotation is already under way (active epochs {epochs}); destroy epoch {oldest} first, "
            "once every node has re-submitted",
        },
        "directory.epoch.current": {
            "nl": "epoch {epoch} is de huidige epoch en kan niet vernietigd worden; roteer eerst",
            "en": "epoch {epoch} is the current epoch and cannot be destroyed; rotate first",
        },
        "directory.epoch.unknown": {
            "nl": "epoch {epoch} is geen actieve epoch van deze tafel (actief: {active})",
            "en": "epoch {epoch} is not an active epoch of this table (active: {active})",
        },
        "directory.epoch.not_requested": {
            "nl": "epoch {epoch} is niet aangevraagd (gevraagd: {pending})",
            "en": "epoch {epoch} was not requested (requested: {pending})",
        },
        # membership.py
        "membership.expired": {
            "nl": "het certificaat van {who} is verlopen op {when}; vernieuw het vóór het verloopt "
            "(signalmatch partner renew) of vraag de beheerder om een nieuw (signalmatch table admit)",
            "en": "the certificate of {who} expired at {when}; renew it before it expires "
            "(signalmatch partner renew) or ask the operator for a new one (signalmatch table admit)",
        },
        "membership.not_member": {
            "nl": "{who} is geen lid van tafel {table} (directoryversie {version}); toegang geweigerd",
            "en": "{who} is not a member of table {table} (directory version {version}); access refused",
        },
        "membership.wrong_key": {
            "nl": "het certificaat van {who} hoort niet bij de sleutel die directoryversie {version} vastlegt",
            "en": "the certificate of {who} is not for the key directory version {version} pins",
        },
        "membership.unknown_oin": {
            "nl": "geen lid van tafel {table} heeft OIN {oin!r} (directoryversie {version})",
            "en": "no member of table {table} has OIN {oin!r} (directory version {version})",
        },
        "membership.anchor": {
            "nl": "het certificaat met OIN {oin} is niet uitgegeven onder een vertrouwensanker van de directory: {reason}",
            "en": "the certificate with OIN {oin} was not issued under a trust anchor of the directory: {reason}",
        },
        "membership.no_certificate": {
            "nl": "geen geverifieerd clientcertificaat; verbind met mutual TLS",
            "en": "no verified client certificate; connect with mutual TLS",
        },
        # oprf.py
        "oprf.element": {
            "nl": "geen geldig ristretto255-groepselement (of het neutrale element)",
            "en": "not a valid ristretto255 group element (or the identity element)",
        },
        "oprf.scalar": {
            "nl": "geen geldige scalair: 32 bytes little-endian, niet nul en kleiner dan de groepsorde",
            "en": "not a valid scalar: 32 bytes little-endian, non-zero and below the group order",
        },
        "oprf.proof": {
            "nl": "het bewijs moet 64 bytes zijn: twee scalairen kleiner dan de groepsorde",
            "en": "the proof must be 64 bytes: two scalars below the group order",
        },
        "oprf.input": {
            "nl": "invoer moet ten hoogste {limit} bytes zijn en mag niet op het neutrale element afbeelden",
            "en": "input must be at most {limit} bytes and must not map to the identity element",
        },
        "oprf.batch": {
            "nl": "een batch moet 1 tot {limit} elementen hebben, alle lijsten even lang",
            "en": "a batch must have 1 to {limit} items, all lists of the same length",
        },
        # process.py
        "process.busy": {
            "nl": "{path} is in gebruik door een ander proces (draait de server al?); stop dat eerst",
            "en": "{path} is in use by another process (is the server running?); stop it first",
        },
        # protocol.py
        "protocol.page_size.range": {
            "nl": "page_size mag niet negatief zijn (0 is de standaardgrootte)",
            "en": "page_size must not be negative (0 is the default size)",
        },
        # requests.py
        "requests.range": {
            "nl": "moet een geheel getal van {low} tot en met {high} zijn",
            "en": "must be a whole number from {low} to {high}",
        },
        "requests.time": {
            "nl": "een tijdstip van 0001-01-01 tot en met 9999-12-31",
            "en": "a time from 0001-01-01 to 9999-12-31",
        },
        "requests.name": {
            "nl": "verwacht {prefix}<nummer> met alleen de cijfers 0-9 (1 tot en met {max})",
            "en": "expected {prefix}<number> with only the digits 0-9 (1 to {max})",
        },
        "requests.page_token": {
            "nl": "ongeldige page_token; begin opnieuw zonder page_token met dezelfde filters",
            "en": "invalid page_token; start again without page_token using the same filters",
        },
        "requests.text.control": {
            "nl": "bevat een stuurteken (zoals een NUL-byte); alleen gewone tekst",
            "en": "holds a control character (such as a NUL byte); plain text only",
        },
        "requests.text.blank": {
            "nl": "bevat alleen spaties; laat het leeg of vul het in",
            "en": "holds only spaces; leave it empty or fill it in",
        },
        # sqlite.py
        "sqlite.too_new": {
            "nl": "{path} heeft schemaversie {found}; deze signalmatch kent versies tot en met {understood}: "
            "installeer de nieuwere signalmatch die de opslag schreef (of zet een back-up van deze versie terug)",
            "en": "{path} has schema version {found}; this signalmatch understands versions up to {understood}: "
            "install the newer signalmatch that wrote the store (or restore a backup made by this version)",
        },
        # stores.py
        "stores.damaged": {
            "nl": "beschadigde opslag, het proces start niet (herstel uit een back-up of onderzoek het bestand):",
            "en": "damaged store, the process does not start (restore from a backup or examine the file):",
        },
        "stores.pragma": {"nl": "PRAGMA {pragma} meldt: {result}", "en": "PRAGMA {pragma} reports: {result}"},
        # transport.py
        "transport.no_certificate": {
            "nl": "geen geverifieerd clientcertificaat; verbind met mutual TLS en een certificaat "
            "van de CA van de tafel",
            "en": "no verified client certificate; connect with mutual TLS and a certificate from the table's CA",
        },
        "transport.bad_identity": {
            "nl": "het clientcertificaat draagt geen geldige identiteit "
            "(precies één spiffe://<tafel>/<rol>/<naam> URI SAN): {reason}",
            "en": "the client certificate carries no valid identity "
            "(exactly one spiffe://<table>/<role>/<name> URI SAN): {reason}",
        },
        "transport.wrong_table": {
            "nl": "{uri} hoort bij tafel {found!r}, deze dienst bij tafel {expected!r}; "
            "gebruik een certificaat van deze tafel",
            "en": "{uri} belongs to table {found!r}, this service to table {expected!r}; "
            "use a certificate of this table",
        },
        "transport.wrong_role": {
            "nl": "{uri} heeft rol {found!r}; deze aanroep vereist rol {expected}; gebruik een certificaat met die rol",
            "en": "{uri} has role {found!r}; this call requires role {expected}; use a certificate with that role",
        },
        "transport.wrong_name": {
            "nl": "{uri} is niet {expected!r}; alleen {expected!r} mag deze aanroep doen",
            "en": "{uri} is not {expected!r}; only {expected!r} may make this call",
        },
        "transport.internal": {
            "nl": "interne fout (zie serverlog, referentie {reference})",
            "en": "internal error (see server log, reference {reference})",
        },
        "transport.unreadable": {
            "nl": "kan {path} niet lezen: {reason}",
            "en": "cannot read {path}: {reason}",
        },
        "transport.undecodable": {
            "nl": "het verzoek is geen geldig protobuf-bericht van het verwachte type (of bevat ongeldige UTF-8)",
            "en": "the request is not a valid protobuf message of the expected type (or holds invalid UTF-8)",
        },
        "transport.storage_full": {
            "nl": "de opslag van deze dienst is vol; er is niets opgeslagen, probeer het later opnieuw",
            "en": "this service's storage is full; nothing was stored, try again later",
        },
        "transport.cert.expired": {
            "nl": "het certificaat van {subject} ({what}) is verlopen op {date} (nu {now} volgens de klok hier); "
            "elke verbinding wordt geweigerd: vernieuw het (signalmatch partner renew), vraag de beheerder om "
            "een nieuw (signalmatch table admit), of zet de klok gelijk",
            "en": "the certificate of {subject} ({what}) expired on {date} (now {now} by the clock here); "
            "every connection is refused: renew it (signalmatch partner renew), ask the operator for a new one "
            "(signalmatch table admit), or set the clock right",
        },
        "transport.cert.not_yet": {
            "nl": "het certificaat van {subject} ({what}) is pas geldig vanaf {date} (nu {now} volgens de klok hier); "
            "zet de klok gelijk",
            "en": "the certificate of {subject} ({what}) is only valid from {date} (now {now} by the clock here); "
            "set the clock right",
        },
        "transport.bind_failed": {
            "nl": "kan niet luisteren op {listen}; is het adres al in gebruik?",
            "en": "cannot listen on {listen}; is the address already in use?",
        },
        # wire.py
        "wire.signal_ref.format": {
            "nl": "een signaalreferentie is 8 tot 64 letters (a-z, A-Z), cijfers, '-' of '_'",
            "en": "a signal reference is 8 to 64 letters (a-z, A-Z), digits, '-' or '_'",
        },
        "wire.epoch.inactive": {
            "nl": "sleutelperiode (epoch) {epoch} is geen actieve sleutelperiode van deze tafel ({active})",
            "en": "key epoch {epoch} is not an active key epoch of this table ({active})",
        },
        "wire.encoding_epoch.range": {
            "nl": "de sleutelperiode van een codering is hoogstens die van haar signaal",
            "en": "an encoding's key epoch is at most its signal's",
        },
        "wire.tokens.too_many": {
            "nl": "hoogstens {max} tokens per signaal",
            "en": "at most {max} tokens per signal",
        },
        "wire.kind.unknown": {
            "nl": "onbekende soort identificator {value!r}",
            "en": "unknown identifier kind {value!r}",
        },
        "wire.token.length": {
            "nl": "een token is precies {size} bytes, niet {length}",
            "en": "a token is exactly {size} bytes, not {length}",
        },
        "wire.encodings.disabled": {
            "nl": "het beleid van deze tafel zet vergelijken op gelijkenis uit: stuur geen coderingen",
            "en": "this table's policy turns fuzzy matching off: send no encodings",
        },
        "wire.encodings.too_many": {
            "nl": "hoogstens {max} coderingen per signaal",
            "en": "at most {max} encodings per signal",
        },
        "wire.encoding_kind.unknown": {
            "nl": "onbekende soort codering {value!r}",
            "en": "unknown encoding kind {value!r}",
        },
        "wire.encoding.length": {
            "nl": "een codering van soort {kind} is precies {size} bytes, niet {length}",
            "en": "an encoding of kind {kind} is exactly {size} bytes, not {length}",
        },
        "wire.blocks.count": {
            "nl": "een codering heeft 1 tot {max} blokkeersleutels",
            "en": "an encoding has 1 to {max} blocking keys",
        },
        "wire.block.length": {
            "nl": "een blokkeersleutel is precies {size} bytes, niet {length}",
            "en": "a blocking key is exactly {size} bytes, not {length}",
        },
        "wire.exploitation_type.unknown": {
            "nl": "onbekende soort uitbuiting {value!r}",
            "en": "unknown exploitation type {value!r}",
        },
        "wire.role.unknown": {
            "nl": "onbekende rol {value!r}",
            "en": "unknown subject role {value!r}",
        },
        "wire.municipality.unknown": {
            "nl": "geen gemeente van deze tafel",
            "en": "not a municipality of this table",
        },
        "wire.month.format": {
            "nl": "de maand is niet van de vorm JJJJ-MM met een jaar van {first} tot en met 9999",
            "en": "the month is not of the form YYYY-MM with a year from {first} to 9999",
        },
        "wire.operation.empty": {
            "nl": "een operatie is een indiening (submit) of een intrekking (withdraw)",
            "en": "an operation is a submission (submit) or a withdrawal (withdraw)",
        },
        # config.py
        "config.unreadable": {
            "nl": "{path}: kan het configuratiebestand niet lezen: {reason}",
            "en": "{path}: cannot read the configuration file: {reason}",
        },
        "config.missing": {
            "nl": "{path}: {field}: ontbreekt",
            "en": "{path}: {field}: missing",
        },
        "config.invalid": {
            "nl": "{path}: {field}: {reason}",
            "en": "{path}: {field}: {reason}",
        },
        "config.reason.type": {"nl": "moet van type {expected} zijn", "en": "must be a {expected}"},
        "config.reason.file_missing": {
            "nl": "bestand {file} bestaat niet",
            "en": "file {file} does not exist",
        },
        "config.reason.id": {
            "nl": "alleen kleine letters, cijfers en '-' (max. 63 tekens, niet beginnend met '-')",
            "en": "lowercase letters, digits and '-' only (max. 63 characters, not starting with '-')",
        },
        "config.reason.kind": {"nl": "kies uit {choices}", "en": "choose one of {choices}"},
        "config.reason.address": {
            "nl": "verwacht host:poort, bijvoorbeeld 127.0.0.1:50051",
            "en": "expected host:port, for example 127.0.0.1:50051",
        },
        "config.reason.public_key": {
            "nl": "geen base64-publieke sleutel van 32 bytes",
            "en": "not a base64 public key of 32 bytes",
        },
        "config.reason.positive": {"nl": "moet groter dan 0 zijn", "en": "must be greater than 0"},
        "config.reason.range": {"nl": "moet van {low} tot en met {high} zijn", "en": "must be {low} to {high}"},
        "config.reason.probability": {
            "nl": "een kans ligt tussen 0 en 1 (beide uitgesloten)",
            "en": "a probability lies between 0 and 1 (both excluded)",
        },
        "config.reason.review_above_link": {
            "nl": "de drempel voor beoordelen mag niet boven die voor koppelen liggen",
            "en": "the review threshold must not lie above the link threshold",
        },
        "config.not_enrolled": {
            "nl": "{path}: nog niet ingeschreven; stuur het inschrijvingsverzoek naar de beheerder en "
            "installeer het antwoord (signalmatch {role} install ANTWOORD --config {path})",
            "en": "{path}: not enrolled yet; send the enrolment request to the operator and install the "
            "response (signalmatch {role} install RESPONSE --config {path})",
        },
        "config.reason.role": {
            "nl": "verwacht {expected}, gevonden {found!r}",
            "en": "expected {expected}, found {found!r}",
        },
    }
)
