"""A realistic corruption model for person/address records, with ground truth, for linkage evaluation.

`linkage_dataset(seed, records)` draws clean people (Dutch names with tussenvoegsels and diacritics,
migrant names, Midden-Nederland streets, postcodes and places, from :mod:`synthetic.data`), writes
them as source A registered them, and builds source B from three kinds of record:

* *matches*: a share of A's people written again by another organisation, with errors. Each match
  gets a Poisson-distributed number of corruptions (mean `CorruptionConfig.rate`), drawn by weight
  from `OPERATIONS`: keyboard typos, OCR confusions, phonetic spellings, missing fields, formatting
  (case, diacritics, tussenvoegsel abbreviated or moved, initials), swapped given name and surname,
  day/month swaps and two-digit years, and house number/postcode/street formatting.
* *hard negatives*: a different person with the same given names, surname and date of birth, in the
  same municipality at another address (`look_alike`), or a housemate with the same surname and
  address but another given name and birthday (`housemate`). These must not be linked.
* *unrelated* people, unique by name, date of birth and address.

Each source writes dates and postcodes in one house style of its own (drawn per source), as real
registrations do; those differences are not counted as corruptions. B is shuffled, so nothing can
be learnt from record order. Determinism: one `random.Random(seed)`, no clock, no set iteration.
"""

from __future__ import annotations

import csv
import math
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from signalmatch.synthetic import data
from signalmatch.synthetic.data import strip_diacritics

FIELDS = ("given_names", "surname", "date_of_birth", "street", "house_number", "postcode", "city")
TODAY = date(2025, 1, 1)  # fixed, so a seed always gives the same ages
AGES = (14, 70)


@dataclass(frozen=True)
class LinkageRecord:
    """One record as an organisation entered it: raw strings, any of them possibly empty."""

    record_id: str
    given_names: str = ""
    surname: str = ""
    date_of_birth: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class Person:
    """A clean (true) person with an address."""

    given_names: str
    surname: str  # with its tussenvoegsel, e.g. "van den Berg"
    date_of_birth: date
    gender: str
    origin: str
    street: str
    number: int
    addition: str  # "", "A", "2", "bis"
    postcode: str  # "3526KL"
    city: str
    municipality: str


# -- configuration -------------------------------------------------------------------------------

# Relative weights of the corruption operations (how often each kind of error occurs among errors).
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "typo.insert": 6,
    "typo.delete": 8,
    "typo.substitute": 10,
    "typo.transpose": 6,
    "ocr": 4,
    "phonetic": 8,
    "missing": 6,
    "format.case": 6,
    "format.diacritics": 5,
    "format.tussenvoegsel_abbreviated": 5,
    "format.tussenvoegsel_moved": 4,
    "format.initials": 5,
    "format.first_given_only": 3,
    "swap.names": 3,
    "date.day_month": 3,
    "date.two_digit_year": 4,
    "address.house_number": 4,
    "address.number_in_street": 2,
    "address.postcode": 4,
    "address.street_abbreviated": 2,
}


