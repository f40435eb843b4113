"""End-user texts: Dutch by default, English available.

Each package keeps its texts in one catalogue, ``<package>/messages.py``, registered when the
package is imported (its ``__init__.py`` imports it), so logic modules hold no texts::

    MESSAGES = i18n.register({                        # node/messages.py
        "bsn.elfproef": {"nl": "BSN voldoet niet aan de elfproef", "en": "BSN fails the 11-test"},
    })
    raise InvalidValue("bsn.elfproef", i18n.t("bsn.elfproef"))   # node/normalise.py

The language comes from ``using`` (one web request, see console/web), ``set_language`` (CLI
``--lang``) or the SIGNALMATCH_LANG environment variable, and is "nl" otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES = ("nl", "en")
_catalog: dict[str, dict[str, str]] = {}
_language: str | None = None
_context_language: ContextVar[str | None] = ContextVar("signalmatch_language", default=None)


def register(messages: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    for key, texts in messages.items():
        missing = [lang for lang in LANGUAGES if lang not in texts]
        if missing:
            raise ValueError(f"message {key!r} lacks languages {missing}")
        if key in _catalog and _catalog[key] != texts:
            raise ValueError(f"message {key!r} registered twice with different texts")
        _catalog[key] = texts
    return messages


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _language = language


def reset_language() -> None:
    """Back to SIGNALMATCH_LANG or Dutch (after a --lang of a CLI run in-process)."""
    global _language
    _language = None


@contextmanager
def using(language: str) -> Iterator[None]:
    """The language of the current context (thread or task) only, e.g. one web request's."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    token = _context_language.set(language)
    try:
        yield
    finally:
        _context_language.reset(token)


def language() -> str:
    chosen = _context_language.get()
    if chosen:
        return chosen
    if _language:
        return _language
    env = os.environ.get("SIGNALMATCH_LANG", "nl").lower()[:2]
    return env if env in LANGUAGES else "nl"


def t(key: str, /, **values: object) -> str:
    """The message `key` in the current language, formatted with `values`."""
    texts = _catalog.get(key)
    if texts is None:
        raise KeyError(f"no message registered for {key!r}")
    return texts[language()].format(**values)
