"""Kernels forked from the kernel server behave as kernels jupyter_client starts itself."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers import kernels
from helpers.execute import NotebookFailed, execute

#: Cells whose outputs depend on how the kernel was started: pandas's display defaults, the
#: folder, the environment, matplotlib's backend and inline figures, the kernel itself.
PROBES = [
    "import sys\n'tqdm.auto' in sys.modules",
    "import pandas as pd\npd.get_option('display.max_columns'), pd.get_option('display.width')",
    "from pandas.io.formats import console\nconsole.in_interactive_session()",
    "pd.DataFrame({f'column {i}': [i] * 3 for i in range(30)})",
    "import os\nos.path.basename(os.getcwd()), os.environ.get('PROBE_VALUE')",
    "import matplotlib\nmatplotlib.get_backend()",
    "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(2, 2))\nax.plot([1, 2]);",
    "get_ipython().kernel is not None, type(get_ipython()).__name__",
    "from tqdm.auto import tqdm\ntqdm.__module__",
]


def _outputs(nb: nbformat.NotebookNode) -> list[list[tuple[str, str]]]:
    """Each cell's outputs as (output type, text or the MIME types shown)."""
    found = []
    for cell in nb.cells:
        shown = []
        for out in cell.outputs:
            data = out.get("data", {})
            shown.append((out.output_type, data.get("text/plain", out.get("text", ""))
                           if "image/png" not in data else "a figure"))
        found.append(shown)
    return found


def _notebook(folder: Path, cells: list[str]) -> Path:
    path = folder / "probe.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), path)
    return path


def test_a_forked_kernel_gives_the_outputs_of_a_started_one(tmp_path: Path) -> None:
    path = _notebook(tmp_path, PROBES)
    env = {"PROBE_VALUE": "set by the build"}
    started = _outputs(execute(path, env=env))
    with kernels.forking():
        forked = _outputs(execute(path, env=env))
    assert forked == started
    assert started[0] == [("execute_result", "False")]
    assert started[1] == [("execute_result", "(20, 80)")]
    assert started[4] == [("execute_result", f"('{tmp_path.name}', 'set by the build')")]
    assert started[6] == [("display_data", "a figure")]


def test_the_server_imports_nothing_that_asks_for_a_kernel() -> None:
    code = ("import importlib, os, sys\nos.environ['MPLBACKEND'] = 'agg'\n"
            "from helpers.kernels import SERVER_STACK, KERNEL_AWARE\n"
            "[importlib.import_module(m) for m in SERVER_STACK]\n"
            "print([m for m in KERNEL_AWARE if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


def test_no_kernel_outlives_the_server(tmp_path: Path) -> None:
    with kernels.forking():
        manager = kernels.ForkingKernelManager(kernel_name="python3")
        asyncio.run(manager.start_kernel(cwd=str(tmp_path)))
        process = manager.provisioner.process  # type: ignore[union-attr]
        assert isinstance(process, kernels.ForkedKernel)
        assert process.poll() is None and _alive(process.pid)
        pid = process.pid
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid)


def test_a_forked_kernel_that_overruns_is_stopped(tmp_path: Path) -> None:
    path = _notebook(tmp_path, ["import time\ntime.sleep(60)"])
    with kernels.forking(), pytest.raises(NotebookFailed) as info:
        execute(path, timeout=2, partial_dir=tmp_path / "partial")
    assert "did not finish within 2 s" in str(info.value)


def test_a_failing_cell_names_itself_in_a_forked_kernel(tmp_path: Path) -> None:
    path = _notebook(tmp_path, ["x = 1", "1 / 0"])
    with kernels.forking(), pytest.raises(NotebookFailed) as info:
        execute(path, partial_dir=tmp_path / "partial")
    assert "cell #2 ('1 / 0') failed: ZeroDivisionError" in str(info.value)


def test_a_server_that_cannot_start_says_so(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.setattr(kernels.sys, "executable", str(tmp_path / "no-python"))
    with pytest.raises(OSError):
        kernels.KernelServer()


def test_a_block_inside_another_uses_its_server() -> None:
    with kernels.forking() as outer:
        with kernels.forking() as inner:
            assert inner is outer
        assert kernels._server is outer  # the inner block did not stop it
    assert kernels._server is None and outer.process.poll() is not None


def test_a_saved_figure_is_shown_as_saved_unless_it_changed(tmp_path: Path) -> None:
    """In a report build the notebook shows the PNG that save_figure wrote (no third drawing),
    at the figure's size on screen; a figure changed after saving is drawn again."""
    import base64
    import struct

    cells = ["from helpers import plotting\nfrom helpers.notebook import setup\nsetup()",
             "fig, ax = plotting.new_figure(height=2.0, width=3.0)\nax.plot([1, 2])\n"
             "ax.set_title('Saved')\nplotting.save_figure(fig, 'saved')",
             "fig, ax = plotting.new_figure(height=2.0, width=3.0)\nax.plot([1, 2])\n"
             "plotting.save_figure(fig, 'changed')\nax.set_title('Changed after saving')"]
    path = _notebook(tmp_path, cells)
    with kernels.forking():
        nb = execute(path, env={"REPORT_DIR": str(tmp_path / "report")})
    figures = tmp_path / "report" / "figures"
    saved = [o for o in nb.cells[1].outputs if "image/png" in o.get("data", {})]
    changed = [o for o in nb.cells[2].outputs if "image/png" in o.get("data", {})]
    assert len(saved) == 1 and len(changed) == 1
    data = base64.b64decode(saved[0].data["image/png"])
    assert data == (figures / "saved.png").read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    meta = saved[0].metadata["image/png"]
    assert (meta["width"], meta["height"]) == (round(width * 100 / 150), round(height * 100 / 150))
    assert meta["alt"].startswith("Saved.")
    shown = base64.b64decode(changed[0].data["image/png"])
    assert shown != (figures / "changed.png").read_bytes()
    assert changed[0].metadata["image/png"]["alt"].startswith("Changed after saving.")
