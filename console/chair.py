"""Command-line console for the table's chair: review hits at the matcher (chair certificate), ask
partners to disclose, and open what they disclosed — decrypted here, on the chair's machine."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

import grpc
from rich.console import Console
from rich.table import Table

from signalmatch import clock, crypto, enums, i18n, transport
from signalmatch.config import ChairConfig
from signalmatch.console.messages import AGREEMENT_LABELS, EVIDENCE_LABELS, FUZZY_LABELS, KIND_LABELS
from signalmatch.errors import SignalmatchError, ValidationError, Violation
from signalmatch.node import disclosure
from signalmatch.v1 import common_pb2, disclosure_pb2, disclosure_pb2_grpc, hits_pb2, hits_pb2_grpc


def kind_label(value: int) -> str:
    return KIND_LABELS[enums.short(common_pb2.IdentifierKind, value)][i18n.language()]


def similar_evidence(links: Iterable[hits_pb2.HitLink]) -> list[dict]:
    """Similarity evidence ("lijkt op") of `links`: the best Dice per encoding kind, kinds in order."""
    best: dict[str, float] = {}
    for link in links:
        for evidence in link.similar:
            kind = enums.short(common_pb2.FuzzyKind, evidence.kind)
            best[kind] = max(best.get(kind, 0.0), evidence.similarity)
    return [{"kind": k, "similarity": round(best[k], 2)} for k in FUZZY_LABELS if k in best]


def similar_label(evidence: list[dict]) -> str:
    """ "lijkt op: persoon 0,91, adres 0,87" (English: "resembles: person 0.91, address 0.87"); "" for none."""
    if not evidence:
        return ""
    language = i18n.language()
    items = []
    for e in evidence:
        number = f"{e['similarity']:.2f}"
        items.append(f"{FUZZY_LABELS[e['kind']][language]} {number.replace('.', ',') if language == 'nl' else number}")
    return i18n.t("similar.label", items=", ".join(items))


def hit_summary(hit: hits_pb2.Hit) -> dict:
    """A hit as plain data for tables and --json (no token values exist on this side at all)."""
    return {
        "hit": hit.name,
        "status": enums.short(common_pb2.HitStatus, hit.status),
        "referred_to": enums.short(common_pb2.PartnerKind, hit.referred_to),
        "partners": list(hit.partners),
        "signals": [{"partner": s.partner, "signal_ref": s.signal_ref} for s in hit.signals],
        "identifier_kinds": [enums.short(common_pb2.IdentifierKind, k) for k in hit.identifier_kinds],
        "similar": similar_evidence(hit.links),
        "exploitation_types": sorted(
            {enums.short(common_pb2.ExploitationType, e) for s in hit.signals for e in s.metadata.exploitation_types}
        ),
        "municipalities": sorted({s.metadata.municipality for s in hit.signals}),
        "links": [
            {
                "a": link.signal_ref_a,
                "b": link.signal_ref_b,
                "kinds": [enums.short(common_pb2.IdentifierKind, k) for k in link.kinds],
                "similar": similar_evidence([link]),
            }
            for link in hit.links
        ],
        "update_time": hit.update_time.ToJsonString(),
    }


# -- period filters ------------------------------------------------------------------------------

ZONE = ZoneInfo("Europe/Amsterdam")  # the table's local time: months and days of period filters
_MONTH_OR_DAY = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")


def calendar_span(value: str) -> tuple[datetime, datetime]:
    """Month "2026-03" or day "2026-03-14" as [start, end) in the table's local time; ValueError otherwise."""
    found = _MONTH_OR_DAY.fullmatch(value)
    if not found:
        raise ValueError(value)
    year, month, day = int(found[1]), int(found[2]), int(found[3] or 1)
    start = datetime(year, month, day, tzinfo=ZONE)  # ValueError for month 13, 31 February...
    if found[3]:
        end = datetime.fromordinal(start.toordinal() + 1).replace(tzinfo=ZONE)
    else:
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=ZONE)
    return start, end


