"""Facet view models: one shape for every facet, as Datasette's (value, label, count,
toggle_url, selected), plus a bar class for the date histogram.

The library counts (disjunctively) and marks selected values; this module only adds the
links, the labels and how much of a long list is shown before "Xem thêm".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from archive import FacetValue, SearchRequest
from web import strings as S
from web import urls
from web.templating import vn_date, vn_int

TOP_N = 8
BAR_STEPS = 10  # CSS classes bar-0 … bar-10 (no inline styles under our CSP)


@dataclass(frozen=True)
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str
    bar: int = 0  # 0 … BAR_STEPS, for the date histogram

    @property
    def count_text(self) -> str:
        return vn_int(self.count)


@dataclass
class FacetGroup:
    name: str  # "topic", "province", "year", "month"
    title: str
    items: list[FacetItem] = field(default_factory=list)
    top_n: int = TOP_N

    @property
    def top(self) -> list[FacetItem]:
        """The first ``top_n`` values plus every selected one (a chosen value never hides)."""
        return [it for i, it in enumerate(self.items) if i < self.top_n or it.selected]

    @property
    def more(self) -> list[FacetItem]:
        return [it for i, it in enumerate(self.items) if i >= self.top_n and not it.selected]


def _bar(count: int, peak: int) -> int:
    return 0 if peak <= 0 or count <= 0 else max(1, round(BAR_STEPS * count / peak))


def value_groups(state: SearchRequest, facets: dict[str, list[FacetValue]]) -> list[FacetGroup]:
    """The topic and province groups, largest count first (as the library orders them)."""
    out = []
    for name, title in (("topic", S.FACET_TOPIC), ("province", S.FACET_PROVINCE)):
        values = [fv for fv in facets.get(name, []) if fv.value]
        links = urls.toggles(state, name, [fv.value for fv in values])
        items = [
            FacetItem(fv.value, fv.value, fv.count, fv.selected, links[fv.value]) for fv in values
        ]
        out.append(FacetGroup(name, title, items))
    return out


def date_groups(state: SearchRequest, facets: dict[str, list[FacetValue]]) -> list[FacetGroup]:
    """The year histogram, then the month histogram once one year is chosen."""
    years = facets.get("year", [])
    peak = max((fv.count for fv in years), default=0)
    year_items = []
    for fv in years:
        y = int(fv.value)
        chosen = (state.date_from, state.date_to) == (date(y, 1, 1), date(y, 12, 31))
        year_items.append(
            FacetItem(
                fv.value, fv.value, fv.count, chosen, urls.year(state, y), _bar(fv.count, peak)
            )
        )
    groups = [FacetGroup("year", S.FACET_YEAR, year_items, top_n=10_000)]
    months = facets.get("month")
    if months:
        peak = max((fv.count for fv in months), default=0)
        items = []
        for fv in months:
            y, m = (int(p) for p in fv.value.split("-"))
            lo = date(y, m, 1)
            chosen = (
                state.date_from == lo
                and state.date_to is not None
                and ((state.date_to.year, state.date_to.month) == (y, m))
            )
            label = S.MONTH_LABEL.format(m=m, y=y)
            items.append(
                FacetItem(
                    fv.value, label, fv.count, chosen, urls.month(state, y, m), _bar(fv.count, peak)
                )
            )
        groups.append(FacetGroup("month", S.FACET_MONTH, items, top_n=10_000))
    return groups


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def chips(state: SearchRequest) -> list[Chip]:
    """One removable chip per active filter."""
    out = [Chip(f"{S.FACET_TOPIC}: {v}", urls.toggle(state, "topic", v)) for v in state.topic]
    out += [
        Chip(f"{S.FACET_PROVINCE}: {v}", urls.toggle(state, "province", v)) for v in state.province
    ]
    if state.date_from:
        out.append(
            Chip(
                S.CHIP_FROM.format(d=vn_date(state.date_from)),
                urls.dates(state, None, state.date_to),
            )
        )
    if state.date_to:
        out.append(
            Chip(
                S.CHIP_TO.format(d=vn_date(state.date_to)), urls.dates(state, state.date_from, None)
            )
        )
    if state.include_merged:
        out.append(Chip(S.CHIP_MERGED, urls.merged(state)))
    return out
