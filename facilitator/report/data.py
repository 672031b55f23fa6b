"""The report as plain JSON data: stable keys, ISO dates, no tokens or internal ids."""
from __future__ import annotations

from ..steps import KINDS
from .model import Report

FORMAT = "facilitator-report"
VERSION = 1  # bump when a key changes meaning or disappears; adding keys keeps the version


def report_json(report: Report) -> dict:
    data = {
        "format": FORMAT,
        "version": VERSION,
        "title": report.title,
        "date": report.date,
        "language": report.language,
        "code": report.code,
        "generated_at": report.generated_at.isoformat(),
        "sectors": list(report.sectors),
        "attendance": {
            "total": report.attendance.total,
            "by_sector": [{"sector": s, "participants": n} for s, n in report.attendance.by_sector],
        },
        "statements": [
            {
                "position": s.position,
                "text": s.text,
                "status": s.status,
                "tally": s.tally.as_dict(),
                "comments": [{"text": c.text, "sector": c.sector, "choice": c.choice} for c in s.comments],
            }
            for s in report.statements
        ],
        "votes": [
            {"participant_number": v.participant_number, "sector": v.sector,
             "statement_position": v.statement_position, "choice": v.choice}
            for v in report.votes
        ],
    }
    # Each kind's keys, also when the session has no step of it (an empty list, not a missing key).
    for name, kind in KINDS.items():
        if kind.report_json:
            data.update(kind.report_json(report.section(name)))
    data["agenda"] = [{"kind": item.kind, "title": item.title} for item in report.agenda]
    return data
