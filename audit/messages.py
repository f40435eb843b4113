"""The audit log's end-user texts (Dutch and English): the one catalogue of `signalmatch.audit`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # checkpoint.py
        "audit.note.malformed": {
            "nl": "ongeldige ondertekende notitie: {detail}",
            "en": "malformed signed note: {detail}",
        },
        "audit.note.no_signature": {
            "nl": "de notitie is niet ondertekend met sleutel {signer} (wel met: {present})",
            "en": "the note carries no signature by key {signer} (signatures present: {present})",
        },
        "audit.note.bad_signature": {
            "nl": "de handtekening van sleutel {signer} klopt niet: de notitie is gewijzigd of vervalst",
            "en": "the signature by key {signer} does not verify: the note was altered or forged",
        },
        "audit.checkpoint.malformed": {
            "nl": "ongeldig checkpoint: {detail}",
            "en": "malformed checkpoint: {detail}",
        },
        "audit.checkpoint.origin": {
            "nl": "checkpoint is van log {got}, verwacht {want}",
            "en": "checkpoint is from log {got}, expected {want}",
        },
        # integrity.py
        "integrity.checkpoint.bad": {
            "nl": "de laatst getekende checkpoint van de auditlog is ongeldig: {reason}",
            "en": "the audit log's last signed checkpoint is invalid: {reason}",
        },
        "integrity.truncated": {
            "nl": "de auditlog heeft {size} regels, maar er is een checkpoint getekend bij {signed}: regels ontbreken",
            "en": "the audit log holds {size} entries, but a checkpoint was signed at {signed}: entries are missing",
        },
        "integrity.root": {
            "nl": "de opgeslagen Merkle-boom van de auditlog past niet bij de checkpoint getekend bij grootte {size}",
            "en": "the audit log's stored Merkle tree does not match the checkpoint signed at size {size}",
        },
        "integrity.tree": {"nl": "auditlog: {reason}", "en": "audit log: {reason}"},
        "integrity.node": {
            "nl": "auditlog: de opgeslagen hash op niveau {level}, positie {index} klopt niet met de regels eronder",
            "en": "audit log: the stored hash at level {level}, position {index} does not fit the entries below it",
        },
        # log.py
        "audit.entry.required": {
            "nl": "verplicht veld is leeg",
            "en": "required field is empty",
        },
        "audit.entry.token": {
            "nl": "moet een code of verwijzing zijn zonder spaties (geen vrije tekst), hoogstens {max} tekens",
            "en": "must be a code or reference without spaces (no free text), at most {max} characters",
        },
        "audit.entry.time": {
            "nl": "moet een RFC 3339-tijdstip in UTC zijn, zoals 2025-01-31T12:00:00Z",
            "en": "must be an RFC 3339 time in UTC, such as 2025-01-31T12:00:00Z",
        },
        "audit.entry.role": {
            "nl": "onbekende rol; kies uit {roles}",
            "en": "unknown role; choose one of {roles}",
        },
        "audit.entry.action": {
            "nl": "moet een actiecode zijn zoals batch.submitted",
            "en": "must be an action code such as batch.submitted",
        },
        "audit.entry.detail_key": {
            "nl": "sleutel moet een korte code zijn in kleine letters (a-z, 0-9, _), uniek",
            "en": "key must be a short lower-case code (a-z, 0-9, _), unique",
        },
        "audit.log.not_canonical": {
            "nl": "logregel {index} is niet canoniek opgeslagen of onleesbaar: de log is gewijzigd",
            "en": "log entry {index} is not stored canonically or is unreadable: the log was altered",
        },
        "audit.log.entry_hash": {
            "nl": "logregel {index} past niet bij zijn opgeslagen bladhash: de regel is gewijzigd",
            "en": "log entry {index} does not match its stored leaf hash: the entry was altered",
        },
        "audit.log.missing_node": {
            "nl": "de log mist de opgeslagen hash op niveau {level}, positie {index}: de log is beschadigd",
            "en": "the log lacks its stored hash at level {level}, position {index}: the log is damaged",
        },
        "audit.log.range": {
            "nl": "{what} {value} valt buiten de log (grootte {size})",
            "en": "{what} {value} is outside the log (size {size})",
        },
        # merkle.py
        "audit.hash_size": {
            "nl": "{what} is geen hash van 32 bytes",
            "en": "{what} is not a 32-byte hash",
        },
        "audit.negative": {
            "nl": "boomgrootte en bladindex mogen niet negatief zijn",
            "en": "tree sizes and leaf indexes must not be negative",
        },
        "audit.inclusion.index": {
            "nl": "bladindex {index} ligt niet onder boomgrootte {size}",
            "en": "leaf index {index} is not below tree size {size}",
        },
        "audit.inclusion.too_long": {
            "nl": "inclusiebewijs is te lang voor blad {index} in een boom van grootte {size}",
            "en": "inclusion proof is too long for leaf {index} in a tree of size {size}",
        },
        "audit.inclusion.too_short": {
            "nl": "inclusiebewijs is te kort voor blad {index} in een boom van grootte {size}",
            "en": "inclusion proof is too short for leaf {index} in a tree of size {size}",
        },
        "audit.inclusion.root_mismatch": {
            "nl": "inclusiebewijs voor blad {index} in een boom van grootte {size} leidt niet tot de "
            "opgegeven root: het blad of het bewijs is gewijzigd",
            "en": "inclusion proof for leaf {index} in a tree of size {size} does not lead to the given "
            "root: the leaf or the proof was altered",
        },
        "audit.consistency.shrank": {
            "nl": "de log is gekrompen van grootte {old} naar {new} (ingekort)",
            "en": "the log shrank from size {old} to size {new} (truncated)",
        },
        "audit.consistency.equal_nonempty": {
            "nl": "consistentiebewijs tussen gelijke groottes moet leeg zijn",
            "en": "a consistency proof between equal sizes must be empty",
        },
        "audit.consistency.fork": {
            "nl": "twee verschillende roots voor dezelfde grootte {size} (fork)",
            "en": "two different roots for the same tree size {size} (fork)",
        },
        "audit.consistency.from_empty": {
            "nl": "consistentiebewijs vanaf de lege boom moet leeg zijn en de lege root hebben",
            "en": "a consistency proof from the empty tree must be empty and start at the empty root",
        },
        "audit.consistency.empty": {
            "nl": "consistentiebewijs van grootte {old} naar {new} is leeg",
            "en": "consistency proof from size {old} to {new} is empty",
        },
        "audit.consistency.too_long": {
            "nl": "consistentiebewijs van grootte {old} naar {new} is te lang",
            "en": "consistency proof from size {old} to {new} is too long",
        },
        "audit.consistency.too_short": {
            "nl": "consistentiebewijs van grootte {old} naar {new} is te kort",
            "en": "consistency proof from size {old} to {new} is too short",
        },
        "audit.consistency.old_root": {
            "nl": "consistentiebewijs leidt niet tot de oude root van grootte {old}",
            "en": "consistency proof does not lead to the old root of size {old}",
        },
        "audit.consistency.new_root": {
            "nl": "consistentiebewijs leidt niet tot de nieuwe root van grootte {new}: de log is "
            "herschreven of gevorkt",
            "en": "consistency proof does not lead to the new root of size {new}: the log was "
            "rewritten or forked",
        },
        # service.py
        "audit.service.denied": {
            "nl": "{uri} mag {what} van deze log niet opvragen",
            "en": "{uri} may not request {what} of this log",
        },
        "audit.service.what.proofs": {"nl": "checkpoints en bewijzen", "en": "checkpoints and proofs"},
        "audit.service.what.entries": {"nl": "logregels", "en": "entries"},
        "audit.service.page_size": {"nl": "moet 0 of meer zijn", "en": "must be 0 or more"},
        "audit.service.page_token": {
            "nl": "ongeldige paginatoken; gebruik next_page_token van het vorige antwoord",
            "en": "invalid page token; use next_page_token from the previous response",
        },
        "audit.service.action": {
            "nl": "moet een actieprefix zijn zoals disclosure. of hit.viewed",
            "en": "must be an action prefix such as disclosure. or hit.viewed",
        },
        "audit.service.time_range": {
            "nl": "end_time moet na start_time liggen",
            "en": "end_time must be after start_time",
        },
        "audit.service.sizes": {
            "nl": "old_size mag niet groter zijn dan new_size",
            "en": "old_size must not exceed new_size",
        },
        "audit.service.damaged": {
            "nl": "de log kan dit niet bewijzen: {reason}",
            "en": "the log cannot prove this: {reason}",
        },
        # verify.py
        "verify.ok": {
            "nl": "OK: log {origin} met {size} regels; {checkpoints} checkpoints, {receipts} ontvangstbewijzen, "
            "{entries} logregels en {witnesses} getuige-checkpoints gecontroleerd",
            "en": "OK: log {origin} with {size} entries; checked {checkpoints} checkpoints, {receipts} receipts, "
            "{entries} entries and {witnesses} witness checkpoints",
        },
        "verify.failed": {
            "nl": "VERIFICATIE MISLUKT voor log {origin} (grootte {size}): {count} probleem/problemen",
            "en": "VERIFICATION FAILED for log {origin} (size {size}): {count} problem(s)",
        },
        "verify.subject.checkpoint": {"nl": "checkpoint {size}", "en": "checkpoint {size}"},
        "verify.subject.entry": {"nl": "logregel {index}", "en": "entry {index}"},
        "verify.subject.receipt": {"nl": "ontvangstbewijs {batch}", "en": "receipt {batch}"},
        "verify.subject.latest": {"nl": "laatste checkpoint", "en": "latest checkpoint"},
        "verify.source.matcher": {"nl": "eerder opgehaald", "en": "fetched before"},
        "verify.latest.invalid": {
            "nl": "het laatste checkpoint van de server is niet geldig ondertekend door de logsleutel: {reason}",
            "en": "the server's latest checkpoint is not validly signed by the log key: {reason}",
        },
        "verify.checkpoint.invalid": {
            "nl": "checkpoint uit {source} is ongeldig of niet ondertekend door de logsleutel: {reason}",
            "en": "checkpoint from {source} is invalid or not signed by the log key: {reason}",
        },
        "verify.truncated": {
            "nl": "de log is ingekort of teruggezet: u zag eerder grootte {old} ({source}), de server toont nu maar "
            "{new} regels",
            "en": "the log was truncated or rolled back: you saw size {old} before ({source}), the server now shows "
            "only {new} entries",
        },
        "verify.rolled_back": {
            "nl": "de log is teruggezet uit een back-up: logregel {index} ({time}) registreert een herstel naar grootte "
            "{backup} (daarvoor {replaced}); u zag eerder grootte {seen}: de regels {backup} tot {seen} waar u op "
            "vertrouwde staan niet meer in deze log",
            "en": "the log was rolled back from a backup: entry {index} ({time}) records a restore to size {backup} "
            "(from {replaced}); you saw size {seen} before: the entries {backup} to {seen} you relied on are no "
            "longer in this log",
        },
        "verify.rewritten": {
            "nl": "checkpoint {old} ({source}) is niet consistent met het laatste checkpoint {new}: de eerste {old} "
            "regels zijn herschreven ({reason})",
            "en": "checkpoint {old} ({source}) is not consistent with the latest checkpoint {new}: the first {old} "
            "entries were rewritten ({reason})",
        },
        "verify.same_size_fork": {
            "nl": "fork: voor grootte {size} zag u eerder root {old_root} ({source}), nu {new_root}: de server toont "
            "verschillende geschiedenissen",
            "en": "fork: for size {size} you saw root {old_root} before ({source}), now {new_root}: the server shows "
            "different histories",
        },
        "verify.no_proof": {
            "nl": "de server kan {what} niet bewijzen: {reason}",
            "en": "the server cannot prove {what}: {reason}",
        },
        "verify.what.consistency": {
            "nl": "consistentie van grootte {old} met {new}",
            "en": "consistency of size {old} with {new}",
        },
        "verify.what.inclusion": {
            "nl": "opname van regel {index} in grootte {size}",
            "en": "inclusion of entry {index} in size {size}",
        },
        "verify.entry.changed_since": {
            "nl": "logregel {index} is gewijzigd sinds checkpoint {size} ({source}): de regel hoort niet meer bij "
            "die boom",
            "en": "entry {index} was changed since checkpoint {size} ({source}): it no longer belongs to that tree",
        },
        "verify.entry.altered": {
            "nl": "logregel {index} is gewijzigd: de inhoud past niet bij de Merkle-boom van checkpoint {size}",
            "en": "entry {index} was altered: its content does not match the Merkle tree of checkpoint {size}",
        },
        "verify.entry.listing_differs": {
            "nl": "logregel {index}: de lijst gaf andere inhoud dan het inclusiebewijs",
            "en": "entry {index}: the listing returned different content than the inclusion proof",
        },
        "verify.entry.not_canonical": {
            "nl": "logregel {index} is geen geldige, canonieke logregel: {reason}",
            "en": "entry {index} is not a valid canonical entry: {reason}",
        },
        "verify.entries.root": {
            "nl": "de {size} opgehaalde logregels leiden niet tot de root van het laatste checkpoint",
            "en": "the {size} entries fetched do not lead to the root of the latest checkpoint",
        },
        "verify.receipt.signature": {
            "nl": "ontvangstbewijs {index} is niet geldig ondertekend door de matcher",
            "en": "receipt {index} is not validly signed by the matcher",
        },
        "verify.receipt.other": {
            "nl": "ontvangstbewijs is voor {table}/{partner}, niet voor {want}",
            "en": "receipt is for {table}/{partner}, not for {want}",
        },
        "verify.receipt.no_checkpoint": {
            "nl": "ontvangstbewijs van batch {batch} draagt geen checkpoint dat logregel {index} bevat",
            "en": "receipt of batch {batch} carries no checkpoint that includes entry {index}",
        },
        "verify.receipt.beyond": {
            "nl": "logregel {index} van batch {batch} ontbreekt: de log heeft nu maar {size} regels (ingekort)",
            "en": "entry {index} of batch {batch} is missing: the log now has only {size} entries (truncated)",
        },
        "verify.receipt.mismatch": {
            "nl": "logregel {index} is niet de registratie van batch {batch} van {partner} ({detail})",
            "en": "entry {index} is not the record of batch {batch} of {partner} ({detail})",
        },
        "verify.witness.fork": {
            "nl": "fork: getuige {witness} heeft checkpoint {size} met root {theirs}, u kreeg root {ours}: de server "
            "toonde verschillende geschiedenissen aan verschillende partijen",
            "en": "fork: witness {witness} holds checkpoint {size} with root {theirs}, you were given root {ours}: the "
            "server showed different histories to different parties",
        },
        "verify.witness.inconsistent": {
            "nl": "fork: checkpoint {size} van getuige {witness} is niet consistent met de log die u ziet "
            "(grootte {new}): de server toonde verschillende geschiedenissen ({reason})",
            "en": "fork: checkpoint {size} of witness {witness} is not consistent with the log shown to you "
            "(size {new}): the server showed different histories ({reason})",
        },
        "verify.store.unreadable": {
            "nl": "kan checkpointbestand {path} niet lezen: {reason}",
            "en": "cannot read checkpoint file {path}: {reason}",
        },
        "verify.store.origin": {
            "nl": "checkpointbestand {path} is van log {found}, niet van {want}",
            "en": "checkpoint file {path} belongs to log {found}, not {want}",
        },
    }
)
