"""What each screen shows, built from the store in one read: the `state` payloads of docs/protocol.md.

`now` comes from the caller (the injected clock, Services.clock): countdowns and "seen 3 s ago"
then follow a test's clock, and no snapshot reads the wall clock itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import group_snapshots
from .domain.limits import SCREEN_FORGOTTEN
from .domain.model import Agenda, Participant, StatementStatus
from .domain.tally import build_tally
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
    """A phone's state; with `me`, its own votes, comments and (in a breakout) group and board."""
    agenda = q.cached_agenda(session_id)
    state = {"role": "participant", **_common(q, agenda, now)}
    if me is not None:
        comments = q.comments_of(me.id)
        state["me"] = {
            "number": me.number, "sector": me.sector, "name": me.name,
            "votes": {str(sid): choice for sid, choice in q.votes_of(me.id).items()},
            "comments": {str(sid): {"text": c.text, "status": c.status.value} for sid, c in comments.items()},
        }
    current = agenda.current_statement()
    if current is not None and current.status is StatementStatus.REVEALED and agenda.session.phone_results:
        # The same figures as the projector, without the comments: those are read on the big screen.
        state["result"] = build_tally(q.tally_rows(current.id), agenda.session.sectors).as_dict()
    breakout = agenda.current_breakout()
    if breakout is not None:
        state["report"] = group_snapshots.report(q, breakout)
        if me is not None:
            part = group_snapshots.participant_part(q, breakout, me)
            state["me"].update(group=part["group"], supports=part["supports"])
            state["board"] = part["board"]
    return state


def projector_state(q: Queries, session_id: int, links: Links, *, now: datetime) -> dict:
    agenda = q.cached_agenda(session_id)
    current = agenda.current_statement()
    revealed = current is not None and current.status is StatementStatus.REVEALED
    state = {"role": "projector", **_common(q, agenda, now), **_live(q, agenda, links.for_screens(agenda.session.code)),
             "result": _result(q, agenda) if revealed else None}
    breakout = agenda.current_breakout()
    if breakout is not None:
        state.update(groups=group_snapshots.projector_groups(q, breakout, agenda.session.sectors),
                     report=group_snapshots.report(q, breakout))
    return state


def moderator_state(q: Queries, session_id: int, links: Links, problems: list[str], *, now: datetime) -> dict:
    agenda = q.cached_agenda(session_id)
    counts = q.vote_counts(session_id)
    current = agenda.current_statement()
    agenda_rows = []
    for index, step in enumerate(agenda.steps()):
        row = {"index": index, "kind": step.kind}
        if step.kind == "statement":
            statement = agenda.statement(step.item_id)
            # The deck's note ("Vraag door: ...") is for the moderator alone: only this row carries it.
            row.update(statement={**_statement(statement), "note": statement.note or ""},
                       votes=counts.get(statement.id, 0))
        elif step.kind == "breakout":
            breakout = agenda.breakout(step.item_id)
            row.update(breakout={"id": breakout.id, "title": breakout.title, "status": breakout.status.value})
        agenda_rows.append(row)
    state = {"role": "moderator", **_common(q, agenda, now),
             **_live(q, agenda, links.for_moderator(agenda.session.code, q.projector_key(session_id))),
             "result": _result(q, agenda) if current else None,
             "agenda": agenda_rows,
             "comments": q.comments_with_authors(current.id) if current else [],
             "screens": _screens(q, session_id, now),
             "problems": list(problems)}
    breakout = agenda.current_breakout()
    if breakout is not None:
        groups, unassigned = group_snapshots.moderator_groups(q, breakout, agenda.session.sectors, now,
                                                              q.participants(session_id))
        state.update(groups=groups, unassigned=unassigned, report=group_snapshots.report(q, breakout))
    return state


def _screens(q: Queries, session_id: int, now: datetime) -> list[dict]:
    """The projector screens heard from lately, each with how many seconds ago; the control panel
    counts those that are still talking and warns about a silent one (a frozen tab cannot send)."""
    ages = [now - seen for seen in q.screens_seen(session_id)]
    return [{"seen_ago": round(max(0.0, age.total_seconds()), 1)} for age in ages if age < SCREEN_FORGOTTEN]


def _common(q: Queries, agenda: Agenda, now: datetime) -> dict:
    session = agenda.session
    steps = agenda.steps()
    # "Statement 1 of 10" counts statements only; `count` (every step) is for the agenda's buttons.
    step = {"kind": session.step.kind, "index": steps.index(session.step) if session.step in steps else 0,
            "count": len(steps), "statements": len(agenda.statements)}
    current = agenda.current_statement()
    if current is not None:
        step["statement"] = _statement(current)
    breakout = agenda.current_breakout()
    if breakout is not None:
        step["breakout"] = group_snapshots.breakout_view(q, breakout, now)
    return {"session": {"code": session.code, "title": session.title, "date": session.date,
                        "language": session.language, "status": session.status.value,
                        "sectors": list(session.sectors)},
            "step": step}


def _live(q: Queries, agenda: Agenda, links: dict) -> dict:
    attendance = q.attendance(agenda.session.id)
    sectors = list(agenda.session.sectors) + sorted(set(attendance) - set(agenda.session.sectors))
    current = agenda.current_statement()
    votes = q.vote_counts(agenda.session.id).get(current.id, 0) if current else 0
    return {"links": links,
            "attendance": {"total": sum(attendance.values()),
                           "by_sector": [{"sector": s, "count": attendance.get(s, 0)} for s in sectors]},
            "votes": {"count": votes}}


def _result(q: Queries, agenda: Agenda) -> dict:
    """The distribution and the approved comments, without names: exactly what the projector shows."""
    current = agenda.current_statement()
    tally = build_tally(q.tally_rows(current.id), agenda.session.sectors).as_dict()
    comments = [{"text": c["text"], "sector": c["sector"], "choice": c["choice"]}
                for c in q.comments_with_authors(current.id, approved_only=True)]
    return {**tally, "comments": comments}


def _statement(statement) -> dict:
    return {"id": statement.id, "position": statement.position, "text": statement.text,
            "status": statement.status.value}
