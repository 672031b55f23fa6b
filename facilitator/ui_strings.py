"""Every text the browser scripts show, translated for the current request.

The scripts carry no human-readable text of their own: pages pass this dict in their boot data
and the scripts look strings up by key (static/js/socket.js `t`). Placeholders use {name}, filled
in by the script; keys ending in .one/.other are the singular and plural (picked by `tn`).
gettext is called inside the function so the request's language applies and pybabel finds the msgids.
"""
from __future__ import annotations

from flask_babel import get_locale, gettext

from .steps import KINDS

# The strings depend on nothing but the language, and every phone's page carries them: look them up
# once per language, not 150 gettext calls on every page load (8 % of a join's server time).
_BY_LOCALE: dict[str, dict[str, str]] = {}


def ui_strings() -> dict[str, str]:
    locale = str(get_locale())
    if locale not in _BY_LOCALE:
        _BY_LOCALE[locale] = {**_translated(), **_of_kinds()}
    return _BY_LOCALE[locale]


def _of_kinds() -> dict[str, str]:
    """What each kind of step's script shows (facilitator/steps/<kind>), with its name as `kind.<name>`."""
    return {key: text for kind in KINDS.values() if kind.ui_strings for key, text in kind.ui_strings().items()}


def _translated() -> dict[str, str]:
    return {
        # Connection indicator
        "connection.connecting": gettext("Connecting…"),
        "connection.connected": gettext("Connected"),
        "connection.reconnecting": gettext("Reconnecting…"),
        "connection.refused": gettext("Not connected"),
        # Errors
        "error.generic": gettext("Something went wrong. Please try again."),
        "error.unknown_session": gettext("This session does not exist. Check the code and try again."),
        # The five-point scale and pass
        "choice.strongly_disagree": gettext("Strongly disagree"),
        "choice.disagree": gettext("Disagree"),
        "choice.neutral": gettext("Neutral"),
        "choice.agree": gettext("Agree"),
        "choice.strongly_agree": gettext("Strongly agree"),
        "choice.pass": gettext("Pass"),
        "statement.position": gettext("Statement {n} of {total}"),
        # Phone: voting
        "vote.prompt": gettext("Tap the answer that fits you best."),
        "vote.sending": gettext("Sending…"),
        "vote.pending": gettext("Not sent yet: your vote will be sent as soon as the connection is back."),
        "vote.saved_open": gettext("Your answer: {choice}. You can change it while voting is open."),
        "vote.saved_closed": gettext("Your answer: {choice}."),
        "vote.none": gettext("You did not vote on this statement."),
        "vote.not_open_yet": gettext("Voting has not started yet. Read the statement; the buttons will unlock in a moment."),
        "vote.closed": gettext("Voting is closed."),
        # Phone: explanation
        "comment.counter": gettext("{count} / {max}"),
        "comment.status.sending": gettext("Sending your explanation…"),
        "comment.status.waiting": gettext("Not sent yet: your explanation will be sent as soon as the connection is back."),
        "comment.status.pending": gettext("Your explanation was sent and is waiting for the moderator."),
        "comment.status.approved": gettext("Your explanation was approved and may be shown on the screen."),
        "comment.status.hidden": gettext("Your explanation will not be shown on the screen."),
        # Bars (projector and control panel)
        "bars.everyone": gettext("Everyone"),
        "bars.opinions.one": gettext("{count} opinion"),
        "bars.opinions.other": gettext("{count} opinions"),
        "bars.passed.one": gettext("{count} passed"),
        "bars.passed.other": gettext("{count} passed"),
        "bars.no_votes": gettext("No votes yet"),
        "bars.row_summary": gettext("{name}: {disagree} disagree, {neutral} neutral, {agree} agree, {passed} passed"),
        # Vote counts
        "votes.one": gettext("{count} vote"),
        "votes.other": gettext("{count} votes"),
        # Projector
        "projector.voted_of.one": gettext("of {count} has voted"),
        "projector.voted_of.other": gettext("of {count} have voted"),
        "projector.joined_word.one": gettext("participant has joined"),
        "projector.joined_word.other": gettext("participants have joined"),
        "projector.voting.pending": gettext("Voting opens in a moment"),
        "projector.voting.open": gettext("Vote now on your phone"),
        "projector.voting.closed": gettext("Voting is closed"),
        "projector.voting.revealed": gettext("Voting is closed"),
        # Control panel
        "agenda.lobby": gettext("Lobby: join screen"),
        "agenda.end": gettext("End: thank-you screen"),
        "status.pending": gettext("Not started"),
        "status.open": gettext("Voting open"),
        "status.closed": gettext("Closed"),
        "status.revealed": gettext("Revealed"),
        "status.comment_pending": gettext("Waiting"),
        "status.comment_approved": gettext("Approved"),
        "status.comment_hidden": gettext("Hidden"),
        "comment.approve": gettext("Approve"),
        "comment.hide": gettext("Hide"),
        "control.joined_word.one": gettext("participant"),
        "control.joined_word.other": gettext("participants"),
        "control.voted.one": gettext("{voted} of {count} has voted"),
        "control.voted.other": gettext("{voted} of {count} have voted"),
        "control.no_result": gettext("Results appear here when a statement is on screen."),
        "control.no_answer": gettext("The server did not answer. Try again."),
        "control.screens.one": gettext("{count} projector screen"),
        "control.screens.other": gettext("{count} projector screens"),
        "control.screen_silent": gettext("A projector screen has stopped responding. Reload the projector page (F5) "
                                         "or check the laptop that drives the projector."),
        "control.offline": gettext("Not connected to the server. Wait until the connection is back."),
        "control.ended": gettext("This session has ended. The report stays available."),
        "control.forbidden": gettext("This link is not valid for the control panel."),
    }
