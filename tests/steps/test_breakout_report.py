"""Group work in the session report: its section built from hand-made values, gathered in the
report's one read, and through the real store and actions."""
from dataclasses import replace

import pytest

from facilitator.domain.model import Step
from facilitator.report.build import load_report
from facilitator.steps.breakout import store as breakout_store
from facilitator.steps.breakout.model import Breakout, BreakoutPlan, Group, GroupPlan
from facilitator.steps.breakout.report import BreakoutData
from tests.test_report_build import NOW, SESSION, FakeStore, build


BREAKOUT = Breakout(id=50, title="Samenwerken over grenzen", duration=15 * 60, assignment="sector_balanced",
                    cap=None, categories=("Vragen", "Ervaringen", "Knelpunten", "Ideeën"))
LATER = Breakout(id=49, title="Tweede ronde", duration=10 * 60, assignment="random", cap=None,
                 categories=("Vragen",))
# Given out of order: the report orders groups by number.
GROUPS = [Group(61, 50, 2, "Groep 2", "Zaal B", ("Wat werkt?",)),
          Group(60, 50, 1, "Groep 1", "Zaal A", ("Wie doet wat?", "Wat ontbreekt?"), reporter_id=103)]
MEMBERS = [{"group_id": 60, "id": 101, "number": 1, "name": "Anna", "sector": "Onderwijs"},
           {"group_id": 60, "id": 104, "number": 4, "name": "", "sector": "Veiligheidsdomein"},
           {"group_id": 60, "id": 103, "number": 3, "name": "", "sector": "Sociaal domein"},
           {"group_id": 61, "id": 102, "number": 2, "name": "", "sector": "Onderwijs"},
           {"group_id": 61, "id": 105, "number": 5, "name": "", "sector": "Anders"},
           {"group_id": 61, "id": 106, "number": 6, "name": "", "sector": "Sociaal domein"}]


def note(id, category, text, author, upvoters=(), key_point=False, supports=0, hidden=False, group_id=60):
    sector = {m["number"]: m["sector"] for m in MEMBERS}[author]
    return {"id": id, "group_id": group_id, "participant_id": 100 + author, "category": category, "text": text,
            "hidden": hidden, "key_point": key_point, "author": author, "name": "", "sector": sector,
            "upvoters": list(upvoters), "supports": supports}


NOTES = [note(1, "Ideeën", "Samen een protocol.", 1, [3, 4], key_point=True, supports=5),
         note(2, "Vragen", "Wie deelt wat?", 3, [1]),
         note(3, "Ideeën", "Vaker overleg.", 4, [1, 3], key_point=True, supports=7),
         note(4, "Vragen", "Verborgen notitie.", 4, [1, 3], hidden=True),
         note(5, "Ideeën", "Een app.", 3, supports=2),  # supported, then unmarked: no longer counts
         note(6, "Vragen", "Meer tijd.", 4, [1, 3]),
         note(7, "Oud thema", "Uit een categorie die niet meer bestaat.", 1),
         note(8, "Knelpunten", "Geen budget.", 2, [5, 6], group_id=61)]


def breakout_data():
    # Given out of agenda order (and LATER has the smaller id): the report follows the agenda.
    return [BreakoutData(LATER, [], position=4), BreakoutData(BREAKOUT, GROUPS, MEMBERS, NOTES, position=2)]


def test_no_breakouts_by_default():
    assert build().section("breakout") == ()


def test_breakouts_in_agenda_order_with_groups_by_number():
    first, later = build(sections={"breakout": breakout_data()}).section("breakout")
    assert (first.title, first.minutes, first.assignment) == ("Samenwerken over grenzen", 15, "sector_balanced")
    assert first.categories == ("Vragen", "Ervaringen", "Knelpunten", "Ideeën")
    assert (later.title, later.groups) == ("Tweede ronde", ())
    one, two = first.groups
    assert (one.number, one.name, one.place, one.questions) == (1, "Groep 1", "Zaal A",
                                                                ("Wie doet wat?", "Wat ontbreekt?"))
    assert (two.number, two.name, two.place) == (2, "Groep 2", "Zaal B")


