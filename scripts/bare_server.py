"""The ceiling for the benchmark: a bare Flask-SocketIO server that counts votes in memory.

It speaks just enough of facilitator's protocol (docs/protocol.md) for `facilitator loadtest` to
drive it: the join form, the three roles, open and close a statement, vote, and a `state` with the
count. It stores nothing and checks almost nothing; what it costs is what the stack itself costs.

    python scripts/bare_server.py --port 5100   (prints its moderator link)
"""
import argparse
import secrets
import sys
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import eventlet
eventlet.monkey_patch()

from flask import Flask, make_response, redirect, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

CODE, KEY, SECTORS = "BARE01", "bare-key", ["Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente"]
app = Flask(__name__)
socketio = SocketIO(app, async_mode="eventlet")
statement = {"id": 1, "position": 1, "text": "Een stelling", "status": "pending"}
votes: dict[str, str] = {}
people: dict[str, str] = {}  # token -> sector
JOIN_PAGE = "<!doctype html><title>Join</title><form method=post>" + "x" * 3000 + "</form>"


def state(role: str) -> dict:
    return {"role": role, "session": {"code": CODE, "sectors": SECTORS, "status": "active"},
            "step": {"kind": "statement", "statement": dict(statement)}, "votes": {"count": len(votes)},
            "agenda": [{"kind": "statement", "statement": dict(statement), "votes": len(votes)}]}


@app.route(f"/j/{CODE}", methods=["GET", "POST"])
def join():
    if request.method == "GET":
        return JOIN_PAGE
    token = secrets.token_urlsafe(16)
    people[token] = request.form.get("sector", "")
    response = make_response(redirect(f"/s/{CODE}"))
    response.set_cookie("token", token)
    return response


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
