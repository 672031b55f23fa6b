"""HTML, CSV and JSON renderers of one Report: figures, escaping, formula neutralising, translation, no leaks."""
import csv
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from facilitator.domain.model import Comment, CommentStatus, Participant, Session, Statement, StatementStatus
from facilitator.report.build import build_report
from facilitator.report.data import report_json
from facilitator.report.html import render_html
from facilitator.report.tables import attendance_csv, comments_csv, results_csv, votes_csv
from facilitator.steps.breakout.model import Breakout, Group
from facilitator.steps.breakout.report import BreakoutData, groups_csv, memberships_csv, notes_csv

XSS = "<script>alert(1)</script>"
FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1:A9)"]


def make_report(language="en", title=f"Polarisation {XSS}"):
    sectors = ("Onderwijs", "Sociaal domein", f"Veiligheid {XSS}")
    session = Session(1, "K7MX3Q", title, "2026-11-28", language, sectors)
    statements = [Statement(10, 1, f"Talk first {XSS}", StatementStatus.REVEALED),
                  Statement(11, 2, "=1+1", StatementStatus.REVEALED)]
    people = [Participant(101, 1, 1, "Onderwijs", f"Name {XSS}"), Participant(102, 1, 2, "Onderwijs"),
              Participant(103, 1, 3, "Sociaal domein"), Participant(104, 1, 4, f"Veiligheid {XSS}"),
              Participant(105, 1, 5, "Anders")]
    votes = [(101, 10, "agree"), (102, 10, "strongly_agree"), (103, 10, "disagree"), (104, 10, "pass"),
             (105, 10, "neutral"), (101, 11, "strongly_disagree"), (103, 11, "pass")]
    comments = [Comment(1, 10, 101, f"Because {XSS}", CommentStatus.APPROVED),
                Comment(2, 10, 102, "pending words", CommentStatus.PENDING),
                Comment(3, 10, 103, "hidden words", CommentStatus.HIDDEN),
                *(Comment(10 + i, 11, 101, text, CommentStatus.APPROVED) for i, text in enumerate(FORMULAS))]
    return build_report(session, statements, people, votes, comments,
                        datetime(2026, 11, 28, 16, 30, tzinfo=timezone.utc), sections={"breakout": [breakout_data()]})


HYPERLINK = '=HYPERLINK("http://x","y")'


def breakout_data():
    """Two groups: members in sectors, notes with upvotes, two key points with support, one hidden note."""
    breakout = Breakout(50, f"Samenwerken {XSS}", 20 * 60, "sector_balanced", None,
                        ("Questions", "Experiences", "Obstacles", "Ideas"))
    groups = [Group(60, 50, 1, "Table A", f"Room {XSS}", (f"Who does what? {XSS}", "What is missing?"),
                    reporter_id=103),
              Group(61, 50, 2, HYPERLINK, "", ())]
    members = [{"group_id": 60, "id": 101, "number": 1, "name": f"Name {XSS}", "sector": "Onderwijs"},
               {"group_id": 60, "id": 103, "number": 3, "name": "Name three", "sector": "Sociaal domein"},
               {"group_id": 61, "id": 102, "number": 2, "name": "", "sector": "Onderwijs"},
               {"group_id": 61, "id": 104, "number": 4, "name": "", "sector": f"Veiligheid {XSS}"},
               {"group_id": 61, "id": 105, "number": 5, "name": "", "sector": "Anders"}]
    sectors = {m["number"]: m["sector"] for m in members}

    def note(id, group_id, category, text, author, upvoters=(), key_point=False, supports=0, hidden=False):
        return {"id": id, "group_id": group_id, "participant_id": 100 + author, "category": category,
                "text": text, "hidden": hidden, "key_point": key_point, "author": author, "name": "",
                "sector": sectors[author], "upvoters": list(upvoters), "supports": supports}

    notes = [note(1, 60, "Ideas", f"Shared protocol {XSS}", 1, [3], key_point=True, supports=4),
             note(2, 60, "Questions", "Who shares what?", 3, [1]),
             note(3, 60, "Ideas", "Meet more often", 3, [1], key_point=True, supports=9),
             note(4, 60, "Questions", "hidden note words", 1, [3], key_point=True, supports=3, hidden=True),
             note(5, 61, "Obstacles", HYPERLINK, 2, [4, 5]),
             note(6, 61, "Obstacles", "No budget", 4, [5]),
             note(7, 61, "Ideas", "@SUM(A1:A9)", 5)]
    return BreakoutData(breakout, groups, members, notes)


