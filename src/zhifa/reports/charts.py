"""Charts as inline SVG written here: no script, no CDN, no font file; readable on a phone.

Each chart is drawn from the same ``(label, value)`` rows the page also prints as a table
(UI.md: every chart has its numbers as a table). Colours are fills and strokes given as SVG
attributes, never inline styles, so the page's Content-Security-Policy stays strict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

PALETTE = ("#1f5fa8", "#c0392b", "#2e8b57", "#b7791f", "#6b46c1", "#2c7a7b", "#9b2c2c", "#4a5568")
_BAR_HEIGHT = 22
_GAP = 10
_LABEL_W = 190
_WIDTH = 560


def _fmt(n: int) -> str:
    return f"{n:,}"


def bar_svg(title: str, rows: Sequence[Sequence[object]], *, chart_id: str) -> str:
    """Horizontal bars, one per row (label, count); zero rows are drawn as an empty bar."""
    items = [(str(r[0]), int(str(r[1]))) for r in rows]
    top = max((v for _, v in items), default=0)
    height = max(1, len(items)) * (_BAR_HEIGHT + _GAP) + _GAP
    room = _WIDTH - _LABEL_W - 70
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-t"'
        f' viewBox="0 0 {_WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
    ]
    if not items:
        parts.append(f'<text x="0" y="{_BAR_HEIGHT}" font-size="14" fill="#555">无数据</text>')
    for i, (label, value) in enumerate(items):
        y = _GAP + i * (_BAR_HEIGHT + _GAP)
        w = max(2, round(room * value / top)) if value and top else 0
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 16}" font-size="13" text-anchor="end"'
            f' fill="#222">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{_LABEL_W}" y="{y}" width="{room}" height="{_BAR_HEIGHT}" fill="#eef2f7"/>'
        )
        if w:
            parts.append(
                f'<rect x="{_LABEL_W}" y="{y}" width="{w}" height="{_BAR_HEIGHT}"'
                f' fill="{PALETTE[i % len(PALETTE)]}"/>'
            )
        parts.append(
            f'<text x="{_LABEL_W + w + 6}" y="{y + 16}" font-size="13" fill="#222">'
            f"{_fmt(value)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def pie_svg(title: str, rows: Sequence[Sequence[object]], *, chart_id: str) -> str:
    """A ring divided among the rows with a legend; an all-zero set draws a grey ring."""
    items = [(str(r[0]), int(str(r[1]))) for r in rows if int(str(r[1])) > 0]
    total = sum(v for _, v in items)
    size, r, cx, cy = 200, 80, 100, 100
    legend_h = max(1, len(items)) * 22 + 10
    height = max(size, legend_h)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-t"'
        f' viewBox="0 0 {_WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
    ]
    if total == 0:
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="#d5dbe3" stroke-width="36"/>'
        )
        parts.append(
            f'<text x="{cx}" y="{cy + 5}" font-size="14" text-anchor="middle" fill="#555">无数据</text>'
        )
    angle = -math.pi / 2
    for i, (label, value) in enumerate(items):
        colour = PALETTE[i % len(PALETTE)]
        if value == total:
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{colour}" stroke-width="36"/>'
            )
        else:
            sweep = 2 * math.pi * value / total
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(angle + sweep), cy + r * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            parts.append(
                f'<path d="M{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f}"'
                f' fill="none" stroke="{colour}" stroke-width="36"/>'
            )
            angle += sweep
        ly = 14 + i * 22
        share = round(100 * value / total)
        parts.append(f'<rect x="230" y="{ly}" width="14" height="14" fill="{colour}"/>')
        parts.append(
            f'<text x="252" y="{ly + 12}" font-size="13" fill="#222">'
            f"{escape(label)}：{_fmt(value)}（{share}%）</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
