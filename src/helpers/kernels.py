"""Lesson kernels started by forking a process that has already imported the lessons' stack.

A fresh kernel spends most of its first second importing: ipykernel and IPython, then
pandas, matplotlib, TextBlob, VADER and the helpers. ``make report`` starts one kernel per
lesson, so it paid that six times. With :func:`forking`, the build starts one *kernel
server* that imports the stack once (:data:`LESSON_STACK`); each kernel is then a fork of
it that sets its own folder and environment and starts ipykernel as ``python -m
ipykernel_launcher`` would. A forked kernel shares no state with the others: the server
imports modules and runs nothing of a lesson, and each fork is a process of its own, in a
session of its own, with the environment the build gives it.

The kernel manager (:class:`ForkingKernelManager`) asks the server for a fork only while
:func:`forking` is active; otherwise, and for a kernel command it does not recognise, it
starts the kernel as jupyter_client does. Interrupting, killing and polling a forked
kernel work on its process id. If the build dies, the server sees its input close and
kills the kernels it forked; a kernel whose server died stops itself (ipykernel's parent
poller).

``python -m helpers.kernels`` runs the server (the build starts it; nobody else needs to).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from jupyter_client.manager import AsyncKernelManager

#: What a lesson's kernel imports before its first cell computes anything.
LESSON_STACK = ("ipykernel.kernelapp", "matplotlib.pyplot", "numpy", "pandas", "textblob",
                "vaderSentiment.vaderSentiment", "helpers", "helpers.explore", "helpers.health",
                "helpers.plots.events", "helpers.plots.overview", "helpers.plots.reuse",
                "helpers.plots.sentiment", "helpers.plots.framing", "helpers.plots.quotes")
#: What the server imports before it forks: the lessons' stack and what it loads later on.
SERVER_STACK = (*LESSON_STACK, "pyarrow.parquet", "pysbd", "regex", "dateutil.parser",
                "PIL.Image", "pygments.lexers.python")
#: Modules that choose what they do on import by asking IPython whether they run in a kernel:
#: imported in the server (no kernel yet), they would act as outside one. The server refuses to
#: fork if :data:`SERVER_STACK` imported any of them. pandas asks too (to choose how many
#: columns a table shows); the server answers for it as a kernel would (:func:`_import_pandas`).
KERNEL_AWARE = ("tqdm.auto", "tqdm.autonotebook")
#: The matplotlib backend ipykernel gives a kernel (it sets ``MPLBACKEND`` if unset); the
#: server sets it before importing matplotlib, which reads it on import.
INLINE = "module://matplotlib_inline.backend_inline"
#: The kernel command this module knows how to fork: ``python -m ipykernel_launcher ...``.
LAUNCHER = ("-m", "ipykernel_launcher")


class KernelServerError(RuntimeError):
    """The kernel server could not start or stopped answering."""


class ForkedKernel:
    """A forked kernel as jupyter_client sees a kernel process (the parts of ``Popen`` it uses).

    The kernel is the server's child, not ours: its exit status comes from the server,
    which reaps it.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int, server: KernelServer) -> None:
        self.pid = pid
        self.server = server
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The kernel's exit status, or None while it runs."""
        if self.returncode is None:
            self.returncode = self.server.status(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait until the kernel exits; its exit status."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            time.sleep(0.05)
        return code

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel, unless it has exited."""
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        """Kill the kernel."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """Ask the kernel to stop."""
        self.send_signal(signal.SIGTERM)


class KernelServer:
    """The build's side of the kernel server: start it, ask it for forks and statuses."""

    def __init__(self) -> None:
        env = {**os.environ, "MPLBACKEND": os.environ.get("MPLBACKEND") or INLINE}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "helpers.kernels"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=env, text=True, bufsize=1)
        self.lock = threading.Lock()
        self.ready = False

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            assert self.process.stdin is not None and self.process.stdout is not None
            try:
                if not self.ready:  # the server says "ready" once the stack is imported
                    self._read()
                    self.ready = True
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.flush()
                return self._read()
            except (OSError, ValueError) as err:
                raise KernelServerError(f"the kernel server stopped answering ({err})") from err

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            code = self.process.poll()
            raise KernelServerError(f"the kernel server exited (status {code}); its error "
                                    "is above")
        return json.loads(line)

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> ForkedKernel:
        """A new kernel: ``argv`` are ipykernel's arguments, ``env`` its whole environment."""
        reply = self._ask({"op": "fork", "argv": argv, "env": env, "cwd": cwd})
        return ForkedKernel(int(reply["pid"]), self)

    def status(self, pid: int) -> int | None:
        """The exit status of a kernel the server forked, or None while it runs."""
        code = self._ask({"op": "status", "pid": pid})["code"]
        return None if code is None else int(code)

    def close(self) -> None:
        """Stop the server; it kills any kernel it forked that still runs."""
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


