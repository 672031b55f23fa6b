"""What each screen shows, built from the store in one read: the `state` payloads of docs/protocol.md.

`now` comes from the caller (the injected clock, Services.clock): countdowns and "seen 3 s ago"
then follow a test's clock, and no snapshot reads the wall clock itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .domain.limits import SCREEN_FORGOTTEN
from .domain.model import Agenda, Participant
from .steps import KINDS
from .store.queries import Queries


def projector_path(code: str, key: str) -> str:
    """The projector's link carries its own key: the join code alone must not show the results."""
    return f"/p/{code}?key={key}"


@dataclass(frozen=True)
class Links:
    """Addresses the screens show; join_url must work from a phone, so it uses the public base URL."""

    public_url: str

    def join_url(self, code: str) -> str:
        return f"{self.public_url}/j/{code}"

    def moderator_url(self, code: str, key: str) -> str:
        return f"{self.public_url}/m/{code}?key={key}"

    def projector_url(self, code: str, key: str) -> str:
        return f"{self.public_url}{projector_path(code, key)}"

    def for_screens(self, code: str) -> dict:
        return {"join_url": self.join_url(code), "qr_svg_url": f"/qr/{code}.svg"}

    def for_moderator(self, code: str, projector_key: str) -> dict:
        return {**self.for_screens(code), "projector_url": projector_path(code, projector_key),
                "report_url": f"/r/{code}/report.html", "results_csv_url": f"/r/{code}/results.csv",
                "data_json_url": f"/r/{code}/data.json"}


def state_for(q: Queries, role: str, session_id: int, links: Links, *, now: datetime,
              problems: list[str] = (), me: Participant | None = None) -> dict:
    """The `state` of one role: the first one a connection gets and every update after it."""
    if role == "participant":
        return participant_state(q, session_id, me, now=now)
    if role == "projector":
        return projector_state(q, session_id, links, now=now)
    return moderator_state(q, session_id, links, problems, now=now)


def participant_state(q: Queries, session_id: int, me: Participant | None = None, *, now: datetime) -> dict:
    """A phone's state; with `me`, what is its own (its votes, its group ...), as each kind adds it."""
    agenda = q.agenda(session_id)
    state = {"role": "participant", **_common(q, agenda, now)}
    if me is not None:
        state["me"] = {"number": me.number, "sector": me.sector, "name": me.name}
    return _with_parts("participant", q, agenda, state, now, me)


def projector_state(q: Queries, session_id: int, links: Links, *, now: datetime) -> dict:
    agenda = q.agenda(session_id)
    state = {"role": "projector", **_common(q, agenda, now), **_live(q, agenda, links.for_screens(agenda.session.code))}
    return _with_parts("projector", q, agenda, state, now)


def moderator_state(q: Queries, session_id: int, links: Links, problems: list[str], *, now: datetime) -> dict:
    agenda = q.agenda(session_id)
    rows = {name: kind.agenda_rows(q, agenda) for name, kind in KINDS.items() if kind.agenda_rows}
    agenda_rows = [{"index": index, "kind": step.kind, **rows.get(step.kind, {}).get(step.item_id, {})}
                   for index, step in enumerate(agenda.steps())]
    state = {"role": "moderator", **_common(q, agenda, now),
             **_live(q, agenda, links.for_moderator(agenda.session.code, q.projector_key(session_id))),
             "agenda": agenda_rows,
             "screens": _screens(q, session_id, now),
             "problems": list(problems)}
    return _with_parts("moderator", q, agenda, state, now)


def _with_parts(role: str, q: Queries, agenda: Agenda, state: dict, now: datetime,
                me: Participant | None = None) -> dict:
    """Every kind adds what it shows this role (the statements their votes, a breakout its groups ...)."""
    for kind in KINDS.values():
        if kind.parts:
            kind.parts(role, q, agenda, state, now=now, me=me)
    return state


def _screens(q: Queries, session_id: int, now: datetime) -> list[dict]:
    """The projector screens heard from lately, each with how many seconds ago; the control panel
    counts those that are still talking and warns about a silent one (a frozen tab cannot send)."""
    ages = [now - seen for seen in q.screens_seen(session_id)]
    return [{"seen_ago": round(max(0.0, age.total_seconds()), 1)} for age in ages if age < SCREEN_FORGOTTEN]


def _common(q: Queries, agenda: Agenda, now: datetime) -> dict:
    session = agenda.session
    steps = agenda.steps()
    step = {"kind": session.step.kind, "index": steps.index(session.step) if session.step in steps else 0,
            "count": len(steps)}
    kind = KINDS.get(session.step.kind)
    if kind is not None and kind.step_view and session.step in steps:
        step[session.step.kind] = kind.step_view(q, agenda, session.step.item_id, now)
    return {"session": {"code": session.code, "title": session.title, "date": session.date,
                        "language": session.language, "status": session.status.value,
                        "sectors": list(session.sectors)},
            "step": step}


def _live(q: Queries, agenda: Agenda, links: dict) -> dict:
    attendance = q.attendance(agenda.session.id)
    sectors = list(agenda.session.sectors) + sorted(set(attendance) - set(agenda.session.sectors))
    return {"links": links,
            "attendance": {"total": sum(attendance.values()),
                           "by_sector": [{"sector": s, "count": attendance.get(s, 0)} for s in sectors]}}
