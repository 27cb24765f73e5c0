"""Nothing in the suite reaches the network at run time.

Sockets and name lookups are blocked, then the loaders and every analysis
helper that exists are run on the built-in corpus. Helper modules are found
dynamically, so the test covers modules as they are added.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import socket
import urllib.request

import pandas as pd
import pytest
from pytest_socket import SocketBlockedError

import helpers

# Modules that drive builds or set up notebooks rather than analyse a corpus.
NOT_ANALYSIS = {"build", "report", "bench", "notebook", "plotting", "synthetic"}

# The pipeline stages named in the issue: (module, function, inputs it takes).
STAGES = [
    ("corpus", "load_articles", ()),
    ("text", "load_sentences", ("articles",)),
    ("sentiment", "sentence_sentiment", ("corpus",)),
    ("quotes", "extract_quotes", ("corpus",)),
    ("figures", "extract_figures", ("corpus",)),
    ("framing", "frame_hits", ("corpus",)),
    ("events", "timeline", ("corpus",)),
]



def _inputs() -> dict[str, object]:
    corpus = helpers.open_corpus()
    return {"articles": corpus.articles, "sentences": corpus.sentences, "corpus": corpus}


def _module(name: str) -> object:
    try:
        return importlib.import_module(f"helpers.{name}")
    except ModuleNotFoundError as err:
        if err.name == f"helpers.{name}":
            pytest.skip(f"helpers.{name} does not exist yet")
        raise


def analysis_modules() -> list[str]:
    """Every module of the helpers package except the build and display machinery."""
    names = [m.name for m in pkgutil.iter_modules(helpers.__path__)]
    return sorted(n for n in names if n not in NOT_ANALYSIS)


@pytest.mark.filterwarnings("ignore:A test tried to use socket:UserWarning")
def test_the_block_works(offline: None) -> None:
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(SocketBlockedError):
        socket.getaddrinfo("example.com", 80)
    with pytest.raises(SocketBlockedError):
        urllib.request.urlopen("http://example.com", timeout=1)


@pytest.mark.parametrize(("module", "function", "needs"), STAGES,
                         ids=[f"{m}.{f}" for m, f, _ in STAGES])
def test_pipeline_stage_runs_offline(offline: None, module: str, function: str,
                                     needs: tuple[str, ...]) -> None:
    func = getattr(_module(module), function)
    inputs = _inputs()
    result = func(*(inputs[n] for n in needs))
    assert isinstance(result, pd.DataFrame)


@pytest.mark.parametrize("module", analysis_modules())
def test_every_corpus_function_runs_offline(offline: None, module: str) -> None:
    """Call each public function of a module that needs only ``corpus``, ``articles`` and/or
    ``sentences``.

    This covers helpers not named in STAGES (reuse alignment, actors, ...) as
    soon as they land, without knowing their names here.
    """
    mod = _module(module)
    inputs = _inputs()
    called = []
    for name, func in inspect.getmembers(mod, inspect.isfunction):
        if name.startswith("_") or func.__module__ != mod.__name__:
            continue
        required = [p.name for p in inspect.signature(func).parameters.values()
                    if p.default is inspect.Parameter.empty
                    and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if required and set(required) <= set(inputs):
            func(**{n: inputs[n] for n in required})
            called.append(name)
    if not called and module not in {"corpus", "text"}:
        pytest.skip(f"helpers.{module} has no function taking only articles/sentences")