@pytest.fixture
def catalogue(tmp_path):
    """A tiny Dutch catalogue, so the test does not depend on the real one's content."""
    catalog = Catalog(locale="nl", domain="messages")
    for msgid, msgstr in [("Agree", "Eens"), ("Strongly disagree", "Helemaal oneens"), ("Pass", "Sla over"),
                          ("All", "Totaal"), ("Statement %(position)s", "Stelling %(position)s")]:
        catalog.add(msgid, msgstr)
    (tmp_path / "nl" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "nl" / "LC_MESSAGES" / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    return tmp_path


# HTML

def test_html_shows_the_figures(tmp_path):
    html = render_html(make_report(), tmp_path)
    assert "Attendance" in html and "K7MX3Q" in html and "November 28, 2026" in html
    # Statement 1, overall: 4 opinions, 1 agree = 25%; Onderwijs: 1 agree of 2 = 50%.
    assert "1 <span class=\"pct\">25%</span>" in html
    assert "1 <span class=\"pct\">50%</span>" in html
    assert "Strongly agree" in html and "Pass" in html
    assert 'style="width: 25.0%"' in html  # the diverging bar's agree segment, overall
    assert html.count('<section class="statement">') == 2


def test_html_bars_use_the_projectors_colours(tmp_path):
    html = render_html(make_report(), tmp_path)
    app_css = (Path(__file__).parent.parent / "static/css/app.css").read_text()
    for choice in ("strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"):
        colour = re.search(rf"--c-{choice}:\s*(#[0-9a-fA-F]+);", app_css).group(1)
        assert f".{choice} {{ background: {colour}; }}" in html, choice


def test_html_has_only_approved_comments(tmp_path):
    html = render_html(make_report(), tmp_path)
    assert "Because &lt;script&gt;" in html
    assert "pending words" not in html and "hidden words" not in html


def test_html_escapes_user_text_everywhere(tmp_path):
    html = render_html(make_report(), tmp_path)
    assert XSS not in html
    assert "Polarisation &lt;script&gt;alert(1)&lt;/script&gt;" in html  # title (and <title>)
    assert "Talk first &lt;script&gt;" in html and "Veiligheid &lt;script&gt;" in html
    assert "Samenwerken &lt;script&gt;" in html and "Room &lt;script&gt;" in html
    assert "Shared protocol &lt;script&gt;" in html and "Who does what? &lt;script&gt;" in html
    assert "Name" not in html  # participant names never reach the report


def test_html_is_self_contained(tmp_path):
    html = render_html(make_report(), tmp_path).lower()
    for fetching in ("<script", "<link", "src=", "url(", "@import"):
        assert fetching not in html


def test_html_in_dutch_from_the_catalogue(catalogue):
    html = render_html(make_report(language="nl"), catalogue)
    assert 'lang="nl"' in html
    assert "Eens" in html and "Helemaal oneens" in html and "Sla over" in html
    assert "Stelling 1" in html and "Totaal" in html
    assert "28 november 2026" in html
    assert ">Agree<" not in html


def test_html_in_english_ignores_the_dutch_catalogue(catalogue):
    html = render_html(make_report(language="en"), catalogue)
    assert "Agree" in html and "Statement 1" in html and "Eens" not in html


def test_html_breakout_section_per_group(tmp_path):
    html = render_html(make_report(), tmp_path)
    assert html.count('<section class="breakout">') == 1 and html.count('<section class="group">') == 2
    assert "Breakout groups" in html and "20 minutes" in html and "Mixed by sector" in html
    assert "<h3>Table A</h3>" in html and "What is missing?" in html
    assert "<dd>Participant 3</dd>" in html  # the reporter, by number
    # Members by sector, numbers only: group 1 has participant 1 (Onderwijs) and 3 (Sociaal domein).
    assert '<tr><th scope="row">Onderwijs</th><td>1</td>\n          <td>1</td></tr>' in html
    # Key points, most supported first, with their support; then notes by category.
    assert html.index("<td>Meet more often</td><td>9</td>") < html.index("<td>Shared protocol &lt;script&gt;")
    assert "Shared protocol &lt;script&gt;alert(1)&lt;/script&gt;</td><td>4</td>" in html
    group_one = html[html.index("<h3>Table A</h3>"):html.index('<section class="group">', html.index("<h3>Table A"))]
    assert group_one.index("<h5>Questions</h5>") < group_one.index("<h5>Ideas</h5>")
    assert "Onderwijs · Participant 1 · Upvotes: 1" in group_one
    assert "hidden note words" not in html
    assert "No key points." in html  # group 2


def test_html_breakout_in_dutch(catalogue):
    from pathlib import Path

    from babel.messages.pofile import read_po

    # The real catalogue's entries for the breakout section.
    po = Path(__file__).resolve().parents[1] / "facilitator/translations/nl/LC_MESSAGES/messages.po"
    with po.open("rb") as f:
        real = read_po(f, locale="nl")
    path = catalogue / "nl" / "LC_MESSAGES" / "messages.mo"
    with path.open("wb") as f:
        write_mo(f, real)
    html = render_html(make_report(language="nl"), catalogue)
    assert "Kernpunten" in html and "Deelnemer 3" in html and "Stemmen: 1" in html and "20 minuten" in html
    assert "Gemengd naar sector" in html and "Gespreksvragen" in html


# CSV

def read(text):
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_results_csv_rows_and_figures():
    rows = read(results_csv(make_report()))
    assert len(rows) == 2 * 5  # two statements, overall + four sectors (three offered, one left over)
    overall = rows[0]
    assert (overall["statement_position"], overall["group_kind"], overall["group"]) == ("1", "all", "All")
    assert (overall["agree"], overall["pass"], overall["total"], overall["opinions"]) == ("1", "1", "5", "4")
    assert (overall["agree_pct"], overall["disagree_pct"]) == ("50.0", "25.0")
    onderwijs = rows[1]
    assert (onderwijs["group"], onderwijs["agree"], onderwijs["strongly_agree"]) == ("Onderwijs", "1", "1")
    assert rows[5]["statement_text"] == "'=1+1"


def test_results_csv_translates_the_overall_group():
    rows = read(results_csv(make_report(language="nl"), gettext={"All": "Totaal"}.get))
    assert rows[0]["group"] == "Totaal" and "statement_text" in rows[0]  # keys stay the same


def test_comments_csv_neutralises_formulas():
    rows = read(comments_csv(make_report()))
    texts = [r["comment"] for r in rows]
    assert texts == ["Because " + XSS, *("'" + f for f in FORMULAS)]
    assert rows[1]["choice"] == "strongly_disagree" and rows[1]["sector"] == "Onderwijs"
    assert rows[1]["statement_text"] == "'=1+1"


def test_attendance_and_votes_csv():
    attendance = read(attendance_csv(make_report()))
    assert [(r["group"], r["participants"]) for r in attendance] == [
        ("Onderwijs", "2"), ("Sociaal domein", "1"), (f"Veiligheid {XSS}", "1"), ("Anders", "1"), ("All", "5")]
    votes = read(votes_csv(make_report()))
    assert list(votes[0]) == ["participant_number", "sector", "statement_position", "choice"]
    assert [(v["participant_number"], v["statement_position"], v["choice"]) for v in votes][:2] == [
        ("1", "1", "agree"), ("2", "1", "strongly_agree")]


def test_every_csv_cell_is_safe():
    report = make_report()
    for text in (results_csv(report), attendance_csv(report), comments_csv(report), votes_csv(report),
                 groups_csv(report), memberships_csv(report), notes_csv(report)):
        for row in csv.reader(io.StringIO(text[1:])):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_groups_csv_one_row_per_group_with_sector_columns():
    rows = read(groups_csv(make_report()))
    assert list(rows[0]) == ["breakout", "group_number", "group_name", "place", "questions", "members",
                             "reporter_number", "notes", "key_points", "key_point_supports", "sector:Onderwijs",
                             "sector:Sociaal domein", f"sector:Veiligheid {XSS}", "sector:Anders"]
    one, two = rows
    assert (one["breakout"], one["group_number"], one["group_name"], one["place"]) == (
        f"Samenwerken {XSS}", "1", "Table A", f"Room {XSS}")
    assert one["questions"] == f"Who does what? {XSS}\nWhat is missing?"
    assert (one["members"], one["reporter_number"], one["notes"], one["key_points"], one["key_point_supports"]) == (
        "2", "3", "3", "2", "13")
    assert (one["sector:Onderwijs"], one["sector:Sociaal domein"], one["sector:Anders"]) == ("1", "1", "0")
    assert (two["group_name"], two["reporter_number"], two["members"]) == ("'" + HYPERLINK, "", "3")


def test_memberships_csv():
    rows = read(memberships_csv(make_report()))
    assert [(r["participant_number"], r["sector"], r["group_number"], r["group_name"]) for r in rows] == [
        ("1", "Onderwijs", "1", "Table A"), ("3", "Sociaal domein", "1", "Table A"),
        ("2", "Onderwijs", "2", "'" + HYPERLINK), ("4", f"Veiligheid {XSS}", "2", "'" + HYPERLINK),
        ("5", "Anders", "2", "'" + HYPERLINK)]
    assert rows[0]["breakout"] == f"Samenwerken {XSS}"


def test_notes_csv_in_order_without_hidden_and_neutralised():
    rows = read(notes_csv(make_report()))
    assert list(rows[0]) == ["breakout", "group_number", "group_name", "category", "text", "participant_number",
                             "sector", "upvotes", "key_point", "supports"]
    assert [(r["group_number"], r["category"], r["text"], r["upvotes"], r["key_point"], r["supports"])
            for r in rows] == [
        ("1", "Questions", "Who shares what?", "1", "0", "0"),
        ("1", "Ideas", f"Shared protocol {XSS}", "1", "1", "4"),
        ("1", "Ideas", "Meet more often", "1", "1", "9"),
        ("2", "Obstacles", "'" + HYPERLINK, "2", "0", "0"),
        ("2", "Obstacles", "No budget", "1", "0", "0"),
        ("2", "Ideas", "'@SUM(A1:A9)", "0", "0", "0")]
    assert (rows[3]["participant_number"], rows[3]["sector"]) == ("2", "Onderwijs")
    assert all("hidden note words" not in r["text"] for r in rows)


def test_no_names_in_any_csv():
    report = make_report()
    for text in (groups_csv(report), memberships_csv(report), notes_csv(report)):
        assert "Name" not in text


# JSON

def keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys(inner)


def test_json_round_trips_without_internals():
    data = report_json(make_report())
    again = json.loads(json.dumps(data))
    assert again == data
    leaked = {k for k in keys(data) if k == "id" or k.endswith("_id") or "token" in k}
    assert not leaked
    text = json.dumps(data)
    assert "101" not in text and "Name" not in text  # participant ids and names stay out


def test_json_content():
    data = report_json(make_report())
    assert data["generated_at"] == "2026-11-28T16:30:00+00:00" and data["date"] == "2026-11-28"
    assert data["attendance"]["total"] == 5
    first = data["statements"][0]
    assert first["tally"]["overall"]["counts"]["agree"] == 1 and first["tally"]["overall"]["opinions"] == 4
    assert [c["text"] for c in first["comments"]] == ["Because " + XSS]
    assert data["votes"][0] == {"participant_number": 1, "sector": "Onderwijs", "statement_position": 1,
                                "choice": "agree"}


def test_json_breakouts():
    data = report_json(make_report())
    (breakout,) = data["breakouts"]
    assert (breakout["title"], breakout["minutes"], breakout["assignment"]) == (
        f"Samenwerken {XSS}", 20, "sector_balanced")
    assert breakout["categories"] == ["Questions", "Experiences", "Obstacles", "Ideas"]
    one, two = breakout["groups"]
    assert (one["number"], one["name"], one["place"], one["reporter_number"]) == (1, "Table A", f"Room {XSS}", 3)
    assert one["questions"] == [f"Who does what? {XSS}", "What is missing?"]
    assert one["members"] == [{"participant_number": 1, "sector": "Onderwijs"},
                              {"participant_number": 3, "sector": "Sociaal domein"}]
    assert one["by_sector"][:2] == [{"sector": "Onderwijs", "members": 1}, {"sector": "Sociaal domein", "members": 1}]
    assert one["notes"][1] == {"category": "Ideas", "text": f"Shared protocol {XSS}", "participant_number": 1,
                               "sector": "Onderwijs", "upvotes": 1, "key_point": True, "supports": 4}
    assert [n["text"] for n in two["notes"]] == [HYPERLINK, "No budget", "@SUM(A1:A9)"]  # JSON keeps text as is
    assert two["reporter_number"] is None
    assert "hidden note words" not in json.dumps(data)
