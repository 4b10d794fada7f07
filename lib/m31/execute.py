"""Run a parameterized notebook with papermill on the project kernel, export its artifacts with
our nbconvert exporters, and publish them atomically into the report folder."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .artifacts import companion, ensure_dir, publish, write_atomic
from .errors import InputError
from .paths import PROJECT_ROOT

KERNEL_NAME = "m31"
NOTEBOOKS = PROJECT_ROOT / "notebooks"


def _check_kernel() -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise InputError(f"kernel {KERNEL_NAME}", "not installed: run `make setup` first") from None


class Beside(threading.Thread):
    """Work for this process to do while the kernel runs the notebook (it mostly waits then):
    refresh the event cache, warm the exporters. The work must not import anything the main
    thread may be importing at the same time (importing a package with circular imports from
    two threads fails): the main thread imports what it needs before starting it.

    Used as a context manager, it is joined however the block ends: a command that fails (a
    read-only report folder, say) must not exit while the thread is inside DuckDB or another
    C++ library, which the interpreter's shutdown would abort (SIGABRT, "FATAL: exception not
    rethrown") instead of the one-line exit 2."""

    def __init__(self, fn, *args, start: bool = True):
        super().__init__(target=fn, args=args, daemon=True, name=f"m31-{fn.__name__}")
        if start:
            self.start()

    def start_once(self, **_hook_arguments) -> None:
        """Start it if not started yet (usable as an nbclient hook)."""
        if self.ident is None:
            self.start()

    def join(self, timeout=None) -> None:
        if self.ident is not None:  # never started (the kernel failed first): nothing to wait for
            super().join(timeout)

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *exc) -> None:
        self.join()


def preload() -> None:
    """Import what running a notebook needs, before threads do it at once."""
    import jupyter_client.manager  # noqa: F401
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from .reports import nbexport  # noqa: F401


class Kernel:
    """The project kernel, started as soon as a command knows it will run a notebook: the kernel
    boots while the command validates its inputs and imports papermill, and papermill then runs
    the notebook on it. It is killed when the command is done with it (every output is in by
    then; a graceful shutdown only costs time). Its stderr is kept out of the one-line contract,
    except what is not start-up or shutdown chatter."""

    def __init__(self, warm: tuple[str, ...] = ()):
        self.warm = warm  # lines the kernel runs as it starts (imports the notebook will need)

    def __enter__(self) -> "Kernel":
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        _check_kernel()
        self._stderr = tempfile.TemporaryFile()
        # Unix sockets in a folder of our own, not TCP: jupyter_client picks free TCP ports by
        # binding and releasing them, so two runs started together (cron and an operator's rerun)
        # could pick the same port and one kernel died on "Address already in use". A short
        # folder also keeps the socket paths inside the 107-byte limit of AF_UNIX. Windows has
        # no ZeroMQ ipc transport: it keeps TCP (docs/platforms.md).
        self._sockets, sockets = None, {}
        if os.name != "nt":
            _sweep_socket_folders()
            self._sockets = tempfile.mkdtemp(prefix=f"{SOCKETS_PREFIX}{os.getpid()}-")
            sockets = {"transport": "ipc", "ip": os.path.join(self._sockets, "k")}
        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME, **sockets)
        try:
            run_sync(self.km.start_kernel)(cwd=os.getcwd(), stderr=self._stderr,
                                           extra_arguments=[f"--IPKernelApp.exec_lines={line}" for line in self.warm])
        except BaseException:
            self._stderr.close()
            self._remove_sockets()
            raise
        return self

    def __exit__(self, *exc) -> None:
        from jupyter_core.utils import run_sync

        try:
            self._kill()
            run_sync(self.km.shutdown_kernel)(now=True)
        finally:
            self._remove_sockets()
            self._stderr.seek(0)
            for line in self._stderr.read().decode("utf-8", "replace").splitlines():
                if line.strip() and not any(n in line for n in _KERNEL_NOISE):
                    print(line, file=sys.stderr)
            self._stderr.close()

    def _remove_sockets(self) -> None:
        if self._sockets is not None:
            shutil.rmtree(self._sockets, ignore_errors=True)

    def _kill(self) -> None:
        """SIGKILL the kernel's process group and reap it, so that jupyter_client's shutdown
        finds it gone (its own kill polls the process every 0.1 s, and interrupts it first)."""
        provisioner = self.km.provisioner
        process = getattr(provisioner, "process", None)
        if process is None or process.poll() is not None:
            return
        try:
            pgid = getattr(provisioner, "pgid", None)
            if pgid and hasattr(os, "killpg"):
                os.killpg(pgid, signal.SIGKILL)
            else:
                process.kill()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass  # shutdown_kernel below tries again its own way


