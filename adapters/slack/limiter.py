"""The turn limiter (adapters/limiter.py), shared by Slack and Teams; kept importable
from here."""

from adapters.limiter import TurnLimiter

__all__ = ["TurnLimiter"]
