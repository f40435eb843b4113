"""The command-line consoles' end-user texts (Dutch and English): the one catalogue of `signalmatch.console`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # audit.py
        "audit.console.no_node": {
            "nl": "{path}: dit is de functionaris van de tafel, zonder eigen node; gebruik de officer.toml van een partner",
            "en": "{path}: this is the table's officer, without a node of its own; use a partner's officer.toml",
        },
        "audit.console.no_keyholder": {
            "nl": "{path}: de directory van de tafel heeft (nog) geen sleutelhouder",
            "en": "{path}: the table's directory has no keyholder (yet)",
        },
        "audit.console.date": {
            "nl": "verwacht een datum JJJJ-MM-DD of een tijdstip zoals 2025-01-31T12:00:00Z",
            "en": "expected a date YYYY-MM-DD or a time such as 2025-01-31T12:00:00Z",
        },
        "audit.console.range": {"nl": "--to moet na --from liggen", "en": "--to must be after --from"},
        "audit.console.stored": {
            "nl": "{count} checkpoints bewaard in {path}",
            "en": "{count} checkpoints kept in {path}",
        },
        "audit.console.unreadable_entries": {
            "nl": "{count} logregels waren onleesbaar en zijn niet meegeteld; draai `signalmatch audit verify`",
            "en": "{count} entries were unreadable and are not counted; run `signalmatch audit verify`",
        },
        "audit.report.title": {
            "nl": "Verantwoordingsrapportage {start} tot {end}",
            "en": "Accountability report {start} to {end}",
        },
        "audit.report.totals": {"nl": "Totalen", "en": "Totals"},
        "audit.report.partners": {"nl": "Per partner", "en": "Per partner"},
        "audit.report.purposes": {"nl": "Per doel en grondslag", "en": "Per purpose and legal basis"},
        "audit.report.metric": {"nl": "maatstaf", "en": "metric"},
        "audit.report.value": {"nl": "waarde", "en": "value"},
        "audit.report.purpose": {"nl": "doel", "en": "purpose"},
        "audit.report.legal_basis": {"nl": "grondslag", "en": "legal basis"},
        "audit.subject.signals": {"nl": "Signalen over deze persoon", "en": "Signals about this person"},
        "audit.subject.disclosures": {"nl": "Verstrekkingen", "en": "Disclosures"},
        "audit.subject.none": {
            "nl": "Geen signalen over deze persoon op deze node.",
            "en": "No signals about this person at this node.",
        },
        "audit.subject.col.signal": {"nl": "signaal", "en": "signal"},
        "audit.subject.col.external_id": {"nl": "zaaknummer", "en": "case number"},
        "audit.subject.col.created": {"nl": "ingevoerd", "en": "entered"},
        "audit.subject.col.state": {"nl": "status", "en": "state"},
        "audit.subject.col.hits": {"nl": "hits", "en": "hits"},
        "audit.subject.col.matched_on": {"nl": "gevonden op", "en": "matched on"},
        "audit.subject.col.disclosure": {"nl": "verzoek", "en": "request"},
        "audit.subject.col.hit": {"nl": "hit", "en": "hit"},
        "audit.subject.col.recipients": {"nl": "ontvangers", "en": "recipients"},
        "audit.subject.col.purpose": {"nl": "doel", "en": "purpose"},
        "audit.subject.col.legal_basis": {"nl": "grondslag", "en": "legal basis"},
        "audit.subject.col.decided": {"nl": "besloten", "en": "decided"},
        # chair.py
        "hits.title": {"nl": "Hits ({total} in totaal)", "en": "Hits ({total} in all)"},
        "hits.none": {"nl": "Geen hits gevonden.", "en": "No hits found."},
        "col.hit": {"nl": "hit", "en": "hit"},
        "col.status": {"nl": "status", "en": "status"},
        "col.partners": {"nl": "partners", "en": "partners"},
        "col.signals": {"nl": "signalen", "en": "signals"},
        "col.kinds": {"nl": "overeenkomst op", "en": "matched on"},
        "col.exploitation": {"nl": "uitbuiting", "en": "exploitation"},
        "col.municipalities": {"nl": "gemeenten", "en": "municipalities"},
        "col.updated": {"nl": "bijgewerkt", "en": "updated"},
        "col.similar": {"nl": "lijkt op", "en": "resembles"},
        "similar.label": {"nl": "lijkt op: {items}", "en": "resembles: {items}"},
        "hit.links": {"nl": "Bewijs (koppelingen)", "en": "Evidence (links)"},
        "hit.referred": {"nl": "doorgeleid naar {target}", "en": "referred to {target}"},
        # chair.py
        "chair.period.format": {
            "nl": "{value!r} is geen maand (JJJJ-MM) of dag (JJJJ-MM-DD)",
            "en": "{value!r} is not a month (YYYY-MM) or day (YYYY-MM-DD)",
        },
        "chair.period.order": {
            "nl": "de periode eindigt ({last}) voor ze begint ({first})",
            "en": "the period ends ({last}) before it starts ({first})",
        },
        # chair.py
        "chair.disclosures.none": {"nl": "Geen verstrekkingsverzoeken.", "en": "No disclosure requests."},
        "chair.disclosures.title": {"nl": "Verstrekkingsverzoeken", "en": "Disclosure requests"},
        "chair.disclosure.header": {
            "nl": "{name} ({hit}): {categories}; doel {purpose}, grondslag {legal_basis}; verloopt {expire_time}",
            "en": "{name} ({hit}): {categories}; purpose {purpose}, legal basis {legal_basis}; expires {expire_time}",
        },
        "chair.answer.line": {"nl": "  {partner}: {state}", "en": "  {partner}: {state}"},
        "chair.answer.reason": {"nl": "  {partner}: geweigerd — {reason}", "en": "  {partner}: refused — {reason}"},
        "chair.answer.failed": {"nl": "  {partner}: NIET GEOPEND — {error}", "en": "  {partner}: NOT OPENED — {error}"},
        "chair.answer.no_payload": {
            "nl": "er is geen verzegelde verstrekking voor {recipient}",
            "en": "there is no sealed payload for {recipient}",
        },
        "chair.answer.unknown_partner": {
            "nl": "{partner} staat niet in de partnerlijst van deze configuratie",
            "en": "{partner} is not in this configuration's list of partners",
        },
        "chair.col.disclosure": {"nl": "verzoek", "en": "request"},
        "chair.col.answers": {"nl": "antwoorden", "en": "answers"},
        "chair.col.categories": {"nl": "categorieën", "en": "categories"},
        # chair.py
        "review.title": {
            "nl": "Mogelijke overeenkomsten ({total} ter beoordeling)",
            "en": "Possible matches ({total} for review)",
        },
        "review.none": {"nl": "Geen mogelijke overeenkomsten ter beoordeling.", "en": "No possible matches to review."},
        "review.col.candidate": {"nl": "kandidaat", "en": "candidate"},
        "review.col.signals": {"nl": "signalen", "en": "signals"},
        "review.col.probability": {"nl": "kans", "en": "probability"},
        "review.col.why": {"nl": "gewicht per bewijsstuk", "en": "weight per piece of evidence"},
        "review.model": {
            "nl": "Model: {source}, geschat {fit_time} op {pairs} kandidaatparen; koppelen vanaf {link}, "
            "beoordelen vanaf {review}",
            "en": "Model: {source}, fitted {fit_time} on {pairs} candidate pairs; link from {link}, review from {review}",
        },
        "review.decided.confirm": {
            "nl": "{name} bevestigd ({reason}): de signalen zijn gekoppeld in {hit}",
            "en": "{name} confirmed ({reason}): the signals are linked in {hit}",
        },
        "review.decided.reject": {
            "nl": "{name} afgewezen ({reason}): wordt niet opnieuw voorgesteld zonder nieuw bewijs",
            "en": "{name} rejected ({reason}): not proposed again without new evidence",
        },
        "term.prior": {"nl": "vooraf", "en": "prior"},
        "term.exact": {"nl": "exact", "en": "exact"},
        "term.differs": {"nl": "verschilt", "en": "differs"},
        # node.py
        "import.progress": {"nl": "Importeren {name}", "en": "Importing {name}"},
        "import.summary": {
            "nl": "{accepted} signalen opgenomen, {already} waren er al, {rejected} regels afgewezen",
            "en": "{accepted} signals accepted, {already} were there already, {rejected} rows rejected",
        },
        "import.errors": {"nl": "Afgewezen regels", "en": "Rejected rows"},
        "col.line": {"nl": "regel", "en": "line"},
        "col.field": {"nl": "veld", "en": "field"},
        "col.rule": {"nl": "regel-id", "en": "rule"},
        "col.problem": {"nl": "probleem", "en": "problem"},
        "status.line": {
            "nl": "Node {partner}: {signals} signalen, {pending} nog te verzenden, {acked} batches bevestigd",
            "en": "Node {partner}: {signals} signals, {pending} waiting to be sent, {acked} batches acknowledged",
        },
        "status.error": {"nl": "Laatste fout richting matcher: {error}", "en": "Last error towards the matcher: {error}"},
        "status.refused": {
            "nl": "{count} signalen geweigerd door de matcher: verbeter ze en dien ze opnieuw in "
            "(signalmatch node signals --state refused; signalmatch node resubmit <signaal>)",
            "en": "{count} signals refused by the matcher: correct and resubmit them "
            "(signalmatch node signals --state refused; signalmatch node resubmit <signal>)",
        },
        "signals.state.pending": {"nl": "wacht op verzending", "en": "waiting to be sent"},
        "signals.state.submitted": {"nl": "bij de matcher", "en": "at the matcher"},
        "signals.state.withdrawn": {"nl": "ingetrokken", "en": "withdrawn"},
        "signals.state.refused": {"nl": "geweigerd door de matcher", "en": "refused by the matcher"},
        "resubmit.done": {
            "nl": "{name}: verbeterd en opnieuw in de wachtrij voor de matcher",
            "en": "{name}: corrected and queued for the matcher again",
        },
        "resubmit.file": {
            "nl": "{path}: verwacht één signaal als JSON-object (zoals een regel van een JSONL-import)",
            "en": "{path}: expected one signal as a JSON object (like a line of a JSONL import)",
        },
        # officer.py
        "officer.no_node": {
            "nl": "{path}: dit is de functionaris van de tafel, zonder eigen node; gebruik de officer.toml "
            "van een partner",
            "en": "{path}: this is the table's officer, without a node of its own; use a partner's officer.toml",
        },
        "officer.none": {"nl": "Geen verstrekkingsverzoeken.", "en": "No disclosure requests."},
        "officer.title": {"nl": "Verstrekkingsverzoeken aan {partner}", "en": "Disclosure requests to {partner}"},
        "officer.preview": {
            "nl": "{name} ({hit}, doel {purpose}, grondslag {legal_basis}) — bij goedkeuring gaat naar {recipients}:",
            "en": "{name} ({hit}, purpose {purpose}, legal basis {legal_basis}) — approval sends to {recipients}:",
        },
        "officer.preview.empty": {
            "nl": "  (niets: de signalen zijn niet meer aanwezig)",
            "en": "  (nothing: the signals are no longer here)",
        },
        "officer.decided": {
            "nl": "{name}: {state} door {decided_by}; wordt verzonden naar de matcher",
            "en": "{name}: {state} by {decided_by}; being sent to the matcher",
        },
        "officer.col.disclosure": {"nl": "verzoek", "en": "request"},
        "officer.col.state": {"nl": "status", "en": "state"},
        "officer.col.categories": {"nl": "categorieën", "en": "categories"},
        "officer.col.purpose": {"nl": "doel", "en": "purpose"},
        "officer.col.legal_basis": {"nl": "grondslag", "en": "legal basis"},
        "officer.col.expires": {"nl": "verloopt", "en": "expires"},
        "officer.col.delivered": {"nl": "verzonden", "en": "sent"},
        "officer.col.decided_by": {"nl": "besloten door", "en": "decided by"},
        # eval.py
        "eval.map.empty": {"nl": "geef minstens één veld=kolom op", "en": "give at least one field=column"},
        "eval.map.syntax": {
            "nl": "'{entry}': verwacht veld=kolom (kolommen samenvoegen met +)",
            "en": "'{entry}': expected field=column (join columns with +)",
        },
        "eval.map.unknown_field": {
            "nl": "onbekend veld '{name}'; velden: {fields}",
            "en": "unknown field '{name}'; fields: {fields}",
        },
        "eval.map.duplicate": {"nl": "veld '{name}' staat er twee keer in", "en": "field '{name}' is mapped twice"},
        "eval.args.required": {
            "nl": "nodig bij het evalueren van twee CSV-bestanden (--a en --b)",
            "en": "required when evaluating two CSV files (--a and --b)",
        },
        "eval.records.range": {"nl": "moet minstens 1 zijn", "en": "must be at least 1"},
        "eval.rate.range": {"nl": "moet tussen 0 en 10 liggen", "en": "must be between 0 and 10"},
        "eval.file.missing": {"nl": "bestand niet gevonden", "en": "file not found"},
        "eval.csv.no_header": {
            "nl": "leeg bestand: de eerste regel moet de kolomnamen bevatten",
            "en": "empty file: the first line must hold the column names",
        },
        "eval.csv.missing_column": {
            "nl": "kolom '{column}' (voor {name}) staat niet in de kopregel; kolommen: {columns}",
            "en": "column '{column}' (for {name}) is not in the header; columns: {columns}",
        },
        "eval.csv.row_length": {
            "nl": "{count} waarden, de kopregel heeft {expected} kolommen",
            "en": "{count} values, the header has {expected} columns",
        },
        "eval.csv.missing_id": {
            "nl": "geen id in kolom '{column}'",
            "en": "no id in column '{column}'",
        },
        "eval.csv.duplicate_id": {
            "nl": "id '{value}' komt al voor op regel {first}",
            "en": "id '{value}' already occurs on line {first}",
        },
        "eval.truth.columns": {
            "nl": "verwacht twee kolommen (id in A, id in B), niet {count}",
            "en": "expected two columns (id in A, id in B), not {count}",
        },
        "eval.truth.unknown_id": {
            "nl": "paar ({a}, {b}): {missing} staat niet in {side}",
            "en": "pair ({a}, {b}): {missing} is not in {side}",
        },
        "eval.truth.empty": {"nl": "geen enkel paar", "en": "no pairs at all"},
        "eval.title": {"nl": "Koppelkwaliteit ({data})", "en": "Linkage quality ({data})"},
        "eval.col.threshold": {"nl": "drempel", "en": "threshold"},
        "eval.col.precision": {"nl": "precisie", "en": "precision"},
        "eval.col.recall": {"nl": "recall", "en": "recall"},
        "eval.col.f1": {"nl": "F1", "en": "F1"},
        "eval.col.found": {"nl": "gevonden", "en": "found"},
        "eval.col.correct": {"nl": "juist", "en": "correct"},
        "eval.default": {"nl": "standaard", "en": "default"},
        "eval.summary": {
            "nl": "{a} records in A, {b} in B, {pairs} ware paren; regel: {rule}; verharding: {hardening}; "
            "standaarddrempels: {thresholds}",
            "en": "{a} records in A, {b} in B, {pairs} true pairs; rule: {rule}; hardening: {hardening}; "
            "default thresholds: {thresholds}",
        },
        "eval.brute_force": {
            "nl": "Zonder blokkering (alles met alles): precisie {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}; "
            "recallverlies door blokkering {loss:.4f}",
            "en": "Without blocking (all against all): precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}; "
            "recall lost to blocking {loss:.4f}",
        },
        "eval.unencoded": {
            "nl": "Niet te coderen (te weinig gegevens): {counts}",
            "en": "Could not be encoded (too little data): {counts}",
        },
        "eval.negatives": {
            "nl": "Lastige niet-paren gekoppeld/ter beoordeling/totaal (look_alike: zelfde naam en geboortedatum; "
            "housemate: huisgenoot): {counts}",
            "en": "Hard negatives linked/in review/total (look_alike: same name and date of birth; housemate): {counts}",
        },
        "eval.review": {
            "nl": "Ter beoordeling (mogelijke overeenkomsten): {pairs} paren; recall koppelen + beoordelen "
            "{recall:.4f} (precisie {precision:.4f})",
            "en": "For review (possible matches): {pairs} pairs; recall of link + review {recall:.4f} "
            "(precision {precision:.4f})",
        },
        "eval.probes": {
            "nl": "Per fout apart, recall koppelen/koppelen + beoordelen: {results}",
            "en": "Per corruption on its own, recall link/link + review: {results}",
        },
        "eval.model": {
            "nl": "Model (Fellegi-Sunter, zonder labels geschat): λ {prior:.4f}, {pairs} kandidaatparen, "
            "{random} willekeurige paren, {iterations} EM-stappen",
            "en": "Model (Fellegi-Sunter, fitted without labels): λ {prior:.4f}, {pairs} candidate pairs, "
            "{random} random pairs, {iterations} EM iterations",
        },
        "eval.no_address": {
            "nl": "Let op: zonder adresvelden komt niets in de koppelzone (een persoon alleen is niet genoeg), "
            "hoogstens ter beoordeling",
            "en": "Note: without address fields nothing reaches the link zone (a person alone is not enough), "
            "at most review",
        },
        "eval.written": {"nl": "Gegevens geschreven: {paths}", "en": "Data written: {paths}"},
    }
)

# Words for the codes of the matcher's evidence, looked up by language where a hit's or a review
# candidate's evidence is shown (console/chair.py, the web consoles).
KIND_LABELS = {
    "bsn": {"nl": "BSN", "en": "BSN"},
    "phone": {"nl": "telefoon", "en": "phone"},
    "email": {"nl": "e-mail", "en": "e-mail"},
    "address": {"nl": "adres", "en": "address"},
    "kenteken": {"nl": "kenteken", "en": "licence plate"},
    "kvk": {"nl": "KvK", "en": "KvK"},
    "iban": {"nl": "IBAN", "en": "IBAN"},
    "url": {"nl": "advertentie", "en": "advert"},
    "name_dob": {"nl": "naam + geboortedatum", "en": "name + date of birth"},
}
FUZZY_LABELS = {
    "person_fields": {"nl": "persoon", "en": "person"},
    "address_fields": {"nl": "adres", "en": "address"},
    "person": {"nl": "persoon", "en": "person"},  # encodings made before issue 13's field encodings
    "address": {"nl": "adres", "en": "address"},
}
# The address levels of the linkage model (matcher.linkage.ADDRESS_LEVELS): which fields agree.
AGREEMENT_LABELS = {
    "same_address": {"nl": "zelfde adres", "en": "same address"},
    "number_postcode": {"nl": "huisnummer en postcode gelijk", "en": "house number and postcode agree"},
    "number_street": {"nl": "huisnummer en straat gelijk", "en": "house number and street agree"},
    "written_differently": {"nl": "zelfde adres, anders geschreven", "en": "same address, written differently"},
    "street_postcode": {"nl": "straat en postcode gelijk, geen huisnummer", "en": "street and postcode agree, no house number"},
    "street_postcode_other_number": {
        "nl": "straat en postcode gelijk, ander huisnummer",
        "en": "street and postcode agree, another house number",
    },
    "street_place": {"nl": "straat en plaats gelijk", "en": "street and place agree"},
    "postcode_place": {"nl": "postcode en plaats gelijk", "en": "postcode and place agree"},
    "number_place": {"nl": "huisnummer en plaats gelijk", "en": "house number and place agree"},
    "postcode": {"nl": "alleen de postcode gelijk", "en": "only the postcode agrees"},
    "place": {"nl": "alleen de plaats gelijk", "en": "only the place agrees"},
}
EVIDENCE_LABELS = {
    **KIND_LABELS,
    **FUZZY_LABELS,
    "name": {"nl": "naam", "en": "name"},
    "birth_date": {"nl": "geboortedatum", "en": "date of birth"},
    "prior": {"nl": "vooraf", "en": "prior"},
}
