"""Group work in the session report: its section (what happened in each group), its part of
data.json and its CSV tables. Kind.report_data gathers in the report's one read; the rest is pure and
reads only what it is given. Anonymous like the rest of the report: participant numbers and sectors,
never names.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from facilitator.domain.model import Participant, Step
from facilitator.report.model import Report
from facilitator.report.tables import as_csv, neutralise

from . import store
from .model import KIND, Breakout, Group


@dataclass(frozen=True)
class MemberRow:
    participant_number: int
    sector: str


@dataclass(frozen=True)
class NoteResult:
    category: str
    text: str
    participant_number: int  # the author
    sector: str  # the author's
    upvotes: int  # group members who upvoted it while working
    key_point: bool  # marked by the group's reporter
    supports: int  # "+1"s from the room during report-back (key points only)


@dataclass(frozen=True)
class GroupResult:
    number: int
    name: str
    place: str
    questions: tuple[str, ...]  # guiding questions, as prepared
    members: tuple[MemberRow, ...]  # by participant number
    by_sector: tuple[tuple[str, int], ...]  # (sector, members), in the report's sector order, zeros included
    reporter_number: int | None
    # Visible notes only (the moderator's hidden ones are left out): by category in the breakout's
    # category order (unknown categories after, as first seen), then most upvotes, then oldest first.
    notes: tuple[NoteResult, ...]

    @property
    def key_points(self) -> tuple[NoteResult, ...]:
        """The reporter's key points, most supported first, then in note order."""
        return tuple(sorted((n for n in self.notes if n.key_point), key=lambda n: -n.supports))

    @property
    def notes_by_category(self) -> tuple[tuple[str, tuple[NoteResult, ...]], ...]:
        """(category, notes) in note order, categories without notes left out."""
        grouped: dict[str, list[NoteResult]] = {}
        for note in self.notes:
            grouped.setdefault(note.category, []).append(note)
        return tuple((category, tuple(notes)) for category, notes in grouped.items())


@dataclass(frozen=True)
class BreakoutResult:
    title: str
    minutes: int  # planned duration
    assignment: str  # how people were placed: an ASSIGNMENTS value
    categories: tuple[str, ...]  # the note categories, in the breakout's order
    groups: tuple[GroupResult, ...]  # by number


@dataclass(frozen=True)
class BreakoutData:
    """One breakout as the store's read API hands it over; the section's plain-data input.

    members are store.members(q, breakout_id) rows: only group_id, number and sector are read (names
    never). notes are store.notes_of_breakout(q, breakout_id) rows: id, group_id, category, text, hidden,
    key_point, author (participant number), sector, upvoters (participant numbers) and supports (a count).
    """

    breakout: Breakout
    groups: Sequence[Group]
    members: Sequence[Mapping] = ()
    notes: Sequence[Mapping] = ()
    position: int = 0  # its place in the agenda: the report lists breakouts in that order


# -- gathering (Kind.report_data) and building (Kind.report_section) --------------------------------
def report_data(q, session_id: int, order: tuple[Step, ...]) -> list[BreakoutData]:
    """Every breakout of the session with its groups, members and notes, read in the report's read."""
    return [BreakoutData(b, store.groups(q, b.id), store.members(q, b.id), store.notes_of_breakout(q, b.id),
                         order.index(Step(KIND, b.id)) if Step(KIND, b.id) in order else len(order))
            for b in store.breakouts(q, session_id)]


def report_section(breakouts: Sequence[BreakoutData], people: dict[int, Participant],
                   sectors: tuple[str, ...]) -> tuple[BreakoutResult, ...]:
    """The breakouts in agenda order (given in any); notes the moderator hid are left out even if given."""
    ordered = sorted(breakouts, key=lambda d: (d.position, d.breakout.id))
    return tuple(
        BreakoutResult(
            title=d.breakout.title,
            minutes=d.breakout.duration // 60,
            assignment=d.breakout.assignment,
            categories=tuple(d.breakout.categories),
            groups=tuple(_group(g, d, people, sectors) for g in sorted(d.groups, key=lambda g: (g.number, g.id))),
        )
        for d in ordered
    )


