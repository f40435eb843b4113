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
        # keys.py
        "keyholder.bad_key": {
            "nl": "{path}: geen geldige OPRF-sleutel (een zaad voor DeriveKeyPair of een scalair van ristretto255)",
            "en": "{path}: not a valid OPRF key (a DeriveKeyPair seed or a ristretto255 scalar)",
        },
        # store.py
        "keyholder.quota": {
            "nl": "partner {partner} heeft het quotum van {limit} OPRF-evaluaties per uur bereikt "
            "({used} dit uur, {requested} gevraagd); het quotum begint opnieuw om {reset}",
            "en": "partner {partner} has reached its quota of {limit} OPRF evaluations per hour "
            "({used} this hour, {requested} requested); the quota resets at {reset}",
        },
        "keyholder.unknown_epoch": {
            "nl": "de sleutelhouder heeft geen sleutel voor epoch {epoch}",
            "en": "the keyholder holds no key for epoch {epoch}",
        },
        "keyholder.key_changed": {
            "nl": "{path}: de OPRF-sleutel voor epoch {epoch} verschilt van de sleutel die al in gebruik is; "
            "een epoch-sleutel wordt nooit vervangen (start een nieuwe epoch)",
            "en": "{path}: the OPRF key for epoch {epoch} differs from the key already in use; "
            "an epoch's key is never replaced (start a new epoch)",
        },
        "keyholder.stored_key": {
            "nl": "de opgeslagen OPRF-sleutel van epoch {epoch} past niet bij zijn publieke sleutel",
            "en": "the stored OPRF key of epoch {epoch} does not match its public key",
        },
    }
)
