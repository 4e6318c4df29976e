"""Small SVG charts drawn on the server: nothing to load, so they work with no internet.

Each function returns an ``<svg>`` string; every mark carries ``data-label``/``data-value`` and a
``<title>`` tooltip, so a reader (or a test) can see the figure behind it.
"""

from __future__ import annotations

from html import escape

PALETTE = ("#3b6fb6", "#d9822b", "#3a9d5d", "#c23b3b", "#8a63b8", "#6b7a8f", "#b8a03a", "#2b9fa8")
FONT = 'font-family="sans-serif" font-size="12"'


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="patrol-chart" role="img" aria-label="{escape(label)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">' + "".join(body) + "</svg>")


def _empty(label: str) -> str:
    return _svg(360, 40, [f'<text x="8" y="24" {FONT} fill="#666">暂无数据</text>'], label)


def column_chart(points: list[tuple[str, float | None]], label: str, *, y_max: float | None = None,
                 suffix: str = "", line: bool = False, color: str = PALETTE[0]) -> str:
    """Vertical bars (or a line with dots) of one series over labelled points, e.g. weeks."""
    known = [(x, v) for x, v in points if v is not None]
    if not known:
        return _empty(label)
    top = y_max or max(v for _, v in known) or 1
    step = max(36, min(80, 640 // max(1, len(points))))
    left, bottom, height = 40, 24, 160
    width = left + step * len(points) + 10
    body = [f'<line x1="{left}" y1="{10 + height}" x2="{width - 5}" y2="{10 + height}" stroke="#999"/>',
            f'<text x="4" y="16" {FONT} fill="#666">{_num(top)}{escape(suffix)}</text>',
            f'<text x="4" y="{10 + height}" {FONT} fill="#666">0</text>']
    coords = []
    for i, (x, v) in enumerate(points):
        cx = left + step * i + step // 2
        body.append(f'<text x="{cx}" y="{10 + height + bottom - 6}" {FONT} text-anchor="middle" fill="#333">'
                    f'{escape(x)}</text>')
        if v is None:
            continue
        h = height * v / top if top else 0
        y = 10 + height - h
        tip = f"<title>{escape(x)}：{_num(v)}{escape(suffix)}</title>"
        attrs = f'class="mark" data-label="{escape(x)}" data-value="{_num(v)}"'
        if line:
            coords.append(f"{cx},{y:.1f}")
            body.append(f'<circle {attrs} cx="{cx}" cy="{y:.1f}" r="4" fill="{color}">{tip}</circle>')
        else:
            body.append(f'<rect {attrs} x="{cx - step * 0.3:.1f}" y="{y:.1f}" width="{step * 0.6:.1f}" '
                        f'height="{h:.1f}" fill="{color}">{tip}</rect>')
        body.append(f'<text x="{cx}" y="{y - 4:.1f}" {FONT} text-anchor="middle" fill="#333">'
                    f'{_num(v)}{escape(suffix)}</text>')
    if line and len(coords) > 1:
        body.insert(3, f'<polyline points="{" ".join(coords)}" fill="none" stroke="{color}" stroke-width="2"/>')
    return _svg(width, 10 + height + bottom, body, label)


def stacked_bars(rows: list[tuple[str, dict[str, int]]], label: str) -> str:
    """Horizontal bars, one per row (a unit), split by key (a rule family), with a legend."""
    rows = [(name, parts) for name, parts in rows if sum(parts.values())]
    if not rows:
        return _empty(label)
    keys = list(dict.fromkeys(k for _, parts in rows for k in parts))
    colors = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    top = max(sum(parts.values()) for _, parts in rows)
    left, bar, gap, span = 170, 18, 8, 420
    legend_y = 10 + len(rows) * (bar + gap) + 8
    body = []
    for i, (name, parts) in enumerate(rows):
        y = 10 + i * (bar + gap)
        body.append(f'<text x="{left - 6}" y="{y + 13}" {FONT} text-anchor="end" fill="#333">{escape(name)}</text>')
        x = float(left)
        for key in keys:
            n = parts.get(key, 0)
            if not n:
                continue
            w = span * n / top
            body.append(f'<rect class="mark" data-label="{escape(name)}·{escape(key)}" data-value="{n}" '
                        f'x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colors[key]}">'
                        f"<title>{escape(name)}·{escape(key)}：{n}</title></rect>")
            x += w
        body.append(f'<text x="{x + 4:.1f}" y="{y + 13}" {FONT} fill="#333">{sum(parts.values())}</text>')
    for i, key in enumerate(keys):
        lx = 10 + (i % 4) * 150
        ly = legend_y + (i // 4) * 18
        body.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colors[key]}"/>'
                    f'<text x="{lx + 16}" y="{ly + 11}" {FONT} fill="#333">{escape(key)}</text>')
    height = legend_y + ((len(keys) + 3) // 4) * 18 + 6
    return _svg(left + span + 50, height, body, label)


def window_bars(rows: list[tuple[str, int | None, int | None]], label: str) -> str:
    """Per column: days since its newest entry as a bar, its window as a tick; red past the window."""
    rows = [r for r in rows if r[1] is not None or r[2] is not None]
    if not rows:
        return _empty(label)
    top = max(max(d or 0, w or 0) for _, d, w in rows) or 1
    left, bar, gap, span = 170, 16, 8, 420
    body = []
    for i, (name, days, window) in enumerate(rows):
        y = 10 + i * (bar + gap)
        body.append(f'<text x="{left - 6}" y="{y + 12}" {FONT} text-anchor="end" fill="#333">{escape(name)}</text>')
        if days is not None:
            late = window is not None and days > window
            color = PALETTE[3] if late else PALETTE[2]
            w = span * days / top
            limit = f"，时限{window}天" if window is not None else "，不限时"
            body.append(f'<rect class="mark" data-label="{escape(name)}" data-value="{days}" '
                        f'data-window="{window if window is not None else ""}" x="{left}" y="{y}" '
                        f'width="{max(w, 1):.1f}" height="{bar}" fill="{color}">'
                        f"<title>{escape(name)}：距今{days}天{limit}</title></rect>")
            body.append(f'<text x="{left + max(w, 1) + 4:.1f}" y="{y + 12}" {FONT} fill="#333">{days}天</text>')
        if window is not None:
            wx = left + span * window / top
            body.append(f'<line class="window" x1="{wx:.1f}" y1="{y - 2}" x2="{wx:.1f}" y2="{y + bar + 2}" '
                        f'stroke="#222" stroke-width="2"/>')
    height = 10 + len(rows) * (bar + gap) + 24
    legend = "条形：距最新信息天数（红色为超期）；竖线：更新时限"
    body.append(f'<text x="{left}" y="{height - 6}" {FONT} fill="#666">{legend}</text>')
    return _svg(left + span + 70, height, body, label)