def _group(group: Group, data: BreakoutData, people: dict[int, Participant],
           sectors: tuple[str, ...]) -> GroupResult:
    members = sorted((MemberRow(m["number"], m["sector"]) for m in data.members if m["group_id"] == group.id),
                     key=lambda m: m.participant_number)
    counts = Counter(m.sector for m in members)
    extra = [s for s in counts if s not in sectors]  # not expected: members are participants of the session
    reporter = people.get(group.reporter_id) if group.reporter_id is not None else None
    return GroupResult(
        number=group.number,
        name=group.name,
        place=group.place,
        questions=tuple(group.questions),
        members=tuple(members),
        by_sector=tuple((s, counts[s]) for s in (*sectors, *extra)),
        reporter_number=reporter.number if reporter else None,
        notes=_notes(group.id, data),
    )


def _notes(group_id: int, data: BreakoutData) -> tuple[NoteResult, ...]:
    visible = [n for n in data.notes if n["group_id"] == group_id and not n.get("hidden")]
    order = {c: i for i, c in enumerate(data.breakout.categories)}
    for n in sorted(visible, key=lambda n: n["id"]):  # a category no longer offered goes last, as first seen
        order.setdefault(n["category"], len(order))
    visible.sort(key=lambda n: (order[n["category"]], -len(n["upvoters"]), n["id"]))  # ids grow with time
    # Supports count only while the note is a key point: ones given before the reporter unmarked it
    # stay in the store but back nothing in the report.
    return tuple(
        NoteResult(category=n["category"], text=n["text"], participant_number=n["author"], sector=n["sector"],
                   upvotes=len(n["upvoters"]), key_point=bool(n["key_point"]),
                   supports=int(n["supports"]) if n["key_point"] else 0)
        for n in visible
    )


# -- data.json (Kind.report_json) ------------------------------------------------------------------
def report_json(breakouts: tuple[BreakoutResult, ...]) -> dict:
    return {"breakouts": [_breakout_json(b) for b in breakouts]}


def _breakout_json(b: BreakoutResult) -> dict:
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


# -- CSV tables (Kind.report_tables) ---------------------------------------------------------------
def groups_csv(report: Report, delimiter: str = ",") -> str:
    """One row per breakout group, wide, so a spreadsheet shows each group's mix at a glance.

    Fixed columns (stable keys): breakout (its title), group_number, group_name, place, questions (the
    guiding questions, one per line in the cell), members, reporter_number (empty if none), notes and
    key_points (visible notes only), key_point_supports (the room's +1s on its key points). Then one
    column per sector, headed "sector:<name>" in the report's sector order, with the group's members in
    it (zeros included). For a long (tidy) layout, count memberships.csv by group and sector instead.
    """
    header = ["breakout", "group_number", "group_name", "place", "questions", "members", "reporter_number",
              "notes", "key_points", "key_point_supports", *(f"sector:{s}" for s in report.sectors)]
    rows = []
    for b in report.section(KIND):
        for g in b.groups:
            by_sector = dict(g.by_sector)
            key_points = g.key_points
            rows.append([b.title, g.number, g.name, g.place, "\n".join(g.questions), len(g.members),
                         "" if g.reporter_number is None else g.reporter_number, len(g.notes), len(key_points),
                         sum(n.supports for n in key_points), *(by_sector.get(s, 0) for s in report.sectors)])
    return as_csv([neutralise(h) for h in header], rows, delimiter)


def memberships_csv(report: Report, delimiter: str = ",") -> str:
    """Who was in which group, by pseudonymous participant number: one row per participant and breakout."""
    rows = [[m.participant_number, m.sector, b.title, g.number, g.name]
            for b in report.section(KIND) for g in b.groups for m in g.members]
    return as_csv(["participant_number", "sector", "breakout", "group_number", "group_name"], rows, delimiter)


def notes_csv(report: Report, delimiter: str = ",") -> str:
    """Visible notes (hidden ones are left out), in report order; key_point is 1 or 0, supports the
    room's +1s during report-back (0 for a note that is not a key point)."""
    header = ["breakout", "group_number", "group_name", "category", "text", "participant_number", "sector",
              "upvotes", "key_point", "supports"]
    rows = [[b.title, g.number, g.name, n.category, n.text, n.participant_number, n.sector, n.upvotes,
             int(n.key_point), n.supports]
            for b in report.section(KIND) for g in b.groups for n in g.notes]
    return as_csv(header, rows, delimiter)