@dataclass(frozen=True)
class CorruptionConfig:
    """How source B differs from source A.

    rate: mean number of corruptions per matching record (Poisson, at most `max_corruptions`);
    overlap: share of A's people that B holds too (the true matches);
    look_alikes: share of A's people that get a different person in B with the same given names,
        surname and date of birth in the same municipality (hard negatives);
    housemates: share of A's people that get a housemate in B (same surname and address);
    weights: relative frequency of each operation in `OPERATIONS`.
    """

    rate: float = 1.5
    overlap: float = 0.5
    look_alikes: float = 0.05
    housemates: float = 0.02
    max_corruptions: int = 5
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def __post_init__(self) -> None:
        if not 0 <= self.rate <= 10:
            raise ValueError(f"rate must be between 0 and 10, not {self.rate}")
        for name in ("overlap", "look_alikes", "housemates"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1, not {getattr(self, name)}")
        unknown = sorted(set(self.weights) - set(OPERATIONS))
        if unknown:
            raise ValueError(f"unknown corruption operations {unknown}; known: {sorted(OPERATIONS)}")
        if any(w < 0 for w in self.weights.values()) or (self.rate and not any(self.weights.values())):
            raise ValueError("corruption weights must be non-negative and not all zero")


@dataclass(frozen=True)
class LinkageDataset:
    a: tuple[LinkageRecord, ...]
    b: tuple[LinkageRecord, ...]
    truth: frozenset[tuple[str, str]]  # (A id, B id) of the same person
    corruptions: Mapping[str, tuple[str, ...]]  # B id of a match -> operations applied, in order
    negatives: Mapping[tuple[str, str], str]  # (A id, B id) -> "look_alike" | "housemate"


# -- keyboard, OCR and phonetic tables --------------------------------------------------------------

_ROWS = (("1234567890", 0.0), ("qwertyuiop", 0.5), ("asdfghjkl", 0.75), ("zxcvbnm", 1.25))


def _keyboard_neighbours() -> dict[str, str]:
    pos = {c: (r, i + off) for r, (keys, off) in enumerate(_ROWS) for i, c in enumerate(keys)}
    return {
        c: "".join(
            d
            for d, (r2, x2) in pos.items()
            if d != c and ((r2 == r and abs(x2 - x) == 1) or (abs(r2 - r) == 1 and abs(x2 - x) <= 0.75))
        )
        for c, (r, x) in pos.items()
    }


KEYBOARD_NEIGHBOURS = _keyboard_neighbours()

# Character sequences that OCR and hand-written forms confuse (both directions listed).
OCR_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("vv", "w"), ("w", "vv"), ("l", "1"), ("1", "l"), ("I", "l"),
    ("O", "0"), ("0", "O"), ("o", "0"), ("ij", "y"), ("y", "ij"), ("B", "8"), ("8", "B"), ("S", "5"),
    ("5", "S"), ("e", "c"), ("h", "b"), ("n", "ri"),
)  # fmt: skip

# Spellings that sound alike in Dutch (pattern on lower case, replacement).
PHONETIC_VARIANTS: tuple[tuple[str, str], ...] = (
    ("ei", "ij"), ("ij", "ei"), ("au", "ou"), ("ou", "au"), ("c(?=[aou])", "k"), ("k(?=[aou])", "c"),
    ("ph", "f"), (r"dt\b", "t"), (r"(?<=[aeiou])d\b", "dt"), (r"(?<=[aeiou])t\b", "dt"), ("sch", "s"),
    ("ch", "g"), ("z", "s"), ("(?<=[aeiou])s(?=[aeiou])", "z"), ("ks", "x"), ("x", "ks"), ("th", "t"),
    ("ck", "k"), (r"gh\b", "g"), (r"(?<=[er])g\b", "gh"), ("ie", "y"), ("y", "ie"), ("oe", "u"),
    ("ee", "e"), ("aa", "a"),
)  # fmt: skip
_PHONETIC = tuple((re.compile(p, re.IGNORECASE), r) for p, r in PHONETIC_VARIANTS)

_STREET_ABBREVIATIONS = (
    (r"straatweg\b", "str.weg"), (r"straat\b", "str."), (r"\bBurgemeester\b", "Burg."),
    (r"\bPrinses\b", "Pr."), (r"\bPrins\b", "Pr."), (r"\bVan Gogh", "v. Gogh"),
)  # fmt: skip

# Tussenvoegsels with their usual abbreviations.
_PARTICLE_ABBREVIATIONS = {
    "van den": ("v.d.", "vd", "v/d", "v. d."),
    "van der": ("v.d.", "vd", "v/d", "v. d."),
    "van de": ("v.d.", "vd", "v/d"),
    "van": ("v.",),
    "van 't": ("v. 't", "v't"),
}
_PARTICLES = tuple(sorted({p for p, _ in data.DUTCH_SURNAMES if p}, key=len, reverse=True))


def split_particle(surname: str) -> tuple[str, str]:
    """("van den", "Berg") for "van den Berg"; ("", surname) without a known tussenvoegsel."""
    for particle in _PARTICLES:
        if surname.lower().startswith(particle + " ") and len(surname) > len(particle) + 1:
            return surname[: len(particle)], surname[len(particle) + 1 :]
    return "", surname


