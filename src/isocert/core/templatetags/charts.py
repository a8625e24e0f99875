"""Server-rendered SVG charts: no script, nothing inline that the content security policy forbids.

``{% bar_chart rows title %}`` where rows are ``(label, value)`` pairs; bars are drawn with SVG
presentation attributes and each bar carries its value as text, so the chart reads without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
CHART_WIDTH = 560


@register.simple_tag
def bar_chart(
    rows: Sequence[tuple[Any, int | float]], title: str, css_class: str = ""
) -> SafeString:
    rows = list(rows)
    peak = max((float(v) for _l, v in rows), default=0.0) or 1.0
    span = CHART_WIDTH - LABEL_WIDTH - 60
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    bars = format_html_join(
        "",
        '<g><text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="chart-bar {}"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text></g>',
        (
            (
                LABEL_WIDTH - 8,
                GAP + i * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7,
                label,
                LABEL_WIDTH,
                GAP + i * (BAR_HEIGHT + GAP),
                max(2, round(span * float(value) / peak)),
                BAR_HEIGHT,
                css_class,
                LABEL_WIDTH + max(2, round(span * float(value) / peak)) + 6,
                GAP + i * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7,
                value,
            )
            for i, (label, value) in enumerate(rows)
        ),
    )
    return format_html(
        '<figure class="chart"><svg role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet">{}</svg><figcaption>{}</figcaption></figure>',
        title,
        CHART_WIDTH,
        height,
        bars,
        title,
    )
