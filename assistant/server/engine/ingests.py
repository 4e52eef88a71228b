"""Ingest while serving: readers move to a copy of the index, the index is written, readers move
back; no request ever reads a half-written index. Optionally triggered by changes in the corpus."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, ConfigError, UsageError
from assistant.server.engine.service import open_generation
from assistant.server.errors import Conflict, Forbidden

if TYPE_CHECKING:
    from assistant import IngestReport
    from assistant.server.engine.service import Service

log = logging.getLogger(__name__)
KEPT_JOBS = 20


@dataclass
class IngestJob:
    """One ingest run by the server and where it stands."""

    id: str
    paths: tuple[str, ...]
    state: str = "queued"  # queued, running, done, failed
    phase: str = ""
    created: float = field(default_factory=time.time)
    finished: float | None = None
    report: IngestReport | None = None
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event, repr=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "state": self.state,
            "phase": self.phase,
            "paths": list(self.paths),
            "created": round(self.created, 3),
            "finished": round(self.finished, 3) if self.finished else None,
            "error": self.error,
            "report": None,
        }
        if self.report is not None:
            from assistant.serialize import ingest_summary

            r = self.report
            data["report"] = {
                "files_seen": r.files_seen,
                "added": r.added,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "removed": r.removed,
                "skipped": r.skipped,
                "notes": r.notes,
                "articles": r.articles,
                "chunks_embedded": r.chunks_embedded,
                "chunks_reused": r.chunks_reused,
                "seconds": round(r.seconds, 3),
                "summary": ingest_summary(r),
            }
        return data


class Ingests:
    """Runs one ingest at a time on its own thread; readers are never blocked by it."""

    def __init__(self, service: Service) -> None:
        self._service = service
        settings = service.settings
        self.roots = tuple(p.resolve() for p in (service.options.ingest_roots or settings.corpus))
        name = f".{settings.index_dir.name}.snapshot-{os.getpid()}"
        self._snapshot = settings.index_dir.parent / name
        self._on_snapshot = False
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._running: IngestJob | None = None
        self._again = False
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._thread: threading.Thread | None = None

    def check_paths(self, paths: Sequence[str] | None) -> tuple[Path, ...] | None:
        """The paths resolved, each inside an allowed root; None means the configured corpus."""
        if not paths:
            return None
        resolved = []
        for raw in paths:
            path = Path(raw).expanduser().resolve()
            if not any(path == root or root in path.parents for root in self.roots):
                allowed = ", ".join(str(r) for r in self.roots) or "none"
                raise Forbidden(
                    f"The server may only ingest below {allowed}; {raw!r} is outside "
                    "(start it with --allow-ingest DIR to add a folder)."
                )
            if not path.exists():
                raise UsageError(f"No such file or folder on the server: {raw!r}.")
            resolved.append(path)
        return tuple(resolved)

    def start(self, paths: Sequence[str] | None = None) -> IngestJob:
        """Start an ingest of these paths (the corpus when None); Conflict if one is running."""
        checked = self.check_paths(paths)
        with self._lock:
            if self._running is not None:
                raise Conflict(
                    f"An ingest is already running (job {self._running.id}); wait for it to finish."
                )
            shown = tuple(str(p) for p in checked) if checked else tuple(map(str, self.roots))
            job = IngestJob(uuid.uuid4().hex[:12], shown)
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                self._jobs.popitem(last=False)
            self._running = job
        self._thread = threading.Thread(
            target=self._run, args=(job, checked), name="ingest", daemon=True
        )
        self._thread.start()
        return job

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    @property
    def running(self) -> IngestJob | None:
        return self._running

    def _run(self, job: IngestJob, paths: tuple[Path, ...] | None) -> None:
        job.state = "running"
        try:
            job.report = self._ingest(job, paths)
            job.state = "done"
        except AssistantError as exc:
            job.state, job.error = "failed", str(exc)
        except Exception as exc:  # a bug: logged with its traceback, reported in one line
            log.exception("The ingest job %s failed.", job.id)
            job.state, job.error = "failed", f"unexpected {type(exc).__name__}"
        finally:
            job.finished = time.time()
            job.phase = ""
            with self._lock:
                self._running = None
                again, self._again = self._again, False
            job.done.set()
            log.info("Ingest job %s %s.", job.id, job.state)
        if again and not self._stop.is_set():
            self._start_quietly()

    def _ingest(self, job: IngestJob, paths: tuple[Path, ...] | None) -> IngestReport:
        from assistant import Assistant

        service = self._service
        settings, embedder, workers = service.settings, service.embedder, service.workers
        count = service.options.workers
        if not self._on_snapshot:  # else readers stay on the copy a failed ingest left them on
            job.phase = "copying the index"
            shutil.rmtree(self._snapshot, ignore_errors=True)
            with Assistant(settings, embedder=embedder) as source:
                try:
                    source.copy_index(self._snapshot)
                except OSError as exc:  # no room or no right to write beside the index
                    shutil.rmtree(self._snapshot, ignore_errors=True)
                    raise ConfigError(
                        f"Cannot copy the index to {self._snapshot} for the readers during the "
                        f"ingest ({exc.strerror or exc}); nothing was changed."
                    ) from exc
            job.phase = "opening the copy"
            copy = settings.with_changes(index_dir=self._snapshot)
            label = f"a copy ({self._snapshot})"
            snapshot = open_generation(copy, embedder, service.nlp, count, label)
            workers.retire(workers.swap(snapshot))
            self._on_snapshot = True
        job.phase = "ingesting"
        with Assistant(settings, embedder=embedder) as writer:
            report = writer.ingest(list(paths) if paths else None)
        job.phase = "opening the new index"
        fresh = open_generation(settings, embedder, service.nlp, count, str(settings.index_dir))
        workers.retire(workers.swap(fresh))
        self._on_snapshot = False
        shutil.rmtree(self._snapshot, ignore_errors=True)
        return report

    # -- watching the corpus ------------------------------------------------------------
    def watch(self) -> None:
        """Ingest the corpus whenever a file below the ingest roots changes."""
        self._watcher = threading.Thread(target=self._watch, name="watch", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        import watchfiles

        roots = [str(r) for r in self.roots if r.exists()]
        if not roots:
            log.warning("Nothing to watch: no ingest root exists.")
            return
        for changes in watchfiles.watch(*roots, stop_event=self._stop, raise_interrupt=False):
            log.info("%d change(s) in the corpus; ingesting.", len(changes))
            self._start_quietly()

    def _start_quietly(self) -> None:
        try:
            self.start(None)
        except Conflict:
            with self._lock:
                self._again = True  # run once more when the current job ends
        except AssistantError as exc:
            log.warning("The ingest could not start: %s", exc)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching and give a running ingest a moment to end."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout)
        if self._thread is not None and self._thread.is_alive():
            # An interrupted ingest is finished by the next one; readers were never on it.
            log.warning("Leaving an ingest unfinished; the next ingest completes it.")
            self._thread.join(timeout)

    def remove_copy(self) -> None:
        """Delete the readers' copy of the index (once no reader uses it)."""
        shutil.rmtree(self._snapshot, ignore_errors=True)
