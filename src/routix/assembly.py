"""The one place that assembles the generation pipeline's ports from settings.

``assemble(services, algorithm, user_id=...)`` -> :class:`PipelinePorts` (planner, template
index, algorithm, designer, usage recorder). The job worker and the CLI both call it, so a
generation sees the same templates and providers wherever it runs:

* **with a** :class:`~routix.services.Services` (the server's worker, or the CLI when the library's
  database exists): the planner is ``build_planner("auto")`` (an LLM planner when a
  provider has a key, else offline); the index is :func:`routix.library.search.library_index`
  (starter + imported templates, vector search); the algorithm and designer follow the
  administrator's stored config of ``algorithm`` (:func:`routix.algorithms.config.algorithm_runtime`:
  model, fallback chain, API key), falling back along the chain to Lightning when a provider has
  no key or fails. A ``local`` algorithm (Lightning, or Lightning under another name) runs as
  :class:`routix.algorithms.local.LocalAlgorithm` with its own options and the offline designer:
  it calls no provider, so nothing of it is a fallback (it is charged its own credits). Daily
  budgets are checked against the database (:class:`routix.generations.budget.DbBudget`).
* **without** (``services=None``, the CLI without a library database): the embedded, zero-config,
  offline ports: offline planner, the starter templates in memory, Lightning, the offline
  designer. No database, no network; other algorithm names raise ``InvalidInput``.

``user_id`` is the user the generation is for. ``None`` (an operator at the CLI) skips the
per-user daily budget; the service-wide daily budget still applies, counted from the stored
generations plus what this run itself spends (CLI runs store no rows, so their cost is only
seen by the run that made it). Every provider call's tokens, latency and cost land in
``usage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from routix.algorithms.config import algorithm_runtime, local_config
from routix.algorithms.local import LocalAlgorithm
from routix.brief import get_planner
from routix.brief.models import Planner
from routix.errors import InvalidInput
from routix.generate.assets import MemoryAssets
from routix.generate.lightning import LightningAlgorithm
from routix.generate.pipeline import (
    GenerationRequest,
    GenerationResult,
    OutputSink,
    TemplateSearch,
    generate,
)
from routix.generate.ports import Algorithm, AssetStore, Designer, OfflineDesigner, ProgressCallback
from routix.generations.budget import DbBudget
from routix.library.search import library_index
from routix.providers import build_algorithm, build_designer, build_planner, get_provider_settings
from routix.providers.usage import UsageRecorder
from routix.store.models import Algorithm as AlgorithmRow
from routix.templates import starter_index

if TYPE_CHECKING:
    from routix.services import Services

#: the algorithm that needs nothing but this process (the only one without a data directory)
LOCAL_ALGORITHM = "lightning"


@dataclass(frozen=True)
class PipelinePorts:
    """Everything ``routix.generate.generate`` needs besides the request, assets and sink."""

    planner: Planner
    index: TemplateSearch
    algorithm: Algorithm
    designer: Designer
    usage: UsageRecorder

    def run(
        self, request: GenerationRequest, *, assets: AssetStore, sink: OutputSink,
        progress: ProgressCallback | None = None, ocr: bool = True, png: bool = False,
    ) -> GenerationResult:
        """``generate(request, ...)`` with these ports."""
        return generate(
            request, planner=self.planner, index=self.index, algorithm=self.algorithm, assets=assets,
            sink=sink, progress=progress, ocr=ocr, png=png, designer=self.designer,
        )


def assemble(services: Services | None, algorithm: str = LOCAL_ALGORITHM, *,
             user_id: str | None = None) -> PipelinePorts:
    """The ports for one generation with ``algorithm`` (see the module docstring).

    Raises ``InvalidInput`` for an unknown algorithm name (neither Lightning, a chain of the
    provider settings nor a stored algorithm). Building makes no network call;
    with ``services`` it reads the algorithm's stored config and, on first use per Services,
    makes sure the starter templates are in the library.
    """
    if services is None:
        return _embedded(algorithm)

    _check_known(services, algorithm)
    recorder = UsageRecorder()
    budget = DbBudget(services)
    settings, keys = algorithm_runtime(services, algorithm)  # the admin's config: model, chain, API key
    local = local_config(services, algorithm)
    if local is not None:
        return PipelinePorts(
            planner=build_planner("auto", recorder=recorder, budget=budget, user_id=user_id, keys=keys),
            index=library_index(services), algorithm=LocalAlgorithm(algorithm, local, recorder),
            designer=OfflineDesigner(), usage=recorder,
        )
    return PipelinePorts(
        planner=build_planner("auto", recorder=recorder, budget=budget, user_id=user_id, keys=keys),
        index=library_index(services),
        algorithm=build_algorithm(algorithm, recorder=recorder, budget=budget, user_id=user_id,
                                  settings=settings, keys=keys),
        designer=build_designer(algorithm, recorder=recorder, budget=budget, user_id=user_id,
                                settings=settings, keys=keys),
        usage=recorder,
    )


def _check_known(services: Services, algorithm: str) -> None:
    """Raise InvalidInput unless ``algorithm`` is Lightning, a chain of the provider settings or
    a ``generation_algorithms`` row (active or not: an accepted job still runs)."""
    from sqlalchemy import select


    if algorithm == LOCAL_ALGORITHM or algorithm in get_provider_settings().chains:
        return
    with services.db.session() as session:
        if session.scalar(select(AlgorithmRow.id).where(AlgorithmRow.name == algorithm)) is None:
            raise InvalidInput(f"unknown algorithm {algorithm!r}")


def _embedded(algorithm: str) -> PipelinePorts:
    """Offline planner, in-memory starter index, Lightning, offline designer."""

    if algorithm != LOCAL_ALGORITHM:

        if algorithm in get_provider_settings().chains:
            raise InvalidInput(f"algorithm {algorithm!r} needs the template library's database (see "
                               f"`routix db upgrade`); without one only {LOCAL_ALGORITHM!r} is available")
        raise InvalidInput(f"unknown algorithm {algorithm!r}; without the template library's database "
                           f"only {LOCAL_ALGORITHM!r} is available")
    return PipelinePorts(
        planner=get_planner(), index=starter_index(), algorithm=LightningAlgorithm(),
        designer=OfflineDesigner(), usage=UsageRecorder(),
    )


def run_generate(
    request: GenerationRequest,
    *,
    sink: OutputSink,
    progress: ProgressCallback | None = None,
    algorithm: str = LOCAL_ALGORITHM,
    ocr: bool = True,
) -> GenerationResult:
    """``generate`` with the embedded, offline ports (``assemble(None, algorithm)``: offline
    planner, starter templates, Lightning) and an in-memory asset store. For the template library
    and configured algorithms, call ``assemble(services, ...)``."""
    return assemble(None, algorithm).run(request, assets=MemoryAssets(), sink=sink, progress=progress, ocr=ocr)


__all__ = ["LOCAL_ALGORITHM", "PipelinePorts", "assemble", "run_generate"]
