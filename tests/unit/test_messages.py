"""End-user texts live in one catalogue per package (<package>/messages.py), registered when the
package is imported; logic modules hold none, and every text they show is registered."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

from signalmatch import i18n

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "signalmatch": "signalmatch",
    "signalmatch.cli": "cli",
    "signalmatch.node": "node",
    "signalmatch.matcher": "matcher",
    "signalmatch.keyholder": "keyholder",
    "signalmatch.audit": "audit",
    "signalmatch.console": "console",
    "signalmatch.console.web": "console/web",
    "signalmatch.deploy": "deploy",
    "signalmatch.synthetic": "synthetic",
}


def _sources() -> list[Path]:
    return [p for folder in PACKAGES.values() for p in sorted((ROOT / folder).glob("*.py"))]


def _calls(path: Path, name: str) -> list[ast.Call]:
    """Calls of i18n.<name>(...) or a bare <name>(...) in `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr == name and getattr(func.value, "id", "") == "i18n") or (
                isinstance(func, ast.Name) and func.id == name
            ):
                found.append(node)
    return found


def _registers(path: Path) -> bool:
    return any(call.args and isinstance(call.args[0], ast.Dict) for call in _calls(path, "register"))


def test_only_the_catalogues_register_texts():
    registering = {str(p.relative_to(ROOT)) for p in _sources() if p.name != "messages.py" and _registers(p)}
    assert registering == set()
    for folder in PACKAGES.values():
        assert (ROOT / folder / "messages.py").is_file(), folder


def test_every_text_shown_is_registered():
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__, package + "."):
            if not info.name.endswith((".v1", ".__main__")):
                importlib.import_module(info.name)
    missing = [
        f"{p.relative_to(ROOT)}:{call.lineno}: {call.args[0].value}"
        for p in _sources()
        for call in _calls(p, "t")
        if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
        if call.args[0].value not in i18n._catalog
    ]
    assert missing == []