def time_period(first: str = "", last: str = "", fields: tuple[str, str] = ("from", "to")) -> hits_pb2.TimePeriod:
    """From the start of month or day `first` to the end of `last`, both included ("" leaves that
    end open); ValidationError naming `fields` (the caller's names for first and last) if unusable."""
    period, problems = hits_pb2.TimePeriod(), []
    spans = {}
    for value, field in ((first, fields[0]), (last, fields[1])):
        if value:
            try:
                spans[field] = calendar_span(value)
            except ValueError:
                problems.append(Violation(field, "period.format", i18n.t("chair.period.format", value=value)))
    if fields[0] in spans:
        period.start_time.FromDatetime(spans[fields[0]][0])
    if fields[1] in spans:
        period.end_time.FromDatetime(spans[fields[1]][1])
        if fields[0] in spans and spans[fields[0]][0] >= spans[fields[1]][1]:
            problems.append(Violation(fields[1], "period.order", i18n.t("chair.period.order", first=first, last=last)))
    if problems:
        raise ValidationError(problems)
    return period


def with_period(request: hits_pb2.ListHitsRequest, period: hits_pb2.TimePeriod, by: str) -> hits_pb2.ListHitsRequest:
    """`request` filtered to hits updated (by="updated") or created (by="created") in `period`."""
    if period.ListFields():
        (request.create_period if by == "created" else request.update_period).CopyFrom(period)
    return request


def fetch_hits(stub: hits_pb2_grpc.HitServiceStub, request: hits_pb2.ListHitsRequest) -> tuple[list[hits_pb2.Hit], int]:
    hits: list[hits_pb2.Hit] = []
    total = 0
    while True:
        page = stub.ListHits(request, timeout=30)
        hits.extend(page.hits)
        total = page.total_size
        if not page.next_page_token:
            return hits, total
        request.page_token = page.next_page_token


def hits_table(hits: list[hits_pb2.Hit], total: int) -> Table:
    table = Table(title=i18n.t("hits.title", total=total))
    for key in (
        "col.hit", "col.status", "col.partners", "col.signals", "col.kinds", "col.similar", "col.exploitation",
        "col.municipalities",
    ):  # fmt: skip
        table.add_column(i18n.t(key))
    for hit in hits:
        summary = hit_summary(hit)
        status = summary["status"]
        if summary["referred_to"]:
            status += " → " + summary["referred_to"]
        table.add_row(
            hit.name.removeprefix("hits/"),
            status,
            ", ".join(summary["partners"]),
            str(len(hit.signals)),
            ", ".join(kind_label(k) for k in hit.identifier_kinds),
            similar_label(summary["similar"]),
            ", ".join(summary["exploitation_types"]),
            ", ".join(summary["municipalities"]),
        )
    return table


def run_hits(cfg: ChairConfig, request: hits_pb2.ListHitsRequest, as_json: bool, console: Console) -> int:
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        hits, total = fetch_hits(hits_pb2_grpc.HitServiceStub(channel), request)
    if as_json:
        print(json.dumps({"total": total, "hits": [hit_summary(h) for h in hits]}, ensure_ascii=False))
    elif not hits:
        console.print(i18n.t("hits.none"))
    else:
        console.print(hits_table(hits, total))
    return 0


def run_hit(cfg: ChairConfig, name: str, as_json: bool, console: Console) -> int:
    name = name if name.startswith("hits/") else f"hits/{name}"
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        hit = hits_pb2_grpc.HitServiceStub(channel).GetHit(hits_pb2.GetHitRequest(name=name), timeout=10).hit
    if as_json:
        print(json.dumps(hit_summary(hit), ensure_ascii=False))
        return 0
    console.print(hits_table([hit], 1))
    links = Table(title=i18n.t("hit.links"))
    for column in ("a", "b", i18n.t("col.kinds"), i18n.t("col.similar")):
        links.add_column(column)
    for link in hit.links:
        links.add_row(
            link.signal_ref_a,
            link.signal_ref_b,
            ", ".join(kind_label(k) for k in link.kinds),
            similar_label(similar_evidence([link])),
        )
    console.print(links)
    return 0


def run_set_status(cfg: ChairConfig, name: str, status: str, referred_to: str, note: str, console: Console) -> int:
    name = name if name.startswith("hits/") else f"hits/{name}"
    request = hits_pb2.UpdateHitStatusRequest(
        name=name,
        status=enums.number(common_pb2.HitStatus, status),
        referred_to=enums.number(common_pb2.PartnerKind, referred_to),
        note=note,
    )
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        hit = hits_pb2_grpc.HitServiceStub(channel).UpdateHitStatus(request, timeout=10).hit
    console.print(hits_table([hit], 1))
    return 0


