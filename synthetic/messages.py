"""The synthetic data generator's end-user texts (Dutch and English): the one catalogue of `signalmatch.synthetic`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # generate.py
        "generate.partners.empty": {
            "nl": "geef minstens één partner op",
            "en": "give at least one partner",
        },
        "generate.partners.duplicate": {
            "nl": "partner {partner} staat er meer dan eens in",
            "en": "partner {partner} is listed more than once",
        },
        "generate.partners.format": {
            "nl": "partner-id mag alleen kleine letters, cijfers en streepjes bevatten: {partner}",
            "en": "partner id may only hold lower-case letters, digits and hyphens: {partner}",
        },
        "generate.signals.negative": {
            "nl": "aantal signalen mag niet negatief zijn",
            "en": "number of signals may not be negative",
        },
    }
)
