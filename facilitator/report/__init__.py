"""The session report: built once from domain objects (build.py), then rendered (html, tables, data).

Renderers read only the Report model: no Flask, no database, no clock.
"""
