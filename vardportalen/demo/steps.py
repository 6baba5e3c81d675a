"""Demo data of other domains: an app appends ``(name, callable)`` to DEMO_STEPS in its AppConfig.ready(),
and demo_load runs each as a timed phase after the citizens, on every run (also when the citizens were kept).

The callable gets the LoadResult: ``units`` (Vardenhet by key, e.g. "BMM_GUB", "F_SOS"), ``staff``,
``named_pks`` (pk of each named citizen by key, e.g. "gravid", "reserv_gravid", "skyddad"), ``seed`` and
``reset``. It must be idempotent (upsert, or skip what exists) and should write in bulk at 200,000 citizens.
"""
from collections.abc import Callable

DEMO_STEPS: list[tuple[str, Callable]] = []
