"""The web consoles' end-user texts (Dutch and English): the one catalogue of `signalmatch.console.web`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # app.py
        "web.language": {"nl": "Taal", "en": "Language"},
        "web.logout": {"nl": "Afmelden", "en": "Sign out"},
        "web.signed_in_as": {"nl": "Aangemeld als {who}", "en": "Signed in as {who}"},
        "web.host.refused": {
            "nl": "Deze console antwoordt alleen op zijn eigen adres (127.0.0.1 of localhost).",
            "en": "This console only answers on its own address (127.0.0.1 or localhost).",
        },
        "web.csrf.refused": {
            "nl": "Formulier geweigerd: het hoort niet bij deze sessie (CSRF-controle). Laad de pagina opnieuw.",
            "en": "Form refused: it does not belong to this session (CSRF check). Reload the page.",
        },
        "web.origin.refused": {
            "nl": "Verzoek geweigerd: het komt niet van deze console (Origin-controle).",
            "en": "Request refused: it does not come from this console (Origin check).",
        },
        "web.form.too_large": {"nl": "Formulier te groot.", "en": "Form too large."},
        "web.form.type": {
            "nl": "Alleen formulieren (application/x-www-form-urlencoded) worden aangenomen.",
            "en": "Only forms (application/x-www-form-urlencoded) are accepted.",
        },
        "web.signed_out.title": {"nl": "Niet aangemeld", "en": "Not signed in"},
        "web.signed_out.body": {
            "nl": "Open de console met de eenmalige inloglink uit het terminalvenster waarin u hem startte.",
            "en": "Open the console with the one-time sign-in link from the terminal window you started it in.",
        },
        "web.expired.body": {
            "nl": "Uw sessie is verlopen na {minutes} minuten zonder activiteit.",
            "en": "Your session expired after {minutes} minutes without activity.",
        },
        "web.new_link": {"nl": "Nieuwe inloglink in de terminal tonen", "en": "Show a new sign-in link in the terminal"},
        "web.new_link.done": {
            "nl": "Er staat een nieuwe inloglink in het terminalvenster van de console.",
            "en": "A new sign-in link is in the console's terminal window.",
        },
        "web.error.title": {"nl": "Er ging iets mis", "en": "Something went wrong"},
        "web.error.unavailable": {
            "nl": "{service} is niet bereikbaar. Probeer het over een minuut opnieuw; blijft dit zo, meld het dan aan de beheerder.",
            "en": "{service} cannot be reached. Try again in a minute; if it persists, tell the administrator.",
        },
        "web.error.denied": {
            "nl": "Dit mag uw certificaat niet: {details}",
            "en": "Your certificate may not do this: {details}",
        },
        "web.error.not_found": {"nl": "Niet gevonden: {details}", "en": "Not found: {details}"},
        "web.error.other": {"nl": "{details}", "en": "{details}"},
        "web.error.internal": {
            "nl": "Onverwachte fout ({kind}). Er is niets opgeslagen; probeer het opnieuw.",
            "en": "Unexpected error ({kind}). Nothing was saved; try again.",
        },
        "web.page_not_found": {"nl": "Deze pagina bestaat niet.", "en": "This page does not exist."},
        "web.method.refused": {
            "nl": "Deze console kent alleen GET en POST.",
            "en": "This console only knows GET and POST.",
        },
        "web.back": {"nl": "Terug", "en": "Back"},
        "web.service.matcher": {"nl": "De matcher", "en": "The matcher"},
        "web.service.node": {"nl": "De node", "en": "The node"},
        "web.service.either": {"nl": "De node of de matcher", "en": "The node or the matcher"},
        # chair.py
        "web.chair.title": {"nl": "Console voorzitter signalentafel", "en": "Chair's console"},
        "web.chair.who": {"nl": "{name} · tafel {table}", "en": "{name} · table {table}"},
        "web.chair.nav.hits": {"nl": "Hits", "en": "Hits"},
        "web.chair.nav.requests": {"nl": "Informatieverzoeken", "en": "Information requests"},
        "web.chair.nav.review": {"nl": "Mogelijke overeenkomsten", "en": "Possible matches"},
        "web.chair.review.title": {"nl": "Mogelijke overeenkomsten", "en": "Possible matches"},
        "web.chair.review.intro": {
            "nl": "Paren van signalen waarover het model twijfelt, of die alleen op naam en geboortedatum "
            "overeenkomen. Bevestig (de signalen worden gekoppeld) of wijs af (niet opnieuw voorgesteld "
            "zonder nieuw bewijs), met een reden.",
            "en": "Pairs of signals the model is unsure about, or that agree on name and date of birth only. "
            "Confirm (the signals are linked) or reject (not proposed again without new evidence), with a reason.",
        },
        "web.chair.review.none": {"nl": "Niets ter beoordeling.", "en": "Nothing to review."},
        "web.chair.review.model": {
            "nl": "Model: {source}, geschat {fit_time} op {pairs} kandidaatparen; koppelen vanaf kans {link}, "
            "beoordelen vanaf {review}.",
            "en": "Model: {source}, fitted {fit_time} on {pairs} candidate pairs; link from probability {link}, "
            "review from {review}.",
        },
        "web.chair.review.probability": {"nl": "kans {value}", "en": "probability {value}"},
        "web.chair.review.confirm": {"nl": "Bevestigen", "en": "Confirm"},
        "web.chair.review.reject": {"nl": "Afwijzen", "en": "Reject"},
        "web.chair.review.reason": {"nl": "Reden", "en": "Reason"},
        "web.chair.review.confirmed": {
            "nl": "Bevestigd: de signalen zijn gekoppeld in hit {hit}.",
            "en": "Confirmed: the signals are linked in hit {hit}.",
        },
        "web.chair.review.rejected": {
            "nl": "Afgewezen: wordt niet opnieuw voorgesteld zonder nieuw bewijs.",
            "en": "Rejected: not proposed again without new evidence.",
        },
        # hits overview
        "web.chair.hits.title": {"nl": "Hits", "en": "Hits"},
        "web.chair.hits.intro": {
            "nl": "Overeenkomsten tussen signalen van verschillende partners. Open een hit om het bewijs te zien.",
            "en": "Overlaps between signals of different partners. Open a hit to see the evidence.",
        },
        "web.chair.hits.all": {"nl": "Alle statussen", "en": "All statuses"},
        "web.chair.hits.shown": {
            "nl": "{shown} van {total} hits (pagina {page} van {pages})",
            "en": "{shown} of {total} hits (page {page} of {pages})",
        },
        "web.chair.hits.none": {"nl": "Geen hits met deze filters.", "en": "No hits with these filters."},
        "web.chair.filter.status": {"nl": "Status", "en": "Status"},
        "web.chair.filter.exploitation": {"nl": "Soort uitbuiting", "en": "Exploitation type"},
        "web.chair.filter.municipality": {"nl": "Gemeente", "en": "Municipality"},
        "web.chair.filter.partner": {"nl": "Partner", "en": "Partner"},
        "web.chair.filter.from": {"nl": "Periode van (maand)", "en": "Period from (month)"},
        "web.chair.filter.to": {"nl": "t/m (maand)", "en": "to (month)"},
        "web.chair.filter.on": {"nl": "Periode op", "en": "Period by"},
        "web.chair.filter.on.bijgewerkt": {"nl": "laatst bijgewerkt", "en": "last updated"},
        "web.chair.filter.on.aangemaakt": {"nl": "ontstaan", "en": "created"},
        "web.chair.filter.any": {"nl": "alle", "en": "all"},
        "web.chair.filter.apply": {"nl": "Filteren", "en": "Filter"},
        "web.chair.filter.clear": {"nl": "Filters wissen", "en": "Clear filters"},
        "web.chair.filter.month": {"nl": "gebruik JJJJ-MM, bijvoorbeeld 2026-03", "en": "use YYYY-MM, e.g. 2026-03"},
        "web.chair.filter.order": {
            "nl": "de beginmaand ligt na de eindmaand",
            "en": "the first month is after the last",
        },
        "web.chair.filter.unknown": {
            "nl": "onbekende waarde; kies uit de lijst",
            "en": "unknown value; choose from the list",
        },
        "web.chair.pager": {"nl": "Pagina's", "en": "Pages"},
        "web.chair.pager.previous": {"nl": "← Vorige", "en": "← Previous"},
        "web.chair.pager.next": {"nl": "Volgende →", "en": "Next →"},
        "web.chair.col.hit": {"nl": "Hit", "en": "Hit"},
        "web.chair.col.status": {"nl": "Status", "en": "Status"},
        "web.chair.col.partners": {"nl": "Partners", "en": "Partners"},
        "web.chair.col.signals": {"nl": "Signalen", "en": "Signals"},
        "web.chair.col.matched": {"nl": "Overeenkomst op", "en": "Matched on"},
        "web.chair.col.exploitation": {"nl": "Uitbuiting", "en": "Exploitation"},
        "web.chair.col.municipalities": {"nl": "Gemeenten", "en": "Municipalities"},
        "web.chair.col.updated": {"nl": "Bijgewerkt", "en": "Updated"},
        "web.chair.total": {"nl": "Totaal", "en": "Total"},
        # hit page
        "web.chair.hit.title": {"nl": "Hit {id}", "en": "Hit {id}"},
        "web.chair.hit.back": {"nl": "← Alle hits", "en": "← All hits"},
        "web.chair.hit.created": {"nl": "Ontstaan", "en": "Created"},
        "web.chair.hit.updated": {"nl": "Bijgewerkt", "en": "Updated"},
        "web.chair.hit.referred": {"nl": "doorgeleid naar {target}", "en": "referred to {target}"},
        "web.chair.hit.closed": {"nl": "afgesloten: {reason}", "en": "closed: {reason}"},
        "web.chair.not_saved": {"nl": "Niet opgeslagen — zie de melding bij:", "en": "Not saved — see the message at:"},
        "web.chair.hit.jump": {"nl": "Naar", "en": "Go to"},
        "web.chair.evidence.title": {"nl": "Bewijs", "en": "Evidence"},
        "web.chair.evidence.intro": {
            "nl": "Elke lijn verbindt twee signalen. Doorgetrokken: exact dezelfde gegevens (soort gegeven erbij). "
            "Gestippeld: lijkt op (met de mate van overeenkomst, 1 = gelijk).",
            "en": "Each line joins two signals. Solid: exactly the same data (kind shown). "
            "Dashed: resembles (with the similarity, 1 = equal).",
        },
        "web.chair.evidence.graph": {
            "nl": "Bewijsgraaf van hit {id}: {signals} signalen, {links} koppelingen",
            "en": "Evidence graph of hit {id}: {signals} signals, {links} links",
        },
        "web.chair.evidence.solid": {"nl": "exact", "en": "exact"},
        "web.chair.evidence.dashed": {"nl": "lijkt op", "en": "resembles"},
        "web.chair.col.signal_a": {"nl": "Signaal", "en": "Signal"},
        "web.chair.col.signal_b": {"nl": "Signaal", "en": "Signal"},
        "web.chair.col.exact": {"nl": "Exact gelijk", "en": "Exactly equal"},
        "web.chair.col.similar": {"nl": "Lijkt op", "en": "Resembles"},
        "web.chair.signals.title": {"nl": "Signalen", "en": "Signals"},
        "web.chair.signals.intro": {
            "nl": "Alleen de kenmerken die de matcher kent. De inhoud blijft bij de partner tot u die opvraagt.",
            "en": "Only what the matcher knows. The content stays with the partner until you request it.",
        },
        "web.chair.col.partner": {"nl": "Partner", "en": "Partner"},
        "web.chair.col.ref": {"nl": "Kenmerk", "en": "Reference"},
        "web.chair.col.municipality": {"nl": "Gemeente", "en": "Municipality"},
        "web.chair.col.month": {"nl": "Maand", "en": "Month"},
        "web.chair.col.roles": {"nl": "Betrokkenen", "en": "Subjects"},
        "web.chair.col.received": {"nl": "Ontvangen", "en": "Received"},
        # status workflow
        "web.chair.status.title": {"nl": "Status en uitkomst", "en": "Status and outcome"},
        "web.chair.status.current": {"nl": "Huidige status", "en": "Current status"},
        "web.chair.status.move": {"nl": "Status wijzigen", "en": "Change status"},
        "web.chair.status.to": {"nl": "Naar „{status}”", "en": "To “{status}”"},
        "web.chair.status.reopen": {"nl": "Heropenen (in behandeling)", "en": "Reopen (in progress)"},
        "web.chair.status.refer": {"nl": "Doorgeleid naar", "en": "Referred to"},
        "web.chair.status.refer.button": {"nl": "Doorgeleiding vastleggen", "en": "Record referral"},
        "web.chair.status.close": {"nl": "Afsluiten, met reden", "en": "Close, with reason"},
        "web.chair.status.close.button": {"nl": "Afsluiten", "en": "Close"},
        "web.chair.status.choose": {"nl": "— kies —", "en": "— choose —"},
        "web.chair.status.final": {
            "nl": "Deze hit is afgerond. Heropen hem om de status weer te wijzigen.",
            "en": "This hit is finished. Reopen it to change its status again.",
        },
        "web.chair.status.saved": {"nl": "Status van hit {id} is nu: {status}.", "en": "Hit {id} is now: {status}."},
        # information requests
        "web.chair.request.title": {"nl": "Informatie opvragen", "en": "Request information"},
        "web.chair.request.intro": {
            "nl": "De partners beslissen zelf; hun functionaris ziet precies wat er verstrekt zou worden. "
            "Vraag niet meer dan nodig is.",
            "en": "The partners decide; their officer sees exactly what would be sent. Ask no more than needed.",
        },
        "web.chair.request.partners": {"nl": "Partners", "en": "Partners"},
        "web.chair.request.categories": {"nl": "Gegevens", "en": "Data"},
        "web.chair.request.purpose": {"nl": "Doel", "en": "Purpose"},
        "web.chair.request.legal_basis": {"nl": "Grondslag", "en": "Legal basis"},
        "web.chair.request.submit": {"nl": "Verzoek versturen", "en": "Send request"},
        "web.chair.request.partners_required": {"nl": "kies minstens één partner", "en": "choose at least one partner"},
        "web.chair.request.purpose_required": {
            "nl": "kies een doel uit de lijst",
            "en": "choose a purpose from the list",
        },
        "web.chair.request.legal_basis_required": {
            "nl": "kies een grondslag uit de lijst",
            "en": "choose a legal basis from the list",
        },
        "web.chair.request.sent": {
            "nl": "Verzoek verstuurd aan {partners}. U ziet de antwoorden hieronder zodra ze er zijn.",
            "en": "Request sent to {partners}. The answers appear below when they arrive.",
        },
        "web.chair.disclosures.title": {"nl": "Verzoeken en verstrekte gegevens", "en": "Requests and disclosed data"},
        "web.chair.disclosures.none": {"nl": "Nog geen informatie opgevraagd.", "en": "No information requested yet."},
        "web.chair.disclosures.opened": {
            "nl": "Hieronder staan persoonsgegevens, ontsleuteld op deze computer. Het openen is vastgelegd bij de "
            "matcher.",
            "en": "Below is personal data, decrypted on this computer. The opening was recorded at the matcher.",
        },
        "web.chair.disclosure.asked": {
            "nl": "Gevraagd op {time}: {categories}",
            "en": "Asked on {time}: {categories}",
        },
        "web.chair.disclosure.basis": {
            "nl": "doel {purpose} · grondslag {legal_basis} · verloopt {expires}",
            "en": "purpose {purpose} · legal basis {legal_basis} · expires {expires}",
        },
        "web.chair.disclosure.signal": {"nl": "Signaal {ref}", "en": "Signal {ref}"},
        "web.chair.disclosure.empty": {
            "nl": "Niets verstrekt: de signalen zijn er niet meer.",
            "en": "Nothing disclosed: the signals no longer exist.",
        },
        "web.chair.disclosure.failed": {"nl": "Niet te openen: {error}", "en": "Cannot be opened: {error}"},
        "web.chair.answer.decided": {"nl": "op {time}", "en": "on {time}"},
        "web.chair.requests.title": {"nl": "Informatieverzoeken", "en": "Information requests"},
        "web.chair.requests.intro": {
            "nl": "Alle verzoeken van de tafel. De verstrekte gegevens ziet u op de pagina van de hit.",
            "en": "All of the table's requests. The disclosed data is on the hit's page.",
        },
        "web.chair.requests.none": {"nl": "Er zijn nog geen verzoeken.", "en": "There are no requests yet."},
        "web.chair.col.request": {"nl": "Verzoek", "en": "Request"},
        "web.chair.col.asked": {"nl": "Gevraagd", "en": "Asked"},
        "web.chair.col.categories": {"nl": "Gegevens", "en": "Data"},
        "web.chair.col.purpose": {"nl": "Doel en grondslag", "en": "Purpose and basis"},
        "web.chair.col.answers": {"nl": "Antwoorden", "en": "Answers"},
        "web.chair.col.expires": {"nl": "Verloopt", "en": "Expires"},
        "web.chair.requests.open": {"nl": "Wacht op antwoord", "en": "Awaiting answer"},
        "web.chair.requests.count": {"nl": "Verzoeken", "en": "Requests"},
        # node.py
        "web.node.title": {"nl": "Console partnermedewerker", "en": "Partner staff console"},
        "web.node.who": {"nl": "medewerker {partner}", "en": "staff of {partner}"},
        "web.node.nav.signals": {"nl": "Eigen signalen", "en": "Own signals"},
        "web.node.nav.new": {"nl": "Nieuw signaal", "en": "New signal"},
        "web.node.nav.status": {"nl": "Status node", "en": "Node status"},
        # the form
        "web.node.form.title": {"nl": "Signaalformulier", "en": "Signal form"},
        "web.node.form.intro": {
            "nl": "Het signaal blijft bij {partner}. Naar de matcher gaan alleen sleutelcodes (pseudoniemen) van "
            "de identificerende gegevens, met gemeente, maand en vorm van uitbuiting. Velden met * zijn verplicht; "
            "lege regels worden overgeslagen.",
            "en": "The signal stays with {partner}. Only keyed codes (pseudonyms) of the identifying data go to the "
            "matcher, with municipality, month and form of exploitation. Fields marked * are required; empty rows "
            "are skipped.",
        },
        "web.node.form.summary": {
            "nl": "Het signaal is nog niet opgeslagen. Verbeter het volgende ({count}):",
            "en": "The signal has not been saved yet. Please correct the following ({count}):",
        },
        "web.node.form.save": {"nl": "Signaal opslaan", "en": "Save signal"},
        "web.node.form.cancel": {"nl": "Annuleren", "en": "Cancel"},
        "web.node.form.choose": {"nl": "— kies —", "en": "— choose —"},
        "web.node.form.more.persons": {"nl": "+ nog een persoon", "en": "+ another person"},
        "web.node.form.more.phones": {
            "nl": "+ meer telefoonnummers per persoon",
            "en": "+ more phone numbers per person",
        },
        "web.node.form.more.emails": {
            "nl": "+ meer e-mailadressen per persoon",
            "en": "+ more e-mail addresses per person",
        },
        "web.node.form.more.addresses": {"nl": "+ nog een adres", "en": "+ another address"},
        "web.node.form.more.vehicles": {"nl": "+ nog een kenteken", "en": "+ another number plate"},
        "web.node.form.more.companies": {"nl": "+ nog een bedrijf", "en": "+ another company"},
        "web.node.form.more.ibans": {"nl": "+ meer IBAN's per bedrijf", "en": "+ more IBANs per company"},
        "web.node.form.more.adverts": {"nl": "+ nog een advertentie", "en": "+ another advert"},
        "web.node.hint.external_id": {
            "nl": "Uw eigen zaaknummer; letters, cijfers en . _ / -",
            "en": "Your own case number; letters, digits and . _ / -",
        },
        "web.node.hint.date_of_birth": {"nl": "bijv. 12-04-1991", "en": "e.g. 12-04-1991"},
        "web.node.hint.phone": {"nl": "bijv. 06-12345678 of +48 ...", "en": "e.g. 06-12345678 or +48 ..."},
        "web.node.hint.explanation": {
            "nl": "Blijft bij {partner}; gaat nooit naar de matcher.",
            "en": "Stays with {partner}; never goes to the matcher.",
        },
        "web.node.external_id.taken": {
            "nl": "dit kenmerk is al gebruikt voor een ander signaal; kies een ander kenmerk",
            "en": "this reference is already used for another signal; choose another one",
        },
        "web.node.request.reused": {
            "nl": "Dit formulier is eerder verzonden met andere gegevens. Controleer de gegevens en sla opnieuw op: "
            "dan wordt het een nieuw signaal.",
            "en": "This form was sent before with other data. Check the data and save again: it then becomes a "
            "new signal.",
        },
        "web.node.created": {
            "nl": "Signaal {external_id} is opgeslagen en staat klaar voor de matcher.",
            "en": "Signal {external_id} is saved and queued for the matcher.",
        },
        "web.node.created.again": {
            "nl": "Dit formulier was al verzonden; er is geen tweede signaal gemaakt.",
            "en": "This form had been sent already; no second signal was made.",
        },
        # own signals
        "web.node.signals.title": {"nl": "Eigen signalen", "en": "Own signals"},
        "web.node.signals.summary": {
            "nl": "{signals} signalen bij {partner} · {pending} nog te verzenden naar de matcher",
            "en": "{signals} signals at {partner} · {pending} still to be sent to the matcher",
        },
        "web.node.signals.none": {"nl": "Er zijn nog geen signalen.", "en": "There are no signals yet."},
        "web.node.signals.refused": {
            "nl": "{count} signalen zijn geweigerd door de matcher en wachten op verbetering.",
            "en": "{count} signals were refused by the matcher and wait for a correction.",
        },
        "web.node.signals.show_refused": {"nl": "Toon alleen geweigerde signalen", "en": "Show refused signals only"},
        "web.node.signals.show_all": {"nl": "Toon alle signalen", "en": "Show all signals"},
        "web.node.refusal.title": {"nl": "Geweigerd door de matcher", "en": "Refused by the matcher"},
        "web.node.refusal.explain": {
            "nl": "De matcher heeft dit signaal niet opgenomen ({time}). Het blijft veilig bij {partner}, maar telt "
            "pas mee als u het verbetert en opnieuw indient. Reden:",
            "en": "The matcher did not take this signal in ({time}). It stays safely at {partner}, but only counts "
            "once you correct and resubmit it. Reason:",
        },
        "web.node.refusal.correct": {"nl": "Verbeteren en opnieuw indienen", "en": "Correct and resubmit"},
        "web.node.refusal.as_is": {"nl": "Ongewijzigd opnieuw indienen", "en": "Resubmit unchanged"},
        "web.node.refusal.too_big": {
            "nl": "Dit signaal heeft meer regels dan het formulier toont; verbeter het met "
            "signalmatch node resubmit --file.",
            "en": "This signal has more rows than the form shows; correct it with signalmatch node resubmit --file.",
        },
        "web.node.correct.title": {"nl": "Signaal {external_id} verbeteren", "en": "Correct signal {external_id}"},
        "web.node.correct.intro": {
            "nl": "De matcher weigerde dit signaal; de redenen staan bij de velden. Verbeter ze en dien het "
            "signaal opnieuw in (het houdt zijn referentie).",
            "en": "The matcher refused this signal; the reasons are shown at the fields. Correct them and resubmit "
            "the signal (it keeps its reference).",
        },
        "web.node.correct.save": {"nl": "Opnieuw indienen", "en": "Resubmit"},
        "web.node.resubmitted": {
            "nl": "Signaal {external_id} is verbeterd en staat opnieuw klaar voor de matcher.",
            "en": "Signal {external_id} was corrected and is queued for the matcher again.",
        },
        "web.node.signals.new": {"nl": "Nieuw signaal invoeren", "en": "Enter a new signal"},
        "web.node.signals.next": {"nl": "Oudere signalen →", "en": "Older signals →"},
        "web.node.signals.first": {"nl": "← Nieuwste signalen", "en": "← Newest signals"},
        "web.node.signals.officer": {
            "nl": "Verzoeken van de tafel om informatie te delen beoordeelt de functionaris gegevensbescherming "
            "van {partner}, in de FG-console; niet hier.",
            "en": "Requests from the table to share information are decided by the data protection officer of "
            "{partner}, in the officer console; not here.",
        },
        "web.node.col.external_id": {"nl": "Kenmerk", "en": "Reference"},
        "web.node.col.observed": {"nl": "Waargenomen", "en": "Observed"},
        "web.node.col.types": {"nl": "Vorm van uitbuiting", "en": "Form of exploitation"},
        "web.node.col.content": {"nl": "Inhoud", "en": "Content"},
        "web.node.col.state": {"nl": "Status", "en": "State"},
        "web.node.col.hits": {"nl": "Terugkoppeling tafel", "en": "Feedback from the table"},
        "web.node.col.created": {"nl": "Ingevoerd", "en": "Entered"},
        "web.node.n.persons.one": {"nl": "{n} persoon", "en": "{n} person"},
        "web.node.n.persons.many": {"nl": "{n} personen", "en": "{n} persons"},
        "web.node.n.addresses.one": {"nl": "{n} adres", "en": "{n} address"},
        "web.node.n.addresses.many": {"nl": "{n} adressen", "en": "{n} addresses"},
        "web.node.n.companies.one": {"nl": "{n} bedrijf", "en": "{n} company"},
        "web.node.n.companies.many": {"nl": "{n} bedrijven", "en": "{n} companies"},
        "web.node.n.vehicles.one": {"nl": "{n} voertuig", "en": "{n} vehicle"},
        "web.node.n.vehicles.many": {"nl": "{n} voertuigen", "en": "{n} vehicles"},
        "web.node.n.adverts.one": {"nl": "{n} advertentie", "en": "{n} advert"},
        "web.node.n.adverts.many": {"nl": "{n} advertenties", "en": "{n} adverts"},
        "web.node.hits.none": {"nl": "geen hit", "en": "no hit"},
        "web.node.hit.name": {"nl": "Hit {id}", "en": "Hit {id}"},
        "web.node.hit.referred": {"nl": "doorgeleid naar {target}", "en": "referred to {target}"},
        # one signal
        "web.node.signal.title": {"nl": "Signaal {external_id}", "en": "Signal {external_id}"},
        "web.node.signal.withdrawn_title": {"nl": "Ingetrokken signaal", "en": "Withdrawn signal"},
        "web.node.signal.withdrawn": {
            "nl": "Dit signaal is ingetrokken. De gegevens zijn bij {partner} verwijderd en bij de matcher "
            "en uit de hits gehaald.",
            "en": "This signal was withdrawn. Its data were deleted at {partner} and removed from the matcher "
            "and from the hits.",
        },
        "web.node.signal.not_found": {
            "nl": "Dit signaal bestaat niet bij {partner}.",
            "en": "This signal does not exist at {partner}.",
        },
        "web.node.signal.ref": {"nl": "Referentie (node)", "en": "Reference (node)"},
        "web.node.signal.hits": {"nl": "Terugkoppeling van de tafel", "en": "Feedback from the table"},
        "web.node.signal.hits.none": {
            "nl": "Geen hit: de matcher heeft (nog) geen overeenkomst met signalen van andere partners gevonden.",
            "en": "No hit: the matcher has not found an overlap with other partners' signals (yet).",
        },
        "web.node.signal.hits.some": {
            "nl": "Dit signaal zit in {count} hit(s): de matcher vond een overeenkomst met signalen van andere "
            "partners. De voorzitter van de tafel beoordeelt de hit en kan om informatie vragen.",
            "en": "This signal is in {count} hit(s): the matcher found an overlap with other partners' signals. "
            "The table's chair reviews the hit and may ask for information.",
        },
        "web.node.signal.hits.polled": {
            "nl": "Stand zoals de node die het laatst van de tafel ontving.",
            "en": "As the node last received it from the table.",
        },
        "web.node.col.hit": {"nl": "Hit", "en": "Hit"},
        "web.node.col.hit_status": {"nl": "Stand bij de tafel", "en": "State at the table"},
        "web.node.col.shared": {"nl": "Overeenkomst op", "en": "Overlap on"},
        "web.node.col.partners": {"nl": "Partners in de hit", "en": "Partners in the hit"},
        "web.node.col.updated": {"nl": "Bijgewerkt", "en": "Updated"},
        "web.node.hit.explain.nieuw": {
            "nl": "Nog niet beoordeeld door de voorzitter.",
            "en": "Not yet reviewed by the chair.",
        },
        "web.node.hit.explain.in_behandeling": {
            "nl": "De voorzitter beoordeelt de hit.",
            "en": "The chair is reviewing the hit.",
        },
        "web.node.hit.explain.info_opgevraagd": {
            "nl": "De tafel heeft partners om informatie gevraagd.",
            "en": "The table has asked partners for information.",
        },
        "web.node.hit.explain.besproken": {"nl": "Besproken aan de tafel.", "en": "Discussed at the table."},
        "web.node.hit.explain.doorgeleid": {
            "nl": "De tafel heeft de zaak doorgeleid.",
            "en": "The table has referred the case.",
        },
        "web.node.hit.explain.afgesloten": {
            "nl": "De tafel heeft de hit afgesloten.",
            "en": "The table has closed the hit.",
        },
        "web.node.signal.audited": {
            "nl": "Het inzien van dit signaal is vastgelegd in het logboek van de node.",
            "en": "Viewing this signal has been recorded in the node's log.",
        },
        "web.node.signal.empty": {"nl": "niet ingevuld", "en": "not filled in"},
        "web.node.withdraw.title": {"nl": "Signaal intrekken", "en": "Withdraw signal"},
        "web.node.withdraw.explain": {
            "nl": "Intrekken verwijdert de gegevens van dit signaal bij {partner} en haalt het weg bij de matcher "
            "en uit de hits. Dit kan niet ongedaan worden gemaakt.",
            "en": "Withdrawing deletes this signal's data at {partner} and removes it from the matcher and from "
            "the hits. This cannot be undone.",
        },
        "web.node.withdraw.start": {"nl": "Signaal intrekken…", "en": "Withdraw signal…"},
        "web.node.withdraw.confirm_title": {
            "nl": "Signaal {external_id} intrekken?",
            "en": "Withdraw signal {external_id}?",
        },
        "web.node.withdraw.confirm": {"nl": "Ja, signaal intrekken", "en": "Yes, withdraw the signal"},
        "web.node.withdraw.cancel": {"nl": "Nee, terug naar het signaal", "en": "No, back to the signal"},
        "web.node.withdraw.done": {"nl": "Het signaal is ingetrokken.", "en": "The signal has been withdrawn."},
        # status
        "web.node.status.title": {"nl": "Status van de node", "en": "Node status"},
        "web.node.status.signals": {"nl": "Signalen opgeslagen", "en": "Signals stored"},
        "web.node.status.pending": {"nl": "Nog te verzenden", "en": "Still to be sent"},
        "web.node.status.acked": {
            "nl": "Batches bevestigd door de matcher",
            "en": "Batches acknowledged by the matcher",
        },
        "web.node.status.rejected": {"nl": "Geparkeerde bewerkingen", "en": "Parked operations"},
        "web.node.status.rejected.explain": {
            "nl": "Bewerkingen in batches die de matcher definitief weigerde. Ze worden niet opnieuw verstuurd; "
            "meld dit aan de beheerder van de node.",
            "en": "Operations in batches the matcher refused for good. They are not resent; tell the node's "
            "administrator.",
        },
        "web.node.status.refused": {"nl": "Geweigerd door de matcher", "en": "Refused by the matcher"},
        "web.node.status.refused.explain": {
            "nl": "Signalen die de matcher weigerde. Verbeter ze en dien ze opnieuw in.",
            "en": "Signals the matcher refused. Correct and resubmit them.",
        },
        "web.node.status.ok": {"nl": "Verbinding met de matcher in orde", "en": "Connection to the matcher is fine"},
        "web.node.status.ok.explain": {
            "nl": "De node heeft geen fout gemeld bij het verzenden.",
            "en": "The node reported no error while sending.",
        },
        "web.node.status.bad": {"nl": "Probleem richting de matcher", "en": "Problem towards the matcher"},
        "web.node.status.bad.explain": {
            "nl": "Laatste fout die de node meldde (signalen blijven veilig bewaard en worden later verzonden):",
            "en": "Last error the node reported (signals stay safely stored and are sent later):",
        },
        # node_form.py
        "web.node.f.external_id": {"nl": "Eigen kenmerk (zaaknummer)", "en": "Own reference (case number)"},
        "web.node.f.observed_at": {"nl": "Datum waarneming", "en": "Date observed"},
        "web.node.f.municipality": {"nl": "Gemeente", "en": "Municipality"},
        "web.node.f.place": {"nl": "Plaats of locatie", "en": "Place or location"},
        "web.node.f.reporter": {"nl": "Melder", "en": "Reporter"},
        "web.node.f.reporter.name": {"nl": "Naam melder", "en": "Reporter's name"},
        "web.node.f.reporter.contact": {"nl": "Contact melder", "en": "Reporter's contact"},
        "web.node.f.exploitation_types": {"nl": "Vorm van uitbuiting", "en": "Form of exploitation"},
        "web.node.f.explanation": {"nl": "Toelichting", "en": "Explanation"},
        "web.node.f.persons": {"nl": "Personen", "en": "Persons"},
        "web.node.f.persons.one": {"nl": "Persoon {n}", "en": "Person {n}"},
        "web.node.f.role": {"nl": "Rol", "en": "Role"},
        "web.node.f.given_names": {"nl": "Voornamen", "en": "Given names"},
        "web.node.f.surname": {"nl": "Achternaam", "en": "Surname"},
        "web.node.f.date_of_birth": {"nl": "Geboortedatum", "en": "Date of birth"},
        "web.node.f.bsn": {"nl": "BSN", "en": "BSN"},
        "web.node.f.phones": {"nl": "Telefoonnummers", "en": "Phone numbers"},
        "web.node.f.phones.one": {"nl": "Telefoon {n}", "en": "Phone {n}"},
        "web.node.f.emails": {"nl": "E-mailadressen", "en": "E-mail addresses"},
        "web.node.f.emails.one": {"nl": "E-mail {n}", "en": "E-mail {n}"},
        "web.node.f.addresses": {"nl": "Adressen", "en": "Addresses"},
        "web.node.f.addresses.one": {"nl": "Adres {n}", "en": "Address {n}"},
        "web.node.f.street": {"nl": "Straat", "en": "Street"},
        "web.node.f.house_number": {"nl": "Huisnummer", "en": "House number"},
        "web.node.f.addition": {"nl": "Toevoeging", "en": "Addition"},
        "web.node.f.postcode": {"nl": "Postcode", "en": "Postcode"},
        "web.node.f.city": {"nl": "Woonplaats", "en": "Town"},
        "web.node.f.vehicles": {"nl": "Voertuigen", "en": "Vehicles"},
        "web.node.f.vehicles.one": {"nl": "Kenteken {n}", "en": "Number plate {n}"},
        "web.node.f.kenteken": {"nl": "Kenteken", "en": "Number plate"},
        "web.node.f.companies": {"nl": "Bedrijven", "en": "Companies"},
        "web.node.f.companies.one": {"nl": "Bedrijf {n}", "en": "Company {n}"},
        "web.node.f.name": {"nl": "Naam", "en": "Name"},
        "web.node.f.kvk": {"nl": "KvK-nummer", "en": "Chamber of Commerce number"},
        "web.node.f.ibans": {"nl": "IBAN's", "en": "IBANs"},
        "web.node.f.ibans.one": {"nl": "IBAN {n}", "en": "IBAN {n}"},
        "web.node.f.adverts": {"nl": "Advertenties", "en": "Adverts"},
        "web.node.f.adverts.one": {"nl": "Advertentie {n}", "en": "Advert {n}"},
        "web.node.f.url": {"nl": "Webadres (URL)", "en": "Web address (URL)"},
        "web.node.f.signal": {"nl": "Het signaal", "en": "The signal"},
        # officer.py
        "web.officer.title": {"nl": "Console functionaris gegevensbescherming", "en": "Data protection officer's console"},
        "web.officer.who.table": {"nl": "FG van de tafel", "en": "the table's DPO"},
        "web.officer.who.partner": {"nl": "FG van {partner}", "en": "DPO of {partner}"},
        # officer_audit.py
        "web.audit.nav.log": {"nl": "Auditlog", "en": "Audit log"},
        "web.audit.nav.verify": {"nl": "Controle", "en": "Verification"},
        "web.audit.nav.report": {"nl": "DPIA-rapport", "en": "DPIA report"},
        "web.audit.log.matcher": {"nl": "Log van de matcher", "en": "The matcher's log"},
        "web.audit.log.node": {"nl": "Log van uw node ({partner})", "en": "Your node's log ({partner})"},
        "web.audit.log.short.matcher": {"nl": "Matcher", "en": "Matcher"},
        "web.audit.log.short.node": {"nl": "Eigen node", "en": "Own node"},
        # -- log page
        "web.audit.log.title": {"nl": "Auditlog", "en": "Audit log"},
        "web.audit.log.scope.table": {
            "nl": "U ziet alle regels van de log (functionaris van de tafel).",
            "en": "You see every entry of the log (the table's officer).",
        },
        "web.audit.log.scope.partner": {
            "nl": "U ziet de regels over {partner}: wat {partner} deed of ontving. De server bepaalt dit aan de hand van uw certificaat.",
            "en": "You see the entries about {partner}: what {partner} did or received. The server decides this from your certificate.",
        },
        "web.audit.log.scope.node": {
            "nl": "De eigen log van uw node: invoer, intrekkingen, verzonden batches en besluiten over verstrekkingen.",
            "en": "Your node's own log: intake, withdrawals, batches sent and disclosure decisions.",
        },
        "web.audit.filter.action": {"nl": "Actie (begint met)", "en": "Action (starts with)"},
        "web.audit.filter.org": {"nl": "Organisatie", "en": "Organisation"},
        "web.audit.filter.role": {"nl": "Rol", "en": "Role"},
        "web.audit.filter.any": {"nl": "alle", "en": "any"},
        "web.audit.filter.object": {"nl": "Object (bijv. hits/7)", "en": "Object (e.g. hits/7)"},
        "web.audit.filter.from": {"nl": "Van", "en": "From"},
        "web.audit.filter.to": {"nl": "Tot en met", "en": "Up to and including"},
        "web.audit.filter.apply": {"nl": "Filteren", "en": "Filter"},
        "web.audit.filter.clear": {"nl": "Alle filters wissen", "en": "Clear all filters"},
        "web.audit.date": {"nl": "verwacht een datum (JJJJ-MM-DD)", "en": "expected a date (YYYY-MM-DD)"},
        "web.audit.range": {"nl": "moet na de begindatum liggen", "en": "must be after the start date"},
        "web.audit.log.count": {
            "nl": "{count} regels gevonden, nieuwste eerst",
            "en": "{count} entries found, newest first",
        },
        "web.audit.log.none": {"nl": "Geen regels die aan de filters voldoen.", "en": "No entries match the filters."},
        "web.audit.log.reads": {
            "nl": "Elke keer dat u deze pagina opent, legt de server dat zelf vast als audit.read.",
            "en": "Every time you open this page the server records it as audit.read.",
        },
        "web.audit.col.index": {"nl": "Nr.", "en": "No."},
        "web.audit.col.time": {"nl": "Tijdstip (UTC)", "en": "Time (UTC)"},
        "web.audit.col.action": {"nl": "Actie", "en": "Action"},
        "web.audit.col.actor": {"nl": "Wie", "en": "Who"},
        "web.audit.col.objects": {"nl": "Objecten", "en": "Objects"},
        "web.audit.col.basis": {"nl": "Doel / grondslag", "en": "Purpose / legal basis"},
        "web.audit.col.outcome": {"nl": "Uitkomst", "en": "Outcome"},
        "web.audit.unreadable": {"nl": "onleesbaar (niet canoniek)", "en": "unreadable (not canonical)"},
        "web.audit.check_entry": {"nl": "controleer", "en": "check"},
        "web.audit.check_entry.label": {"nl": "controleer logregel {index}", "en": "check entry {index}"},
        "web.audit.page": {"nl": "Pagina {page} van {pages}", "en": "Page {page} of {pages}"},
        "web.audit.prev": {"nl": "← Nieuwer", "en": "← Newer"},
        "web.audit.next": {"nl": "Ouder →", "en": "Older →"},
        # -- verification panel
        "web.audit.verify.title": {"nl": "Controle van de auditlog", "en": "Audit log verification"},
        "web.audit.verify.intro": {
            "nl": "Deze console controleert de log zelf: handtekeningen op de checkpoints, consistentie met wat u eerder zag, de ontvangstbewijzen van uw node en elke regel die u mag zien.",
            "en": "This console checks the log itself: the signatures on the checkpoints, consistency with what you saw before, your node's receipts and every entry you may see.",
        },
        "web.audit.verify.again": {"nl": "Nu controleren", "en": "Check now"},
        "web.audit.verify.quick": {
            "nl": "Alleen nieuwe regels controleren",
            "en": "Check new entries only",
        },
        "web.audit.verify.done": {"nl": "Controle uitgevoerd om {time} UTC.", "en": "Checked at {time} UTC."},
        "web.audit.verify.ok": {"nl": "In orde: {log} is niet gewijzigd", "en": "All right: {log} was not altered"},
        "web.audit.verify.bad": {"nl": "Controle mislukt: {log}", "en": "Verification failed: {log}"},
        "web.audit.verify.error": {"nl": "Controle niet uitgevoerd: {log}", "en": "Not verified: {log}"},
        "web.audit.verify.checked_at": {"nl": "Gecontroleerd", "en": "Checked"},
        "web.audit.verify.size": {"nl": "Laatste checkpoint", "en": "Latest checkpoint"},
        "web.audit.verify.size.value": {"nl": "{size} regels", "en": "{size} entries"},
        "web.audit.verify.root": {"nl": "Root-hash", "en": "Root hash"},
        "web.audit.verify.fetched": {"nl": "Opgehaald", "en": "Fetched"},
        "web.audit.verify.before": {"nl": "Eerder gezien", "en": "Seen before"},
        "web.audit.verify.before.none": {
            "nl": "nog niets: dit is uw eerste controle van deze log",
            "en": "nothing yet: this is your first check of this log",
        },
        "web.audit.verify.before.some": {
            "nl": "{count} checkpoints, de grootste met {size} regels",
            "en": "{count} checkpoints, the largest with {size} entries",
        },
        "web.audit.verify.before.one": {
            "nl": "1 checkpoint met {size} regels",
            "en": "1 checkpoint with {size} entries",
        },
        "web.audit.verify.kept": {
            "nl": "U bewaart nu {count} checkpoints van deze log voor de volgende controle.",
            "en": "You now keep {count} checkpoints of this log for the next check.",
        },
        "web.audit.verify.not_kept": {
            "nl": "Het nieuwe checkpoint is niet bewaard: het is niet in orde bevonden.",
            "en": "The new checkpoint was not kept: it was not found to be in order.",
        },
        "web.audit.verify.findings": {"nl": "Wat er niet klopt", "en": "What is wrong"},
        "web.audit.verify.what_now": {
            "nl": "Meld dit direct aan de voorzitter van de tafel en de beheerder van de matcher. Bewaar deze pagina (afdrukken) als bewijs.",
            "en": "Report this at once to the table's chair and the matcher's administrator. Keep this page (print it) as evidence.",
        },
        "web.audit.check.signature": {"nl": "Handtekening checkpoints", "en": "Checkpoint signatures"},
        "web.audit.check.consistency": {
            "nl": "Consistent met eerder gezien",
            "en": "Consistent with what was seen before",
        },
        "web.audit.check.receipts": {"nl": "Ontvangstbewijzen van uw node", "en": "Your node's receipts"},
        "web.audit.check.entries": {"nl": "Logregels", "en": "Entries"},
        "web.audit.check.proofs": {"nl": "Bewijzen van de server", "en": "Proofs from the server"},
        "web.audit.check.ok": {"nl": "in orde", "en": "in order"},
        "web.audit.check.failed": {"nl": "mislukt ({count})", "en": "failed ({count})"},
        "web.audit.check.na": {"nl": "niet van toepassing", "en": "not applicable"},
        "web.audit.check.count": {"nl": "{count} gecontroleerd", "en": "{count} checked"},
        "web.audit.col.check": {"nl": "Controle", "en": "Check"},
        "web.audit.col.checked": {"nl": "Aantal", "en": "Number"},
        "web.audit.col.result": {"nl": "Resultaat", "en": "Result"},
        "web.audit.col.subject": {"nl": "Wat", "en": "What"},
        "web.audit.col.reason": {"nl": "Waarom", "en": "Why"},
        # -- entry page
        "web.audit.entry.title": {"nl": "Logregel {index}", "en": "Entry {index}"},
        "web.audit.entry.hidden": {
            "nl": "Logregel {index} hoort niet bij uw deel van de log.",
            "en": "Entry {index} is not part of your view of the log.",
        },
        "web.audit.entry.absent": {
            "nl": "Logregel {index} bestaat niet: de log heeft {size} regels.",
            "en": "Entry {index} does not exist: the log has {size} entries.",
        },
        "web.audit.entry.ok": {
            "nl": "Opgenomen: deze regel zit ongewijzigd in checkpoint {size}",
            "en": "Included: this entry is unchanged in checkpoint {size}",
        },
        "web.audit.entry.bad": {"nl": "Niet opgenomen in checkpoint {size}", "en": "Not included in checkpoint {size}"},
        "web.audit.entry.altered": {
            "nl": "de inhoud van de regel leidt met het bewijs niet tot de root-hash van het checkpoint: de regel is gewijzigd ({reason})",
            "en": "the entry's content does not lead to the checkpoint's root hash with the proof: the entry was altered ({reason})",
        },
        "web.audit.entry.not_canonical": {
            "nl": "de regel is geen geldige, canonieke logregel: {reason}",
            "en": "the entry is not a valid canonical entry: {reason}",
        },
        "web.audit.entry.no_proof": {
            "nl": "de server gaf geen inclusiebewijs: {reason}",
            "en": "the server gave no inclusion proof: {reason}",
        },
        "web.audit.entry.bad_checkpoint": {
            "nl": "het checkpoint van de server is niet geldig ondertekend: {reason}",
            "en": "the server's checkpoint is not validly signed: {reason}",
        },
        "web.audit.entry.inconsistent": {
            "nl": "het checkpoint van de server ({size}) is niet consistent met uw gecontroleerde checkpoint {old}: {reason}",
            "en": "the server's checkpoint ({size}) is not consistent with your verified checkpoint {old}: {reason}",
        },
        "web.audit.basis.verified": {
            "nl": "checkpoint {size}, door u gecontroleerd (gezien {time})",
            "en": "checkpoint {size}, verified by you (seen {time})",
        },
        "web.audit.basis.current": {
            "nl": "checkpoint {size} van de server: handtekening geldig en consistent met uw gecontroleerde checkpoint {old}",
            "en": "checkpoint {size} from the server: valid signature and consistent with your verified checkpoint {old}",
        },
        "web.audit.basis.unverified": {
            "nl": "checkpoint {size} van de server: handtekening geldig, maar u heeft deze log nog niet gecontroleerd",
            "en": "checkpoint {size} from the server: valid signature, but you have not verified this log yet",
        },
        "web.audit.entry.against": {"nl": "Gecontroleerd tegen", "en": "Checked against"},
        "web.audit.entry.leaf": {
            "nl": "Bladhash (SHA-256 van 0x00 ‖ regel)",
            "en": "Leaf hash (SHA-256 of 0x00 ‖ entry)",
        },
        "web.audit.entry.root": {"nl": "Root-hash van het checkpoint", "en": "Root hash of the checkpoint"},
        "web.audit.entry.computed": {"nl": "Root-hash volgens het bewijs", "en": "Root hash from the proof"},
        "web.audit.entry.proof": {
            "nl": "Inclusiebewijs (RFC 9162): {count} hashes",
            "en": "Inclusion proof (RFC 9162): {count} hashes",
        },
        "web.audit.entry.content": {"nl": "Inhoud van de regel", "en": "Content of the entry"},
        "web.audit.entry.back": {"nl": "← Terug naar de log", "en": "← Back to the log"},
        "web.audit.field.time": {"nl": "Tijdstip", "en": "Time"},
        "web.audit.field.actor_org": {"nl": "Organisatie", "en": "Organisation"},
        "web.audit.field.actor_role": {"nl": "Rol", "en": "Role"},
        "web.audit.field.actor_user": {"nl": "Gebruiker (certificaat)", "en": "User (certificate)"},
        "web.audit.field.action": {"nl": "Actie", "en": "Action"},
        "web.audit.field.objects": {"nl": "Objecten", "en": "Objects"},
        "web.audit.field.purpose": {"nl": "Doel", "en": "Purpose"},
        "web.audit.field.legal_basis": {"nl": "Grondslag", "en": "Legal basis"},
        "web.audit.field.data_categories": {"nl": "Gegevenscategorieën", "en": "Data categories"},
        "web.audit.field.recipients": {"nl": "Ontvangers", "en": "Recipients"},
        "web.audit.field.outcome": {"nl": "Uitkomst", "en": "Outcome"},
        "web.audit.field.system": {"nl": "Systeem", "en": "System"},
        "web.audit.field.details": {"nl": "Details", "en": "Details"},
        # -- report
        "web.audit.report.title": {"nl": "DPIA-rapportage", "en": "DPIA report"},
        "web.audit.report.intro": {
            "nl": "Verantwoording uit de log van de matcher over {start} tot en met {end}: alleen codes, partners en aantallen, geen persoonsgegevens.",
            "en": "Accountability from the matcher's log over {start} up to and including {end}: codes, partners and counts only, no personal data.",
        },
        "web.audit.report.from": {"nl": "Van maand", "en": "From month"},
        "web.audit.report.to": {"nl": "Tot en met maand", "en": "Up to and including month"},
        "web.audit.report.show": {"nl": "Tonen", "en": "Show"},
        "web.audit.report.csv": {"nl": "Download als CSV", "en": "Download as CSV"},
        "web.audit.report.month_format": {"nl": "verwacht een maand (JJJJ-MM)", "en": "expected a month (YYYY-MM)"},
        "web.audit.report.month_order": {
            "nl": "moet op of na de beginmaand liggen",
            "en": "must be on or after the first month",
        },
        "web.audit.report.too_long": {"nl": "hoogstens {months} maanden", "en": "at most {months} months"},
        "web.audit.report.unreadable": {
            "nl": "{count} logregels waren onleesbaar en zijn niet meegeteld. Voer de controle uit.",
            "en": "{count} entries were unreadable and are not counted. Run the verification.",
        },
        "web.audit.report.per_month": {"nl": "Per maand", "en": "Per month"},
        "web.audit.report.per_partner": {"nl": "Per partner", "en": "Per partner"},
        "web.audit.report.per_partner.signals": {"nl": "Signalen per partner", "en": "Signals per partner"},
        "web.audit.report.per_partner.disclosures": {
            "nl": "Verstrekkingen per partner",
            "en": "Disclosures per partner",
        },
        "web.audit.report.per_basis": {"nl": "Per doel en grondslag", "en": "Per purpose and legal basis"},
        "web.audit.report.per_action": {"nl": "Per actie", "en": "Per action"},
        "web.audit.report.none": {"nl": "Geen gegevens in deze periode.", "en": "No data in this period."},
        "web.audit.col.month": {"nl": "Maand", "en": "Month"},
        "web.audit.col.partner": {"nl": "Partner", "en": "Partner"},
        "web.audit.col.purpose": {"nl": "Doel", "en": "Purpose"},
        "web.audit.col.legal_basis": {"nl": "Grondslag", "en": "Legal basis"},
        "web.audit.metric.entries": {"nl": "logregels", "en": "entries"},
        "web.audit.metric.hits_created": {"nl": "hits gevonden", "en": "hits found"},
        "web.audit.metric.hits_merged": {"nl": "hits samengevoegd", "en": "hits merged"},
        "web.audit.metric.hits_dissolved": {"nl": "hits opgeheven", "en": "hits dissolved"},
        "web.audit.metric.batches_rejected": {"nl": "batches geweigerd", "en": "batches rejected"},
        "web.audit.metric.disclosures_requested": {"nl": "informatieverzoeken", "en": "information requests"},
        "web.audit.metric.decisions_timed": {"nl": "besluiten met doorlooptijd", "en": "decisions timed"},
        "web.audit.metric.median_decision_seconds": {
            "nl": "mediane tijd tot besluit",
            "en": "median time to decision",
        },
        "web.audit.duration.minutes": {"nl": "{value} min", "en": "{value} min"},
        "web.audit.duration.hours": {"nl": "{value} uur", "en": "{value} h"},
        "web.audit.duration.days": {"nl": "{value} dagen", "en": "{value} days"},
        "web.audit.entry.untrusted": {
            "nl": "Voer eerst de controle van de hele log uit: pas dan weet u dat dit checkpoint past bij wat u eerder zag.",
            "en": "Run the verification of the whole log first: only then do you know this checkpoint fits what you saw before.",
        },
        "web.audit.metric.expired_answers": {"nl": "verlopen antwoorden", "en": "expired answers"},
        "web.audit.metric.purges": {"nl": "verwijderd na bewaartermijn", "en": "purged after retention"},
        "web.audit.metric.signals_withdrawn": {"nl": "signalen ingetrokken", "en": "signals withdrawn"},
        "web.audit.metric.audit_reads": {"nl": "inzages in de log", "en": "log reads"},
        "web.audit.metric.batches": {"nl": "batches", "en": "batches"},
        "web.audit.metric.signals_submitted": {"nl": "signalen ingediend", "en": "signals submitted"},
        "web.audit.metric.disclosures_approved": {"nl": "verstrekt", "en": "approved"},
        "web.audit.metric.disclosures_refused": {"nl": "geweigerd", "en": "refused"},
        "web.audit.metric.disclosures_expired": {"nl": "verlopen", "en": "expired"},
        "web.audit.metric.disclosures_delivered": {"nl": "afgeleverd", "en": "delivered"},
        "web.audit.metric.disclosures_opened": {"nl": "geopend", "en": "opened"},
        "web.audit.metric.requested": {"nl": "gevraagd", "en": "requested"},
        "web.audit.metric.approved": {"nl": "verstrekt", "en": "approved"},
        "web.audit.metric.refused": {"nl": "geweigerd", "en": "refused"},
        "web.audit.metric.expired": {"nl": "verlopen", "en": "expired"},
        "web.audit.metric.opened": {"nl": "geopend", "en": "opened"},
        # officer_review.py
        "web.review.nav.queue": {"nl": "Verzoeken", "en": "Requests"},
        "web.review.nav.subject": {"nl": "Inzageverzoek", "en": "Subject access"},
        # the queue
        "web.review.queue.title": {
            "nl": "Verstrekkingsverzoeken aan {partner}",
            "en": "Disclosure requests to {partner}",
        },
        "web.review.queue.intro": {
            "nl": "De voorzitter van de tafel vraagt om gegevens bij een hit. U beslist per verzoek; open een verzoek "
            "om eerst precies te zien wat er verstuurd wordt.",
            "en": "The table's chair asks for information on a hit. You decide per request; open a request to see "
            "exactly what would be sent first.",
        },
        "web.review.queue.open_count": {"nl": "wachten op uw besluit", "en": "await your decision"},
        "web.review.queue.none": {
            "nl": "Er zijn geen verstrekkingsverzoeken.",
            "en": "There are no disclosure requests.",
        },
        "web.review.queue.none_open": {
            "nl": "Er wacht niets op uw besluit.",
            "en": "Nothing awaits your decision.",
        },
        "web.review.queue.open": {"nl": "Wachten op uw besluit", "en": "Awaiting your decision"},
        "web.review.queue.done": {"nl": "Afgehandeld", "en": "Handled"},
        "web.review.queue.action": {"nl": "Bekijken en beslissen", "en": "Review and decide"},
        "web.review.queue.view": {"nl": "Bekijken", "en": "View"},
        # columns and properties
        "web.review.col.request": {"nl": "Verzoek", "en": "Request"},
        "web.review.col.hit": {"nl": "Hit", "en": "Hit"},
        "web.review.col.requester": {"nl": "Aangevraagd door", "en": "Requested by"},
        "web.review.col.categories": {"nl": "Gevraagde gegevens", "en": "Information asked"},
        "web.review.col.purpose": {"nl": "Doel", "en": "Purpose"},
        "web.review.col.legal_basis": {"nl": "Grondslag", "en": "Legal basis"},
        "web.review.col.recipients": {"nl": "Ontvangers", "en": "Recipients"},
        "web.review.col.recipient": {"nl": "Ontvanger", "en": "Recipient"},
        "web.review.col.expires": {"nl": "Verloopt", "en": "Expires"},
        "web.review.col.state": {"nl": "Status", "en": "State"},
        "web.review.col.decided": {"nl": "Besloten", "en": "Decided"},
        "web.review.col.decided_by": {"nl": "Besloten door", "en": "Decided by"},
        "web.review.col.reason": {"nl": "Reden", "en": "Reason"},
        "web.review.col.signals": {"nl": "Uw signalen in de hit", "en": "Your signals in the hit"},
        "web.review.col.delivered": {"nl": "Verzonden", "en": "Sent"},
        "web.review.col.field": {"nl": "Gegeven", "en": "Field"},
        "web.review.col.value": {"nl": "Waarde", "en": "Value"},
        "web.review.col.receives": {"nl": "Ontvangt", "en": "Receives"},
        # states
        "web.review.state.open": {"nl": "open", "en": "open"},
        "web.review.state.approved": {"nl": "goedgekeurd", "en": "approved"},
        "web.review.state.auto_approved": {"nl": "automatisch goedgekeurd", "en": "approved automatically"},
        "web.review.state.refused": {"nl": "geweigerd", "en": "refused"},
        "web.review.state.expired": {"nl": "verlopen", "en": "expired"},
        # who
        "web.review.who.chair": {"nl": "voorzitter {name}", "en": "chair {name}"},
        "web.review.who.partner": {"nl": "partner {name}", "en": "partner {name}"},
        "web.review.who.policy": {"nl": "verstrekkingsbeleid (regel {rule})", "en": "disclosure policy (rule {rule})"},
        "web.review.who.officer": {"nl": "functionaris {name}", "en": "officer {name}"},
        # one request
        "web.review.title": {"nl": "Verzoek {id}", "en": "Request {id}"},
        "web.review.back": {"nl": "← Alle verzoeken", "en": "← All requests"},
        "web.review.about": {"nl": "Het verzoek", "en": "The request"},
        "web.review.preview.title": {
            "nl": "Voorvertoning: dit verstuurt goedkeuring",
            "en": "Preview: what approval sends",
        },
        "web.review.preview.pending_send": {
            "nl": "Dit wordt nu verstuurd: het besluit is genomen maar de matcher heeft het antwoord nog niet.",
            "en": "This is being sent: the decision is made but the matcher does not have the answer yet.",
        },
        "web.review.preview.intro": {
            "nl": "Precies deze gegevens gaan, versleuteld voor elke ontvanger afzonderlijk, naar:",
            "en": "Exactly this information goes, encrypted for each recipient separately, to:",
        },
        "web.review.preview.receives": {"nl": "{signals} · {categories}", "en": "{signals} · {categories}"},
        "web.review.count.signal.one": {"nl": "{n} signaal", "en": "{n} signal"},
        "web.review.count.signal.many": {"nl": "{n} signalen", "en": "{n} signals"},
        "web.review.count.request.one": {"nl": "{n} verstrekkingsverzoek", "en": "{n} disclosure request"},
        "web.review.count.request.many": {"nl": "{n} verstrekkingsverzoeken", "en": "{n} disclosure requests"},
        "web.review.preview.signal": {"nl": "Signaal {ref}", "en": "Signal {ref}"},
        "web.review.preview.empty": {
            "nl": "Niets: de gevraagde gegevens staan niet (meer) in uw signalen. Goedkeuren verstuurt een leeg antwoord.",
            "en": "Nothing: the information asked is not (or no longer) in your signals. Approving sends an empty answer.",
        },
        "web.review.preview.not_sent": {
            "nl": "Niet gevraagd en dus nooit verstuurd: {categories}; evenmin de melder, het zaaknummer of de "
            "status van het signaal.",
            "en": "Not asked and so never sent: {categories}; nor the reporter, the case number or the signal's state.",
        },
        "web.review.preview.not_sent_any": {
            "nl": "Nooit verstuurd: de melder, het zaaknummer en de status van het signaal.",
            "en": "Never sent: the reporter, the case number and the signal's state.",
        },
        "web.review.preview.audited": {
            "nl": "Het bekijken van deze voorvertoning is vastgelegd in het auditlog van uw node.",
            "en": "Viewing this preview has been recorded in your node's audit log.",
        },
        "web.review.decide.title": {"nl": "Uw besluit", "en": "Your decision"},
        "web.review.decide.final": {
            "nl": "Een besluit is definitief en wordt direct aan de voorzitter gemeld.",
            "en": "A decision is final and is reported to the chair at once.",
        },
        "web.review.approve.title": {"nl": "Goedkeuren", "en": "Approve"},
        "web.review.approve.explain": {
            "nl": "Verstuurt de voorvertoning hierboven aan {recipients}.",
            "en": "Sends the preview above to {recipients}.",
        },
        "web.review.approve.button": {"nl": "Goedkeuren en versturen", "en": "Approve and send"},
        "web.review.refuse.title": {"nl": "Weigeren", "en": "Refuse"},
        "web.review.refuse.explain": {
            "nl": "Er worden geen gegevens verstuurd; de voorvertoning gaat niet mee, alleen de reden.",
            "en": "No information is sent; the preview does not go, only the reason.",
        },
        "web.review.refuse.button": {"nl": "Weigeren", "en": "Refuse"},
        "web.review.refuse.reason": {"nl": "Reden van weigering", "en": "Reason for refusal"},
        "web.review.refuse.choose": {"nl": "— kies een reden —", "en": "— choose a reason —"},
        "web.review.confirm": {"nl": "Ik heb de voorvertoning gecontroleerd", "en": "I have checked the preview"},
        "web.review.confirm.required": {
            "nl": "Vink aan dat u de voorvertoning hebt gecontroleerd.",
            "en": "Tick that you have checked the preview.",
        },
        "web.review.reason.required": {"nl": "Kies een reden van weigering.", "en": "Choose a reason for refusal."},
        "web.review.errors": {
            "nl": "Er is niets besloten: vul het formulier aan.",
            "en": "Nothing was decided: complete the form.",
        },
        "web.review.conflict": {"nl": "Niet besloten: {details}", "en": "Not decided: {details}"},
        "web.review.approved": {
            "nl": "Verzoek {id} goedgekeurd; het antwoord gaat naar {recipients}.",
            "en": "Request {id} approved; the answer goes to {recipients}.",
        },
        "web.review.refused": {
            "nl": "Verzoek {id} geweigerd ({reason}); de reden gaat naar {recipients}.",
            "en": "Request {id} refused ({reason}); the reason goes to {recipients}.",
        },
        "web.review.decision.title": {"nl": "Besluit", "en": "Decision"},
        "web.review.decision.sent": {
            "nl": "Het antwoord is bij de matcher afgeleverd.",
            "en": "The answer was delivered to the matcher.",
        },
        "web.review.decision.sending": {
            "nl": "Het antwoord wacht op verzending naar de matcher.",
            "en": "The answer is waiting to be sent to the matcher.",
        },
        "web.review.decision.expired": {
            "nl": "Dit verzoek is verlopen zonder besluit; er is niets verstuurd.",
            "en": "This request expired undecided; nothing was sent.",
        },
        "web.review.sent.title": {"nl": "Wat naar wie ging", "en": "What went to whom"},
        "web.review.sent.title_pending": {"nl": "Wat naar wie gaat", "en": "What goes to whom"},
        "web.review.sent.approved": {
            "nl": "Gegevens: {categories} uit uw signalen {signals} (voor zover nog aanwezig bij verzending).",
            "en": "Information: {categories} from your signals {signals} (as far as still present when sent).",
        },
        "web.review.sent.approved_by": {
            "nl": "Versleuteld alleen voor de ontvanger; de matcher krijgt alleen versleutelde gegevens.",
            "en": "Encrypted for the recipient alone; the matcher only gets ciphertext.",
        },
        "web.review.sent.refused": {
            "nl": "Alleen de weigering met reden; geen gegevens.",
            "en": "Only the refusal with its reason; no information.",
        },
        # the subject look-up
        "web.review.subject.title": {
            "nl": "Inzageverzoek (art. 15 AVG)",
            "en": "Subject access request (GDPR art. 15)",
        },
        "web.review.subject.intro": {
            "nl": "Zoek alle signalen, hits en verstrekkingen over één persoon op deze node. Vul in wat u van de "
            "persoon weet; elk gegeven wordt genormaliseerd zoals bij invoer. De zoekvraag wordt vastgelegd in het "
            "auditlog van de node en komt niet in een adres (URL) of logbestand.",
            "en": "Find every signal, hit and disclosure about one person at this node. Fill in what you know of the "
            "person; each identifier is normalised as at intake. The look-up is recorded in the node's audit log and "
            "never goes into an address (URL) or log file.",
        },
        "web.review.subject.ids": {"nl": "Nummers en contact", "en": "Numbers and contact"},
        "web.review.subject.person": {
            "nl": "Naam en geboortedatum (alle drie)",
            "en": "Name and date of birth (all three)",
        },
        "web.review.subject.address": {
            "nl": "Adres (postcode en huisnummer)",
            "en": "Address (postcode and house number)",
        },
        "web.review.subject.bsn": {"nl": "BSN", "en": "BSN"},
        "web.review.subject.phones": {"nl": "Telefoonnummers", "en": "Phone numbers"},
        "web.review.subject.emails": {"nl": "E-mailadressen", "en": "E-mail addresses"},
        "web.review.subject.many": {"nl": "één per regel", "en": "one per line"},
        "web.review.subject.given_names": {"nl": "Voornamen", "en": "Given names"},
        "web.review.subject.surname": {"nl": "Achternaam", "en": "Surname"},
        "web.review.subject.date_of_birth": {"nl": "Geboortedatum", "en": "Date of birth"},
        "web.review.subject.dob_hint": {"nl": "bijv. 12-04-1991", "en": "e.g. 12-04-1991"},
        "web.review.subject.postcode": {"nl": "Postcode", "en": "Postcode"},
        "web.review.subject.house_number": {"nl": "Huisnummer", "en": "House number"},
        "web.review.subject.addition": {"nl": "Toevoeging", "en": "Addition"},
        "web.review.subject.submit": {"nl": "Zoeken", "en": "Search"},
        "web.review.subject.clear": {"nl": "Nieuwe zoekvraag", "en": "New look-up"},
        "web.review.subject.item": {"nl": "nr. {number}: {message}", "en": "no. {number}: {message}"},
        "web.review.subject.result": {"nl": "Resultaat", "en": "Result"},
        "web.review.subject.found": {
            "nl": "{signals} en {disclosures} over deze persoon.",
            "en": "{signals} and {disclosures} about this person.",
        },
        "web.review.subject.audited": {
            "nl": "Deze zoekvraag is vastgelegd in het auditlog van de node (subject.looked_up).",
            "en": "This look-up has been recorded in the node's audit log (subject.looked_up).",
        },
        "web.review.subject.none_disclosed": {
            "nl": "Geen verstrekkingsverzoeken betroffen deze signalen.",
            "en": "No disclosure requests covered these signals.",
        },
        "web.review.subject.col.signal": {"nl": "Signaal", "en": "Signal"},
        "web.review.subject.col.external_id": {"nl": "Zaaknummer", "en": "Case number"},
        "web.review.subject.col.created": {"nl": "Ingevoerd", "en": "Entered"},
        "web.review.subject.col.state": {"nl": "Status", "en": "State"},
        "web.review.subject.col.hits": {"nl": "Hits", "en": "Hits"},
        "web.review.subject.col.matched_on": {"nl": "Gevonden op", "en": "Matched on"},
        # serve.py
        "web.serving": {
            "nl": "{title} voor {who} draait op {url} (alleen deze computer). Stoppen: Ctrl-C.",
            "en": "{title} for {who} is running on {url} (this computer only). Stop: Ctrl-C.",
        },
        "web.login_link": {
            "nl": "Eenmalige inloglink (deel hem met niemand): {url}",
            "en": "One-time sign-in link (share it with no one): {url}",
        },
        "web.role.unsupported": {
            "nl": "een console is er voor de voorzitter (chair), partnermedewerkers (node) en functionarissen (officer), niet voor {role}",
            "en": "a console exists for the chair, partner staff (node) and officers (officer), not for {role}",
        },
    }
)

LABELS = i18n.register(
    {
        # labels.py
        # a signal's state at its node
        "web.chair.signal_state.pending": {"nl": "actief · wacht op matcher", "en": "active · waiting for matcher"},
        "web.chair.signal_state.submitted": {"nl": "actief · bij de matcher", "en": "active · at the matcher"},
        "web.chair.signal_state.withdrawn": {"nl": "ingetrokken", "en": "withdrawn"},
        "web.chair.signal_state.refused": {"nl": "geweigerd door de matcher", "en": "refused by the matcher"},
        # hit statuses
        "web.chair.status.nieuw": {"nl": "nieuw", "en": "new"},
        "web.chair.status.in_behandeling": {"nl": "in behandeling", "en": "in progress"},
        "web.chair.status.info_opgevraagd": {"nl": "informatie opgevraagd", "en": "information requested"},
        "web.chair.status.besproken": {"nl": "besproken", "en": "discussed"},
        "web.chair.status.doorgeleid": {"nl": "doorgeleid", "en": "referred"},
        "web.chair.status.afgesloten": {"nl": "afgesloten", "en": "closed"},
        # referral targets (PartnerKind)
        "web.chair.target.politie": {"nl": "politie", "en": "police"},
        "web.chair.target.nla": {"nl": "NLA", "en": "NLA"},
        "web.chair.target.zorgcoordinator": {"nl": "zorgcoördinator", "en": "care coordinator"},
        "web.chair.target.veilig_thuis": {"nl": "Veilig Thuis", "en": "Veilig Thuis"},
        "web.chair.target.gemeente": {"nl": "gemeente", "en": "municipality"},
        "web.chair.target.om": {"nl": "OM", "en": "Public Prosecution (OM)"},
        "web.chair.target.kmar": {"nl": "KMar", "en": "KMar"},
        "web.chair.target.riec": {"nl": "RIEC", "en": "RIEC"},
        "web.chair.target.other": {"nl": "overig", "en": "other"},
        # closure reasons
        "web.chair.reason.geen-aanwijzing-mensenhandel": {
            "nl": "geen aanwijzing voor mensenhandel",
            "en": "no indication of trafficking",
        },
        "web.chair.reason.onvoldoende-informatie": {"nl": "onvoldoende informatie", "en": "insufficient information"},
        "web.chair.reason.elders-in-behandeling": {"nl": "elders in behandeling", "en": "handled elsewhere"},
        "web.chair.reason.dubbele-melding": {"nl": "dubbele melding", "en": "duplicate report"},
        "web.chair.reason.overig": {"nl": "overig", "en": "other"},
        # refusal reasons of partners
        "web.chair.refusal.geen-grondslag": {"nl": "geen grondslag", "en": "no legal basis"},
        "web.chair.refusal.niet-noodzakelijk": {"nl": "niet noodzakelijk", "en": "not necessary"},
        "web.chair.refusal.niet-proportioneel": {"nl": "niet proportioneel", "en": "not proportionate"},
        "web.chair.refusal.lopend-onderzoek": {"nl": "lopend onderzoek", "en": "ongoing investigation"},
        "web.chair.refusal.bronbescherming": {"nl": "bronbescherming", "en": "protection of the source"},
        "web.chair.refusal.ongeldig-verzoek": {"nl": "ongeldig verzoek", "en": "invalid request"},
        "web.chair.refusal.overig": {"nl": "overig", "en": "other"},
        # exploitation types
        "web.chair.exploitation.seksuele_uitbuiting": {"nl": "seksuele uitbuiting", "en": "sexual exploitation"},
        "web.chair.exploitation.arbeidsuitbuiting": {"nl": "arbeidsuitbuiting", "en": "labour exploitation"},
        "web.chair.exploitation.criminele_uitbuiting": {"nl": "criminele uitbuiting", "en": "criminal exploitation"},
        "web.chair.exploitation.gedwongen_orgaanverwijdering": {
            "nl": "gedwongen orgaanverwijdering",
            "en": "forced organ removal",
        },
        "web.chair.exploitation.overig": {"nl": "overig", "en": "other"},
        "web.chair.exploitation.onbekend": {"nl": "onbekend", "en": "unknown"},
        # subject roles
        "web.chair.role.mogelijk_slachtoffer": {"nl": "mogelijk slachtoffer", "en": "possible victim"},
        "web.chair.role.mogelijke_dader": {"nl": "mogelijke dader", "en": "possible perpetrator"},
        "web.chair.role.betrokkene": {"nl": "betrokkene", "en": "other person involved"},
        # data categories
        "web.chair.category.persons": {"nl": "personen (naam, geboortedatum)", "en": "persons (name, date of birth)"},
        "web.chair.category.identity_numbers": {"nl": "BSN", "en": "citizen service numbers (BSN)"},
        "web.chair.category.contact_details": {
            "nl": "contactgegevens (telefoon, e-mail)",
            "en": "contact details (phone, e-mail)",
        },
        "web.chair.category.addresses": {"nl": "adressen", "en": "addresses"},
        "web.chair.category.vehicles": {"nl": "voertuigen", "en": "vehicles"},
        "web.chair.category.companies": {"nl": "bedrijven (KvK, IBAN)", "en": "companies (KvK, IBAN)"},
        "web.chair.category.adverts": {"nl": "advertenties", "en": "adverts"},
        "web.chair.category.circumstances": {
            "nl": "omstandigheden (datum, plaats, gemeente)",
            "en": "circumstances (date, place, municipality)",
        },
        "web.chair.category.explanation": {"nl": "toelichting", "en": "explanation"},
        # answer states
        "web.chair.answer.pending": {"nl": "wacht op antwoord", "en": "awaiting answer"},
        "web.chair.answer.approved": {"nl": "verstrekt", "en": "disclosed"},
        "web.chair.answer.refused": {"nl": "geweigerd", "en": "refused"},
        "web.chair.answer.expired": {"nl": "verlopen", "en": "expired"},
        # disclosed fields
        "web.chair.field.observed_at": {"nl": "datum waarneming", "en": "date observed"},
        "web.chair.field.place": {"nl": "plaats", "en": "place"},
        "web.chair.field.municipality": {"nl": "gemeente", "en": "municipality"},
        "web.chair.field.explanation": {"nl": "toelichting", "en": "explanation"},
        "web.chair.field.exploitation_types": {"nl": "uitbuiting", "en": "exploitation"},
        "web.chair.field.persons": {"nl": "persoon", "en": "person"},
        "web.chair.field.given_names": {"nl": "voornamen", "en": "given names"},
        "web.chair.field.surname": {"nl": "achternaam", "en": "surname"},
        "web.chair.field.date_of_birth": {"nl": "geboortedatum", "en": "date of birth"},
        "web.chair.field.bsn": {"nl": "BSN", "en": "BSN"},
        "web.chair.field.role": {"nl": "rol", "en": "role"},
        "web.chair.field.phones": {"nl": "telefoon", "en": "phone"},
        "web.chair.field.emails": {"nl": "e-mail", "en": "e-mail"},
        "web.chair.field.addresses": {"nl": "adres", "en": "address"},
        "web.chair.field.street": {"nl": "straat", "en": "street"},
        "web.chair.field.house_number": {"nl": "huisnummer", "en": "house number"},
        "web.chair.field.addition": {"nl": "toevoeging", "en": "addition"},
        "web.chair.field.postcode": {"nl": "postcode", "en": "postcode"},
        "web.chair.field.city": {"nl": "woonplaats", "en": "city"},
        "web.chair.field.vehicles": {"nl": "voertuig", "en": "vehicle"},
        "web.chair.field.kenteken": {"nl": "kenteken", "en": "licence plate"},
        "web.chair.field.companies": {"nl": "bedrijf", "en": "company"},
        "web.chair.field.name": {"nl": "naam", "en": "name"},
        "web.chair.field.kvk": {"nl": "KvK-nummer", "en": "KvK number"},
        "web.chair.field.ibans": {"nl": "IBAN", "en": "IBAN"},
        "web.chair.field.adverts": {"nl": "advertentie", "en": "advert"},
        "web.chair.field.url": {"nl": "adres (URL)", "en": "URL"},
    }
)
