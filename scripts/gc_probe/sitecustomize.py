"""Log every garbage collection of any Python process started with this folder on PYTHONPATH:

    PYTHONPATH=scripts/gc_probe GC_PROBE=/tmp/gclog .venv/bin/python scripts/bench.py --only spread --repeat 1

Each process appends to GC_PROBE.<pid> one line per collection: time, generation, pause, objects
freed; for a full collection also the objects it walked and those frozen (docs/performance.md).
Without GC_PROBE it does nothing.
"""
import gc
import os
import time

if os.environ.get("GC_PROBE"):
    _started = {}
    _log = open(f"{os.environ['GC_PROBE']}.{os.getpid()}", "w")  # noqa: SIM115 (open for the process's life)

    def _record(phase, info):
        if phase == "start":
            _started["at"] = time.perf_counter()
            return
        pause = (time.perf_counter() - _started.get("at", time.perf_counter())) * 1000
        extra = f" objects={len(gc.get_objects())} frozen={gc.get_freeze_count()}" if info["generation"] == 2 else ""
        _log.write(f"{time.time():.3f} gen{info['generation']} {pause:.1f}ms collected={info['collected']}{extra}\n")
        _log.flush()

    gc.callbacks.append(_record)
