"""The breakout parts of the `state` snapshots (docs/protocol.md, "Breakout groups").

A note is shown in three shapes, declared here once and each built by one function from the store's
row: on a phone's board (BoardNote), in the control panel (PanelNote: the board's, with the author's
name and whether it is hidden) and on screen during report-back (KeyPoint). The report has its own
(report.py: NoteResult): it is built from the same rows, for a document rather than a screen.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import TypedDict

from facilitator.domain.model import Agenda, Participant
from facilitator.store.queries import Queries

from . import store
from .model import Breakout, BreakoutStatus, Group, breakout_of, breakouts_of, current_breakout

RECENT = timedelta(minutes=5)


class NoteView(TypedDict):
    id: int
    category: str
    text: str


class BoardNote(NoteView):
    """A note on its group's board, as every member's phone draws it (and add_note/edit_note answer)."""

    client_id: str
    author: int  # the author's participant number
    sector: str
    upvotes: int
    upvoters: list[int]  # participant numbers
    key_point: bool


class PanelNote(BoardNote):
    """A note in the control panel: the board's, with the author's name and hidden notes too."""

    name: str
    hidden: bool


class KeyPoint(NoteView):
    """A key point on every screen during report-back, with its +1s from the room."""

    supports: int


def step_view(q: Queries, agenda: Agenda, breakout_id: int, now: datetime) -> dict:
    """`step.breakout` while a breakout is on screen."""
    return breakout_view(q, breakout_of(agenda, breakout_id), now)


def parts(role: str, q: Queries, agenda: Agenda, state: dict, *, now: datetime,
          me: Participant | None = None) -> None:
    """A breakout on screen adds its groups and report-back to each role's state, and a phone's own group."""
    breakout = current_breakout(agenda)
    if breakout is None:
        return
    if role == "participant":
        state["report"] = report(q, breakout)
        if me is not None:
            part = participant_part(q, breakout, me)
            state["me"].update(group=part["group"], supports=part["supports"])
            state["board"] = part["board"]
    elif role == "projector":
        state.update(groups=projector_groups(q, breakout, agenda.session.sectors), report=report(q, breakout))
    else:
        groups, unassigned = moderator_groups(q, breakout, agenda.session.sectors, now,
                                              q.participants(agenda.session.id))
        state.update(groups=groups, unassigned=unassigned, report=report(q, breakout))


def agenda_rows(q: Queries, agenda: Agenda) -> dict[int, dict]:
    """The control panel's agenda row of each breakout."""
    return {b.id: {"breakout": {"id": b.id, "title": b.title, "status": b.status.value}} for b in breakouts_of(agenda)}


def breakout_view(q: Queries, breakout: Breakout, now: datetime) -> dict:
    """`step.breakout`: the same for every role."""
    sizes = Counter(store.memberships(q, breakout.id).values())
    return {"id": breakout.id, "title": breakout.title, "status": breakout.status.value,
            "assignment": breakout.assignment, "cap": breakout.cap, "categories": list(breakout.categories),
            "duration": breakout.duration, "seconds_left": breakout.seconds_left(now),
            "running": breakout.status is BreakoutStatus.RUNNING, "message": breakout.message,
            "reporting": breakout.reporting,
            "groups": [{**_group_card(g), "questions": list(g.questions), "members": sizes.get(g.id, 0),
                        "full": breakout.cap is not None and sizes.get(g.id, 0) >= breakout.cap}
                       for g in store.groups(q, breakout.id)]}


def participant_part(q: Queries, breakout: Breakout, me: Participant) -> dict:
    """`me.group`, `me.supports` and `board` for one phone."""
    group = store.group_of(q, breakout.id, me.id)
    return {"group": ({**_group_card(group), "questions": list(group.questions),
                       "reporter": group.reporter_id == me.id} if group else None),
            "supports": store.supports_of(q, me.id),
            "board": board(q, breakout, group) if group else None}


def board(q: Queries, breakout: Breakout, group: Group) -> dict:
    reporter = q.participant(group.reporter_id) if group.reporter_id else None
    notes = [_board_note(n) for n in store.notes_of_breakout(q, breakout.id, group_id=group.id)]
    return {"group_id": group.id, "reporter": reporter.number if reporter else None, "notes": notes}


def boards(q: Queries, group_ids) -> list[tuple[int, dict]]:
    """(member, board) for each member of each of these groups: a board is for its own group alone."""
    out = []
    for group_id in group_ids:
        group = store.group(q, group_id)
        if group is None:
            continue
        board_of_group = board(q, store.breakout(q, group.breakout_id), group)
        out.extend((member, board_of_group) for member, member_group in store.memberships(q, group.breakout_id).items()
                   if member_group == group_id)
    return out


