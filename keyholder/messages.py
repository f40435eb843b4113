"""The keyholder's end-user texts (Dutch and English): the one catalogue of `signalmatch.keyholder`.

Registered with `signalmatch.i18n` when the package is imported (its `__init__.py`); modules
show a text with `i18n.t(key, **values)`. The comments name the module that uses the keys below them."""

from signalmatch import i18n

MESSAGES = i18n.register(
    {
        # service.py
        "keyholder.not_member": {
            "nl": "{uri} is geen partner die deze sleutelhouder bedient",
            "en": "{uri} is not a partner this keyholder serves",
        },
        "keyholder.epoch": {"nl": "epoch moet 1 of hoger zijn", "en": "epoch must be 1 or higher"},
        "keyholder.batch_size": {
            "nl": "tussen 1 en {max} geblindeerde elementen per verzoek, niet {count}",
            "en": "between 1 and {max} blinded elements per request, not {count}",
        },
        "keyholder.element": {
            "nl": "geen geserialiseerd ristretto255-element van {size} bytes",
            "en": "not a serialized ristretto255 element of {size} bytes",
        },
        "keyholder.alert": {
            "nl": "volumealarm: partner {partner} vroeg dit uur {evaluations} evaluaties (grens {limit}, "
            "mediaan per uur {baseline})",
            "en": "volume alert: partner {partner} requested {evaluations} evaluations this hour (limit {limit}, "
            "hourly median {baseline})",
        },
    }
)
