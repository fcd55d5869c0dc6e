"""Plugin registries (bench/registry.py): built-in names registered without importing them,
unknown names with a suggestion, import strings and what goes wrong with them, a class of the
wrong kind, and plugins found through an entry point of a distribution on the path."""

from __future__ import annotations

import sys
import textwrap

import pytest

from bench.errors import RegistryError
from bench.registry import Registry, import_object
from bench.summarizers import SUMMARIZERS
from bench.summarizers.base import Summarizer

from .user_plugins import FirstWords

GROUP = "summbench.summarizers"


@pytest.fixture
def widgets() -> Registry:
    """A registry of its own (no entry point group anyone installs), so names here touch no
    real registry."""
    registry = Registry("summarizer", Summarizer, "summbench.tests-no-such-group")
    registry.add("first-words", "tests.user_plugins:FirstWords", "the first n words")
    registry.add("ghost", "summbench_no_such_module:Ghost", "never importable")
    return registry


@pytest.fixture
def clean_path(monkeypatch):
    """sys.path and sys.modules as they were after the test (import strings append the current
    folder to sys.path, and the plugin modules written here must not stay imported)."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith("summbench_registry_"):
            del sys.modules[name]


def test_built_ins_are_registered_without_being_imported(widgets):
    # "ghost" names a module that does not exist: listing it imports nothing, so no error.
    assert [e.name for e in widgets.entries()] == ["first-words", "ghost"]
    assert {e.origin for e in widgets.entries()} == {"built-in"}
    assert widgets.describe(widgets.entries()[0]) == "the first n words"
    with pytest.raises(RegistryError, match='cannot import module "summbench_no_such_module"'):
        widgets.get("ghost")


def test_a_name_registered_twice_is_refused(widgets):
    with pytest.raises(RegistryError, match='summarizer "ghost" is registered twice'):
        widgets.add("ghost", "tests.user_plugins:FirstWords", "")


def test_an_unknown_name_suggests_the_closest_and_lists_them_all(widgets):
    with pytest.raises(RegistryError) as caught:
        widgets.get("first-word", where="systems[2].type")
    err = caught.value
    assert err.where == "systems[2].type"
    assert err.problem == 'unknown summarizer "first-word". Did you mean "first-words"?'
    assert "use one of: first-words, ghost" in err.fix
    with pytest.raises(RegistryError) as caught:
        widgets.get("zzzzzz")
    assert "Did you mean" not in str(caught.value)


def test_a_huge_unknown_name_is_clipped_in_the_message(widgets):
    with pytest.raises(RegistryError) as caught:
        widgets.get("x" * 10_000)
    assert len(str(caught.value)) < 1_000


class Nameless(Summarizer):
    """A plugin class that does not set its name."""

    def summarize(self, examples):
        return ["" for _ in examples]


def test_a_name_resolves_and_a_nameless_class_takes_it(widgets):
    assert widgets.get("first-words") is FirstWords
    assert Nameless.name == ""
    widgets.add("nameless", "tests.test_registry:Nameless", "")
    assert widgets.get("nameless") is Nameless and Nameless.name == "nameless"
    assert widgets.get("tests.test_registry:Nameless").name == "nameless"  # named once


def test_an_import_string_resolves_without_being_registered(widgets):
    assert widgets.get("tests.user_plugins:FirstWords") is FirstWords


@pytest.mark.parametrize(
    "target, message",
    [
        ("tests.user_plugins", "is not an import string"),
        (":FirstWords", "is not an import string"),
        ("tests.user_plugins:", "is not an import string"),
        ("tests.no_such_module:Thing", 'cannot import module "tests.no_such_module"'),
        ("tests.user_plugins:FirstWord", 'has no attribute "FirstWord". Did you mean "FirstWords"'),
    ],
)
def test_bad_import_strings_say_what_failed(target, message):
    with pytest.raises(RegistryError, match=message) as caught:
        import_object(target, what="systems[0].type")
    assert caught.value.where == "systems[0].type" and caught.value.fix


@pytest.mark.parametrize(
    "target",
    [
        "tests.user_plugins:NotASummarizer",  # a class, of another kind
        "tests.user_plugins:FirstWordsArgs",  # a class of summbench's, not a summarizer
        "bench.registry:import_object",  # not a class at all
        "bench.metrics.rouge:RougeMetric",  # a plugin of another registry
    ],
)
def test_a_class_of_the_wrong_kind_is_refused(widgets, target):
    with pytest.raises(RegistryError, match=f'"{target}" is not a summarizer') as caught:
        widgets.get(target)
    assert "bench.summarizers.base.Summarizer" in caught.value.fix


def test_modules_in_the_current_folder_resolve_after_installed_ones(
    tmp_path, monkeypatch, clean_path
):
    (tmp_path / "summbench_registry_here.py").write_text(
        textwrap.dedent(
            '''
            from bench.summarizers.base import Summarizer

            class Here(Summarizer):
                """Found in the folder summbench runs from."""

                def summarize(self, examples):
                    return ["here" for _ in examples]
            '''
        )
    )
    (tmp_path / "json.py").write_text("class Loader:\n    pass\n")
    monkeypatch.chdir(tmp_path)
    cls = SUMMARIZERS.get("summbench_registry_here:Here")
    assert cls.__name__ == "Here" and cls.name == "Here"
    assert sys.path[-1] == str(tmp_path)  # appended, never in front of the libraries
    # json.py here does not stand in for the standard library's json, and the error says so.
    with pytest.raises(RegistryError) as caught:
        import_object("json:Loader", what="type")
    message = str(caught.value)
    assert 'module "json" has no attribute "Loader"' in message
    assert '"json" is imported from' in message and "not from the json.py in this folder" in message


def test_a_package_imported_from_this_folder_is_not_called_shadowed():
    # The tests run from the repository root, where bench/ lies and is imported from.
    with pytest.raises(RegistryError) as caught:
        import_object("bench.metrics.rouge:Rouge", what="type")
    assert "not from the" not in str(caught.value)


def _install_entry_points(folder, lines: list[str]) -> None:
    """A distribution on the path as pip leaves one: a dist-info folder with its metadata and
    entry points, and the plugin's module beside it."""
    info = folder / "summbench_registry_dist-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: summbench-registry-dist\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(f"[{GROUP}]\n" + "".join(f"{x}\n" for x in lines))
    (folder / "summbench_registry_plugin.py").write_text(
        textwrap.dedent(
            '''
            from bench.summarizers.base import Summarizer

            class Loud(Summarizer):
                """Shouts the first words.

                More lines that the list does not show.
                """

                def summarize(self, examples):
                    return [e.source.upper() for e in examples]
            '''
        )
    )


def test_installed_plugins_come_from_their_entry_points(tmp_path, monkeypatch, clean_path):
    _install_entry_points(
        tmp_path,
        [
            "loud-words = summbench_registry_plugin:Loud",
            "lead = summbench_registry_plugin:Loud",  # a built-in's name: the built-in wins
        ],
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    entries = {e.name: e for e in SUMMARIZERS.entries()}
    assert entries["loud-words"].origin == "plugin from summbench-registry-dist"
    assert entries["lead"].origin == "built-in"
    names = [e.name for e in SUMMARIZERS.entries()]
    assert names.index("loud-words") > max(
        i for i, e in enumerate(SUMMARIZERS.entries()) if e.origin == "built-in"
    )
    assert SUMMARIZERS.describe(entries["loud-words"]) == "Shouts the first words."
    cls = SUMMARIZERS.get("loud-words")
    assert cls.__name__ == "Loud" and cls.name == "loud-words"
    assert SUMMARIZERS.get("lead") is not cls


def test_without_the_distribution_its_names_are_unknown():
    with pytest.raises(RegistryError, match='unknown summarizer "loud-words"'):
        SUMMARIZERS.get("loud-words")
