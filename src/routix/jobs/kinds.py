"""Every job kind, registered by importing the modules that declare them.

The API process, ``routix worker`` (Celery), the standalone workers and the CLI import this
module before they run jobs, so each process knows the same kinds. A new kind is one line here.
"""

from __future__ import annotations

import routix.batches.jobs  # registers "batch_row"
import routix.generations.edit_jobs  # registers "edit" (edits, undo, variants as versions)
import routix.generations.jobs
import routix.jobs.cleanup
import routix.library.jobs  # registers "template_analysis"
import routix.videos.jobs  # noqa: F401  (registers "video" and "video_cleanup")
from routix.jobs.registry import known

__all__ = ["known"]
