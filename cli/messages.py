"""The `signalmatch` command's end-user texts (Dutch and English): the one catalogue of `signalmatch.cli`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # enrol.py
        "enrol.cli.deal_installed": {
            "nl": "Tabelgeheim van epoch {epoch} geopend en bewaard in {dir}",
            "en": "Table secret of epoch {epoch} opened and kept in {dir}",
        },
        "enrol.cli.renewed": {
            "nl": "Certificaten vernieuwd, geldig tot {until}",
            "en": "Certificates renewed, valid until {until}",
        },
        "enrol.cli.rotate": {
            "nl": "Nieuwe sleutelepoch {epoch} aangevraagd: de sleutelhouder maakt de sleutel, de gever deelt het geheim",
            "en": "New key epoch {epoch} requested: the keyholder makes its key, the dealer deals the secret",
        },
        # main.py
        "cli.error": {"nl": "Fout: {message}", "en": "Error: {message}"},
        "cli.rpc_error": {
            "nl": "Verzoek mislukt ({code}): {details}",
            "en": "Request failed ({code}): {details}",
        },
        "cli.invalid": {"nl": "Ongeldige invoer:", "en": "Invalid input:"},
        "cli.health.no_config": {
            "nl": "geef --config of zet SIGNALMATCH_CONFIG",
            "en": "give --config or set SIGNALMATCH_CONFIG",
        },
        "cli.health.no_port": {
            "nl": "{path}: geen health_listen; zet bijvoorbeeld health_listen = \"127.0.0.1:9465\"",
            "en": "{path}: no health_listen; set for example health_listen = \"127.0.0.1:9465\"",
        },
        "cli.review.usage": {
            "nl": "gebruik: signalmatch chair review confirm|reject KANDIDAAT --reason REDEN; redenen: {reasons}",
            "en": "usage: signalmatch chair review confirm|reject CANDIDATE --reason REASON; reasons: {reasons}",
        },
        "cli.range": {
            "nl": "moet een geheel getal van {low} tot en met {high} zijn, niet {value!r}",
            "en": "must be a whole number from {low} to {high}, not {value!r}",
        },
    }
)