# -- source house styles -----------------------------------------------------------------------------

DATE_STYLES: dict[str, Callable[[int, int, int], str]] = {
    "iso": lambda d, m, y: f"{y:04d}-{m:02d}-{d:02d}",
    "dmy": lambda d, m, y: f"{d}-{m}-{y:04d}",
    "dmy0": lambda d, m, y: f"{d:02d}-{m:02d}-{y:04d}",
    "slash": lambda d, m, y: f"{d:02d}/{m:02d}/{y:04d}",
    "dot": lambda d, m, y: f"{d}.{m}.{y:04d}",
}
_DATE_SEPARATOR = {"iso": "-", "dmy": "-", "dmy0": "-", "slash": "/", "dot": "."}
POSTCODE_STYLES: dict[str, Callable[[str], str]] = {
    "spaced": lambda pc: f"{pc[:4]} {pc[4:]}",
    "compact": lambda pc: pc,
}


@dataclass(frozen=True)
class Style:
    """A source's house style: date ("iso", "dmy", "dmy0", "slash", "dot"), postcode ("spaced", "compact")."""

    date: str
    postcode: str

    def __post_init__(self) -> None:
        if self.date not in DATE_STYLES or self.postcode not in POSTCODE_STYLES:
            raise ValueError(
                f"unknown style {self}; dates: {sorted(DATE_STYLES)}, postcodes: {sorted(POSTCODE_STYLES)}"
            )


def _house_number(number: int, addition: str) -> str:
    if not addition:
        return str(number)
    if addition.isdigit():
        return f"{number}-{addition}"
    if len(addition) > 1:
        return f"{number} {addition}"
    return f"{number}{addition}"


# -- a draft record under corruption -------------------------------------------------------------


@dataclass
class _Draft:
    """A record being corrupted: text fields plus the date of birth, rendered at the end."""

    fields: dict[str, str]
    born: date | None
    date_style: str
    two_digit_year: bool = False
    dob_text: str | None = None  # set once the date is rendered (character-level edits need text)

    def dob(self) -> str:
        if self.dob_text is None:
            self.dob_text = "" if self.born is None else self._render_date()
        return self.dob_text

    def _render_date(self) -> str:
        assert self.born is not None
        d, m, y = self.born.day, self.born.month, self.born.year
        if self.two_digit_year:
            sep = _DATE_SEPARATOR[self.date_style]
            return f"{d:02d}{sep}{m:02d}{sep}{y % 100:02d}"
        return DATE_STYLES[self.date_style](d, m, y)

    def text(self, name: str) -> str:
        return self.dob() if name == "date_of_birth" else self.fields[name]

    def set(self, name: str, value: str) -> None:
        if name == "date_of_birth":
            self.dob_text = value
        else:
            self.fields[name] = value


Operation = Callable[[_Draft, random.Random], bool]


def _pick_field(draft: _Draft, rng: random.Random, weights: Mapping[str, float], ok: Callable[[str], bool]) -> str:
    """A field name drawn by weight among those whose text satisfies `ok`; "" when none does."""
    names = [n for n in weights if ok(draft.text(n))]
    if not names:
        return ""
    total = sum(weights[n] for n in names)
    x = rng.random() * total
    for n in names:
        x -= weights[n]
        if x < 0:
            return n
    return names[-1]


def _match_case(template: str, text: str) -> str:
    return text[:1].upper() + text[1:] if template[:1].isupper() else text


# Character-level edits: where they land, by field.
_TYPO_FIELDS = {"given_names": 3, "surname": 3, "street": 2, "city": 1}
_DIGIT_TYPO_FIELDS = {"given_names": 3, "surname": 3, "street": 2, "city": 1, "date_of_birth": 1, "postcode": 0.5}
_TEXT_FIELDS = {"given_names": 3, "surname": 3, "street": 2, "city": 1}


