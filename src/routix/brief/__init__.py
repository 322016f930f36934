"""Intent analysis: prompt -> Brief (offline planner; LLM planners plug in as ports)."""

from routix.brief.models import CATEGORIES, MOODS, STYLES, Brief, Planner
from routix.brief.offline import OfflinePlanner, get_planner

__all__ = ["CATEGORIES", "MOODS", "STYLES", "Brief", "OfflinePlanner", "Planner", "get_planner"]