_server: KernelServer | None = None


@contextlib.contextmanager
def forking() -> Iterator[KernelServer]:
    """Within this block, :class:`ForkingKernelManager` forks kernels from one server; a block
    inside another uses the outer block's server."""
    global _server
    if _server is not None:
        yield _server
        return
    server = KernelServer()
    _server = server
    try:
        yield server
    finally:
        _server = None
        server.close()


class ForkingKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, forking ``python -m ipykernel_launcher`` kernels from
    the server of :func:`forking` when one runs, and launching them as usual otherwise."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        """Launch the kernel (jupyter_client's documented place to launch differently)."""
        server = _server
        if server is None or self.provisioner is None or tuple(kernel_cmd[1:3]) != LAUNCHER \
                or os.path.realpath(kernel_cmd[0]) != os.path.realpath(sys.executable):
            await super()._async_launch_kernel(kernel_cmd, **kw)
            return
        cwd = str(kw.get("cwd") or os.getcwd())
        env = dict(kw.get("env") or os.environ)
        process = server.fork(list(kernel_cmd[3:]), env, cwd)
        provisioner: Any = self.provisioner
        provisioner.process, provisioner.pid, provisioner.pgid = process, process.pid, process.pid
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)


# -- the server process ---------------------------------------------------------------------

def _reap(children: dict[int, int | None]) -> None:
    """Collect the exit status of every child that has ended."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children[pid] = os.waitstatus_to_exitcode(status)


def _start_kernel(request: dict[str, Any], reply_fd: int) -> None:
    """In the forked child: become the kernel the request describes; never returns."""
    code = 1
    try:
        os.setsid()  # a session of its own, as jupyter_client gives a kernel
        os.close(reply_fd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)  # the kernel's own prints go where the build's errors go
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        server = str(os.getppid())
        os.environ["JPY_PARENT_PID"] = server
        from ipykernel import kernelapp

        # ipykernel read JPY_PARENT_PID when the server imported it: say it again. With it, the
        # kernel stops if the server dies, and prints no console banner.
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={server}"]
        sys.argv = [kernelapp.__file__, *argv]
        kernelapp.launch_new_instance(argv=argv)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException as err:  # noqa: BLE001 - the child must never return to the server loop
        print(f"kernel server: the kernel did not start: {err!r}", file=sys.stderr, flush=True)
    finally:
        os._exit(code)


class _KernelShell:
    """What pandas sees of IPython while the server imports it: a shell with a kernel."""

    kernel = True


def _import_pandas() -> None:
    """Import pandas as a kernel does. On import pandas asks ``get_ipython()`` whether it runs
    in a kernel, and outside one lets wide tables use the terminal's width (``display.
    max_columns`` 0) instead of 20 columns."""
    import builtins

    builtins.get_ipython = _KernelShell  # type: ignore[attr-defined]
    try:
        importlib.import_module("pandas")
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]


def serve() -> None:
    """The server: import :data:`LESSON_STACK`, then fork a kernel per request on stdin."""
    os.environ.setdefault("MPLBACKEND", INLINE)
    _import_pandas()
    for name in SERVER_STACK:
        importlib.import_module(name)
    loaded = [name for name in KERNEL_AWARE if name in sys.modules]
    if loaded:  # a module of SERVER_STACK started importing them: the kernels would differ
        raise SystemExit(f"kernel server: {', '.join(loaded)} must not be imported before "
                         "the fork; take the module that imports them out of SERVER_STACK")
    reply_fd = os.dup(1)
    os.dup2(2, 1)  # anything the stack prints goes to stderr, never into the replies
    replies = os.fdopen(reply_fd, "w", buffering=1)
    children: dict[int, int | None] = {}
    replies.write(json.dumps({"ready": True}) + "\n")
    try:
        for line in sys.stdin:
            request = json.loads(line)
            _reap(children)
            if request["op"] == "fork":
                pid = os.fork()
                if pid == 0:
                    _start_kernel(request, reply_fd)
                children[pid] = None
                replies.write(json.dumps({"pid": pid}) + "\n")
            elif request["op"] == "status":
                replies.write(json.dumps({"code": children.get(int(request["pid"]), -1)})
                              + "\n")
    finally:  # the build closed our input (it ended, or died): no kernel outlives it
        _reap(children)
        for pid, code in children.items():
            if code is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        _reap(children)


if __name__ == "__main__":
    serve()
