"""Persistence: tables, the one write path, and queries that return domain objects."""
from .database import Store, StoreUnavailable

__all__ = ["Store", "StoreUnavailable"]
