"""The privacy officer's console: the audit pages (officer_audit.py) and, for a partner's officer,
the disclosure reviews and the art. 15 subject look-up at the node (officer_review.py)."""

from __future__ import annotations

from signalmatch.config import OfficerConfig
from signalmatch.console.web import officer_audit, officer_review
from signalmatch.console.web.app import RoleConsole


def build(cfg: OfficerConfig) -> RoleConsole:
    audit_nav, audit_routes = officer_audit.pages(cfg)
    review_nav, review_routes = officer_review.pages(cfg) if cfg.partner else ((), [])
    return RoleConsole(
        role="officer",
        title="web.officer.title",
        who="web.officer.who.partner" if cfg.partner else "web.officer.who.table",
        who_args={"partner": cfg.partner} if cfg.partner else {},
        home=(review_nav or audit_nav)[0].path,
        nav=(*review_nav, *audit_nav),
        routes=[*review_routes, *audit_routes],
        service="web.service.either" if cfg.partner else "web.service.matcher",
    )
