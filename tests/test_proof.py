"""The proof table adds up what tests recorded and says which areas were not measured."""

from __future__ import annotations

from proof import AREAS, NOT_MEASURED, WIDTH, Proof


def test_figures_add_up_by_area_and_zeros_are_shown() -> None:
    run = Proof()
    run.record("Krasch", avbrott=3, poster_förlorade=0)
    run.record("Krasch", avbrott=2, poster_förlorade=0)
    run.note("Krasch", "frö 7")
    lines = run.table()
    assert lines[0].startswith("Krasch") and "avbrott 5, poster förlorade 0, frö 7" in lines[0]
    assert all(NOT_MEASURED in line for line in lines[1:])
    assert len(lines) == len(AREAS)


def test_an_area_outside_the_list_comes_last_and_long_lines_wrap() -> None:
    run = Proof()
    run.record("Annat", **{f"mått_{n}": n for n in range(30)})
    lines = run.table()
    assert all(len(line) <= WIDTH for line in lines)
    assert lines[len(AREAS)].startswith("Annat")
    assert "mått 29 29" in " ".join(lines)


def test_the_security_figures_have_a_table_of_their_own() -> None:
    from proof import SECURITY_AREAS

    run = Proof()
    run.record("Behörigheter", celler_tillåtna=3, celler_nekade=2)
    assert not any("Behörigheter" in line for line in run.table())
    lines = run.table(SECURITY_AREAS)
    assert lines[0].startswith("Behörigheter") and "celler nekade 2" in lines[0]
    assert len(lines) == len(SECURITY_AREAS)
