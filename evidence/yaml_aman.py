"""YAML as the clerk writes it, loaded safely: aliases bounded (the "billion laughs" bomb), a size cap,
and an impossible date answered in words instead of Python's ValueError.

Errors are `yaml.YAMLError`s, so every caller's existing "bukan YAML yang sah" message holds them.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_CHARS = 2_000_000
DEEP = "berkas YAML bersarang terlalu dalam (ribuan tingkat kurung); sederhanakan isinya"
MAX_NODES = 200_000  # values after expanding aliases: a "billion laughs" text reaches 10^9


def _expanded_size(node, memo: dict[int, int]) -> int:
    """How many nodes the document has once every alias is written out (aliases share nodes)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    memo[id(node)] = 1  # a recursive alias counts once instead of looping
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(v, memo) for v in node.value)
    else:
        size = 1
    memo[id(node)] = min(size, MAX_NODES + 1)
    return memo[id(node)]


class YamlDitolak(yaml.YAMLError):
    """A YAML text refused for what it does, not for its syntax; str() is Indonesian."""


class AmanLoader(yaml.SafeLoader):
    def compose_document(self):
        node = super().compose_document()
        if _expanded_size(node, {}) > MAX_NODES:
            raise YamlDitolak(f"berkas YAML mengembang menjadi lebih dari {MAX_NODES} nilai lewat "
                              "alias (&/*); tulis nilainya langsung tanpa alias berantai")
        return node

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise YamlDitolak(f"tanggal '{node.value}' di baris {node.start_mark.line + 1} tidak ada "
                              "di kalender; tulis tanggal yang benar (TTTT-BB-HH)") from None


AmanLoader.add_constructor("tag:yaml.org,2002:timestamp", AmanLoader.construct_yaml_timestamp)


def muat_yaml(text: str) -> Any:
    """Parse YAML text with `AmanLoader`; refuses texts over MAX_CHARS."""
    if len(text) > MAX_CHARS:
        raise YamlDitolak(f"berkas YAML terlalu besar ({len(text) // 1000} ribu karakter; batas "
                          f"{MAX_CHARS // 1000} ribu)")
    try:
        return yaml.load(text, Loader=AmanLoader)  # noqa: S506 - AmanLoader is a SafeLoader
    except RecursionError:
        raise YamlDitolak(DEEP) from None


def susun_yaml(text: str):
    """The node tree (for line numbers), with the same rules as `muat_yaml`."""
    if len(text) > MAX_CHARS:
        raise YamlDitolak("berkas YAML terlalu besar")
    try:
        return yaml.compose(text, Loader=AmanLoader)
    except RecursionError:
        raise YamlDitolak(DEEP) from None
