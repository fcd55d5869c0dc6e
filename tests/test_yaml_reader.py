"""Reading a config's YAML (bench/yaml_reader.py): the file's size and its size once aliases
are expanded are bounded before any value is built; recursive aliases, keys given twice, lone
surrogates and bytes that are not UTF-8 are refused; every error names the file and, where
there is one, the line."""

from __future__ import annotations

import time

import pytest

from bench import yaml_reader
from bench.errors import ConfigError
from bench.yaml_reader import MAX_CONFIG_NODES, read_yaml


def config(tmp_path, text: str | bytes, name: str = "exp.yaml"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refused(path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        read_yaml(path)
    return caught.value


def test_a_config_reads_as_plain_data(tmp_path):
    path = config(tmp_path, "name: seed\nsystems:\n  - {type: lead, args: {n: 3}}\nseed: 0\n")
    assert read_yaml(path) == {"name": "seed", "systems": [{"type": "lead", "args": {"n": 3}}],
                               "seed": 0}


def test_a_byte_order_mark_is_read_past(tmp_path):
    assert read_yaml(config(tmp_path, "\ufeffname: seed\n".encode())) == {"name": "seed"}


def test_no_objects_are_built_from_tags(tmp_path):
    err = refused(config(tmp_path, "x: !!python/object/apply:os.system ['true']\n"))
    assert "not valid YAML" in err.problem and err.where == f"{tmp_path / 'exp.yaml'}:1:4"


def test_a_missing_file_is_named(tmp_path):
    err = refused(tmp_path / "nope.yaml")
    assert err.where == str(tmp_path / "nope.yaml") and err.problem == "no such file."


def test_a_file_over_the_byte_bound_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_reader, "MAX_CONFIG_BYTES", 100)
    at_bound = "k: " + "v" * 96 + "\n"
    assert len(at_bound) == 100
    assert read_yaml(config(tmp_path, at_bound)) == {"k": "v" * 96}
    # One byte more, and broken YAML too: the size is what is reported.
    err = refused(config(tmp_path, at_bound + "[", name="big.yaml"))
    assert err.where == str(tmp_path / "big.yaml")
    assert "larger than 100 bytes" in err.problem


def test_the_real_byte_bound_is_a_megabyte(tmp_path):
    path = config(tmp_path, b"#" * (yaml_reader.MAX_CONFIG_BYTES + 1))
    assert "larger than 1,000,000 bytes" in refused(path).problem


def laughs(levels: int, width: int = 9) -> str:
    """The billion-laughs file: each level an anchored list of ``width`` aliases of the last."""
    lines = ["a0: &a0 [lol]"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def test_nested_aliases_over_the_bound_are_refused_quickly(tmp_path):
    path = config(tmp_path, laughs(9))  # 9**9 values from a file of 500 bytes
    assert path.stat().st_size <= 500
    start = time.perf_counter()
    err = refused(path)
    assert time.perf_counter() - start < 2.0
    assert f"more than {MAX_CONFIG_NODES:,} values" in err.problem
    assert "aliases" in err.problem and "at line" in err.problem
    assert err.where == str(path)


def test_aliases_under_the_bound_are_expanded_as_usual(tmp_path):
    # 1 + 9 + 81 + 729 + 6561 leaves and lists: well under 100,000 nodes.
    data = read_yaml(config(tmp_path, laughs(3)))
    assert data["a3"][0][0] == data["a1"] == [["lol"]] * 9 and len(data["a3"]) == 9
    defaults = "base: &base {temperature: 0, max_tokens: 64}\nllm:\n  <<: *base\n  max_tokens: 9\n"
    assert read_yaml(config(tmp_path, defaults, "merge.yaml"))["llm"] == {
        "temperature": 0, "max_tokens": 9}


def test_the_node_bound_counts_aliases_expanded(tmp_path, monkeypatch):
    """Three lists of 9 aliases of a 10-node list: 288 nodes once expanded, though the file
    holds 18 nodes and 27 aliases."""
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" + "".join(
        f"b{i}: [{', '.join(['*a'] * 9)}]\n" for i in range(3)
    )
    expanded = 1 + (1 + 10) + 3 * (1 + 1 + 9 * 10)  # the root, key a and its list, 3 keys + lists
    monkeypatch.setattr(yaml_reader, "MAX_CONFIG_NODES", expanded)
    assert len(read_yaml(config(tmp_path, text))) == 4
    monkeypatch.setattr(yaml_reader, "MAX_CONFIG_NODES", expanded - 1)
    assert "once its aliases" in refused(config(tmp_path, text, "two.yaml")).problem


def test_a_recursive_alias_is_refused_with_its_line(tmp_path):
    err = refused(config(tmp_path, "name: x\nloop: &me\n  - 1\n  - *me\n"))
    assert "refers to a value that contains it" in err.problem
    assert "at line 2" in err.problem  # where the anchor is


def test_a_key_given_twice_is_refused_at_its_second_line(tmp_path):
    path = config(tmp_path, "name: a\nseed: 1\nsystems:\n  - type: lead\n    type: random\n")
    err = refused(path)
    assert err.where == f"{path}:5"
    assert "type" in err.problem and "given twice in one mapping" in err.problem
    assert read_yaml(config(tmp_path, "1: int\n'1': str\n", "tags.yaml")) == {1: "int", "1": "str"}


def test_a_key_repeated_in_different_mappings_is_fine(tmp_path):
    text = "systems:\n  - {type: lead}\n  - {type: random}\nmetrics: [{type: rouge}]\n"
    assert [s["type"] for s in read_yaml(config(tmp_path, text))["systems"]] == ["lead", "random"]


def test_a_lone_surrogate_is_refused_with_its_line(tmp_path):
    path = config(tmp_path, 'name: seed\nprompt: "Say \\ud800 twice"\n')
    err = refused(path)
    assert err.where == f"{path}:2" and "surrogate" in err.problem


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path):
    path = config(tmp_path, b"name: seed\nseed: 0\nprompt: caf\xe9\n")
    err = refused(path)
    assert err.where == f"{path}:3" and err.problem == "byte 0xe9 at line 3 is not UTF-8."


def test_a_syntax_error_names_file_line_and_column(tmp_path):
    path = config(tmp_path, "name: seed\nsystems: [lead, random\nseed: 0\n")
    err = refused(path)
    assert err.where.startswith(f"{path}:")
    line = int(err.where.split(":")[-2])
    assert line in (3, 4) and "not valid YAML" in err.problem
    assert "line 2" in err.problem  # where the unclosed list began


def test_a_config_nested_hundreds_deep_is_refused(tmp_path):
    path = config(tmp_path, "x: " + "[" * 5000 + "]" * 5000 + "\n")
    err = refused(path)
    assert err.where == str(path) and "nested too deeply" in err.problem