# -- disclosures ---------------------------------------------------------------------------------


def _disclosure_stub(channel: grpc.Channel) -> disclosure_pb2_grpc.DisclosureServiceStub:
    return disclosure_pb2_grpc.DisclosureServiceStub(channel)


def _answer_state(value: int) -> str:
    return enums.short(disclosure_pb2.AnswerState, value)


def disclosure_summary(d: disclosure_pb2.Disclosure) -> dict:
    return {
        "name": d.name,
        "hit": d.hit,
        "requester": d.requester,
        "categories": [disclosure.category_name(c) for c in d.categories if disclosure.known_category(c)],
        "purpose": d.purpose,
        "legal_basis": d.legal_basis,
        "recipients": list(d.recipients),
        "create_time": clock.from_timestamp(d.create_time),
        "expire_time": clock.from_timestamp(d.expire_time),
        "answers": [
            {
                "partner": a.partner,
                "state": _answer_state(a.state),
                "reason": a.reason,
                "decide_time": clock.from_timestamp(a.decide_time),
            }
            for a in d.answers
        ],
    }


def fetch_disclosures(
    stub: disclosure_pb2_grpc.DisclosureServiceStub, hit: str = ""
) -> list[disclosure_pb2.Disclosure]:
    found: list[disclosure_pb2.Disclosure] = []
    token = ""
    while True:
        page = stub.ListDisclosures(
            disclosure_pb2.ListDisclosuresRequest(page_size=200, page_token=token, hit=hit), timeout=30
        )
        found.extend(page.disclosures)
        token = page.next_page_token
        if not token:
            return found


def _hit_name(text: str) -> str:
    return text if text.startswith("hits/") else f"hits/{text}"


def run_request(
    cfg: ChairConfig,
    hit: str,
    categories: str,
    purpose: str,
    legal_basis: str,
    partners: str,
    as_json: bool,
    console: Console,
) -> int:
    """Ask the partners in a hit (or the ones named) to disclose these categories."""
    request = disclosure_pb2.CreateDisclosureRequest(
        hit=_hit_name(hit),
        partners=[p.strip() for p in partners.split(",") if p.strip()],
        categories=disclosure.parse_categories(categories.split(",")),
        purpose=purpose,
        legal_basis=legal_basis,
        request_id=uuid.uuid4().hex,
    )
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        created = _disclosure_stub(channel).CreateDisclosure(request, timeout=30).disclosure
    summary = disclosure_summary(created)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        _print_header(summary, console)
        for answer in summary["answers"]:
            console.print(i18n.t("chair.answer.line", partner=answer["partner"], state=answer["state"]), markup=False)
    return 0


def run_disclosures(cfg: ChairConfig, hit: str, as_json: bool, console: Console) -> int:
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        found = fetch_disclosures(_disclosure_stub(channel), _hit_name(hit) if hit else "")
    summaries = [disclosure_summary(d) for d in found]
    if as_json:
        print(json.dumps({"disclosures": summaries}, ensure_ascii=False))
        return 0
    if not summaries:
        console.print(i18n.t("chair.disclosures.none"))
        return 0
    table = Table(title=i18n.t("chair.disclosures.title"))
    for key in ("chair.col.disclosure", "col.hit", "chair.col.categories", "chair.col.answers"):
        table.add_column(i18n.t(key))
    for s in summaries:
        table.add_row(
            s["name"],
            s["hit"],
            ", ".join(s["categories"]),
            ", ".join(f"{a['partner']}: {a['state']}" for a in s["answers"]),
        )
    console.print(table)
    return 0


