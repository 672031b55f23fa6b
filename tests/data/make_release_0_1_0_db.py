"""Makes tests/data/release-0.1.0.sql: a database written by release 0.1.0, with data in every table.

Run it from a checkout of release 0.1.0 (where breakouts' verbs were still facilitator/group_actions.py) (commit bcb865f, before migrations existed):
    git worktree add /tmp/r010 bcb865f && cd /tmp/r010 && python /path/to/this/file OUT.sql
tests/test_migrations.py upgrades the dump with today's code and checks that nothing is lost.
"""
import random
import sqlite3
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from facilitator import actions, group_actions
from facilitator.domain import breakouts, flow
from facilitator.domain.model import BreakoutPlan, GroupPlan
from facilitator.store import Store

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
SECTORS = ("Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente")


def main(out: str) -> None:
    path = Path(tempfile.mkdtemp()) / "release.db"
    store = Store(f"sqlite:///{path}")
    svc = actions.Services(store=store, publish=lambda events: None, clock=lambda: NOW, rng=random.Random(7))
    new = actions.create_session(
        svc, title="Polarisatie voorkomen, Zwolle", date="2026-11-20", sectors=SECTORS,
        statements=["De gemeente hoort de regie te nemen.", "Scholen delen zorgen met de politie."],
        breakouts=(BreakoutPlan(title="Samenwerken", after=2, minutes=20, assignment="sector_balanced",
                                cap=None, categories=(), groups=(GroupPlan("Tafel A", "Zaal 1", ("Wat werkt?",)),
                                                                 GroupPlan("Tafel B", "Zaal 2", ()))),))
    session = new.session
    with store.read() as q:
        agenda = q.agenda(session.id)
    first, second = (s.id for s in agenda.statements)
    people = [actions.join(svc, session.code, SECTORS[i % 4], f"Deelnemer {i}" if i % 2 else "")[0]
              for i in range(8)]
    actions.steer(svc, session.id, flow.open_statement, first)
    for i, person in enumerate(people):
        actions.record_vote(svc, person, first, ["agree", "disagree", "neutral", "pass"][i % 4])
    actions.submit_comment(svc, people[0], first, "Omdat niemand anders het overzicht heeft.")
    actions.submit_comment(svc, people[1], first, "Liever niet.")
    with store.read() as q:
        comments = q.comments(session.id)
    actions.moderate_comment(svc, session.id, comments[0].id, "approved")
    actions.moderate_comment(svc, session.id, comments[1].id, "hidden")
    actions.steer(svc, session.id, flow.reveal_statement, first)
    breakout_id = agenda.breakouts[0].id
    group_actions.open_breakout(svc, session.id, breakout_id)
    actions.steer(svc, session.id, breakouts.start_timer, breakout_id, NOW)
    with store.read() as q:
        groups = q.memberships(breakout_id)
    mate = next(p for p in people[1:] if groups[p.id] == groups[people[0].id])
    note = group_actions.add_note(svc, people[0], "4f1c2a9e-0b7d-4c1e-9a3f-2d6e8b5c7a10", "Knelpunten", "Wat mogen we delen?")
    group_actions.upvote_note(svc, mate, note["id"], True)
    group_actions.volunteer_reporter(svc, people[0])
    group_actions.mark_key_point(svc, people[0], note["id"], True)
    actions.steer(svc, session.id, breakouts.end_work, breakout_id, NOW)
    group_actions.show_report_group(svc, session.id, breakout_id, 1)
    other = next(p for p in people if groups[p.id] != groups[people[0].id])
    group_actions.support_key_point(svc, other, note["id"], True)
    store.dispose()
    with sqlite3.connect(path) as conn, open(out, "w") as dump:
        dump.write("\n".join(conn.iterdump()) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
