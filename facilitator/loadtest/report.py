"""The readable summary of a load run."""
from __future__ import annotations

from .stats import table


def render(f: dict) -> str:
    def lat(name: str, key: str):
        s = f[key]
        return [(f"{name} p50 / p95 / p99 / max (ms)",
                 " / ".join("-" if s[k] is None else f"{s[k]:,.1f}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")))]

    rows = [("phones joined", f"{f['joined']} of {f['phones']}"), *lat("join", "join"),
            ("join page (bytes)", f["join_page_bytes"]), *lat("statement on phones", "statement_delivery"),
            ("votes acknowledged", f"{f['votes_acknowledged']} of {f['votes_sent']}"),
            ("votes per second", f["votes_per_second"]), *lat("vote acknowledgement", "ack"),
            *lat("projector lag", "projector_lag"), ("final count on projector (ms after last ack)",
                                                     f["final_count_lag_ms"])]
    if f["reconnect"]["p50_ms"] is not None:
        rows += lat("reconnect", "reconnect")
    if f["notes_acknowledged"]:
        rows += [("notes acknowledged", f["notes_acknowledged"]), *lat("note acknowledgement", "note_ack")]
    rows += [("errors", f["errors"]), ("disconnects", f["disconnects"]),
             ("stored votes added", f["stored_votes_added"]),
             ("stored = acknowledged", "yes" if f["stored_matches_acknowledged"] else "NO")]
    lines = ["", "Load test", table(rows)]
    lines += [f"  error: {e}" for e in f["error_samples"]]
    return "\n".join(lines)
