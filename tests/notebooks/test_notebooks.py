"""Every notebook runs top to bottom on a fresh build, and is committed without outputs.

The kernel is this interpreter (the project's venv): a ``python3`` kernelspec written to a
temporary ``JUPYTER_PATH`` wins over any user-level one that might point elsewhere.
``GBAKG_BUILD`` points at an empty folder, so the first notebook to run exercises the
"no build yet: build the bundled corpus" path that a fresh install takes.
"""

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (gbakg venv)", "language": "python",
    }), "utf-8")
    return {"JUPYTER_PATH": str(root), "GBAKG_BUILD": str(root / "build")}


def test_there_are_notebooks() -> None:
    assert [p.name for p in PATHS] == [
        "01-getting-started.ipynb", "02-hk-sz-collaboration.ipynb",
        "03-funds-recommendations.ipynb"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs(
    path: Path, kernel_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in kernel_env.items():
        monkeypatch.setenv(name, value)
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    frames = [o for o in outputs if o.output_type == "display_data"
              and "<iframe srcdoc=" in o.get("data", {}).get("text/html", "")]
    assert frames, "the notebook draws at least one network inline"
    html = frames[0]["data"]["text/html"]
    assert "<script" not in html.split("srcdoc=", 1)[1].split(">", 1)[0]