def open_answers(cfg: ChairConfig, d: disclosure_pb2.Disclosure, key: crypto.BoxPrivateKey) -> list[dict]:
    """Decrypt, on this machine, every approved answer sealed to this chair. Per answer: the
    summary plus "signals" (opened) or "error" (not opened: no payload for us, an unknown
    partner, or a payload not boxed by that partner's key or not fitting the request)."""
    me = f"chair/{cfg.name}"
    out = []
    for answer, summary in zip(d.answers, disclosure_summary(d)["answers"], strict=True):
        if answer.state != disclosure_pb2.ANSWER_STATE_APPROVED:
            out.append(summary)
            continue
        sealed = [s for s in answer.sealed if s.recipient == me]
        info = cfg.partners.get(answer.partner)
        if not sealed:
            summary["error"] = i18n.t("chair.answer.no_payload", recipient=me)
        elif info is None:
            summary["error"] = i18n.t("chair.answer.unknown_partner", partner=answer.partner)
        else:
            try:
                payload = disclosure.open_sealed(
                    sealed[0].ciphertext, key, crypto.box_public_from_b64(info.encryption_public_key), d, answer.partner
                )
                summary["signals"] = [
                    {"signal_ref": s.signal_ref, "fields": disclosure.signal_fields(s.signal)} for s in payload.signals
                ]
            except SignalmatchError as exc:
                summary["error"] = str(exc)
        out.append(summary)
    return out


def open_disclosure(
    cfg: ChairConfig, stub: disclosure_pb2_grpc.DisclosureServiceStub, name: str, key: crypto.BoxPrivateKey
) -> dict:
    """Fetch one disclosure, open what was sealed to this chair, and record the opening."""
    d = stub.GetDisclosure(disclosure_pb2.GetDisclosureRequest(name=name), timeout=30).disclosure
    answers = open_answers(cfg, d, key)
    opened = [a["partner"] for a in answers if "signals" in a]
    if opened:
        stub.RecordDisclosureOpened(disclosure_pb2.RecordDisclosureOpenedRequest(name=name, partners=opened), timeout=30)
    return {**disclosure_summary(d), "answers": answers}


def run_open(cfg: ChairConfig, target: str, as_json: bool, console: Console) -> int:
    """Open the disclosures of a hit ("hits/N" or N) or one disclosure ("disclosures/X") and record
    the opening at the matcher. Exit code 1 if any approved payload could not be opened."""
    from signalmatch.console.officer import print_signals

    key = crypto.load_box_private(cfg.encryption_key)
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        stub = _disclosure_stub(channel)
        if target.startswith("disclosures/"):
            names = [target]
        else:
            names = [d.name for d in fetch_disclosures(stub, _hit_name(target))]
        results = [open_disclosure(cfg, stub, name, key) for name in names]
    failed = any("error" in a for r in results for a in r["answers"])
    if as_json:
        print(json.dumps({"disclosures": results}, ensure_ascii=False))
        return 1 if failed else 0
    if not results:
        console.print(i18n.t("chair.disclosures.none"))
    for result in results:
        _print_header(result, console)
        for answer in result["answers"]:
            if "error" in answer:
                console.print(
                    i18n.t("chair.answer.failed", partner=answer["partner"], error=answer["error"]),
                    style="red",
                    markup=False,
                )
            elif answer["state"] == "refused":
                console.print(
                    i18n.t("chair.answer.reason", partner=answer["partner"], reason=answer["reason"]), markup=False
                )
            else:
                console.print(
                    i18n.t("chair.answer.line", partner=answer["partner"], state=answer["state"]), markup=False
                )
                print_signals(answer.get("signals", []), console)
    return 1 if failed else 0


def _print_header(summary: dict, console: Console) -> None:
    console.print(
        i18n.t(
            "chair.disclosure.header",
            name=summary["name"],
            hit=summary["hit"],
            categories=", ".join(summary["categories"]),
            purpose=summary["purpose"],
            legal_basis=summary["legal_basis"],
            expire_time=summary["expire_time"],
        ),
        markup=False,
    )


# -- review: possible matches ("mogelijke overeenkomsten") ---------------------------------------------


def _number(value: float, digits: int = 1, signed: bool = False) -> str:
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    if i18n.language() == "nl":
        text = text.replace(".", ",")
    return text.replace("-", "\u2212")


def explain_term(term: hits_pb2.WeightTerm) -> str:
    """ "e-mail exact +9,1", "naam 0,93 +6,2", "adres: straat en plaats gelijk +3,1", "geboortedatum
    verschilt −8,4" (English: "e-mail exact +9.1", ...)."""
    label = EVIDENCE_LABELS.get(term.evidence, {}).get(i18n.language(), term.evidence)
    if term.evidence == "prior":
        return f"{label} {_number(term.weight, signed=True)}"
    if term.exact:
        what = i18n.t("term.exact")
    elif term.differs:
        what = i18n.t("term.differs")
    elif term.agreement in AGREEMENT_LABELS:
        return f"{label}: {AGREEMENT_LABELS[term.agreement][i18n.language()]} {_number(term.weight, signed=True)}"
    else:
        what = _number(term.similarity, 2)
    return f"{label} {what} {_number(term.weight, signed=True)}"


