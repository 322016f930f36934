"""The service container: one place that turns Settings into adapters.

``Services(settings)`` owns the database, the blob store, the event bus and the job queue;
the API app, ``routix worker`` and tests all build one. Adapters are created on first use, so
a CLI command that needs only the database never touches Redis or S3.
"""

from __future__ import annotations

from functools import cached_property

from routix.blobs.ports import BlobStore
from routix.config import Settings, get_settings
from routix.events.ports import EventBus
from routix.jobs.ports import JobQueue
from routix.store.db import Database


class Services:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.effective_database_url)

    # The ports are plain Protocol modules; the adapters (boto3, redis, celery) load on first use.
    @cached_property
    def blobs(self) -> BlobStore:
        from routix.blobs.factory import open_blob_store
        from routix.brand_kits.fonts import blob_font_source
        from routix.render.fonts import add_font_source

        store = open_blob_store(self.settings)
        add_font_source(blob_font_source(store))  # brand kits' uploaded fonts, wherever a design is drawn
        return store

    @cached_property
    def bus(self) -> EventBus:
        from routix.events.factory import open_bus

        return open_bus(self.settings)

    @cached_property
    def queue(self) -> JobQueue:
        from routix.jobs.factory import open_queue

        return open_queue(self)

    def migrate(self) -> None:
        """Bring the database schema up to date (Alembic ``upgrade head``) and add the starter templates."""
        from routix.store.migrate import upgrade

        upgrade(self.settings.effective_database_url, engine=self.db.engine)
        from routix.library.starter import ensure_starter

        ensure_starter(self)  # the starter templates as library rows (one SELECT when present)

    def close(self) -> None:
        """Stop workers and release connections (safe to call twice)."""
        for name in ("queue", "bus"):
            adapter = self.__dict__.pop(name, None)
            if adapter is not None:
                (adapter.stop if name == "queue" else adapter.close)()
        db = self.__dict__.pop("db", None)
        if db is not None:
            db.dispose()
