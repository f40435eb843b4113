"""Command-line console for the table's chair: review hits at the matcher (chair certificate)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from signalmatch import i18n, transport
from signalmatch.config import ChairConfig
from signalmatch.v1 import common_pb2, hits_pb2, hits_pb2_grpc

i18n.register(
    {
        "hits.title": {"nl": "Hits ({total} in totaal)", "en": "Hits ({total} in all)"},
        "hits.none": {"nl": "Geen hits gevonden.", "en": "No hits found."},
        "col.hit": {"nl": "hit", "en": "hit"},
        "col.status": {"nl": "status", "en": "status"},
        "col.partners": {"nl": "partners", "en": "partners"},
        "col.signals": {"nl": "signalen", "en": "signals"},
        "col.kinds": {"nl": "overeenkomst op", "en": "matched on"},
        "col.exploitation": {"nl": "uitbuiting", "en": "exploitation"},
        "col.municipalities": {"nl": "gemeenten", "en": "municipalities"},
        "col.updated": {"nl": "bijgewerkt", "en": "updated"},
        "hit.links": {"nl": "Bewijs (koppelingen)", "en": "Evidence (links)"},
        "hit.referred": {"nl": "doorgeleid naar {target}", "en": "referred to {target}"},
    }
)

KIND_LABELS = {
    "bsn": {"nl": "BSN", "en": "BSN"},
    "phone": {"nl": "telefoon", "en": "phone"},
    "email": {"nl": "e-mail", "en": "e-mail"},
    "address": {"nl": "adres", "en": "address"},
    "kenteken": {"nl": "kenteken", "en": "licence plate"},
    "kvk": {"nl": "KvK", "en": "KvK"},
    "iban": {"nl": "IBAN", "en": "IBAN"},
    "url": {"nl": "advertentie", "en": "advert"},
    "name_dob": {"nl": "naam + geboortedatum", "en": "name + date of birth"},
}


def _short(enum_type, prefix: str, value: int) -> str:
    return enum_type.Name(value).removeprefix(prefix).lower() if value else ""


def kind_label(value: int) -> str:
    return KIND_LABELS[_short(common_pb2.IdentifierKind, "IDENTIFIER_KIND_", value)][i18n.language()]


def hit_summary(hit: hits_pb2.Hit) -> dict:
    """A hit as plain data for tables and --json (no token values exist on this side at all)."""
    return {
        "hit": hit.name,
        "status": _short(common_pb2.HitStatus, "HIT_STATUS_", hit.status),
        "referred_to": _short(common_pb2.PartnerKind, "PARTNER_KIND_", hit.referred_to),
        "partners": list(hit.partners),
        "signals": [{"partner": s.partner, "signal_ref": s.signal_ref} for s in hit.signals],
        "identifier_kinds": [_short(common_pb2.IdentifierKind, "IDENTIFIER_KIND_", k) for k in hit.identifier_kinds],
        "exploitation_types": sorted(
            {_short(common_pb2.ExploitationType, "EXPLOITATION_TYPE_", e) for s in hit.signals for e in s.metadata.exploitation_types}
        ),
        "municipalities": sorted({s.metadata.municipality for s in hit.signals}),
        "links": [
            {
                "a": link.signal_ref_a,
                "b": link.signal_ref_b,
                "kinds": [_short(common_pb2.IdentifierKind, "IDENTIFIER_KIND_", k) for k in link.kinds],
            }
            for link in hit.links
        ],
        "update_time": hit.update_time.ToJsonString(),
    }


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
    for key in ("col.hit", "col.status", "col.partners", "col.signals", "col.kinds", "col.exploitation", "col.municipalities"):
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
    for column in ("a", "b", i18n.t("col.kinds")):
        links.add_column(column)
    for link in hit.links:
        links.add_row(link.signal_ref_a, link.signal_ref_b, ", ".join(kind_label(k) for k in link.kinds))
    console.print(links)
    return 0


def run_set_status(cfg: ChairConfig, name: str, status: str, referred_to: str, note: str, console: Console) -> int:
    name = name if name.startswith("hits/") else f"hits/{name}"
    request = hits_pb2.UpdateHitStatusRequest(
        name=name,
        status=common_pb2.HitStatus.Value("HIT_STATUS_" + status.upper()),
        referred_to=common_pb2.PartnerKind.Value("PARTNER_KIND_" + referred_to.upper()) if referred_to else 0,
        note=note,
    )
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        hit = hits_pb2_grpc.HitServiceStub(channel).UpdateHitStatus(request, timeout=10).hit
    console.print(hits_table([hit], 1))
    return 0
