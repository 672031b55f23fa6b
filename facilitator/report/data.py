"""The report as plain JSON data: stable keys, ISO dates, no tokens or internal ids."""
from __future__ import annotations

from .model import BreakoutResult, Report

FORMAT = "facilitator-report"
VERSION = 1  # bump when a key changes meaning or disappears; adding keys keeps the version


def report_json(report: Report) -> dict:
    return {
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
        "breakouts": [_breakout(b) for b in report.breakouts],
        "agenda": [{"kind": item.kind, "title": item.title} for item in report.agenda],
    }


def _breakout(b: BreakoutResult) -> dict:
    return {
        "title": b.title,
        "minutes": b.minutes,
        "assignment": b.assignment,
        "categories": list(b.categories),
        "groups": [
            {
                "number": g.number,
                "name": g.name,
                "place": g.place,
                "questions": list(g.questions),
                "members": [{"participant_number": m.participant_number, "sector": m.sector} for m in g.members],
                "by_sector": [{"sector": s, "members": n} for s, n in g.by_sector],
                "reporter_number": g.reporter_number,
                # Key points are the notes with "key_point": true; supports count only for those.
                "notes": [
                    {"category": n.category, "text": n.text, "participant_number": n.participant_number,
                     "sector": n.sector, "upvotes": n.upvotes, "key_point": n.key_point, "supports": n.supports}
                    for n in g.notes
                ],
            }
            for g in b.groups
        ],
    }
