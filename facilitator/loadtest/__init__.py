"""`facilitator loadtest`: many simulated phones against a running server, measured.

Runs in one asyncio loop with python-socketio's AsyncClient, so thousands of phones cost a few
threads, not thousands. Every loop is bounded in count and time: the run stops by itself.
"""
