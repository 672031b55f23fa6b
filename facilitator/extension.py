"""The module-level Socket.IO object and what the app keeps in app.extensions["facilitator"]."""
from dataclasses import dataclass

from flask_socketio import SocketIO

from .actions import Services
from .broadcast import Broadcaster
from .rate_limits import RateLimits

socketio = SocketIO()


@dataclass
class Facilitator:
    services: Services
    broadcaster: Broadcaster
    settings: dict
    rate_limits: RateLimits
    new_organiser_password: str | None = None  # generated at this start: shown once