def execute(notebook: str, parameters: dict, report_dir: str | os.PathLike, stem: str,
            kernel: Kernel | None = None) -> tuple[dict, Path]:
    """Execute notebooks/<notebook> on `kernel` (a started Kernel; one is started here if not
    given) and export <stem>.json/.md/.html (+ charts, + the executed .ipynb) into report_dir.
    Returns (artifact, json path). Nothing is published on failure."""
    if kernel is None:
        with Kernel() as started:
            return execute(notebook, parameters, report_dir, stem, started)
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    target = ensure_dir(report_dir)
    sweep_stale(target)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=target))
    # While the kernel runs the notebook this process waits: warm the exporters then, not while
    # the kernel boots (that work would slow its boot, on a busy machine).
    warming = Beside(_warm_exports, start=False)
    try:
        executed = staging / companion(stem, ".ipynb")
        executed.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Written once at the end, not after every cell: nothing reads it before then.
            nb = pm.execute_notebook(str(NOTEBOOKS / notebook), str(executed),
                                     parameters={**parameters, "output_dir": str(staging)},
                                     kernel_name=KERNEL_NAME, km=kernel.km, progress_bar=False, log_output=False,
                                     request_save_on_cell_execute=False, on_notebook_start=warming.start_once)
        except PapermillExecutionError as exc:
            if exc.ename == "InputError":
                raise InputError(*_split_input_error(exc.evalue)) from None
            raise RuntimeError(f"notebooks/{notebook} failed in cell {exc.exec_count}: "
                               f"{exc.ename}: {exc.evalue.splitlines()[0] if exc.evalue else ''}") from None
        warming.join()
        from .reports import nbexport

        artifact = nbexport.artifact_of(nb)
        json_text, _ = nbexport.ArtifactJSONExporter().from_notebook_node(nb)
        md_text, _ = nbexport.ArtifactMarkdownExporter().from_notebook_node(nb)
        write_atomic(staging / f"{stem}.json", json_text)
        write_atomic(staging / f"{stem}.md", md_text)
        write_atomic(staging / companion(stem, ".html"), nbexport.html_report(nb, nbexport.report_title(artifact),
                                                                    artifact.get("status", "")))
        names = sorted(p.name for p in staging.iterdir() if not p.name.startswith("."))
        publish(staging, target, names)
        return artifact, target / f"{stem}.json"
    except OSError as exc:
        raise InputError(target, f"cannot write the report ({exc.strerror or exc})") from None
    finally:
        warming.join()
        shutil.rmtree(staging, ignore_errors=True)


def _warm_exports() -> None:
    """Import nbconvert and render a small page, in a thread while papermill waits on the
    kernel (the main thread imports nothing then: papermill and nbformat are loaded before it
    starts). Any failure here is met again, and reported, by the real export."""
    try:
        from .reports import nbexport
        nbexport.warm()
    except Exception:
        pass


STAGING_PREFIX = ".m31-staging-"


def sweep_stale(folder: Path) -> None:
    """Remove staging folders and temporary files left by runs that were killed (SIGKILL,
    power loss): their names carry the pid of the run, and that process is gone."""
    for entry in folder.iterdir():
        name = entry.name
        if not name.startswith("."):
            continue
        if name.startswith(STAGING_PREFIX):
            pid = name[len(STAGING_PREFIX):].split("-", 1)[0]
        elif name.endswith((".tmp", ".tmp.wal")) and ".pid" in name:  # a temporary DuckDB file keeps a WAL beside it
            pid = name.rsplit(".pid", 1)[1].split(".", 1)[0]
        else:
            continue
        _remove_if_orphaned(entry, pid)


def _remove_if_orphaned(entry: Path, pid: str) -> None:
    """Remove `entry` if the run whose pid its name carries is gone."""
    if pid.isdigit() and not _alive(int(pid)):
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


SOCKETS_PREFIX = "m31-kernel-"


def _sweep_socket_folders() -> None:
    """Remove the socket folders of runs that were killed before they could (their name carries
    the run's pid, and that process is gone)."""
    for entry in Path(tempfile.gettempdir()).glob(f"{SOCKETS_PREFIX}*"):
        _remove_if_orphaned(entry, entry.name[len(SOCKETS_PREFIX):].split("-", 1)[0])


def _alive(pid: int) -> bool:
    if os.name == "nt":  # there os.kill(pid, 0) sends CTRL_C_EVENT: keep what may belong to a live run
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# jupyter_client interrupts a kernel before shutting it down; ipykernel logs that as an ERROR.
_KERNEL_NOISE = ("Kernel is running over TCP without encryption", "KeyboardInterrupt caught in kernel")


def _split_input_error(evalue: str) -> tuple[str, str]:
    source, _, problem = (evalue or "").partition(": ")
    return source, problem or "unusable input"
