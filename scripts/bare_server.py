"""The ceiling for the benchmark: a bare Flask-SocketIO server that counts votes in memory.

It speaks just enough of facilitator's protocol (docs/protocol.md) for the benchmark's load
generator (scripts/loadgen.mjs) and `facilitator loadtest` to drive it, the way a plain Flask
app would: a join page whose form carries a CSRF token kept in Flask's signed session cookie, the
form's POST, a phone page that links the same socket client and stylesheet (served by Flask's own
static route), the three roles, open and close a statement, vote, and a `state` with the count.
It stores nothing and checks almost nothing; what it costs is what the stack itself costs.

    python scripts/bare_server.py --port 5100   (prints its moderator link)
"""
import argparse
import hmac
import secrets
import sys
import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import eventlet
eventlet.monkey_patch()

from flask import Flask, abort, make_response, redirect, request, session  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

CODE, KEY, SECTORS = "BARE01", "bare-key", ["Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente"]
app = Flask(__name__, static_folder=str(Path(__file__).resolve().parent.parent / "static"))
app.secret_key = secrets.token_bytes(32)
socketio = SocketIO(app, async_mode="eventlet")
statement = {"id": 1, "position": 1, "text": "Een stelling", "status": "pending"}
votes: dict[str, str] = {}
people: dict[str, str] = {}  # token -> sector
FILLER = "x" * 3000  # about the size of our pages' text
PHONE_PAGE = ('<!doctype html><title>Phone</title><link rel="stylesheet" href="/static/css/app.css">'
              f'<main>{FILLER}</main><script src="/static/vendor/socket.io.min.js"></script>')


def state(role: str) -> dict:
    return {"role": role, "session": {"code": CODE, "sectors": SECTORS, "status": "active"},
            "step": {"kind": "statement", "statement": dict(statement)}, "votes": {"count": len(votes)},
            "agenda": [{"kind": "statement", "statement": dict(statement), "votes": len(votes)}]}


@app.route(f"/j/{CODE}", methods=["GET", "POST"])
def join():
    if request.method == "GET":
        session.setdefault("csrf", secrets.token_hex(20))
        return (f'<!doctype html><title>Join</title><form method=post><input type=hidden name="csrf_token" '
                f'value="{session["csrf"]}">{FILLER}</form>')
    if not hmac.compare_digest(request.form.get("csrf_token", ""), session.get("csrf", "-")):
        abort(400)
    token = secrets.token_urlsafe(16)
    people[token] = request.form.get("sector", "")
    response = make_response(redirect(f"/s/{CODE}"))
    response.set_cookie("token", token, httponly=True, samesite="Lax")
    return response


@app.get(f"/s/{CODE}")
def phone():
    return PHONE_PAGE if request.cookies.get("token") in people else redirect(f"/j/{CODE}")


@socketio.on("connect")
def connect(auth):
    role = (auth or {}).get("role")
    request_token = request.cookies.get("token")
    join_room(role)
    payload = state(role)
    if role == "participant":
        payload["me"] = {"number": 1, "sector": people.get(request_token, ""), "votes": {}}
    socketio.emit("state", payload, to=request.sid)


@socketio.on("open_statement")
def open_statement(data):
    statement["status"] = "open"
    for role in ("participant", "projector", "moderator"):
        socketio.emit("state", state(role), to=role)
    return {"ok": True}


@socketio.on("close_statement")
def close_statement(data):
    statement["status"] = "closed"
    socketio.emit("state", state("moderator"), to="moderator")
    return {"ok": True}


@socketio.on("vote")
def vote(data):
    votes[request.cookies.get("token") or request.sid] = data["choice"]
    # The bare way: tell the screens at once, on every vote.
    socketio.emit("state", state("projector"), to="projector")
    return {"ok": True, "statement_id": 1, "choice": data["choice"]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5100)
    port = parser.parse_args().port
    print(f"Moderator:  http://127.0.0.1:{port}/m/{CODE}?key={KEY}", flush=True)
    socketio.run(app, host="127.0.0.1", port=port, log_output=False, max_size=10_000)
    sys.exit(0)
