"""An independent parser agrees with ours: Debian's ``rapper`` (raptor2-utils, C) reads the
dumps to the same number of triples the manifest records, and to the same quads.

Without ``rapper`` the tests skip, with the reason, on a user's machine; under CI
(``CI=true``) a missing ``rapper`` is a failure: CI must install raptor2-utils.
(Jena's SHACL engine agreeing with pySHACL is tests/ontology/test_jena_agrees.py.)
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

SYNTAX = {"gbakg.nq": "nquads", "gbakg.trig": "trig", "gbakg.ttl": "turtle"}
"""rapper's input syntax per dump (raptor has no JSON-LD parser)."""


@pytest.fixture(scope="module")
def rapper() -> str:
    found = shutil.which("rapper")
    if found is None:
        message = "rapper is not installed (Debian package raptor2-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must install it (.ci/run)")
        pytest.skip(message)
    return found


def _rapper(rapper: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    run = subprocess.run([rapper, *args], capture_output=True, check=False, timeout=120)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    return run


@pytest.mark.parametrize("name", sorted(SYNTAX))
def test_rapper_counts_what_the_manifest_says(rapper: str, built: Path, name: str) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    run = _rapper(rapper, "-i", SYNTAX[name], "-c", str(built / name))
    match = re.search(rb"Parsing returned (\d+) triples", run.stderr)
    assert match, run.stderr
    assert int(match[1]) == manifest["dumps"][name]["triples"]
    expected = manifest["totals"]["distinct_triples" if name == "gbakg.ttl" else "triples"]
    assert int(match[1]) == expected
    assert b"warning" not in run.stderr.lower()


@pytest.mark.parametrize("name", ["gbakg.nq", "gbakg.trig"])
def test_rapper_reads_the_same_quads(rapper: str, built: Path, name: str) -> None:
    ours = set(ox.parse(path=str(built / "gbakg.nq"), format=ox.RdfFormat.N_QUADS))
    run = _rapper(rapper, "-q", "-i", SYNTAX[name], "-o", "nquads", str(built / name))
    theirs = set(ox.parse(run.stdout, format=ox.RdfFormat.N_QUADS))
    assert theirs == ours
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in theirs)  # graphs kept


def test_rapper_reads_the_same_union(rapper: str, built: Path) -> None:
    ours = {q.triple for q in ox.parse(path=str(built / "gbakg.nq"),
                                       format=ox.RdfFormat.N_QUADS)}
    run = _rapper(rapper, "-q", "-i", "turtle", "-o", "ntriples", str(built / "gbakg.ttl"))
    assert {q.triple for q in ox.parse(run.stdout, format=ox.RdfFormat.N_TRIPLES)} == ours
