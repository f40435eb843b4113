"""`signalmatch console --config <chair|node|officer config>`: pick the role's console and serve it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from signalmatch import config, i18n, logs
from signalmatch.console.web import app
from signalmatch.errors import ConfigError


def builder(path: Path) -> Callable[[], app.RoleConsole]:
    """The console builder for a config file, chosen by its role."""
    cfg = config.load_any(path)
    if isinstance(cfg, config.ChairConfig):
        from signalmatch.console.web import chair

        return lambda: chair.build(cfg)
    if isinstance(cfg, config.NodeConfig):
        from signalmatch.console.web import node

        return lambda: node.build(cfg)
    if isinstance(cfg, config.OfficerConfig):
        from signalmatch.console.web import officer

        return lambda: officer.build(cfg)
    role = "matcher" if isinstance(cfg, config.MatcherConfig) else "keyholder"
    raise ConfigError(i18n.t("web.role.unsupported", role=role))


def run_console(path: Path, port: int, idle_timeout: float, console: Console) -> int:
    build = builder(path)
    logs.set_process("console")

    def announce(url: str) -> None:
        console.print(i18n.t("web.login_link", url=url), markup=False, soft_wrap=True)

    sock, running = app.prepare(
        build, port=port, idle_timeout=idle_timeout, language=i18n.language(), announce=announce
    )
    role = running.console
    console.print(i18n.t("web.serving", title=i18n.t(role.title), who=role.identity(), url=running.url), markup=False)
    announce(running.login_url())
    app.serve_forever(sock, running)
    return 0
