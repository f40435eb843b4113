"""The deployment commands' end-user texts (Dutch and English): the one catalogue of `signalmatch.deploy`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # backup.py
        "backup.no_store": {
            "nl": "{path}: een {role} heeft geen opslag van een server; maak een back-up van matcher, node of "
            "sleutelhouder",
            "en": "{path}: a {role} has no server store; back up a matcher, node or keyholder",
        },
        "backup.exists": {"nl": "{path} bestaat al; kies een nieuwe map", "en": "{path} exists; choose a new directory"},
        "backup.missing_store": {
            "nl": "{path} bestaat niet: heeft dit proces al gedraaid?",
            "en": "{path} does not exist: has this process run yet?",
        },
        "backup.damaged": {
            "nl": "{path}: de kopie is niet in orde ({result}); er is geen back-up gemaakt",
            "en": "{path}: the copy is not sound ({result}); no backup was made",
        },
        "backup.made": {
            "nl": "Back-up in {path}: {stores}",
            "en": "Backup in {path}: {stores}",
        },
        "backup.store": {
            "nl": "{name} (schema {schema}, auditlog {size} regels)",
            "en": "{name} (schema {schema}, audit log {size} entries)",
        },
        "restore.manifest": {
            "nl": "{path}: geen leesbare back-up van signalmatch ({reason})",
            "en": "{path}: not a readable signalmatch backup ({reason})",
        },
        "restore.other_process": {
            "nl": "de back-up is van {found}, deze configuratie van {want}; zet alleen een back-up van hetzelfde "
            "proces terug",
            "en": "the backup is of {found}, this config of {want}; restore only a backup of the same process",
        },
        "restore.file": {
            "nl": "{path}: past niet bij het manifest van de back-up ({what}); de back-up is beschadigd",
            "en": "{path}: does not match the backup's manifest ({what}); the backup is damaged",
        },
        "restore.newer": {
            "nl": "{path} is nieuwer dan de back-up: auditlog {current} regels (schema {current_schema}), back-up "
            "{backup} regels (schema {backup_schema}); terugzetten verliest wat daarna kwam. Weet u het zeker: "
            "--force",
            "en": "{path} is newer than the backup: audit log {current} entries (schema {current_schema}), backup "
            "{backup} entries (schema {backup_schema}); restoring loses what came after. If you are sure: --force",
        },
        "restore.done": {
            "nl": "{name} teruggezet uit de back-up van {time}: auditlog {backup} regels (was {replaced}). Bij de "
            "volgende start meldt het proces dit in log, auditlog en health.",
            "en": "{name} restored from the backup of {time}: audit log {backup} entries (was {replaced}). On its "
            "next start the process reports this in its log, audit log and health.",
        },
        "restore.unknown": {"nl": "onbekend", "en": "unknown"},
        # check.py
        "check.ok": {
            "nl": "In orde: {path} ({role}), {stores} opslag gecontroleerd ({how})",
            "en": "Fine: {path} ({role}), {stores} stores checked ({how})",
        },
        "check.how.quick": {"nl": "snel: quick_check, auditlog tegen checkpoint", "en": "quick: quick_check, audit log against checkpoint"},
        "check.how.full": {
            "nl": "volledig: integrity_check, elke auditregel en boomhash",
            "en": "full: integrity_check, every audit entry and tree hash",
        },
        "check.problems": {"nl": "Problemen in {path}:", "en": "Problems in {path}:"},
        # demo.py
        "demo.dir": {"nl": "Federatie in {dir}", "en": "Federation in {dir}"},
        "demo.started": {
            "nl": "Matcher, sleutelhouder en {nodes} nodes draaien (mTLS op localhost)",
            "en": "Matcher, keyholder and {nodes} nodes running (mTLS on localhost)",
        },
        "demo.summary.oprf": {
            "nl": "Sleutelhouder (OPRF, epoch {epoch}): {evaluations} geblindeerde evaluaties; "
            "alle tokens via de sleutelhouder: {oprf}",
            "en": "Keyholder (OPRF, epoch {epoch}): {evaluations} blinded evaluations; "
            "every token through the keyholder: {oprf}",
        },
        "demo.imported": {
            "nl": "{signals} signalen ingelezen bij hun eigen node ({rejected} afgewezen)",
            "en": "{signals} signals imported into their own nodes ({rejected} rejected)",
        },
        "demo.summary": {
            "nl": "Geplante overlappen: {planted} ({fuzzy_planted} met een verschreven naam), gevonden: {found}, "
            "gemist: {missed}; hits: {hits}, waarvan {fuzzy_links} met 'lijkt op'; onverwachte hits: {unexpected}; "
            "{signals} signalen in {elapsed:.1f} s",
            "en": "Planted overlaps: {planted} ({fuzzy_planted} with a misspelt name), found: {found}, "
            "missed: {missed}; hits: {hits}, {fuzzy_links} of them with 'resembles'; unexpected hits: {unexpected}; "
            "{signals} signals in {elapsed:.1f} s",
        },
        "demo.summary.audit": {
            "nl": "Informatie opgevraagd voor {hit}: {delivered} partners leverden, versleuteld voor de voorzitter "
            "en hier geopend; auditlog geverifieerd door de functionarissen: {verified}",
            "en": "Information requested for {hit}: {delivered} partners delivered, sealed to the chair and "
            "opened here; audit log verified by the officers: {verified}",
        },
        "demo.yes": {"nl": "ja", "en": "yes"},
        "demo.no": {"nl": "NEE", "en": "NO"},
        "demo.wait.review": {
            "nl": "het verzoek bij de node van {partner}",
            "en": "the request at the node of {partner}",
        },
        "demo.wait.answers": {"nl": "de antwoorden van de partners", "en": "the partners' answers"},
        "demo.wait.timeout": {"nl": "wachten op {what} duurde langer dan {seconds} s", "en": "waiting for {what} took over {seconds} s"},
        "demo.keep": {
            "nl": "De federatie blijft draaien; stop met Ctrl-C. Voorzitter: signalmatch chair hits --config {cfg}",
            "en": "The federation keeps running; stop with Ctrl-C. Chair: signalmatch chair hits --config {cfg}",
        },
        "demo.who.chair": {"nl": "voorzitter", "en": "chair"},
        "demo.who.staff": {"nl": "medewerker {partner}", "en": "staff of {partner}"},
        "demo.who.officer": {"nl": "FG {partner}", "en": "DPO of {partner}"},
        "demo.who.table_officer": {"nl": "FG van de tafel", "en": "the table's DPO"},
        "demo.console": {
            "nl": "Webconsole {who}: {url}",
            "en": "Web console {who}: {url}",
        },
        "demo.timeout": {
            "nl": "nodes hebben na {seconds} s nog {pending} operaties niet bij de matcher afgeleverd",
            "en": "after {seconds} s nodes still hold {pending} operations not delivered to the matcher",
        },
        # enrol.py
        "enrol.exists": {
            "nl": "{path} bestaat al en is niet leeg; kies een nieuwe map (sleutels worden nooit overschreven)",
            "en": "{path} already exists and is not empty; choose a new directory (keys are never overwritten)",
        },
        "enrol.id_format": {
            "nl": "{value!r} is ongeldig: alleen kleine letters, cijfers en '-' (1-63 tekens, niet beginnend met '-')",
            "en": "{value!r} is invalid: lowercase letters, digits and '-' only "
            "(1-63 characters, not starting with '-')",
        },
        "enrol.kind": {
            "nl": "onbekende partnersoort {value!r}; kies uit {choices}",
            "en": "unknown partner kind {value!r}; choose one of {choices}",
        },
        "enrol.oin": {
            "nl": "een OIN bestaat uit 20 cijfers, niet {value!r}",
            "en": "an OIN is 20 digits, not {value!r}",
        },
        "enrol.address": {
            "nl": "verwacht host:poort, bijvoorbeeld 127.0.0.1:50051, niet {value!r}",
            "en": "expected host:port, for example 127.0.0.1:50051, not {value!r}",
        },
        "enrol.reserved": {
            "nl": "{value!r} is gereserveerd (de functionaris gegevensbescherming van de tafel)",
            "en": "{value!r} is reserved (the table's data protection officer)",
        },
        "enrol.request_written": {
            "nl": "Inschrijvingsverzoek van {who}: {path}\nVingerafdruk (lees voor aan de beheerder, per telefoon):\n  {fingerprint}",
            "en": "Enrolment request of {who}: {path}\nFingerprint (read it out to the operator, by phone):\n  {fingerprint}",
        },
        "enrol.table_made": {
            "nl": "Tafel {table} aangemaakt in {path} (directoryversie 1).\nVingerafdruk van de tafel (elk lid "
            "vergelijkt die bij installatie):\n  {fingerprint}\nBewaar {root} offline: de uitgevende CA "
            "ondertekent voortaan.",
            "en": "Table {table} created in {path} (directory version 1).\nTable fingerprint (every member "
            "compares it when installing):\n  {fingerprint}\nKeep {root} offline: the issuing CA signs from now on.",
        },
        "enrol.bad_request": {
            "nl": "ongeldig inschrijvingsverzoek {path}: {reason}",
            "en": "invalid enrolment request {path}: {reason}",
        },
        "enrol.request_fingerprint": {
            "nl": "Verzoek {who}: vingerafdruk {fingerprint}",
            "en": "Request {who}: fingerprint {fingerprint}",
        },
        "enrol.fingerprint_mismatch": {
            "nl": "de vingerafdruk {found} van {what} is niet de afgesproken {expected}; niets gedaan",
            "en": "the fingerprint {found} of {what} is not the agreed {expected}; nothing done",
        },
        "enrol.already_member": {
            "nl": "{who} is al lid met andere sleutels; verwijder het lid eerst (table remove) of vernieuw "
            "met dezelfde sleutels",
            "en": "{who} is already a member with other keys; remove the member first (table remove) or renew "
            "with the same keys",
        },
        "enrol.unknown_partner": {
            "nl": "de functionaris {who} hoort bij partner {partner!r}, maar die is (nog) geen lid",
            "en": "officer {who} belongs to partner {partner!r}, which is not a member (yet)",
        },
        "enrol.published": {
            "nl": "Directoryversie {version} gepubliceerd ({changes}).",
            "en": "Directory version {version} published ({changes}).",
        },
        "enrol.response": {
            "nl": "Inschrijvingsantwoord voor {who}: {path}",
            "en": "Enrolment response for {who}: {path}",
        },
        "enrol.pending": {
            "nl": "Directoryversie {version} verruimt wie gegevens ziet ({changes}) en wacht op de "
            "medeondertekening van de functionaris van de tafel:\n  stuur {path} naar de functionaris "
            "(signalmatch officer cosign) en publiceer het resultaat met signalmatch table publish",
            "en": "Directory version {version} widens who sees data ({changes}) and awaits the table "
            "officer's co-signature:\n  send {path} to the officer (signalmatch officer cosign) and publish "
            "the result with signalmatch table publish",
        },
        "enrol.pending_exists": {
            "nl": "versie {version} wacht al op medeondertekening ({path}); publiceer of verwijder die eerst",
            "en": "version {version} already awaits co-signature ({path}); publish or delete it first",
        },
        "enrol.stale": {
            "nl": "de wachtende versie {version} volgt niet meer op de huidige versie {current}; maak haar opnieuw",
            "en": "the pending version {version} no longer follows the current version {current}; make it again",
        },
        "enrol.cosign_show": {
            "nl": "Directoryversie {version} verruimt wie gegevens ziet: {changes}",
            "en": "Directory version {version} widens who sees data: {changes}",
        },
        "enrol.cosigned": {"nl": "Medeondertekend: {path}", "en": "Co-signed: {path}"},
        "enrol.not_cosigner": {
            "nl": "{who} is niet de medeondertekenaar van de tafel ({cosigner!r})",
            "en": "{who} is not the table's co-signer ({cosigner!r})",
        },
        "enrol.not_member": {
            "nl": "{who} is geen lid van tafel {table}",
            "en": "{who} is not a member of table {table}",
        },
        "enrol.ambiguous": {
            "nl": "{name!r} is meer dan één lid ({members}); schrijf rol/naam, bijvoorbeeld partner/{name}",
            "en": "{name!r} names more than one member ({members}); write role/name, for example partner/{name}",
        },
        "enrol.installed": {
            "nl": "Geïnstalleerd: {config} (directoryversie {version}; vingerafdruk van de tafel {fingerprint})",
            "en": "Installed: {config} (directory version {version}; table fingerprint {fingerprint})",
        },
        "enrol.wrong_response": {
            "nl": "dit antwoord is voor {found}, deze configuratie is van {expected}",
            "en": "this response is for {found}, this configuration belongs to {expected}",
        },
        "enrol.certificate_key": {
            "nl": "het certificaat {name} hoort niet bij de eigen sleutel {key}; niets geïnstalleerd",
            "en": "certificate {name} does not belong to the own key {key}; nothing installed",
        },
        "enrol.certificate_chain": {
            "nl": "het certificaat {name} is niet uitgegeven onder de root van de tafel: {reason}",
            "en": "certificate {name} was not issued under the table's root: {reason}",
        },
        "enrol.removed": {
            "nl": "{who} verwijderd in directoryversie {version}",
            "en": "{who} removed in directory version {version}",
        },
        "enrol.epoch_requested": {
            "nl": "Nieuwe sleutelepoch {epoch} aangevraagd: de sleutelhouder maakt de sleutel, de gever deelt het geheim",
            "en": "New key epoch {epoch} requested: the keyholder makes its key, the dealer deals the secret",
        },
        # federation.py
        "federation.id_format": {
            "nl": "{value!r} is ongeldig: alleen kleine letters, cijfers en '-' (1-63 tekens, niet beginnend met '-')",
            "en": "{value!r} is invalid: lowercase letters, digits and '-' only "
            "(1-63 characters, not starting with '-')",
        },
        "federation.kind_unknown": {
            "nl": "onbekende partnersoort {value!r}; kies uit {choices}",
            "en": "unknown partner kind {value!r}; choose one of {choices}",
        },
        "federation.duplicate": {
            "nl": "{value!r} komt meer dan eens voor",
            "en": "{value!r} occurs more than once",
        },
        "federation.too_few": {
            "nl": "minstens {minimum} nodig, {count} opgegeven",
            "en": "at least {minimum} needed, {count} given",
        },
        "federation.port_range": {
            "nl": "poorten {first}-{last} vallen buiten 1-65535",
            "en": "ports {first}-{last} fall outside 1-65535",
        },
        "federation.exists": {
            "nl": "{path} bestaat al en is niet leeg; kies een nieuwe map "
            "(een bestaande federatie wordt nooit overschreven)",
            "en": "{path} already exists and is not empty; choose a new directory "
            "(an existing federation is never overwritten)",
        },
        # federation.py
        "federation.reserved": {
            "nl": "{value!r} is gereserveerd (de beheerder, de sleutelhouder of de functionaris "
            "gegevensbescherming van de tafel)",
            "en": "{value!r} is reserved (the operator, the keyholder or the table's data protection officer)",
        },
        # federation.py
        "ceremony.operator": {
            "nl": "Beheerder: tafel {table} aangemaakt (root-CA, uitgevende CA, directorysleutel); "
            "vingerafdruk van de tafel {fingerprint}",
            "en": "Operator: table {table} created (root CA, issuing CA, directory key); table fingerprint {fingerprint}",
        },
        "ceremony.requests": {
            "nl": "{count} leden in {orgs} organisaties maakten hun sleutels zelf en stuurden een "
            "inschrijvingsverzoek (alleen publieke gegevens, exchange/requests)",
            "en": "{count} members in {orgs} organisations made their own keys and sent an enrolment request "
            "(public material only, exchange/requests)",
        },
        "ceremony.admitted": {
            "nl": "Beheerder: toegelaten na het vergelijken van de vingerafdrukken: {who}; directoryversie "
            "{version}{cosigned}",
            "en": "Operator: admitted after comparing the fingerprints: {who}; directory version {version}{cosigned}",
        },
        "ceremony.members": {"nl": "{count} leden", "en": "{count} members"},
        "ceremony.cosigned": {
            "nl": ", medeondertekend door de FG van de tafel",
            "en": ", co-signed by the table's DPO",
        },
        "ceremony.installed": {
            "nl": "Leden: {count} antwoorden geïnstalleerd; vingerafdruk van de tafel vergeleken, directorysleutel vastgelegd",
            "en": "Members: {count} responses installed; table fingerprint compared, directory key pinned",
        },
        "ceremony.dealt": {
            "nl": "Gever {dealer}: tabelgeheim van epoch {epoch} verzegeld (HPKE) voor {count} partners; "
            "alleen zij openen het",
            "en": "Dealer {dealer}: table secret of epoch {epoch} sealed (HPKE) to {count} partners; only they open it",
        },
        # supervise.py
        "supervise.failed": {
            "nl": "{process} is gestopt of niet op tijd gestart; zie {log}",
            "en": "{process} stopped or did not start in time; see {log}",
        },
        "supervise.exited": {
            "nl": "{process} (pid {pid}) is gestopt: {status}",
            "en": "{process} (pid {pid}) stopped: {status}",
        },
        "supervise.status.code": {"nl": "exitcode {code}", "en": "exit code {code}"},
        "supervise.status.signal": {"nl": "signaal {signal}", "en": "signal {signal}"},
        "supervise.restarting": {
            "nl": "{process} wordt over {delay:.1f} s opnieuw gestart (poging {attempt} van {limit})",
            "en": "{process} restarts in {delay:.1f} s (attempt {attempt} of {limit})",
        },
        "supervise.restarted": {"nl": "{process} draait weer (pid {pid})", "en": "{process} is running again (pid {pid})"},
        "supervise.given_up": {
            "nl": "{process} is {limit} keer achter elkaar gestopt; niet meer herstart, zie {log}",
            "en": "{process} stopped {limit} times in a row; not restarted again, see {log}",
        },
    }
)
