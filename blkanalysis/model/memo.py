"""Model results kept per inputs and scenario: a report asks for some twice (its findings first,
then its tables), a scenario other than the baseline also asks for the baseline's.

A function decorated with :func:`per_inputs` (``fn(source, *, scenario=...)``) computes its
table once per :class:`~blkanalysis.data.inputs.Inputs` object and scenario and returns a new
copy of it on every call: what a caller does to its copy changes no other caller's. Only an
``Inputs`` source is kept (its tables are read-only, see :mod:`blkanalysis.data.inputs`; a
changed file gives a new ``Inputs`` from :func:`~blkanalysis.data.inputs.load_inputs`); a figures
table or None is computed on every call. The results of an ``Inputs`` go with it (weak keys), at
most :data:`KEPT_PER_INPUTS` of them (the least recently used goes first). An error is not kept:
the next call raises it again.
"""

from __future__ import annotations

import functools
import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import pandas as pd

from blkanalysis.data.inputs import Inputs
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.select import scenario_of

F = TypeVar("F", bound=Callable[..., pd.DataFrame])

#: the results kept per inputs (a report asks for about ten: a few functions, one or two
#: scenarios)
KEPT_PER_INPUTS = 256

_lock = threading.RLock()
#: Inputs -> (function, scenario key) -> result (never handed out: copies are)
_kept: weakref.WeakKeyDictionary[Inputs, OrderedDict[tuple[str, str], pd.DataFrame]] = (
    weakref.WeakKeyDictionary()
)


def scenario_key(scenario: Scenario) -> str:
    """Every parameter of ``scenario`` but the report language (no model result depends on it):
    two scenarios with the same key give the same results."""
    params = {k: v for k, v in scenario.params().items() if k != "lang"}
    return json.dumps(params, sort_keys=True, separators=(",", ":"))


def warm(inputs: Inputs, functions: list[Callable[..., Any]], scenarios: list[Scenario]) -> None:
    """Compute and keep ``functions`` (decorated with :func:`per_inputs`) of ``inputs`` under
    each of ``scenarios`` now (the report kernels' parent does, for the baseline: each kernel
    forked from it then finds them kept); a function that fails is left to its caller."""
    for sc in scenarios:
        for fn in functions:
            try:
                fn(inputs, scenario=sc)
            except Exception:  # the caller meets the same error, and says it
                continue


def per_inputs(fn: F) -> F:
    """``fn(source, *, scenario=None)`` computed once per ``Inputs`` object and scenario; each
    call returns a copy (see the module's docstring)."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def kept(
        source: Any = None, *, scenario: Scenario | Mapping[str, Any] | None = None
    ) -> pd.DataFrame:
        if not isinstance(source, Inputs):
            return fn(source, scenario=scenario)
        sc = scenario_of(scenario)
        key = (name, scenario_key(sc))
        with _lock:
            results = _kept.setdefault(source, OrderedDict())
            result = results.get(key)
            if result is not None:
                results.move_to_end(key)
        if result is None:
            result = fn(source, scenario=sc)
            with _lock:
                results[key] = result
                while len(results) > KEPT_PER_INPUTS:
                    results.popitem(last=False)
        return result.copy(deep=True)

    kept.uncached = fn  # type: ignore[attr-defined]
    return kept  # type: ignore[return-value]


def clear() -> None:
    """Forget every kept result (for tests)."""
    with _lock:
        _kept.clear()