def _neighbour(c: str, rng: random.Random) -> str:
    base = strip_diacritics(c).lower()
    options = [d for d in KEYBOARD_NEIGHBOURS.get(base, "") if d.isdigit() == c.isdigit()]
    if not options:
        return ""
    choice = options[int(rng.random() * len(options))]
    return choice.upper() if c.isupper() else choice


def _typo(kind: str) -> Operation:
    def apply(draft: _Draft, rng: random.Random) -> bool:
        weights = _DIGIT_TYPO_FIELDS if kind in ("substitute", "transpose") else _TYPO_FIELDS
        name = _pick_field(draft, rng, weights, lambda t: sum(c.isalnum() for c in t) >= 3)
        if not name:
            return False
        text = draft.text(name)
        positions = [i for i, c in enumerate(text) if c.isalnum()]
        for _ in range(8):
            i = positions[int(rng.random() * len(positions))]
            c = text[i]
            if kind == "delete":
                new = text[:i] + text[i + 1 :]
            elif kind == "insert":
                extra = c if rng.random() < 0.3 else _neighbour(c, rng)  # doubled key or a neighbour
                new = text[:i] + extra + text[i:] if extra else ""
            elif kind == "substitute":
                repl = _neighbour(c, rng)
                new = text[:i] + repl + text[i + 1 :] if repl else ""
            else:  # transpose with the next character
                nxt = text[i + 1 : i + 2]
                ok = nxt and nxt != c and nxt.isalnum() and nxt.isdigit() == c.isdigit()
                new = text[:i] + nxt + c + text[i + 2 :] if ok else ""
            if new and new != text:
                draft.set(name, new)
                return True
        return False

    return apply


def _replace_one(
    draft: _Draft,
    rng: random.Random,
    weights: Mapping[str, float],
    rules: Sequence[tuple[re.Pattern[str], str]],
    keep_case: bool,
) -> bool:
    """Apply one randomly chosen rule at one randomly chosen place it matches."""

    def hits(text: str) -> list[tuple[re.Match[str], str]]:
        return [(m, r) for p, r in rules for m in p.finditer(text)]

    name = _pick_field(draft, rng, weights, lambda t: bool(hits(t)))
    if not name:
        return False
    text = draft.text(name)
    options = hits(text)
    m, repl = options[int(rng.random() * len(options))]
    repl = _match_case(m.group(), repl) if keep_case else repl
    draft.set(name, text[: m.start()] + repl + text[m.end() :])
    return True


_OCR = tuple((re.compile(re.escape(a)), b) for a, b in OCR_CONFUSIONS)
_OCR_FIELDS = dict.fromkeys(FIELDS, 1.0)


def _ocr(draft: _Draft, rng: random.Random) -> bool:
    return _replace_one(draft, rng, _OCR_FIELDS, _OCR, keep_case=False)


def _phonetic(draft: _Draft, rng: random.Random) -> bool:
    return _replace_one(draft, rng, _TEXT_FIELDS, _PHONETIC, keep_case=True)


_MISSING_FIELDS = {"given_names": 1, "surname": 0.5, "date_of_birth": 2, "street": 2, "house_number": 1,
                   "postcode": 2, "city": 2}  # fmt: skip


def _missing(draft: _Draft, rng: random.Random) -> bool:
    name = _pick_field(draft, rng, _MISSING_FIELDS, bool)
    if name:
        draft.set(name, "")
    return bool(name)


def _case(draft: _Draft, rng: random.Random) -> bool:
    change = str.upper if rng.random() < 0.6 else str.lower
    scope = ("surname",) if rng.random() < 0.5 else ("given_names", "surname", "street", "city")
    before = [draft.fields[n] for n in scope]
    for n in scope:
        draft.fields[n] = change(draft.fields[n])
    return before != [draft.fields[n] for n in scope]


def _diacritics(draft: _Draft, rng: random.Random) -> bool:
    changed = False
    for n in ("given_names", "surname", "street", "city"):
        plain = strip_diacritics(draft.fields[n])
        changed |= plain != draft.fields[n]
        draft.fields[n] = plain
    return changed