def test_group_members_by_number_and_sector():
    one, two = build(sections={"breakout": breakout_data()}).section("breakout")[0].groups
    assert [(m.participant_number, m.sector) for m in one.members] == [
        (1, "Onderwijs"), (3, "Sociaal domein"), (4, "Veiligheidsdomein")]
    assert one.by_sector == (("Onderwijs", 1), ("Sociaal domein", 1), ("Veiligheidsdomein", 1), ("Anders", 0))
    assert two.by_sector == (("Onderwijs", 1), ("Sociaal domein", 1), ("Veiligheidsdomein", 0), ("Anders", 1))
    assert (one.reporter_number, two.reporter_number) == (3, None)  # participant 103 has number 3


def test_notes_by_category_then_upvotes_then_age_without_hidden():
    one, two = build(sections={"breakout": breakout_data()}).section("breakout")[0].groups
    assert [(n.category, n.text, n.upvotes) for n in one.notes] == [
        ("Vragen", "Meer tijd.", 2), ("Vragen", "Wie deelt wat?", 1),
        ("Ideeën", "Samen een protocol.", 2), ("Ideeën", "Vaker overleg.", 2), ("Ideeën", "Een app.", 0),
        ("Oud thema", "Uit een categorie die niet meer bestaat.", 0)]
    assert "Verborgen notitie." not in [n.text for n in one.notes]
    first = one.notes[2]
    assert (first.participant_number, first.sector, first.key_point, first.supports) == (1, "Onderwijs", True, 5)
    assert [(n.text, n.supports) for n in one.key_points] == [("Vaker overleg.", 7), ("Samen een protocol.", 5)]
    assert one.notes[4].supports == 0 and not one.notes[4].key_point
    assert [c for c, _ in one.notes_by_category] == ["Vragen", "Ideeën", "Oud thema"]
    assert [(n.text, n.participant_number, n.sector) for n in two.notes] == [("Geen budget.", 2, "Onderwijs")]
    assert two.key_points == ()


def test_breakouts_never_carry_names():
    report = build(sections={"breakout": breakout_data()})
    assert "Anna" not in repr(report.section("breakout"))


def test_hidden_notes_are_left_out_even_if_given():
    data = [BreakoutData(BREAKOUT, GROUPS, MEMBERS, [note(4, "Vragen", "Weg.", 4, hidden=True, key_point=True)])]
    one, _ = build(sections={"breakout": data}).section("breakout")[0].groups
    assert one.notes == () and one.key_points == ()


class FakeBreakoutStore(FakeStore):
    def breakouts(self, session_id):
        assert session_id == SESSION.id
        return [BREAKOUT, LATER]

    def order(self, session_id):
        return (Step("breakout", BREAKOUT.id), Step("breakout", LATER.id))

    def groups(self, breakout_id):
        return GROUPS if breakout_id == BREAKOUT.id else []

    def members(self, breakout_id):
        return MEMBERS if breakout_id == BREAKOUT.id else []

    def notes_of_breakout(self, breakout_id):
        # The store leaves hidden notes out by default.
        return [n for n in NOTES if not n["hidden"]] if breakout_id == BREAKOUT.id else []


@pytest.fixture
def fake_queries(monkeypatch):
    """The kind's queries read from the fake store's query object, as the real ones read from Queries."""
    for name in ("breakouts", "groups", "members", "notes_of_breakout"):
        monkeypatch.setattr(breakout_store, name, lambda q, *args, _name=name: getattr(q, _name)(*args))


