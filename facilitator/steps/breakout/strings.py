"""The breakout's words, translated (facilitator/translations): its refusals and what its scripts
(static/js/steps/breakout/) show."""
from flask_babel import gettext, lazy_gettext

# Error code -> message, for facilitator/messages.py (Kind.errors).
ERRORS = {
    "own_key_point": lazy_gettext("You cannot +1 a key point of your own."),
    "unknown_breakout": lazy_gettext("This breakout does not exist in this session."),
    "unknown_group": lazy_gettext("This group does not exist in this breakout."),
    "unknown_note": lazy_gettext("This note does not exist on your group's board."),
    "unknown_participant": lazy_gettext("This participant is not in this session."),
    "not_in_group": lazy_gettext("You are not in a group yet."),
    "not_self_select": lazy_gettext("In this breakout the groups are assigned; you cannot choose one."),
    "group_full": lazy_gettext("This group is full. Choose another one."),
    "breakout_closed": lazy_gettext("The group work is not open (not started yet, or already ended)."),
    "not_reporter": lazy_gettext("Only your group's reporter can mark key points."),
    "reporter_taken": lazy_gettext("Your group already has a reporter."),
    "too_many_key_points": lazy_gettext("A group can mark at most %(limit)s key points."),
    "not_reporting": lazy_gettext("Key points can be supported only during the report-back."),
    "own_note": lazy_gettext("You cannot upvote your own note."),
    "not_your_note": lazy_gettext("You can change only your own notes."),
    "invalid_category": lazy_gettext("Choose one of the categories."),
    "invalid_breakout": lazy_gettext("The breakout is not valid: check its groups, times and limits."),
}

# Its report's CSV tables, as the downloads list them (Kind.report_tables).
GROUPS_TABLE = lazy_gettext("Groups")
MEMBERSHIPS_TABLE = lazy_gettext("Group members")
NOTES_TABLE = lazy_gettext("Notes")


def ui_strings() -> dict[str, str]:
    return {
        "kind.breakout": gettext("Breakout groups"),  # Kind.label, the same msgid
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
