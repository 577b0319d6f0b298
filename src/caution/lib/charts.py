"""Small bar charts as SVG markup, drawn on the server: no script, no chart library.

A chart repeats what a table beside it says (the table is its text equivalent, WCAG 1.1.1),
so it is an image with a title and a description that point to that table. A value hidden
by small-number suppression is drawn as no bar with its shown text ("<5") as the label, so
the picture never tells more than the table.
"""

import dataclasses
from html import escape

WIDTH = 640
HEIGHT = 260
TOP = 28
BOTTOM = 44
LEFT = 44
RIGHT = 12
BAR_COLOUR = "#1d70b8"  # GOV.UK blue: contrast 5.2:1 on white
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed, drawn without a bar
    shown: str


def _scale_top(highest: int) -> int:
    """A round number at or above the highest bar, so the axis reads 0, 5, 10..."""
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if highest <= step * 4:
            return step * 4
    return highest


def bar_chart(title: str, bars: list[Bar], *, table_id: str = "", chart_id: str = "") -> str:
    """An SVG bar chart: one bar a label (a newline in it breaks it in two), its shown value
    above it. `table_id` says a table holds the same figures, for the description."""
    highest = _scale_top(max([bar.value or 0 for bar in bars] + [1]))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(bars), 1)
    ident = escape(chart_id or "chart")
    described = "The same figures are in the table below." if table_id else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'class="caution-chart" font-family="Arial, sans-serif" font-size="12">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(described)}</desc>',
    ]
    for tick in range(5):
        value = highest * tick // 4
        y = TOP + plot_height - plot_height * tick / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{value}</text>'
        )
    for index, bar in enumerate(bars):
        centre = LEFT + slot * index + slot / 2
        height = plot_height * (bar.value or 0) / highest
        top = TOP + plot_height - height
        if height:
            width = slot * 0.6
            parts.append(
                f'<rect x="{centre - width / 2:.1f}" y="{top:.1f}" width="{width:.1f}" '
                f'height="{height:.1f}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{centre:.1f}" y="{top - 6:.1f}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(bar.shown)}</text>'
        )
        for line, words in enumerate(bar.label.split("\n")):
            parts.append(
                f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 18 + 14 * line}" '
                f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(words)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
