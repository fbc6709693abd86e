"""The risk cycle's rules, tested directly: the matrix and its bands, and the three workflows'
transition tables (every pair allowed or refused, with its Swedish message)."""

from __future__ import annotations

import pytest

from kvalitet_desktop.domain.errors import RuleViolation, ValidationFailed
from kvalitet_desktop.domain.risk_matrix import (
    SCALE,
    SCALE_TEXT,
    RiskBand,
    RiskMatrixConfig,
    check_cell,
    clamp_to_scale,
    on_scale,
    risk_score,
)
from kvalitet_desktop.workflows.followups.domain import (
    FOLLOW_UP_TRANSITIONS,
    FollowUpAction,
    FollowUpStatus,
    check_follow_up_transition,
)
from kvalitet_desktop.workflows.measures.domain import (
    MEASURE_TRANSITIONS,
    MeasureAction,
    MeasureStatus,
    check_measure_transition,
    check_status_change,
)
from kvalitet_desktop.workflows.risk.domain import (
    RISK_TRANSITIONS,
    RiskAction,
    RiskAnalysisStatus,
    check_risk_transition,
)

# --- the matrix ----------------------------------------------------------------------------


def test_the_scale_is_one_to_four() -> None:
    assert SCALE == (1, 2, 3, 4)
    assert SCALE_TEXT == "1–4"
    assert [on_scale(v) for v in (0, 1, 4, 5, None, True, "2")] == [
        False,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert [clamp_to_scale(v) for v in (-3, 1, 3, 9)] == [1, 1, 3, 4]


@pytest.mark.parametrize(("p", "c", "score"), [(1, 1, 1), (1, 4, 4), (4, 1, 4), (4, 4, 16)])
def test_risk_score_at_the_edges(p: int, c: int, score: int) -> None:
    assert risk_score(p, c) == score


@pytest.mark.parametrize(("p", "c"), [(0, 1), (1, 0), (5, 4), (4, 5)])
def test_risk_score_refuses_values_off_the_scale(p: int, c: int) -> None:
    with pytest.raises(ValueError, match="1–4"):
        risk_score(p, c)
    with pytest.raises(ValueError):
        check_cell(p, c)


def test_every_possible_score_has_the_band_of_the_defaults() -> None:
    config = RiskMatrixConfig()
    keys = {s: config.band_for(s).key for s in sorted({p * c for p in SCALE for c in SCALE})}
    assert keys == {
        1: "low",
        2: "low",
        3: "low",
        4: "medium",
        6: "medium",
        8: "high",
        9: "high",
        12: "very_high",
        16: "very_high",
    }


def test_a_score_in_a_gap_takes_the_nearest_lower_band() -> None:
    config = RiskMatrixConfig(
        bands=(RiskBand("low", "Låg", 1, 3, "#00ff00"), RiskBand("high", "Hög", 8, 16, "#ff0000"))
    )
    assert config.band_for(6).key == "low"  # 6 lies between the bands
    assert config.band_for(0).key == "low"  # below every band: the lowest
    assert config.band_for(8).key == "high"


def test_validate_refuses_empty_labels_bad_bands_and_gaps() -> None:
    config = RiskMatrixConfig(
        probability_labels=("", "Liten", "Stor", "Mycket stor"),
        bands=(
            RiskBand("low", "Låg", 5, 1, "#00ff00"),
            RiskBand("high", "Hög", 8, 16, "röd"),
        ),
    )
    with pytest.raises(ValidationFailed) as caught:
        config.validate()
    messages = [e.message for e in caught.value.errors]
    assert "Varje steg i skalan behöver en benämning." in messages
    assert "Riskzonen ”Låg” har lägre gräns över övre gräns." in messages
    assert "Riskzonen ”Hög” har ogiltig färg (röd)." in messages
    assert "Riskzonerna täcker inte alla möjliga riskvärden: 1, 2, 3, 4, 6." in messages


def test_the_defaults_are_valid() -> None:
    RiskMatrixConfig().validate()


def test_from_dict_and_to_dict_round_trip() -> None:
    config = RiskMatrixConfig(
        probability_labels=("Osannolik", "Möjlig", "Trolig", "Nästan säker"),
        bands=(
            RiskBand("low", "Låg", 1, 4, "#00ff00"),
            RiskBand("high", "Hög", 5, 16, "#ff0000"),
        ),
        action_threshold=6,
    )
    assert RiskMatrixConfig.from_dict(config.to_dict()) == config


def test_from_dict_fills_in_defaults_and_refuses_a_bad_config() -> None:
    assert RiskMatrixConfig.from_dict({}) == RiskMatrixConfig()
    broken = RiskMatrixConfig().to_dict()
    broken["bands"] = [
        {"key": "x", "label": "X", "min_score": 1, "max_score": 2, "color": "#000000"}
    ]
    with pytest.raises(ValidationFailed, match="täcker inte"):
        RiskMatrixConfig.from_dict(broken)


# --- the risk analysis -----------------------------------------------------------------------

D, B, A = RiskAnalysisStatus.DRAFT, RiskAnalysisStatus.DECIDED, RiskAnalysisStatus.CLOSED

RISK_ALLOWED = {
    (D, RiskAction.SAVE): D,
    (D, RiskAction.DECIDE): B,
    (D, RiskAction.ARCHIVE): D,
    (B, RiskAction.SAVE): B,
    (B, RiskAction.REASSESS): B,
    (B, RiskAction.CLOSE): A,
    (B, RiskAction.ARCHIVE): B,
    (A, RiskAction.REOPEN): B,
    (A, RiskAction.ARCHIVE): A,
}
RISK_REFUSED = {
    (D, RiskAction.REASSESS): "Riskanalysen är inte beslutad än",
    (D, RiskAction.CLOSE): "Bara en beslutad riskanalys kan avslutas.",
    (B, RiskAction.DECIDE): "Riskanalysen är redan beslutad.",
    (A, RiskAction.DECIDE): "Riskanalysen är avslutad och kan inte beslutas på nytt.",
    (A, RiskAction.REASSESS): "Riskanalysen är avslutad. Gör en ny riskanalys",
    (A, RiskAction.CLOSE): "Bara en beslutad riskanalys kan avslutas.",
    # A closed analysis is locked: changed only after reopening it with a reason.
    (A, RiskAction.SAVE): "Riskanalysen är avslutad och låst.",
    (D, RiskAction.REOPEN): "Bara en avslutad riskanalys kan öppnas igen",
    (B, RiskAction.REOPEN): "Bara en avslutad riskanalys kan öppnas igen",
}


def test_the_risk_table_names_every_pair() -> None:
    pairs = {(s, a) for s in RiskAnalysisStatus for a in RiskAction}
    assert set(RISK_TRANSITIONS.rules) == pairs == set(RISK_ALLOWED) | set(RISK_REFUSED)


@pytest.mark.parametrize(("pair", "after"), RISK_ALLOWED.items())
def test_risk_transition_allowed(pair: tuple[RiskAnalysisStatus, RiskAction], after: str) -> None:
    assert check_risk_transition(*pair) is after


@pytest.mark.parametrize(("pair", "message"), RISK_REFUSED.items())
def test_risk_transition_refused(pair: tuple[RiskAnalysisStatus, RiskAction], message: str) -> None:
    with pytest.raises(RuleViolation, match=message):
        check_risk_transition(*pair)


@pytest.mark.parametrize("action", list(RiskAction))
def test_an_archived_analysis_refuses_everything(action: RiskAction) -> None:
    expected = "redan makulerad" if action is RiskAction.ARCHIVE else "är makulerad"
    for status in RiskAnalysisStatus:
        with pytest.raises(RuleViolation, match=expected):
            check_risk_transition(status, action, archived=True)


def test_only_a_draft_corrects_its_first_assessments() -> None:
    assert [s.is_draft for s in RiskAnalysisStatus] == [True, False, False]


# --- measures --------------------------------------------------------------------------------

STATUS_ACTION = {
    MeasureStatus.PLANNED: MeasureAction.SET_PLANNED,
    MeasureStatus.IN_PROGRESS: MeasureAction.SET_IN_PROGRESS,
    MeasureStatus.DONE: MeasureAction.SET_DONE,
    MeasureStatus.CANCELLED: MeasureAction.SET_CANCELLED,
}


def test_the_measure_table_names_every_pair() -> None:
    assert set(MEASURE_TRANSITIONS.rules) == {(s, a) for s in MeasureStatus for a in MeasureAction}


@pytest.mark.parametrize("current", list(MeasureStatus))
@pytest.mark.parametrize("target", list(MeasureStatus))
def test_any_status_may_follow_any_other(current: MeasureStatus, target: MeasureStatus) -> None:
    assert check_measure_transition(current, STATUS_ACTION[target]) is target


@pytest.mark.parametrize("current", list(MeasureStatus))
def test_editing_and_archiving_keep_the_status(current: MeasureStatus) -> None:
    assert check_measure_transition(current, MeasureAction.EDIT) is current
    assert check_measure_transition(current, MeasureAction.ARCHIVE) is current


@pytest.mark.parametrize("action", list(MeasureAction))
def test_an_archived_measure_refuses_everything(action: MeasureAction) -> None:
    expected = "redan makulerad" if action is MeasureAction.ARCHIVE else "kan inte ändras"
    with pytest.raises(RuleViolation, match=expected):
        check_measure_transition(MeasureStatus.PLANNED, action, archived=True)


def test_done_needs_a_planned_follow_up() -> None:
    with pytest.raises(RuleViolation, match="förrän en uppföljning är planerad"):
        check_status_change(MeasureStatus.DONE, cancel_reason=None, has_planned_follow_up=False)
    check_status_change(
        MeasureStatus.DONE,
        cancel_reason=None,
        has_planned_follow_up=True,
        current=MeasureStatus.IN_PROGRESS,
    )


def test_cancelled_needs_a_reason() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_status_change(MeasureStatus.CANCELLED, cancel_reason=" ", has_planned_follow_up=True)
    assert caught.value.for_field("cancel_reason") == ["Ange varför åtgärden avbryts."]
    check_status_change(
        MeasureStatus.CANCELLED, cancel_reason="Dubblett", has_planned_follow_up=False
    )


def test_a_status_change_of_an_archived_measure_is_refused() -> None:
    with pytest.raises(RuleViolation, match="makulerad"):
        check_status_change(
            MeasureStatus.IN_PROGRESS,
            cancel_reason=None,
            has_planned_follow_up=False,
            current=MeasureStatus.PLANNED,
            archived=True,
        )


# --- follow-ups ------------------------------------------------------------------------------

P, G = FollowUpStatus.PLANNED, FollowUpStatus.DONE


def test_the_follow_up_table_names_every_pair() -> None:
    assert set(FOLLOW_UP_TRANSITIONS.rules) == {
        (s, a) for s in FollowUpStatus for a in FollowUpAction
    }


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        (P, FollowUpAction.UPDATE_PLAN, P),
        (P, FollowUpAction.RECORD_RESULT, G),
        (P, FollowUpAction.ARCHIVE, P),
        (G, FollowUpAction.UPDATE_PLAN, G),
        (G, FollowUpAction.RECORD_RESULT, G),
        (G, FollowUpAction.ARCHIVE, G),
    ],
)
def test_follow_up_transition_allowed(
    status: FollowUpStatus, action: FollowUpAction, after: FollowUpStatus
) -> None:
    assert check_follow_up_transition(status, action) is after


def test_a_result_that_started_a_new_record_stays() -> None:
    with pytest.raises(RuleViolation, match="har gett en ny post"):
        check_follow_up_transition(G, FollowUpAction.RECORD_RESULT, has_outcome_record=True)
    assert check_follow_up_transition(G, FollowUpAction.ARCHIVE, has_outcome_record=True) is G


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (FollowUpAction.UPDATE_PLAN, "Uppföljningen är makulerad och kan inte ändras."),
        (FollowUpAction.RECORD_RESULT, "Uppföljningen är makulerad."),
        (FollowUpAction.ARCHIVE, "Uppföljningen är redan makulerad."),
    ],
)
def test_an_archived_follow_up_refuses_everything(action: FollowUpAction, message: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_follow_up_transition(P, action, archived=True)
    assert str(caught.value) == message
