"""Layout of a hit's evidence as a small graph (pure: no I/O, no i18n).

Signals are nodes, coloured per partner; links are edges: solid for exact evidence (shared tokens,
labelled with the identifier kinds), dashed for similarity ("lijkt op", labelled with the Dice
score). A link with both kinds of evidence is drawn as two parallel edges. The result is plain
geometry that a template draws as inline SVG with presentation attributes (the console's CSP allows
no inline style or script).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, readable on white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
EXACT_COLOUR = "#1d4f91"
SIMILAR_COLOUR = "#7a4cc2"
WIDTH = 640
NODE_RADIUS = 16
CHAR_WIDTH = 6.6  # average advance of the 12px label font, to size label backgrounds
PARALLEL_OFFSET = 5.0  # half the distance between the two edges of a link with both kinds


@dataclass(frozen=True)
class GraphSignal:
    ref: str  # opaque signal reference
    partner: str
    label: str  # short text under the node


@dataclass(frozen=True)
class GraphLink:
    a: str  # signal refs
    b: str
    exact: str  # label of the exact evidence ("" for none), e.g. "telefoon, e-mail"
    similar: str  # label of the similarity evidence ("" for none), e.g. "lijkt op: persoon 0,91"


@dataclass(frozen=True)
class Node:
    ref: str
    partner: str
    x: float
    y: float
    r: float
    fill: str
    label: str
    label_y: float
    partner_y: float


@dataclass(frozen=True)
class Label:
    text: str
    x: float  # centre
    y: float  # baseline
    box_x: float
    box_y: float
    box_width: float
    box_height: float


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    x1: float
    y1: float
    x2: float
    y2: float
    similar: bool  # dashed "lijkt op" edge; solid exact edge otherwise
    stroke: str
    label: Label


@dataclass(frozen=True)
class LegendItem:
    partner: str
    fill: str


@dataclass(frozen=True)
class Graph:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[LegendItem, ...]


def partner_colours(partners: Sequence[str]) -> dict[str, str]:
    """A colour per partner, by sorted partner id (the same partner keeps its colour within a hit)."""
    return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(sorted(set(partners)))}


def _positions(count: int, width: float, height: float) -> list[tuple[float, float]]:
    """Two nodes side by side; more on a circle starting at the left, clockwise."""
    if count == 0:
        return []
    if count == 1:
        return [(width / 2, height / 2)]
    if count == 2:
        return [(width * 0.22, height / 2), (width * 0.78, height / 2)]
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 110, height / 2 - 50
    return [
        (cx - rx * math.cos(2 * math.pi * i / count), cy - ry * math.sin(2 * math.pi * i / count)) for i in range(count)
    ]


def _label(text: str, x: float, y: float) -> Label:
    width = len(text) * CHAR_WIDTH + 10
    return Label(text=text, x=x, y=y + 4, box_x=x - width / 2, box_y=y - 9, box_width=width, box_height=18)


def _edge(link: GraphLink, a: Node, b: Node, similar: bool, offset: float, label_shift: float) -> Edge:
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length * offset, dx / length * offset  # perpendicular shift for parallel edges
    mx, my = (a.x + b.x) / 2 + nx, (a.y + b.y) / 2 + ny + label_shift
    return Edge(
        a=link.a,
        b=link.b,
        x1=round(a.x + nx, 1),
        y1=round(a.y + ny, 1),
        x2=round(b.x + nx, 1),
        y2=round(b.y + ny, 1),
        similar=similar,
        stroke=SIMILAR_COLOUR if similar else EXACT_COLOUR,
        label=_label(link.similar if similar else link.exact, round(mx, 1), round(my, 1)),
    )


def layout(signals: Sequence[GraphSignal], links: Sequence[GraphLink]) -> Graph:
    """Place the signals (grouped by partner, so one partner's signals sit together) and the links
    between them. Links naming a signal that is not in `signals` are left out."""
    ordered = sorted(signals, key=lambda s: (s.partner, s.ref))
    height = 240 if len(ordered) <= 2 else 300 + 12 * max(0, len(ordered) - 4)
    colours = partner_colours([s.partner for s in ordered])
    nodes = {
        s.ref: Node(
            ref=s.ref,
            partner=s.partner,
            x=round(x, 1),
            y=round(y, 1),
            r=NODE_RADIUS,
            fill=colours[s.partner],
            label=s.label,
            label_y=round(y + NODE_RADIUS + 15, 1),
            partner_y=round(y + NODE_RADIUS + 29, 1),
        )
        for s, (x, y) in zip(ordered, _positions(len(ordered), WIDTH, height), strict=True)
    }
    edges: list[Edge] = []
    for link in links:
        a, b = nodes.get(link.a), nodes.get(link.b)
        if a is None or b is None:
            continue
        both = bool(link.exact) and bool(link.similar)
        if link.exact:
            edges.append(_edge(link, a, b, False, -PARALLEL_OFFSET if both else 0.0, -12.0 if both else 0.0))
        if link.similar:
            edges.append(_edge(link, a, b, True, PARALLEL_OFFSET if both else 0.0, 12.0 if both else 0.0))
    legend = tuple(LegendItem(partner=p, fill=c) for p, c in colours.items())
    return Graph(width=WIDTH, height=height, nodes=tuple(nodes.values()), edges=tuple(edges), legend=legend)
