"""Imported once by the multiprocessing fork server (see ``build._mp_context``).

Workers are forked from the fork server, so whatever this module loads is loaded once, not once
per worker: papermill, nbclient, nbconvert and a compiled report template.
"""

from __future__ import annotations

try:
    from blkanalysis.reports.execute import warm_up

    warm_up()
    from blkanalysis.reports.zygote import freeze_heap

    freeze_heap()  # the workers' collections skip what the fork server loaded
except Exception:  # pragma: no cover - a worker then loads what it needs itself
    pass
