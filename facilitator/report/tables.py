"""The report as CSV tables, for spreadsheets and for analysis scripts.

Headers are stable keys (the same in every language) so scripts keep working whatever the session's
language; choices are keys too ("agree"), not labels. Only the overall group's name is translated.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from ..domain.model import CHOICES
from .model import Report

# Excel reads a CSV without a byte-order mark in the local ANSI code page, which garbles Dutch
# text ("één" becomes "Ã©Ã©n"); with the BOM it reads UTF-8. Other tools skip the BOM.
BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Gettext = Callable[[str], str]


def neutralise(value: object) -> str:
    """Prefix a quote so user text like =HYPERLINK(...) shows as text instead of running."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(header: Iterable[str], rows: Iterable[Iterable[object]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)  # quotes fields with delimiters, quotes or newlines
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return BOM + out.getvalue()


def _pct(share: float) -> float:
    return round(share * 100, 1)


def results_csv(report: Report, gettext: Gettext = str, delimiter: str = ",") -> str:
    """One row per statement and group: all participants first ("All"), then each sector."""
    header = ["statement_position", "statement_text", "group_kind", "group", *CHOICES,
              "total", "opinions", "agree_pct", "disagree_pct"]
    rows = []
    for s in report.statements:
        groups = [("all", gettext("All"), s.tally.overall)]
        groups += [("sector", sector, dist) for sector, dist in s.tally.by_sector.items()]
        for kind, name, dist in groups:
            rows.append([s.position, s.text, kind, name, *(dist.counts[c] for c in CHOICES), dist.total,
                         dist.opinions, _pct(dist.agree_share), _pct(dist.disagree_share)])
    return as_csv(header, rows, delimiter)


def attendance_csv(report: Report, gettext: Gettext = str, delimiter: str = ",") -> str:
    rows = [["sector", sector, count] for sector, count in report.attendance.by_sector]
    rows.append(["all", gettext("All"), report.attendance.total])
    return as_csv(["group_kind", "group", "participants"], rows, delimiter)


def comments_csv(report: Report, delimiter: str = ",") -> str:
    """Approved comments only; choice is the author's vote on the statement, empty if none."""
    rows = [[s.position, s.text, c.sector, c.choice or "", c.text] for s in report.statements for c in s.comments]
    return as_csv(["statement_position", "statement_text", "sector", "choice", "comment"], rows, delimiter)


def votes_csv(report: Report, delimiter: str = ",") -> str:
    """Raw votes by pseudonymous participant number, for analysis beyond the report."""
    rows = [[v.participant_number, v.sector, v.statement_position, v.choice] for v in report.votes]
    return as_csv(["participant_number", "sector", "statement_position", "choice"], rows, delimiter)


__all__ = ["results_csv", "attendance_csv", "comments_csv", "votes_csv", "as_csv", "neutralise"]
