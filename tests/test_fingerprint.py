"""Digests of files, folders and code (bench/fingerprint.py): a digest names content, not a path
or a time; a file edited in place (same size, modification time set back) is read again; hidden
files and bytecode caches change nothing; code is named by its distribution or its source."""

from __future__ import annotations

import hashlib
import os
import sys
import textwrap
import time

import pydantic
import pytest

from bench import fingerprint
from bench._version import __version__
from bench.fingerprint import (
    code_version,
    file_digest,
    forget_digests,
    path_digest,
    sources_digest,
    tree_digest,
)
from bench.metrics.rouge import RougeMetric


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(autouse=True)
def _empty_memo():
    forget_digests()
    yield
    forget_digests()


def test_a_file_digest_is_the_sha256_of_its_bytes(tmp_path):
    small = tmp_path / "small.bin"
    small.write_bytes(b"weights")
    assert file_digest(small) == file_digest(str(small)) == sha256(b"weights")
    # Several read blocks, the last one partial.
    big = tmp_path / "big.bin"
    data = os.urandom(2 * fingerprint._BLOCK + 12345)
    big.write_bytes(data)
    assert file_digest(big) == sha256(data)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert file_digest(empty) == sha256(b"")


def test_a_file_is_read_once_while_it_is_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "model.bin"
    path.write_bytes(b"x" * 1000)
    first = file_digest(path)
    opened = []
    real_open = type(path).open

    def counting_open(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "open", counting_open)
    assert file_digest(path) == first and opened == []
    forget_digests()
    assert file_digest(path) == first and opened == [path]


def test_a_file_rewritten_in_place_with_its_old_times_is_read_again(tmp_path):
    """Same size, modification time set back: the change time moved, so the memo misses."""
    path = tmp_path / "model.bin"
    path.write_bytes(b"a" * 64)
    before = path.stat()
    old = file_digest(path)
    time.sleep(0.05)  # past the clock tick the kernel stamps change times with
    path.write_bytes(b"b" * 64)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_size == 64
    assert file_digest(path) == sha256(b"b" * 64) != old


def test_forget_digests_rereads_even_within_one_clock_tick(tmp_path, monkeypatch):
    """Where the stat cannot tell (the memo is keyed by it), a new run still reads the bytes."""
    path = tmp_path / "model.bin"
    path.write_bytes(b"a" * 64)
    frozen = fingerprint._stat_key(path)
    monkeypatch.setattr(fingerprint, "_stat_key", lambda p: frozen)
    assert file_digest(path) == sha256(b"a" * 64)
    path.write_bytes(b"b" * 64)
    assert file_digest(path) == sha256(b"a" * 64)  # the memo, by design
    forget_digests()
    assert file_digest(path) == sha256(b"b" * 64)


def _tree(root, files: dict[str, bytes]):
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


MODEL = {"config.json": b"{}", "weights/part-1.bin": b"\x00" * 100, "vocab.txt": b"a\nb\n"}


def test_a_folder_digest_names_its_content_wherever_it_lies(tmp_path):
    one = tree_digest(_tree(tmp_path / "one", MODEL))
    assert one == tree_digest(_tree(tmp_path / "elsewhere" / "two", MODEL))
    assert len(one) == 64 and one != sha256(b"")
    assert tree_digest(tmp_path / "one" / "vocab.txt") == sha256(b"a\nb\n")


@pytest.mark.parametrize(
    "change",
    [
        {"vocab.txt": b"a\nc\n"},  # a file's bytes
        {"extra.bin": b""},  # a new (even empty) file
        {"weights/part-2.bin": b"\x00" * 100},  # a new file in a subfolder
    ],
)
def test_any_content_change_changes_the_folder_digest(tmp_path, change):
    before = tree_digest(_tree(tmp_path / "m", MODEL))
    forget_digests()
    assert tree_digest(_tree(tmp_path / "m", change)) != before


def test_a_renamed_file_changes_the_folder_digest(tmp_path):
    folder = _tree(tmp_path / "m", MODEL)
    before = tree_digest(folder)
    (folder / "vocab.txt").rename(folder / "vocab2.txt")
    assert tree_digest(folder) != before


def test_hidden_files_and_folders_change_nothing(tmp_path):
    folder = _tree(tmp_path / "m", MODEL)
    before = tree_digest(folder)
    _tree(folder, {".git/HEAD": b"ref: main\n", ".DS_Store": b"x", "weights/.lock": b""})
    assert tree_digest(folder) == before


def test_a_source_digest_ignores_bytecode_and_other_files(tmp_path):
    package = _tree(tmp_path / "pkg", {"__init__.py": b"", "core.py": b"X = 1\n"})
    before = sources_digest(package)
    _tree(package, {"__pycache__/core.cpython-312.pyc": b"\x00", "notes.txt": b"n"})
    assert sources_digest(package) == before
    assert tree_digest(package) != before
    forget_digests()
    _tree(package, {"core.py": b"X = 2\n"})
    assert sources_digest(package) != before
    assert sources_digest(package, suffix=".txt") != sources_digest(package)


def test_a_missing_path_is_recorded_as_missing(tmp_path):
    assert path_digest(tmp_path / "nope") == "missing"
    assert path_digest(_tree(tmp_path / "m", MODEL)) == tree_digest(tmp_path / "m")


def test_summbench_classes_are_named_by_its_version():
    assert code_version(RougeMetric) == f"summbench-{__version__}"


def test_a_class_from_a_distribution_is_named_by_it():
    assert code_version(pydantic.BaseModel) == f"pydantic-{pydantic.VERSION}"


def test_code_outside_any_distribution_is_named_by_its_source(tmp_path, monkeypatch):
    source = tmp_path / "summbench_fingerprint_plugin.py"
    source.write_text(textwrap.dedent("""
        class Plugin:
            pass
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "summbench_fingerprint_plugin", raising=False)
    import summbench_fingerprint_plugin as module

    try:
        version = code_version(module.Plugin)
        assert version == "file:" + sha256(source.read_bytes())[:16]
        source.write_text(source.read_text() + "\n# edited\n")
        forget_digests()
        assert code_version(module.Plugin) != version
    finally:
        sys.modules.pop("summbench_fingerprint_plugin", None)


def test_a_class_without_a_source_file_is_named_by_its_module():
    assert code_version(int) == "module:builtins"
