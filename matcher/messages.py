"""The matcher's end-user texts (Dutch and English): the one catalogue of `signalmatch.matcher`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # directory_service.py
        "directory.service.offline": {
            "nl": "de beheerder houdt de uitgevende CA offline; maak een vernieuwingsverzoek "
            "(signalmatch partner init --renew) en laat de beheerder het toelaten (signalmatch table admit)",
            "en": "the operator keeps the issuing CA offline; make a renewal request and have the operator "
            "admit it (signalmatch table admit)",
        },
        "directory.service.csr": {
            "nl": "aanvraag {index}: {reason}",
            "en": "request {index}: {reason}",
        },
        "directory.service.not_dealer": {
            "nl": "{who} mag geen tabelgeheim delen: alleen de gever die de directory noemt ({dealer})",
            "en": "{who} may not deal a table secret: only the dealer the directory names ({dealer})",
        },
        "directory.service.not_requested": {
            "nl": "epoch {epoch} is niet aangevraagd in directoryversie {version}",
            "en": "epoch {epoch} was not requested in directory version {version}",
        },
        # disclosure.py
        "disclosure.not_found": {
            "nl": "verstrekkingsverzoek {name} bestaat niet",
            "en": "disclosure request {name} does not exist",
        },
        "disclosure.categories.required": {
            "nl": "kies ten minste één categorie gegevens uit {choices}",
            "en": "choose at least one data category from {choices}",
        },
        "disclosure.category.unknown": {
            "nl": "onbekende categorie gegevens; kies uit {choices}",
            "en": "unknown data category; choose one of {choices}",
        },
        "disclosure.purpose.unknown": {
            "nl": "doel {value!r} staat niet in het beleid van de tafel; kies uit {choices}",
            "en": "purpose {value!r} is not in the table's policy; choose one of {choices}",
        },
        "disclosure.legal_basis.unknown": {
            "nl": "grondslag {value!r} staat niet in het beleid van de tafel; kies uit {choices}",
            "en": "legal basis {value!r} is not in the table's policy; choose one of {choices}",
        },
        "disclosure.partner.not_in_hit": {
            "nl": "partner {value!r} heeft geen signaal in deze hit; kies uit {choices}",
            "en": "partner {value!r} has no signal in this hit; choose one of {choices}",
        },
        "disclosure.partner.format": {
            "nl": "{value!r} is geen partner-id (kleine letters, cijfers en -)",
            "en": "{value!r} is not a partner id (lower-case letters, digits and -)",
        },
        "disclosure.request_id.format": {
            "nl": "request_id: 1 tot 64 letters, cijfers of . _ : -",
            "en": "request_id: 1 to 64 letters, digits or . _ : -",
        },
        "disclosure.request_id.reused": {
            "nl": "request_id {request_id} is eerder gebruikt voor een ander verzoek ({name}); kies een nieuwe",
            "en": "request_id {request_id} was used before for another request ({name}); choose a new one",
        },
        "disclosure.state.unknown": {
            "nl": "onbekende status van een antwoord",
            "en": "unknown answer state",
        },
        "disclosure.answer.not_asked": {
            "nl": "partner {partner} is in {name} niet om gegevens gevraagd",
            "en": "partner {partner} was not asked in {name}",
        },
        "disclosure.answer.expired": {
            "nl": "{name} is verlopen (expired) op {time}; de voorzitter kan een nieuw verzoek doen",
            "en": "{name} expired at {time}; the chair may make a new request",
        },
        "disclosure.answer.decided": {
            "nl": "partner {partner} heeft {name} al beantwoord ({state}); een besluit is definitief",
            "en": "partner {partner} already answered {name} ({state}); a decision is final",
        },
        "disclosure.reason.required": {
            "nl": "geef bij een weigering een redencode: {choices}",
            "en": "a refusal needs a reason code: {choices}",
        },
        "disclosure.reason.not_allowed": {
            "nl": "een reden hoort alleen bij een weigering",
            "en": "a reason belongs only to a refusal",
        },
        "disclosure.sealed.not_allowed": {
            "nl": "een weigering bevat geen versleutelde gegevens",
            "en": "a refusal carries no sealed payloads",
        },
        "disclosure.sealed.recipient": {
            "nl": "{value!r} is geen ontvanger van dit verzoek; ontvangers zijn {choices}",
            "en": "{value!r} is not a recipient of this request; recipients are {choices}",
        },
        "disclosure.sealed.duplicate": {
            "nl": "ontvanger {value!r} komt twee keer voor",
            "en": "recipient {value!r} occurs twice",
        },
        "disclosure.sealed.missing": {
            "nl": "bij goedkeuring hoort één versleuteld pakket per ontvanger; ontbreekt voor {missing}",
            "en": "approval needs one sealed payload per recipient; missing for {missing}",
        },
        "disclosure.sealed.size": {
            "nl": "versleuteld pakket moet {min} tot {max} bytes zijn, niet {size}",
            "en": "a sealed payload must be {min} to {max} bytes, not {size}",
        },
        "disclosure.opened.not_recipient": {
            "nl": "{who} is geen ontvanger van {name}",
            "en": "{who} is not a recipient of {name}",
        },
        "disclosure.opened.partners_required": {
            "nl": "noem de partners waarvan de gegevens zijn geopend",
            "en": "name the partners whose payloads were opened",
        },
        "disclosure.opened.no_payload": {
            "nl": "er is geen goedgekeurd pakket van partner {value!r} voor u",
            "en": "there is no approved payload of partner {value!r} for you",
        },
        "disclosure.caller.unknown": {
            "nl": "{uri} is geen lid van deze tafel",
            "en": "{uri} is not a member of this table",
        },
        # match.py
        "match.status.unknown": {
            "nl": "onbekende status {status!r}; kies uit {choices}",
            "en": "unknown status {status!r}; choose one of {choices}",
        },
        "match.status.forbidden": {
            "nl": "een hit met status {current} kan niet naar {target}; {hint}",
            "en": "a hit with status {current} cannot move to {target}; {hint}",
        },
        "match.status.hint_forward": {
            "nl": "mogelijk zijn: {choices}",
            "en": "allowed are: {choices}",
        },
        "match.status.hint_final": {
            "nl": "heropen de hit eerst (status in_behandeling)",
            "en": "reopen the hit first (status in_behandeling)",
        },
        "match.referred_to.required": {
            "nl": "bij status doorgeleid is verplicht aan wie is doorgeleid; kies uit {choices}",
            "en": "status doorgeleid needs the partner it was referred to; choose one of {choices}",
        },
        "match.referred_to.unknown": {
            "nl": "onbekende partner {value!r} om naar door te leiden; kies uit {choices}",
            "en": "unknown referral target {value!r}; choose one of {choices}",
        },
        "match.note.required": {
            "nl": "bij status afgesloten is een toelichting (de reden) verplicht",
            "en": "status afgesloten needs a note giving the reason",
        },
        "match.hit.not_found": {
            "nl": "hit {hit_id} bestaat niet",
            "en": "hit {hit_id} does not exist",
        },
        "match.hit.merged": {
            "nl": "hit {hit_id} is samengevoegd met hit {into}; open hit {into}",
            "en": "hit {hit_id} was merged into hit {into}; open hit {into}",
        },
        "match.hit.dissolved": {
            "nl": "hit {hit_id} bestaat niet meer: er zijn minder dan twee signalen over",
            "en": "hit {hit_id} no longer exists: fewer than two signals remain",
        },
        "match.period.order": {
            "nl": "het einde van de periode ({end}) ligt voor het begin ({start})",
            "en": "the period ends ({end}) before it starts ({start})",
        },
        "match.skip.negative": {
            "nl": "skip mag niet negatief zijn",
            "en": "skip must not be negative",
        },
        "match.time.invalid": {
            "nl": "tijdstip {value!r} is geen RFC 3339-tijd met tijdzone",
            "en": "time {value!r} is not an RFC 3339 time with a time zone",
        },
        # store.py
        "match.review.not_found": {
            "nl": "er is geen mogelijke overeenkomst reviewCandidates/{a}-{b} (meer)",
            "en": "there is no (longer a) review candidate reviewCandidates/{a}-{b}",
        },
        "match.review.not_in_review": {
            "nl": "reviewCandidates/{a}-{b} staat niet ter beoordeling (zone: {zone})",
            "en": "reviewCandidates/{a}-{b} is not up for review (zone: {zone})",
        },
    }
)