def board_note(q: Queries, breakout: Breakout, group_id: int, note_id: int) -> BoardNote:
    """One note as the board shows it: what add_note and edit_note answer, so the phone draws it alike."""
    return next(_board_note(n) for n in store.notes_of_breakout(q, breakout.id, group_id=group_id) if n["id"] == note_id)


def _board_note(n: dict) -> BoardNote:
    return BoardNote(id=n["id"], client_id=n["client_id"], category=n["category"], text=n["text"],
                     author=n["author"], sector=n["sector"], upvotes=len(n["upvoters"]), upvoters=n["upvoters"],
                     key_point=n["key_point"])


def _panel_note(n: dict) -> PanelNote:
    return PanelNote(**_board_note(n), name=n["name"], hidden=n["hidden"])


def _key_point(n: dict) -> KeyPoint:
    return KeyPoint(id=n["id"], category=n["category"], text=n["text"], supports=n["supports"])


def report(q: Queries, breakout: Breakout) -> dict | None:
    """The group on screen during report-back and its key points, or None."""
    if breakout.reporting is None:
        return None
    group = next((g for g in store.groups(q, breakout.id) if g.number == breakout.reporting), None)
    if group is None:
        return None
    points = [_key_point(n) for n in store.notes_of_breakout(q, breakout.id, group_id=group.id) if n["key_point"]]
    return {"group": {"number": group.number, "name": group.name, "place": group.place}, "key_points": points}


def projector_groups(q: Queries, breakout: Breakout, sectors: tuple[str, ...]) -> list[dict]:
    mix = _sector_mix(q, breakout, sectors)
    notes = Counter(n["group_id"] for n in store.notes_of_breakout(q, breakout.id))
    return [{**_group_card(g), "members": sum(c["count"] for c in mix[g.id]), "notes": notes.get(g.id, 0),
             "by_sector": mix[g.id]} for g in store.groups(q, breakout.id)]


def moderator_groups(q: Queries, breakout: Breakout, sectors: tuple[str, ...], now: datetime,
                     everyone: list[Participant]) -> tuple[list[dict], list[dict]]:
    """Every group in full (hidden notes too), and who has no group yet."""
    mix = _sector_mix(q, breakout, sectors)
    members = defaultdict(list)
    for m in store.members(q, breakout.id):
        members[m["group_id"]].append({"id": m["id"], "number": m["number"], "name": m["name"], "sector": m["sector"]})
    notes = defaultdict(list)
    for n in store.notes_of_breakout(q, breakout.id, include_hidden=True):
        notes[n["group_id"]].append(n)
    recent = store.recent_note_counts(q, breakout.id, now - RECENT)
    numbers = {p.id: p.number for p in everyone}
    groups = []
    for g in store.groups(q, breakout.id):
        shown = [n for n in notes[g.id] if not n["hidden"]]
        groups.append({
            **_group_card(g), "reporter": numbers.get(g.reporter_id), "members": members[g.id],
            "by_sector": mix[g.id], "by_category": dict(Counter(n["category"] for n in shown)),
            "notes": [_panel_note(n) for n in reversed(notes[g.id])],
            "activity": {"notes": len(shown), "last_5_minutes": recent.get(g.id, 0)}})
    placed = {m["id"] for group in members.values() for m in group}
    unassigned = [{"id": p.id, "number": p.number, "name": p.name, "sector": p.sector}
                  for p in everyone if p.id not in placed]
    return groups, unassigned


def _sector_mix(q: Queries, breakout: Breakout, sectors: tuple[str, ...]) -> dict[int, list[dict]]:
    counts = defaultdict(dict)
    for group_id, sector, count in store.member_sectors(q, breakout.id):
        counts[group_id][sector] = count
    order = list(sectors) + sorted({s for c in counts.values() for s in c} - set(sectors))
    return defaultdict(list, {g.id: [{"sector": s, "count": counts[g.id].get(s, 0)} for s in order
                                     if counts[g.id].get(s, 0)]
                              for g in store.groups(q, breakout.id)})


def _group_card(group: Group) -> dict:
    return {"id": group.id, "number": group.number, "name": group.name, "place": group.place}


def titles(q: Queries, session_id: int) -> dict[int, str]:
    """Each breakout's title, for the report's agenda."""
    return {b.id: b.title for b in store.breakouts(q, session_id)}