def _tussenvoegsel_abbreviated(draft: _Draft, rng: random.Random) -> bool:
    particle, core = split_particle(draft.fields["surname"])
    options = _PARTICLE_ABBREVIATIONS.get(particle.lower())
    if not options:
        return False
    draft.fields["surname"] = f"{options[int(rng.random() * len(options))]} {core}"
    return True


def _tussenvoegsel_moved(draft: _Draft, rng: random.Random) -> bool:
    particle, core = split_particle(draft.fields["surname"])
    if not particle:
        return False
    style = int(rng.random() * 4)
    if style == 0:  # Dutch sort form
        draft.fields["surname"] = f"{core}, {particle}"
    elif style == 1:
        draft.fields["surname"] = f"{core} {particle}"
    elif style == 2 and draft.fields["given_names"]:  # registered with the given names
        draft.fields["given_names"] = f"{draft.fields['given_names']} {particle}"
        draft.fields["surname"] = core
    else:  # left out
        draft.fields["surname"] = core
    return True


def _initials(draft: _Draft, rng: random.Random) -> bool:
    words = draft.fields["given_names"].split()
    if not words or all(len(w) <= 2 for w in words):
        return False
    letters = [w[0].upper() for w in words]
    style = int(rng.random() * 4)
    if style == 0:
        draft.fields["given_names"] = letters[0] + "."
    elif style == 1:
        draft.fields["given_names"] = "".join(f"{x}." for x in letters)
    elif style == 2:
        draft.fields["given_names"] = " ".join(f"{x}." for x in letters)
    else:
        draft.fields["given_names"] = "".join(letters)
    return True


def _first_given_only(draft: _Draft, rng: random.Random) -> bool:
    words = draft.fields["given_names"].split()
    if len(words) < 2:
        return False
    draft.fields["given_names"] = words[0]
    return True


def _swap_names(draft: _Draft, rng: random.Random) -> bool:
    given, surname = draft.fields["given_names"], draft.fields["surname"]
    if not given or not surname:
        return False
    draft.fields["given_names"], draft.fields["surname"] = surname, given
    return True


def _day_month(draft: _Draft, rng: random.Random) -> bool:
    born = draft.born
    if born is None or draft.dob_text is not None or born.day > 12 or born.day == born.month:
        return False
    draft.born = born.replace(day=born.month, month=born.day)
    return True


def _two_digit_year(draft: _Draft, rng: random.Random) -> bool:
    if draft.born is None or draft.dob_text is not None or draft.two_digit_year:
        return False
    draft.two_digit_year = True
    return True


_NUMBER = re.compile(r"^(\d+)(?:[ -]?)(.*)$")


def _house_number_format(draft: _Draft, rng: random.Random) -> bool:
    m = _NUMBER.match(draft.fields["house_number"])
    if not m or not m.group(2):
        return False
    number, addition = m.groups()
    styles: tuple[str, ...] = (f"{number} {addition}", f"{number}-{addition.lower()}", f"{number} {addition.lower()}",
              f"{number}/{addition}", f"{number} - {addition}")  # fmt: skip
    if not addition.isdigit():  # "12a", never "463" for 46-3
        styles += (f"{number}{addition.lower()}", f"{number}{addition.upper()}")
    options = [s for s in styles if s != draft.fields["house_number"]]
    draft.fields["house_number"] = options[int(rng.random() * len(options))]
    return True


def _number_in_street(draft: _Draft, rng: random.Random) -> bool:
    if not draft.fields["street"] or not draft.fields["house_number"]:
        return False
    draft.fields["street"] = f"{draft.fields['street']} {draft.fields['house_number']}"
    draft.fields["house_number"] = ""
    return True


def _postcode_format(draft: _Draft, rng: random.Random) -> bool:
    compact = "".join(draft.fields["postcode"].split())
    if len(compact) != 6:
        return False
    styles = (f"{compact[:4]} {compact[4:].lower()}", f"{compact[:4]}-{compact[4:]}", compact.lower(),
              f"{compact[:4]}  {compact[4:]}", compact)  # fmt: skip
    options = [s for s in styles if s != draft.fields["postcode"]]
    draft.fields["postcode"] = options[int(rng.random() * len(options))]
    return True


