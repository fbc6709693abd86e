"""The Granskningslogg's words for fields are one dictionary over every kind: a field name two
kinds share must get the same word from both, or one kind's history reads the other's word."""

from __future__ import annotations

from kvalitet_desktop import registry


def test_a_field_name_has_one_word_in_every_kind() -> None:
    first: dict[str, tuple[str, str]] = {}
    clashes = []
    for kind in registry.KINDS:
        for field, label in kind.history_fields.items():
            key, word = first.setdefault(field, (kind.key, label))
            if word != label:
                clashes.append(f"{field}: {key} says {word!r}, {kind.key} says {label!r}")
    assert clashes == []
