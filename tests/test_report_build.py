"""build_report from hand-made domain objects: counts, sectors, comments, raw votes; load_report's reads."""
from contextlib import contextmanager
from datetime import datetime, timezone

from facilitator.domain.model import Comment, CommentStatus, Participant, Session, Statement, StatementStatus
from facilitator.report.build import build_report, load_report

NOW = datetime(2026, 11, 28, 16, 30, tzinfo=timezone.utc)
SECTORS = ("Onderwijs", "Sociaal domein", "Veiligheidsdomein")
SESSION = Session(id=1, code="K7MX3Q", title="Polarisatie voorkomen", date="2026-11-28", language="nl",
                  sectors=SECTORS)
# Given out of order: the report orders by position.
STATEMENTS = [Statement(11, 2, "Scholen moeten het gesprek aangaan.", StatementStatus.REVEALED),
              Statement(10, 1, "Polarisatie is een probleem.", StatementStatus.REVEALED),
              Statement(12, 3, "Nooit gesteld.", StatementStatus.PENDING)]
PARTICIPANTS = [Participant(101, 1, 1, "Onderwijs", "Anna"), Participant(102, 1, 2, "Onderwijs"),
                Participant(103, 1, 3, "Sociaal domein"), Participant(104, 1, 4, "Veiligheidsdomein"),
                Participant(105, 1, 5, "Anders"),  # joined with a sector since removed from the session
                Participant(106, 1, 6, "Sociaal domein")]
VOTES = [(101, 10, "disagree"), (101, 10, "agree"),  # changed their mind: the later vote counts
         (102, 10, "strongly_agree"), (103, 10, "disagree"), (104, 10, "pass"), (105, 10, "neutral"),
         (101, 11, "disagree"), (103, 11, "strongly_disagree"), (104, 11, "agree"), (106, 11, "pass"),
         (999, 11, "agree"), (102, 99, "agree"), (102, 11, "maybe")]  # unknown person/statement/choice
COMMENTS = [Comment(1, 10, 101, "Omdat het speelt.", CommentStatus.APPROVED),
            Comment(2, 10, 103, "Nog niet goedgekeurd.", CommentStatus.PENDING),
            Comment(3, 11, 104, "Verborgen.", CommentStatus.HIDDEN),
            Comment(5, 11, 105, "Zonder stem.", CommentStatus.APPROVED),
            Comment(4, 11, 106, "Ik sloeg over.", CommentStatus.APPROVED)]


def build(**changes):
    args = dict(session=SESSION, statements=STATEMENTS, participants=PARTICIPANTS, votes=VOTES,
                comments=COMMENTS, generated_at=NOW) | changes
    return build_report(**args)


def test_header_and_order():
    report = build()
    assert (report.title, report.date, report.language, report.code) == (
        "Polarisatie voorkomen", "2026-11-28", "nl", "K7MX3Q")
    assert report.generated_at == NOW
    assert [s.position for s in report.statements] == [1, 2, 3]
    assert report.statements[0].status == "revealed" and report.statements[2].status == "pending"


def test_sectors_keep_those_no_longer_offered():
    report = build()
    assert report.sectors == SECTORS + ("Anders",)
    assert report.attendance.total == 6
    assert report.attendance.by_sector == (("Onderwijs", 2), ("Sociaal domein", 2), ("Veiligheidsdomein", 1),
                                           ("Anders", 1))


def test_counts_overall_and_per_sector():
    first, second, never = build().statements
    o = first.tally.overall
    assert (o.counts["agree"], o.counts["strongly_agree"], o.counts["disagree"], o.counts["neutral"],
            o.counts["pass"], o.counts["strongly_disagree"]) == (1, 1, 1, 1, 1, 0)
    assert (o.total, o.opinions) == (5, 4)
    assert o.share("agree") == 0.25
    by = first.tally.by_sector
    assert list(by) == list(SECTORS) + ["Anders"]
    assert by["Onderwijs"].counts["agree"] == 1 and by["Onderwijs"].counts["strongly_agree"] == 1
    assert by["Onderwijs"].counts["disagree"] == 0  # replaced by the later vote
    assert by["Veiligheidsdomein"].counts["pass"] == 1 and by["Veiligheidsdomein"].opinions == 0
    assert by["Anders"].counts["neutral"] == 1

    assert (second.tally.overall.total, second.tally.overall.opinions) == (4, 3)
    assert second.tally.by_sector["Sociaal domein"].counts == {
        "strongly_disagree": 1, "disagree": 0, "neutral": 0, "agree": 0, "strongly_agree": 0, "pass": 1}
    assert second.tally.by_sector["Anders"].total == 0  # a different mix of voters per statement
    assert never.tally.overall.total == 0 and list(never.tally.by_sector) == list(report_sectors())


def report_sectors():
    return SECTORS + ("Anders",)


def test_only_approved_comments_with_sector_and_vote():
    first, second, _ = build().statements
    assert [(c.text, c.sector, c.choice) for c in first.comments] == [("Omdat het speelt.", "Onderwijs", "agree")]
    assert [(c.text, c.sector, c.choice) for c in second.comments] == [
        ("Ik sloeg over.", "Sociaal domein", "pass"), ("Zonder stem.", "Anders", None)]
    every = [c.text for s in build().statements for c in s.comments]
    assert "Nog niet goedgekeurd." not in every and "Verborgen." not in every


def test_comments_may_come_as_a_generator():
    report = build(comments=(c for c in COMMENTS))
    assert sum(len(s.comments) for s in report.statements) == 3


def test_raw_votes_are_pseudonymous_and_current():
    report = build()
    assert [(v.participant_number, v.sector, v.statement_position, v.choice) for v in report.votes] == [
        (1, "Onderwijs", 1, "agree"), (2, "Onderwijs", 1, "strongly_agree"), (3, "Sociaal domein", 1, "disagree"),
        (4, "Veiligheidsdomein", 1, "pass"), (5, "Anders", 1, "neutral"),
        (1, "Onderwijs", 2, "disagree"), (3, "Sociaal domein", 2, "strongly_disagree"),
        (4, "Veiligheidsdomein", 2, "agree"), (6, "Sociaal domein", 2, "pass")]


def test_empty_session():
    report = build(statements=[], participants=[], votes=[], comments=[])
    assert report.statements == () and report.votes == ()
    assert report.attendance.total == 0 and report.attendance.by_sector == tuple((s, 0) for s in SECTORS)


class FakeStore:
    """The read API the store offers: store.read() yields a query object."""

    def __init__(self):
        self.reads = 0

    @contextmanager
    def read(self):
        self.reads += 1
        yield self

    def session_by_code(self, code):
        return SESSION if code == SESSION.code else None

    def statements(self, session_id):
        assert session_id == SESSION.id
        return STATEMENTS

    def participants(self, session_id):
        return PARTICIPANTS

    def votes(self, session_id):
        return VOTES

    def comments(self, session_id):
        return COMMENTS

    def order(self, session_id):
        return ()


def test_load_report_reads_through_the_store():
    store = FakeStore()
    assert load_report(store, "K7MX3Q", NOW) == build()
    assert load_report(store, "NOPE00", NOW) is None
    assert store.reads == 2