_STREET_RULES = tuple((re.compile(p), r) for p, r in _STREET_ABBREVIATIONS)


def _street_abbreviated(draft: _Draft, rng: random.Random) -> bool:
    street = draft.fields["street"]
    for pattern, repl in _STREET_RULES:
        new = pattern.sub(repl, street, count=1)
        if new != street:
            draft.fields["street"] = new
            return True
    return False


# name -> (stage, operation). Stages run in order: structure, then characters, then surface, then
# removal, so that e.g. a typo can land in an abbreviated tussenvoegsel and a removed field stays empty.
OPERATIONS: dict[str, tuple[int, Operation]] = {
    "swap.names": (0, _swap_names),
    "date.day_month": (0, _day_month),
    "date.two_digit_year": (0, _two_digit_year),
    "format.tussenvoegsel_abbreviated": (0, _tussenvoegsel_abbreviated),
    "format.tussenvoegsel_moved": (0, _tussenvoegsel_moved),
    "format.initials": (0, _initials),
    "format.first_given_only": (0, _first_given_only),
    "address.house_number": (0, _house_number_format),
    "address.number_in_street": (0, _number_in_street),
    "address.postcode": (0, _postcode_format),
    "address.street_abbreviated": (0, _street_abbreviated),
    "typo.insert": (1, _typo("insert")),
    "typo.delete": (1, _typo("delete")),
    "typo.substitute": (1, _typo("substitute")),
    "typo.transpose": (1, _typo("transpose")),
    "ocr": (1, _ocr),
    "phonetic": (1, _phonetic),
    "format.case": (2, _case),
    "format.diacritics": (2, _diacritics),
    "missing": (3, _missing),
}


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def corrupt(
    record: LinkageRecord, person: Person, rng: random.Random, config: CorruptionConfig, date_style: str
) -> tuple[LinkageRecord, tuple[str, ...]]:
    """`record` (the person as a source wrote them) with errors; and the operations applied in order.

    The number of operations is Poisson(config.rate), at most config.max_corruptions; operations are
    drawn by weight, and one that does not apply to this record (no tussenvoegsel to abbreviate, a
    day above 12 to swap, ...) is replaced by another draw, so every count is reached where possible.
    """
    want = min(_poisson(rng, config.rate), config.max_corruptions)
    names = [n for n in OPERATIONS if config.weights.get(n, 0) > 0]
    total = sum(config.weights[n] for n in names)
    chosen: list[str] = []
    for _ in range(want):
        for _ in range(20):  # redraw duplicates; a few may still not apply (checked below)
            x = rng.random() * total
            name = names[-1]
            for n in names:
                x -= config.weights[n]
                if x < 0:
                    name = n
                    break
            if name not in chosen:
                chosen.append(name)
                break
    fields = {n: getattr(record, n) for n in FIELDS if n != "date_of_birth"}
    draft = _Draft(fields, person.date_of_birth if record.date_of_birth else None, date_style)
    applied: list[str] = []
    for name in sorted(chosen, key=lambda n: OPERATIONS[n][0]):
        if OPERATIONS[name][1](draft, rng):
            applied.append(name)
    return LinkageRecord(record.record_id, date_of_birth=draft.dob(), **draft.fields), tuple(applied)


# -- clean people ------------------------------------------------------------------------------------

_ORIGIN_WEIGHTS = (("nl", 60), ("pl", 8), ("ro", 7), ("bg", 5), ("tr", 5), ("ma", 5), ("ua", 3), ("hu", 2),
                   ("ng", 2), ("vn", 1), ("es", 1), ("pt", 1))  # fmt: skip
_MUNICIPALITIES = tuple((m, w) for m, (w, _) in data.MUNICIPALITIES.items())


def _weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    x = rng.random() * sum(w for _, w in items)
    for item, w in items:
        x -= w
        if x < 0:
            return item
    return items[-1][0]


def _fold(text: str) -> str:
    return "".join(c for c in strip_diacritics(text).lower() if c.isalpha())


