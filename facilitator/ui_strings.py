"""Every text the browser scripts show, translated for the current request.

The scripts carry no human-readable text of their own: pages pass this dict in their boot data
and the scripts look strings up by key (static/js/socket.js `t`). Placeholders use {name}, filled
in by the script; keys ending in .one/.other are the singular and plural (picked by `tn`).
gettext is called inside the function so the request's language applies and pybabel finds the msgids.
"""
from __future__ import annotations

from flask_babel import get_locale, gettext

# The strings depend on nothing but the language, and every phone's page carries them: look them up
# once per language, not 150 gettext calls on every page load (8 % of a join's server time).
_BY_LOCALE: dict[str, dict[str, str]] = {}


def ui_strings() -> dict[str, str]:
    locale = str(get_locale())
    if locale not in _BY_LOCALE:
        _BY_LOCALE[locale] = _translated()
    return _BY_LOCALE[locale]


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
        # Breakout groups: the countdown (all screens)
        "timer.left": gettext("left"),
        "timer.not_started": gettext("not started"),
        "timer.paused": gettext("paused"),
        "timer.times_up": gettext("Time's up"),
        "timer.ended": gettext("Ended"),
        # Breakout groups: shared
        "agenda.breakout": gettext("Breakout groups"),
        "breakout.group_number": gettext("Group {number}"),
        "breakout.group_title": gettext("Group {number}: {name}"),
        "breakout.members_count.one": gettext("{count} member"),
        "breakout.members_count.other": gettext("{count} members"),
        "breakout.notes_count.one": gettext("{count} note"),
        "breakout.notes_count.other": gettext("{count} notes"),
        "breakout.supports.one": gettext("{count} person supports this"),
        "breakout.supports.other": gettext("{count} people support this"),
        "breakout.status.pending": gettext("Not started"),
        "breakout.status.open": gettext("Groups open"),
        "breakout.status.running": gettext("Running"),
        "breakout.status.paused": gettext("Paused"),
        "breakout.status.ended": gettext("Work ended"),
        # Breakout groups: phone
        "breakout.members_of_cap": gettext("{count} of {cap} places taken"),
        "breakout.full": gettext("Full"),
        "breakout.join_group": gettext("Join this group"),
        "breakout.board_read_only": gettext("The group work has ended. The board can still be read but no longer changed."),
        "breakout.session_ended": gettext("The session has ended."),
        "breakout.you_report": gettext("You report back for your group. Tap ☆ on up to three notes to mark the key points."),
        "breakout.someone_reports": gettext("Someone in your group reports back."),
        "breakout.key_points_count": gettext("{count} of {max} key points"),
        "breakout.support": gettext("+1"),
        "breakout.supported": gettext("✓ +1"),
        # Starts with the button's visible "+1", so speech input can name it (axe: label-content-name-mismatch).
        "breakout.support_label": gettext("+1: support this point"),
        "breakout.no_answer": gettext("The server did not answer. Try again."),
        "breakout.offline": gettext("No connection. Wait until it is back and try again."),
        "board.category": gettext("Category"),
        "board.note_text": gettext("Note"),
        "board.you": gettext("you"),
        "board.key_point": gettext("Key point"),
        "board.mark_key_point": gettext("Key point?"),
        "board.sending": gettext("Sending…"),
        "board.waiting": gettext("Not sent yet: it goes as soon as the connection is back."),
        # No parentheses: speech input matches the visible count, and axe drops parenthesised words.
        "board.upvote_label.one": gettext("Upvote: {count} vote"),
        "board.upvote_label.other": gettext("Upvote: {count} votes"),
        "board.upvotes.one": gettext("▲ {count} vote"),
        "board.upvotes.other": gettext("▲ {count} votes"),
        "board.edit": gettext("Edit"),
        "board.delete": gettext("Delete"),
        "board.delete_confirm": gettext("Tap again to delete"),
        "board.save": gettext("Save"),
        "board.cancel": gettext("Cancel"),
        "board.empty_category": gettext("Nothing here yet."),
        "board.other": gettext("Other"),
        # Breakout groups: projector
        "breakout.projector.pending": gettext("Breakout groups"),
        "breakout.projector.find": gettext("Find your group"),
        "breakout.projector.working": gettext("Group work"),
        "breakout.projector.ended": gettext("The group work has ended"),
        # Breakout groups: control panel
        "breakout.start_timer": gettext("Start timer"),
        "breakout.resume_timer": gettext("Resume timer"),
        "breakout.activity": gettext("{notes}, {recent} in the last 5 minutes"),
        "breakout.sector_mix": gettext("Members by sector"),
        "breakout.reporter": gettext("Reporter"),
        "breakout.no_reporter": gettext("Nobody yet"),
        "breakout.members_move": gettext("Members ({count}): move someone"),
        "breakout.move_to": gettext("Move to…"),
        "breakout.place_in": gettext("Place in…"),
        "breakout.latest_notes": gettext("Latest notes"),
        "breakout.all_notes": gettext("Show all {count}"),
        "breakout.fewer_notes": gettext("Show fewer"),
        "breakout.no_notes_yet": gettext("No notes yet."),
        "breakout.hide_note": gettext("Hide"),
        "breakout.show_note": gettext("Show"),
        "breakout.message_shown": gettext("On every screen now: “{text}”"),
        "breakout.report_off": gettext("Not started"),
        "breakout.report_on": gettext("Group {number} of {total} on screen"),
        "breakout.after_end": gettext("At the end of the agenda"),
        "breakout.after_start": gettext("Before the first statement"),
        "breakout.after_statement": gettext("After statement {n}: {text}"),
        "breakout.default_group_name": gettext("Group {number}"),
        "breakout.title_required": gettext("Give the breakout a title."),
    }
