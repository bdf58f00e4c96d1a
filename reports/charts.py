"""Small SVG charts drawn on the server, so they show on screen, in print and in the PDF alike.

Each function takes plain labels and numbers and returns safe SVG markup; no JavaScript.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#c0392b", "#2471a3", "#d68910", "#239b56", "#7d3c98", "#5d6d7e"]
FONT = "WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif"
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 24, 48


def _scale_max(values: Sequence[float]) -> float:
    peak = max([float(v) for v in values] + [0])
    if peak <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(peak))) - 1)
    return float(((int(peak) // magnitude) + 1) * magnitude)


def _axis(peak: float, title: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [f'<text x="{LEFT}" y="14" font-size="14" fill="#333">{escape(title)}</text>']
    for i in range(5):
        value = peak * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="#555">'
            f"{_short(value)}</text>"
        )
    return parts


def _short(value: float) -> str:
    if value >= 10000:
        return f"{value / 10000:g}万"
    return f"{value:g}"


def _svg(parts: list[str], label: str, height: int = HEIGHT) -> SafeString:
    body = "".join(parts)
    # Every text piece above is escaped, so the markup is safe to mark as such.
    return mark_safe(  # noqa: S308 # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(label)}" font-family="{FONT}" class="chart">{body}</svg>'
    )


def bar_chart(
    labels: Sequence[str], series: dict[str, Sequence[float | int | Decimal]], *, title: str
) -> SafeString:
    """Grouped bars: one group per label, one bar per series (a legend when there are several)."""
    values = [v for data in series.values() for v in data]
    peak = _scale_max(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = _axis(peak, title)
    group_w = plot_w / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for g, label in enumerate(labels):
        x0 = LEFT + g * group_w + group_w * 0.1
        for s, (name, data) in enumerate(series.items()):
            h = plot_h * float(data[g]) / peak
            x = x0 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(name)} {escape(label)}: '
                f"{escape(str(data[g]))}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="12" '
            f'text-anchor="middle" fill="#333">{escape(label)}</text>'
        )
    parts.extend(_legend(list(series)))
    return _svg(parts, title)


def line_chart(
    labels: Sequence[str], series: dict[str, Sequence[float | int | Decimal]], *, title: str
) -> SafeString:
    """One line per series over the labels (months, say)."""
    values = [v for data in series.values() for v in data]
    peak = _scale_max(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = _axis(peak, title)
    step = plot_w / max(len(labels) - 1, 1)
    for s, (name, data) in enumerate(series.items()):
        points = " ".join(
            f"{LEFT + i * step:.1f},{TOP + plot_h - plot_h * float(v) / peak:.1f}" for i, v in enumerate(data)
        )
        colour = PALETTE[s % len(PALETTE)]
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(name)}</title></polyline>"
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{LEFT + i * step:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="12" '
            f'text-anchor="middle" fill="#333">{escape(label)}</text>'
        )
    parts.extend(_legend(list(series)))
    return _svg(parts, title)


def _legend(names: list[str]) -> list[str]:
    if len(names) < 2:
        return []
    parts = []
    for i, name in enumerate(names):
        x = LEFT + i * 110
        y = HEIGHT - 14
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(f'<text x="{x + 14}" y="{y}" font-size="13" fill="#333">{escape(name)}</text>')
    return parts


def hbar_chart(labels: Sequence[str], values: Sequence[float | int | Decimal], *, title: str) -> SafeString:
    """Horizontal bars, one per label: for categories with long Chinese names (activity kinds, aid kinds)."""
    row_h, label_w = 26, 170
    height = TOP + row_h * max(len(labels), 1) + 8
    peak = _scale_max(values)
    plot_w = WIDTH - label_w - RIGHT - 60
    parts = [f'<text x="4" y="14" font-size="14" fill="#333">{escape(title)}</text>']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + i * row_h
        w = plot_w * float(value) / peak
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" font-size="13" text-anchor="end" fill="#333">'
            f"{escape(label)}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {escape(str(value))}</title></rect>"
        )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="13" fill="#333">'
            f"{escape(_short(float(value)))}</text>"
        )
    return _svg(parts, title, height)