class Population:
    """Draws people unique by (given names, surname, date of birth) and by address."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names: set[str] = set()  # membership tests only
        self.addresses: set[str] = set()
        self.streets: dict[str, str] = {}  # postcode -> street

    def pick(self, seq: Sequence[str]) -> str:
        return seq[int(self.rng.random() * len(seq))]

    def given_names(self, origin: str, gender: str) -> str:
        males, females, _, _ = data.ORIGINS[origin]
        firsts = females if gender == "f" else males
        given = self.pick(firsts)
        if origin == "nl" and self.rng.random() < 0.25:
            second = self.pick(firsts)
            if second != given:
                given = f"{given} {second}"
        return given

    def surname(self, origin: str, gender: str) -> str:
        if origin == "nl":
            particle, core = data.DUTCH_SURNAMES[int(self.rng.random() * len(data.DUTCH_SURNAMES))]
            return f"{particle} {core}" if particle else core
        surnames = data.ORIGINS[origin][2]
        name = self.pick(surnames)
        if origin == "es" and self.rng.random() < 0.5:
            name = f"{name} {self.pick(surnames)}"
        if gender == "f" and origin == "pl":
            name = re.sub(r"(sk|ck|dzk)i$", r"\1a", name)
        elif gender == "f" and origin == "bg":
            name += "a"
        return name

    def birthday(self) -> date:
        low, high = AGES
        return TODAY - timedelta(days=low * 365 + int(self.rng.random() * (high - low) * 365))

    def claim_name(self, given: str, surname: str, born: date) -> bool:
        key = f"{_fold(given)}|{_fold(surname)}|{born.toordinal()}"
        if key in self.names:
            return False
        self.names.add(key)
        return True

    def address(self, municipality: str) -> tuple[str, int, str, str, str]:
        places = data.MUNICIPALITIES[municipality][1]
        while True:
            city, low, high = places[int(self.rng.random() * len(places))]
            letters = self.pick(data.POSTCODE_LETTERS) + self.pick(data.POSTCODE_LETTERS)
            if letters in data.BAD_POSTCODE_LETTERS:
                continue
            postcode = f"{low + int(self.rng.random() * (high - low + 1))}{letters}"
            number = min(1 + int(self.rng.random() * 60), 1 + int(self.rng.random() * 300))
            street = self.streets.get(postcode) or self.pick(data.STREETS)
            keys = (f"{postcode}|{number}", f"{city}|{street}|{number}")  # both identify an address
            if not any(k in self.addresses for k in keys):
                self.addresses.update(keys)
                self.streets[postcode] = street  # a postcode covers (part of) one street
                addition = self.pick(data.HOUSE_ADDITIONS) if self.rng.random() < 0.2 else ""
                return street, number, addition, postcode, city

    def person(self) -> Person:
        origin = _weighted(self.rng, _ORIGIN_WEIGHTS)
        gender = "f" if self.rng.random() < 0.5 else "m"
        while True:
            given, surname, born = self.given_names(origin, gender), self.surname(origin, gender), self.birthday()
            if self.claim_name(given, surname, born):
                break
        municipality = _weighted(self.rng, _MUNICIPALITIES)
        street, number, addition, postcode, city = self.address(municipality)
        return Person(given, surname, born, gender, origin, street, number, addition, postcode, city, municipality)

    def look_alike(self, p: Person) -> Person:
        """Another person with the same name and birthday, elsewhere in the same municipality."""
        street, number, addition, postcode, city = self.address(p.municipality)
        return Person(p.given_names, p.surname, p.date_of_birth, p.gender, p.origin, street, number, addition,
                      postcode, city, p.municipality)  # fmt: skip

    def housemate(self, p: Person) -> Person:
        """Another person at the same address with the same surname (a partner, sibling or child)."""
        while True:
            gender = "f" if self.rng.random() < 0.5 else "m"
            given = self.given_names(p.origin, gender)
            born = p.date_of_birth + timedelta(days=int(self.rng.random() * 40 * 365) - 20 * 365)
            low, high = AGES
            if _fold(given) != _fold(p.given_names) and TODAY.year - high <= born.year <= TODAY.year - low:
                if self.claim_name(given, p.surname, born):
                    break
        return Person(given, p.surname, born, gender, p.origin, p.street, p.number, p.addition, p.postcode,
                      p.city, p.municipality)  # fmt: skip


def render(person: Person, record_id: str, style: Style) -> LinkageRecord:
    """`person` as a source with house style `style` registers them, without errors."""
    born = person.date_of_birth
    return LinkageRecord(
        record_id,
        given_names=person.given_names,
        surname=person.surname,
        date_of_birth=DATE_STYLES[style.date](born.day, born.month, born.year),
        street=person.street,
        house_number=_house_number(person.number, person.addition),
        postcode=POSTCODE_STYLES[style.postcode](person.postcode),
        city=person.city,
    )


def _style(rng: random.Random) -> Style:
    dates, postcodes = tuple(DATE_STYLES), tuple(POSTCODE_STYLES)
    return Style(dates[int(rng.random() * len(dates))], postcodes[int(rng.random() * len(postcodes))])


def _sample(rng: random.Random, n: int, share: float) -> list[int]:
    return sorted(rng.sample(range(n), min(n, round(share * n))))


def linkage_dataset(seed: int, records: int, config: CorruptionConfig | None = None) -> LinkageDataset:
    """Sources A (`records` clean records) and B (matches with errors, hard negatives, unrelated people)."""
    if records < 1:
        raise ValueError("records must be at least 1")
    config = config or CorruptionConfig()
    rng = random.Random(seed)
    population = Population(rng)
    style_a, style_b = _style(rng), _style(rng)
    people = [population.person() for _ in range(records)]
    a = tuple(render(p, f"a{i:06d}", style_a) for i, p in enumerate(people))

    b_people: list[tuple[Person, str, int]] = []  # (person, kind, index in A or -1)
    b_people += [(people[i], "match", i) for i in _sample(rng, records, config.overlap)]
    # Look-alikes share a common name: drawn among people with a Dutch name where there are enough.
    dutch = [i for i, p in enumerate(people) if p.origin == "nl"]
    pool = dutch if len(dutch) >= config.look_alikes * records else list(range(records))
    look_alikes = sorted(rng.sample(pool, min(len(pool), round(config.look_alikes * records))))
    b_people += [(population.look_alike(people[i]), "look_alike", i) for i in look_alikes]
    b_people += [(population.housemate(people[i]), "housemate", i) for i in _sample(rng, records, config.housemates)]
    b_people += [(population.person(), "unrelated", -1) for _ in range(max(0, records - len(b_people)))]
    rng.shuffle(b_people)

    b: list[LinkageRecord] = []
    truth: set[tuple[str, str]] = set()
    corruptions: dict[str, tuple[str, ...]] = {}
    negatives: dict[tuple[str, str], str] = {}
    for j, (person, kind, i) in enumerate(b_people):
        record = render(person, f"b{j:06d}", style_b)
        if kind == "match":
            record, corruptions[record.record_id] = corrupt(record, person, rng, config, style_b.date)
            truth.add((a[i].record_id, record.record_id))
        elif kind != "unrelated":
            negatives[(a[i].record_id, record.record_id)] = kind
        b.append(record)
    return LinkageDataset(a, tuple(b), frozenset(truth), corruptions, negatives)


# -- files -------------------------------------------------------------------------------------------


def write_csv(dataset: LinkageDataset, directory: Path) -> tuple[Path, Path, Path]:
    """a.csv and b.csv (header: id plus FIELDS) and truth.csv (header: a_id,b_id) in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = directory / "a.csv", directory / "b.csv", directory / "truth.csv"
    for path, records in ((paths[0], dataset.a), (paths[1], dataset.b)):
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(("id", *FIELDS))
            writer.writerows((r.record_id, *(getattr(r, n) for n in FIELDS)) for r in records)
    with paths[2].open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(("a_id", "b_id"))
        writer.writerows(sorted(dataset.truth))
    return paths
