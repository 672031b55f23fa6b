"""What each screen shows, built from the store in one read: the `state` payloads of docs/protocol.md.

`now` comes from the caller (the injected clock, Services.clock): countdowns and "seen 3 s ago"
then follow a test's clock, and no snapshot reads the wall clock itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from .domain.limits import SCREEN_FORGOTTEN
from .domain.model import Agenda, Participant
from .steps import KINDS
from .store.queries import Queries


class SessionView(TypedDict):
    code: str
    title: str
    date: str
    language: str
    status: str
    sectors: list[str]


class StepView(TypedDict, total=False):
    """`step`: where the session is. `index` and `count` are over every step (lobby and end too);
    the step's kind adds its own part under its name while it is on screen (`step.slide`, ...)."""

    kind: str
    index: int
    count: int
    statements: int  # added by the statement kind, for "statement 3 of 10"


class State(TypedDict, total=False):
    """The `state` every role gets; each kind adds its keys (docs/protocol.md lists them per role)."""

    role: str
    session: SessionView
    step: StepView
    me: dict  # a phone's own: number, sector, name, and what each kind adds (votes, group ...)
    links: dict  # projector and panel: the addresses the screens show
    attendance: dict
    agenda: list[dict]  # panel: one row per step, {index, kind, and the kind's fields}
    screens: list[dict]
    problems: list[str]


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
              problems: list[str] = (), me: Participant | None = None) -> State:
    """The `state` of one role: the first one a connection gets and every update after it."""
    if role == "participant":
        return participant_state(q, session_id, me, now=now)
    if role == "projector":
        return projector_state(q, session_id, links, now=now)
    return moderator_state(q, session_id, links, problems, now=now)


def participant_state(q: Queries, session_id: int, me: Participant | None = None, *, now: datetime) -> State:
    """A phone's state; with `me`, what is its own (its votes, its group ...), as each kind adds it."""
    agenda = q.cached_agenda(session_id)
    state = {"role": "participant", **_common(q, agenda, now)}
    if me is not None:
        state["me"] = {"number": me.number, "sector": me.sector, "name": me.name}
    return _with_parts("participant", q, agenda, state, now, me)


def projector_state(q: Queries, session_id: int, links: Links, *, now: datetime) -> State:
    agenda = q.cached_agenda(session_id)
    state = {"role": "projector", **_common(q, agenda, now), **_live(q, agenda, links.for_screens(agenda.session.code))}
    return _with_parts("projector", q, agenda, state, now)


def moderator_state(q: Queries, session_id: int, links: Links, problems: list[str], *, now: datetime) -> State:
    agenda = q.cached_agenda(session_id)
    rows = {name: kind.agenda_rows(q, agenda) for name, kind in KINDS.items() if kind.agenda_rows}
    agenda_rows = [{"index": index, "kind": step.kind, **rows.get(step.kind, {}).get(step.item_id, {})}
                   for index, step in enumerate(agenda.steps())]
    state = {"role": "moderator", **_common(q, agenda, now),
             **_live(q, agenda, links.for_moderator(agenda.session.code, q.projector_key(session_id))),
             "agenda": agenda_rows,
             "screens": _screens(q, session_id, now),
             "problems": list(problems)}
    return _with_parts("moderator", q, agenda, state, now)


def _with_parts(role: str, q: Queries, agenda: Agenda, state: State, now: datetime,
                me: Participant | None = None) -> State:
    """Every kind adds what it shows this role (the statements their votes, group work its groups ...)."""
    for kind in KINDS.values():
        if kind.parts:
            kind.parts(role, q, agenda, state, now=now, me=me)
    return state


def _screens(q: Queries, session_id: int, now: datetime) -> list[dict]:
    """The projector screens heard from lately, each with how many seconds ago; the control panel
    counts those that are still talking and warns about a silent one (a frozen tab cannot send)."""
    ages = [now - seen for seen in q.screens_seen(session_id)]
    return [{"seen_ago": round(max(0.0, age.total_seconds()), 1)} for age in ages if age < SCREEN_FORGOTTEN]


def _common(q: Queries, agenda: Agenda, now: datetime) -> State:
    session = agenda.session
    steps = agenda.steps()
    step = StepView(kind=session.step.kind, index=steps.index(session.step) if session.step in steps else 0,
                    count=len(steps))
    kind = KINDS.get(session.step.kind)
    if kind is not None and kind.step_view and session.step in steps:
        step[session.step.kind] = kind.step_view(q, agenda, session.step.item_id, now)
    return State(session=SessionView(code=session.code, title=session.title, date=session.date,
                                     language=session.language, status=session.status.value,
                                     sectors=list(session.sectors)),
                 step=step)


def _live(q: Queries, agenda: Agenda, links: dict) -> dict:
    attendance = q.attendance(agenda.session.id)
    sectors = list(agenda.session.sectors) + sorted(set(attendance) - set(agenda.session.sectors))
    return {"links": links,
            "attendance": {"total": sum(attendance.values()),
                           "by_sector": [{"sector": s, "count": attendance.get(s, 0)} for s in sectors]}}
