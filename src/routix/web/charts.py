"""Server-side SVG charts for the admin dashboard (pure: a dict in, SVG text out).

``generations_chart(analytics)`` draws generations per day as stacked bars (completed, failed,
other = still running or cancelled) from the dict of ``routix.admin.analytics.analytics``::

    {"days": 30, "per_day": [{"date": "2025-11-20", "total": 5, "completed": 4, "failed": 1}, ...], ...}

The SVG is accessible on its own: ``role="img"`` with a ``<title>`` and a ``<desc>`` (the
totals), one ``<title>`` per day (a tooltip and a screen-reader label), and the page prints the
numbers as text next to it. Colours are presentation attributes (never ``style=``), so the
SVG can be inlined under the studio's strict CSP (``style-src 'self'``). Every text value is
XML-escaped. Sizes are SVG user units (px at 1:1); the ``viewBox`` lets it scale to its box.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 760, 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 16, 36
COLORS = {"completed": "#6B5DD3", "failed": "#C2334D", "other": "#B9B2EE", "grid": "#D8D4F0", "text": "#5F5F82"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def nice_ticks(maximum: float, count: int = 4) -> list[int]:
    """Evenly spaced whole-number axis ticks from 0 covering ``maximum`` (1-2-5 steps)::

        nice_ticks(0) -> [0, 1]; nice_ticks(7) -> [0, 2, 4, 6, 8]; nice_ticks(130) -> [0, 50, 100, 150]
    """
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    top = int(math.ceil(maximum / step) * step)
    return list(range(0, top + step, step))


def short_date(iso: str) -> str:
    """``"2025-11-20"`` -> ``"20 Nov"`` (the ISO text itself when it is not a date)."""
    try:
        day = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{day.day} {MONTHS[day.month - 1]}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _attrs(**values: Any) -> str:
    return " ".join(f"{key.rstrip('_').replace('_', '-')}={quoteattr(str(value))}" for key, value in values.items())


def _day_counts(row: Mapping[str, Any]) -> tuple[int, int, int, int]:
    total = int(row.get("total") or 0)
    completed = int(row.get("completed") or 0)
    failed = int(row.get("failed") or 0)
    return total, completed, failed, max(0, total - completed - failed)


def generations_chart(analytics: Mapping[str, Any], *, id_prefix: str = "gen-chart") -> str:
    """An SVG document (text) of generations per day as stacked bars.

    ``analytics``: the ``analytics()`` dict (only ``per_day`` and ``days`` are read). Days with no
    generations keep their (empty) slot, so the x axis is the calendar. ``id_prefix`` keeps the
    element ids unique when several charts are inlined in one page.
    """
    per_day = list(analytics.get("per_day") or [])
    days = int(analytics.get("days") or len(per_day))
    counts = [_day_counts(row) for row in per_day]
    total = sum(c[0] for c in counts)
    completed = sum(c[1] for c in counts)
    failed = sum(c[2] for c in counts)
    title = f"Generations per day, last {_plural(days, 'day')}"
    desc = f"{_plural(total, 'generation')}: {completed} completed, {failed} failed."
    ticks = nice_ticks(max((c[0] for c in counts), default=0))
    top = ticks[-1]
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base_y = MARGIN_TOP + plot_h

    def y_of(value: float) -> float:
        return base_y - plot_h * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'{_attrs(viewBox=f"0 0 {WIDTH} {HEIGHT}", width=WIDTH, height=HEIGHT)} '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="chart" '
        f'font-family="Inter Variable, Inter, system-ui, sans-serif" font-size="11">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>',
        # explicit: a page that inlines the SVG may style svg elements (the studio strokes icons)
        '<g stroke="none">',
        '<g class="chart-grid" aria-hidden="true">',
    ]
    for tick in ticks:
        y = round(y_of(tick), 1)
        grid_line = _attrs(x1=MARGIN_LEFT, x2=WIDTH - MARGIN_RIGHT, y1=y, y2=y, stroke=COLORS["grid"])
        parts.append(f'<line {grid_line} stroke-width="1"/>')
        parts.append(f'<text {_attrs(x=MARGIN_LEFT - 8, y=y + 4, fill=COLORS["text"])} text-anchor="end">{tick}</text>')
    parts.append("</g>")

    slot = plot_w / max(1, len(per_day))
    bar_w = max(1.0, min(28.0, slot * 0.72))
    label_every = max(1, math.ceil(len(per_day) / 10))
    parts.append('<g class="chart-bars">')
    for index, (row, (day_total, day_completed, day_failed, day_other)) in enumerate(zip(per_day, counts, strict=True)):
        x = MARGIN_LEFT + slot * index + (slot - bar_w) / 2
        label = (f"{row.get('date')}: {_plural(day_total, 'generation')}, "
                 f"{day_completed} completed, {day_failed} failed")
        parts.append(f'<g class="bar" data-date={quoteattr(str(row.get("date")))} data-total="{day_total}">'
                     f'<title>{escape(label)}</title>')
        # an invisible full-height hit area, so even an empty day has a tooltip
        hit_area = _attrs(x=round(x, 1), y=MARGIN_TOP, width=round(bar_w, 1), height=plot_h)
        parts.append(f'<rect {hit_area} fill="transparent"/>')
        stack = 0
        for name, value in (("completed", day_completed), ("failed", day_failed), ("other", day_other)):
            if value <= 0:
                continue
            y_top, y_bottom = y_of(stack + value), y_of(stack)
            segment = _attrs(x=round(x, 1), y=round(y_top, 1), width=round(bar_w, 1),
                             height=round(y_bottom - y_top, 1), fill=COLORS[name])
            parts.append(f'<rect class="bar-{name}" {segment} rx="2"/>')
            stack += value
        parts.append("</g>")
        if index % label_every == 0:
            parts.append(f'<text {_attrs(x=round(x + bar_w / 2, 1), y=base_y + 16, fill=COLORS["text"])} '
                         f'text-anchor="middle" aria-hidden="true">{escape(short_date(str(row.get("date"))))}</text>')
    parts.append("</g>")
    axis = _attrs(x1=MARGIN_LEFT, x2=WIDTH - MARGIN_RIGHT, y1=base_y, y2=base_y, stroke=COLORS["text"])
    parts.append(f'<line {axis} stroke-width="1"/>')
    parts.extend(_legend(((name, COLORS[name]) for name in ("completed", "failed", "other")), y=HEIGHT - 6))
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(items: Iterable[tuple[str, str]], *, y: float) -> list[str]:
    parts = ['<g class="chart-legend" aria-hidden="true">']
    x = float(WIDTH - MARGIN_RIGHT - 230)
    for name, color in items:
        parts.append(f'<rect {_attrs(x=x, y=y - 9, width=10, height=10, fill=color)} rx="2"/>')
        parts.append(f'<text {_attrs(x=x + 14, y=y, fill=COLORS["text"])}>{escape(name)}</text>')
        x += 80
    parts.append("</g>")
    return parts


__all__ = ["generations_chart", "nice_ticks", "short_date"]