def explain(candidate: hits_pb2.ReviewCandidate) -> str:
    """The match weight explained per piece of evidence, the prior last: "e-mail exact +9,1; persoon 0,93 +6,2"."""
    terms = [t for t in candidate.terms if t.evidence != "prior"] + [
        t for t in candidate.terms if t.evidence == "prior"
    ]
    return "; ".join(explain_term(t) for t in terms)


def candidate_summary(c: hits_pb2.ReviewCandidate) -> dict:
    return {
        "name": c.name,
        "signals": [
            {"partner": s.partner, "signal_ref": s.signal_ref, "municipality": s.metadata.municipality}
            for s in (c.signal_a, c.signal_b)
        ],
        "kinds": [enums.short(common_pb2.IdentifierKind, k) for k in c.kinds],
        "similar": [
            {"kind": enums.short(common_pb2.FuzzyKind, e.kind), "similarity": round(e.similarity, 4)} for e in c.similar
        ],
        "match_weight": round(c.match_weight, 3),
        "match_probability": round(c.match_probability, 6),
        "terms": [
            {
                "evidence": t.evidence,
                "exact": t.exact,
                "similarity": round(t.similarity, 4),
                "differs": t.differs,
                "agreement": t.agreement,
                "weight": round(t.weight, 3),
            }
            for t in c.terms
        ],  # fmt: skip
        "explanation": explain(c),
        "hits": [h for h in (c.hit_a, c.hit_b) if h],
    }


def fetch_review(stub: hits_pb2_grpc.HitServiceStub) -> hits_pb2.ListReviewCandidatesResponse:
    """Every review candidate (all pages) with the model in force."""
    first = stub.ListReviewCandidates(hits_pb2.ListReviewCandidatesRequest(page_size=200), timeout=30)
    page = first
    while page.next_page_token:
        page = stub.ListReviewCandidates(
            hits_pb2.ListReviewCandidatesRequest(page_size=200, page_token=page.next_page_token), timeout=30
        )
        first.candidates.extend(page.candidates)
    return first


def run_review(cfg: ChairConfig, as_json: bool, console: Console) -> int:
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        found = fetch_review(hits_pb2_grpc.HitServiceStub(channel))
    if as_json:
        candidates = [candidate_summary(c) for c in found.candidates]
        print(json.dumps({"total": found.total_size, "candidates": candidates}, ensure_ascii=False))
        return 0
    m = found.model
    console.print(
        i18n.t(
            "review.model",
            source=m.source,
            fit_time=clock.from_timestamp(m.fit_time) or "-",
            pairs=m.candidate_pairs,
            link=_number(m.link_probability, 4),
            review=_number(m.review_probability, 2),
        ),  # fmt: skip
        markup=False,
    )
    if not found.candidates:
        console.print(i18n.t("review.none"))
        return 0
    table = Table(title=i18n.t("review.title", total=found.total_size))
    for key in ("review.col.candidate", "review.col.signals", "review.col.probability", "review.col.why"):
        table.add_column(i18n.t(key))
    for c in found.candidates:
        signals = f"{c.signal_a.partner}/{c.signal_a.signal_ref}\n{c.signal_b.partner}/{c.signal_b.signal_ref}"
        table.add_row(c.name, signals, _number(c.match_probability, 3), explain(c))
    console.print(table)
    return 0


def run_decide(cfg: ChairConfig, name: str, confirm: bool, reason: str, console: Console) -> int:
    name = name if name.startswith("reviewCandidates/") else f"reviewCandidates/{name}"
    decision = hits_pb2.REVIEW_DECISION_CONFIRM if confirm else hits_pb2.REVIEW_DECISION_REJECT
    request = hits_pb2.DecideReviewCandidateRequest(name=name, decision=decision, reason=reason)
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        answer = hits_pb2_grpc.HitServiceStub(channel).DecideReviewCandidate(request, timeout=10)
    key = "review.decided.confirm" if confirm else "review.decided.reject"
    console.print(i18n.t(key, name=name, reason=reason, hit=answer.hit), markup=False)
    return 0
