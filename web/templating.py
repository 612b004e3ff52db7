"""Jinja set-up: the strings module, the URL builder and the Vietnamese formatting filters."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import Flask

from web import strings, urls


def vn_date(value: str | date | datetime | None) -> str:
    """Format a date as 20/02/2024 (and a datetime with its time, when it has one).

    >>> vn_date("2024-02-20"), vn_date(None)
    ('20/02/2024', 'Không rõ ngày')
    """
    if value is None or value == "":
        return strings.NO_DATE
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, datetime) and (value.hour or value.minute):
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text


def vn_int(value: int) -> str:
    """Group thousands with dots, as Vietnamese does: 12.345."""
    return f"{value:,}".replace(",", ".")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str | None) -> str:
    """Drop characters XML 1.0 cannot carry (Atom would be invalid with them)."""
    return _NOT_XML.sub("", value or "")


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(S=strings, urls=urls)
    app.jinja_env.filters.update(vn_date=vn_date, vn_int=vn_int, xml_text=xml_text)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
