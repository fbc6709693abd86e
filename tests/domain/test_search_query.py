"""What typed text becomes as an FTS5 query: words as quoted phrases, the last as a prefix."""

from __future__ import annotations

from kvalitet_desktop.domain.search import MATCH_END, MATCH_START, match_expression, parse_snippet


def test_words_become_phrases_and_the_last_a_prefix() -> None:
    assert match_expression("läkemedel kväll") == '"läkemedel" "kväll"*'
    assert match_expression("AV-2026-0004") == '"AV 2026 0004"*'
    assert match_expression('fall "NEAR(" OR') == '"fall" "NEAR" "OR"*'


def test_a_single_letter_is_a_whole_word_and_nothing_searchable_is_none() -> None:
    assert match_expression("hissen i ö") == '"hissen" "i" "ö"'
    assert match_expression("fall !!") == '"fall"*'
    assert match_expression(" ( ) * \x00 ^ ") is None
    assert match_expression("") is None


def test_snippet_marks_become_offsets() -> None:
    snippet = parse_snippet(f"…föll i {MATCH_START}badrummet{MATCH_END} igår")
    assert snippet.text == "…föll i badrummet igår"
    assert snippet.text[slice(*snippet.marks[0])] == "badrummet"
