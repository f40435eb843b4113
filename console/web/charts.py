"""Bar charts as geometry for server-rendered inline SVG (pure: numbers in, shapes out).

The console's Content-Security-Policy allows no scripts and no style attributes, so a chart is
drawn by the template from the shapes computed here with SVG presentation attributes only
(templates/officer/audit_chart.html). Two kinds:

- :func:`bar_chart`: vertical bars, one group per category, one bar per series (months,
  partners, legal bases), with a y axis of round ticks and a legend;
- :func:`hbar_chart`: horizontal bars for one series with long category names (actions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Colours of style.css (accent, ok, warning, similar, bad, muted): readable on white and in print.
PALETTE = ("#1d4f91", "#1d7a3a", "#b7791f", "#7a4cc2", "#b3261e", "#5b6570")
CHAR_WIDTH = 7.0  # average width of a 12px system-ui character, for fitting labels
MAX_CATEGORY_CHARS = 40
MAX_BAR_WIDTH = 44.0  # a single category must not become one slab across the chart


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str  # tooltip: "<category> · <series>: <value>"


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor
    muted: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Swatch:
    x: float
    y: float
    size: float
    fill: str


@dataclass(frozen=True)
class Chart:
    title: str  # the accessible name (aria-label)
    width: int
    height: int
    bars: tuple[Bar, ...]
    texts: tuple[Text, ...]
    grid: tuple[Line, ...]
    swatches: tuple[Swatch, ...]  # legend colours; their labels are in texts
    empty: bool  # every value is 0: the template says so instead of drawing an empty axis


def nice_scale(maximum: float, ticks: int = 4) -> tuple[float, float]:
    """(top of the axis, step between ticks): a round step (1, 2 or 5 x 10^n, at least 1) so that
    about `ticks` steps cover `maximum`."""
    if maximum <= 0:
        return 1.0, 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)
    return math.ceil(maximum / step) * step, step


def fit(text: str, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` pixels (at least one character)."""
    chars = max(1, int(width // CHAR_WIDTH))
    return text if len(text) <= chars else text[: max(1, chars - 1)] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    width: int = 1100,
    height: int = 260,
) -> Chart:
    """Grouped vertical bars: for each category one bar per series, on a shared y axis from 0."""
    if any(len(s.values) != len(categories) for s in series):
        raise ValueError("every series needs one value per category")
    left, right, top, bottom = 44.0, 12.0, 34.0 if len(series) > 1 else 14.0, 30.0
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, step = nice_scale(max((v for s in series for v in s.values), default=0))

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / axis_top

    grid: list[Line] = []
    texts: list[Text] = []
    ticks = int(round(axis_top / step))
    for i in range(ticks + 1):
        y = y_of(i * step)
        grid.append(Line(left, y, left + plot_w, y))
        texts.append(Text(left - 6, y + 4, _number(i * step), anchor="end", muted=True))

    bars: list[Bar] = []
    slot = plot_w / max(1, len(categories))
    bar_w = min(slot * 0.76 / max(1, len(series)), MAX_BAR_WIDTH)
    group = bar_w * len(series)
    for c, category in enumerate(categories):
        x0 = left + c * slot + (slot - group) / 2
        for s, item in enumerate(series):
            value = item.values[c]
            y = y_of(value)
            bars.append(
                Bar(
                    x=round(x0 + s * bar_w, 2),
                    y=round(y, 2),
                    width=round(max(1.0, bar_w - 1), 2),
                    height=round(top + plot_h - y, 2),
                    fill=PALETTE[s % len(PALETTE)],
                    title=f"{category} · {item.label}: {_number(value)}",
                )
            )
        texts.append(Text(left + c * slot + slot / 2, height - bottom + 16, fit(category, slot - 4)))

    swatches: list[Swatch] = []
    if len(series) > 1:
        x = left
        for s, item in enumerate(series):
            swatches.append(Swatch(x, 10, 12, PALETTE[s % len(PALETTE)]))
            texts.append(Text(x + 17, 20, item.label, anchor="start"))
            x += 17 + len(item.label) * CHAR_WIDTH + 18
    empty = not any(v for s in series for v in s.values)
    return Chart(title, width, height, tuple(bars), tuple(texts), tuple(grid), tuple(swatches), empty)


def hbar_chart(
    title: str, categories: Sequence[str], values: Sequence[float], *, width: int = 1100, row: int = 24
) -> Chart:
    """Horizontal bars for one series, a row per category, its value written after the bar."""
    if len(values) != len(categories):
        raise ValueError("one value per category")
    longest = max((len(c) for c in categories), default=0)
    left = 12 + min(longest, MAX_CATEGORY_CHARS) * CHAR_WIDTH
    right, top = 56.0, 8.0
    plot_w = width - left - right
    height = int(top * 2 + row * max(1, len(categories)))
    axis_top, _ = nice_scale(max(values, default=0))
    bars: list[Bar] = []
    texts: list[Text] = []
    for i, (category, value) in enumerate(zip(categories, values, strict=True)):
        y = top + i * row
        length = plot_w * value / axis_top
        bars.append(Bar(left, y + 4, round(length, 2), row - 8, PALETTE[0], f"{category}: {_number(value)}"))
        texts.append(Text(left - 8, y + row / 2 + 4, fit(category, left - 12), anchor="end"))
        texts.append(Text(left + length + 6, y + row / 2 + 4, _number(value), anchor="start", muted=True))
    grid = (Line(left, top, left, height - top),)
    return Chart(title, width, height, tuple(bars), tuple(texts), grid, (), not any(values))
