"""The Typst renderer: a design's `.typ` template plus the document as JSON data, compiled out of process.

An in-process `typst.compile` cannot be interrupted, so compiles run in a long-lived child
(`typst_worker.py`) that stays warm (fonts loaded once) and is killed and replaced when a compile
runs past RENDER_TIMEOUT_SECONDS, dies, or has used its CPU budget. One child per process that
renders (each Celery pool process gets its own after fork); calls from threads take turns.
"""

import atexit
import json
import logging
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

from packets.renderers.errors import RenderError, RenderTimeout

WORKER = Path(__file__).resolve().parent / "typst_worker.py"
# Where the worker's HTTP clients would go if it could not leave the network namespace: nowhere.
NO_PROXY_ENV = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9"}
STARTUP_TIMEOUT = 30.0
logger = logging.getLogger("packets.renderers")


class TypstProcess:
    """One sandboxed Typst child and the framed pipe protocol to it."""

    def __init__(self, *, memory_mb, extra_env=None):
        self.memory_mb = memory_mb
        self.extra_env = extra_env or {}
        self._process = None
        self._lock = threading.Lock()
        self.network_isolated = None

    def _start(self):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/nonexistent", **NO_PROXY_ENV, **self.extra_env}
        self._process = subprocess.Popen(
            [sys.executable, "-I", str(WORKER), str(self.memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            close_fds=True, start_new_session=True,
        )
        hello = json.loads(self._read_frame(time.monotonic() + STARTUP_TIMEOUT, starting=True))
        self.network_isolated = hello.get("network_isolated")
        if not self.network_isolated:
            # e.g. a container whose seccomp profile forbids unshare(): downloads go to a closed port instead.
            logger.warning("typst worker runs without its own network namespace; its proxy points at a closed port")

    def stop(self):
        process, self._process = self._process, None
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait(timeout=5)
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def _read_exact(self, size, deadline):
        fd = self._process.stdout.fileno()
        chunks, remaining = [], size
        while remaining:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _read_frame(self, deadline, starting=False):
        try:
            (size,) = struct.unpack(">I", self._read_exact(4, deadline))
            return self._read_exact(size, deadline)
        except TimeoutError:
            self.stop()
            if starting:
                raise RenderError("The Typst renderer did not start.") from None
            raise RenderTimeout(f"Rendering took longer than {settings.RENDER_TIMEOUT_SECONDS:g} s.") from None
        except EOFError:
            self.stop()
            raise RenderError("The Typst renderer stopped (the document may need too much memory).") from None

    def compile(self, *, source, inputs, fmt="pdf", ppi=None, timeout):
        request = json.dumps({"source": source, "inputs": inputs, "format": fmt, "ppi": ppi}).encode("utf-8")
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._start()
            deadline = time.monotonic() + timeout
            try:
                self._process.stdin.write(struct.pack(">I", len(request)) + request)
                self._process.stdin.flush()
            except (BrokenPipeError, OSError):
                self.stop()
                raise RenderError("The Typst renderer stopped.") from None
            header = json.loads(self._read_frame(deadline))
            output = self._read_frame(deadline) if header.get("ok") else None
            if header.get("recycle"):
                self.stop()
        if not header.get("ok"):
            raise RenderError(f"Typst could not compile the document: {header.get('message', '')}",
                              details={"engine": "typst"})
        return output


_shared = {"pid": None, "process": None}
_shared_lock = threading.Lock()


def shared_process():
    """This OS process's Typst child (a forked Celery pool process starts its own)."""
    with _shared_lock:
        if _shared["pid"] != os.getpid() or _shared["process"] is None:
            _shared["pid"], _shared["process"] = os.getpid(), TypstProcess(memory_mb=settings.RENDER_MEMORY_MB)
        return _shared["process"]


@atexit.register
def _stop_shared():
    if _shared["pid"] == os.getpid() and _shared["process"] is not None:
        _shared["process"].stop()


def compile_typst(source, document_data, *, fmt="pdf", ppi=None, process=None):
    """Compile a template with the document as `sys.inputs.document`; bytes of the PDF or first-page PNG."""
    process = process or shared_process()
    inputs = {"document": json.dumps(document_data, ensure_ascii=False)}
    return process.compile(source=source, inputs=inputs, fmt=fmt, ppi=ppi, timeout=settings.RENDER_TIMEOUT_SECONDS)