def test_load_report_gathers_breakouts_in_the_same_read(fake_queries):
    store = FakeBreakoutStore()
    report = load_report(store, "K7MX3Q", NOW)
    assert report == replace(build(sections={"breakout": breakout_data()}), agenda=report.agenda)
    assert store.reads == 1
    # The agenda lists every step in order, with its kind's name and its title.
    assert [(item.kind, item.label, item.title) for item in report.agenda] == [
        ("breakout", "Breakout groups", "Samenwerken over grenzen"), ("breakout", "Breakout groups", "Tweede ronde")]


# Through the real store and actions

def test_breakout_section_through_the_store(tmp_path):
    import random

    from facilitator import actions
    from facilitator.steps.breakout import actions as group_actions
    from facilitator.store import Store
    from tests.factories import make_session, services

    store = Store(f"sqlite:///{tmp_path / 'report.db'}")
    try:
        svc = services(store)
        svc.rng = random.Random(7)
        new = make_session(store)
        sid, code = new.session.id, new.session.code
        people = [actions.join(svc, code, sector, name)[0] for sector, name in (
            ("Onderwijs", "Anna Jansen"), ("Onderwijs", "Bram de Vries"), ("Sociaal domein", "Chris Bakker"),
            ("Veiligheidsdomein", "Dana Smit"))]
        plan = BreakoutPlan(title="Samenwerken over grenzen", minutes=15, after=1,
                            groups=(GroupPlan("Tafel A", "Zaal 1", ("Wie doet wat?",)), GroupPlan("", "Zaal 2")))
        bid = group_actions.add_breakout(svc, sid, plan)
        group_actions.open_breakout(svc, sid, bid)
        with store.read() as q:
            group_of = {p.id: breakout_store.group_of(q, bid, p.id) for p in people}
        reporter = people[0]
        mate = next(p for p in people[1:] if group_of[p.id].id == group_of[reporter.id].id)
        other = next(p for p in people if group_of[p.id].id != group_of[reporter.id].id)

        kept = group_actions.add_note(svc, reporter, "note-0001", "Ideeën", "Samen een protocol.")
        hidden = group_actions.add_note(svc, mate, "note-0002", "Vragen", "Niet voor het verslag.")
        group_actions.add_note(svc, mate, "note-0003", "Vragen", "Wie deelt wat?")
        group_actions.add_note(svc, other, "note-0004", "Knelpunten", "Geen budget.")
        group_actions.upvote_note(svc, mate, kept["id"], True)
        group_actions.volunteer_reporter(svc, reporter)
        group_actions.mark_key_point(svc, reporter, kept["id"], True)
        group_actions.hide_note(svc, sid, hidden["id"], True)
        group_actions.show_report_group(svc, sid, bid, group_of[reporter.id].number)
        for supporter in (mate, other):
            group_actions.support_key_point(svc, supporter, kept["id"], True)

        report = load_report(store, code, NOW)
    finally:
        store.dispose()

    (breakout,) = report.section("breakout")
    assert (breakout.title, breakout.minutes, breakout.assignment) == ("Samenwerken over grenzen", 15,
                                                                       "sector_balanced")
    assert [(g.number, g.name, g.place) for g in breakout.groups] == [
        (1, "Tafel A", "Zaal 1"), (2, "Groep 2", "Zaal 2")]
    assert breakout.groups[0].questions == ("Wie doet wat?",)
    assert sorted(m.participant_number for g in breakout.groups for m in g.members) == sorted(p.number for p in people)
    assert [sum(n for _, n in g.by_sector) for g in breakout.groups] == [2, 2]
    group = breakout.groups[group_of[reporter.id].number - 1]
    assert group.reporter_number == reporter.number
    assert [(n.category, n.text, n.upvotes, n.key_point, n.supports) for n in group.notes] == [
        ("Vragen", "Wie deelt wat?", 0, False, 0), ("Ideeën", "Samen een protocol.", 1, True, 2)]
    assert [n.text for n in group.key_points] == ["Samen een protocol."]
    everything = repr(report)
    assert "Niet voor het verslag." not in everything
    assert not any(name in everything for name in ("Anna", "Bram", "Chris", "Dana"))
