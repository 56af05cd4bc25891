"""A regression floor: a change that answers fewer questions right, declines fewer of those the
article cannot answer, or gives more wrong answers fails here. Floors sit a little below the
figures reached (README, `python bot.py eval`); raise them when the matcher gets better.

The held-out files are measured, never tuned on: when their failures have been read, they become
dev sets and a fresh held-out set is written blind.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.config import PROJECT_ROOT
from bot.evaluation import evaluate, load_questions
from bot.pipeline import Pipeline

DATA = PROJECT_ROOT / "tests" / "data"

# file, in-scope accuracy at least, must-decline declined at least, wrong answers at most
FLOORS = [
    ("dev_en.yaml", 0.97, 0.98, 0.01),
    ("dev_ru.yaml", 0.92, 0.98, 0.015),
    ("dev_blind2_en.yaml", 0.84, 0.97, 0.025),
    ("dev_frames_en.yaml", 0.89, 0.98, 0.01),
    ("dev_frames_ru.yaml", 0.92, 0.98, 0.01),
    ("dev_blind3_en.yaml", 0.92, 0.98, 0.01),
    ("dev_blind3_ru.yaml", 0.96, 0.98, 0.01),
    ("dev_blind4_en.yaml", 0.89, 0.97, 0.02),
    ("dev_blind4_ru.yaml", 0.90, 0.98, 0.01),
    ("dev_blind5_en.yaml", 0.87, 0.98, 0.01),
    ("dev_blind5_ru.yaml", 0.88, 0.98, 0.01),
    ("dev_blind6_en.yaml", 0.84, 0.98, 0.025),
    ("dev_blind6_ru.yaml", 0.84, 0.98, 0.01),
    ("dev_blind7_en.yaml", 0.74, 0.96, 0.02),
    ("dev_blind7_ru.yaml", 0.77, 0.98, 0.015),
    ("dev_blind8_en.yaml", 0.75, 0.96, 0.025),
    ("dev_blind8_ru.yaml", 0.85, 0.98, 0.02),
    ("dev_blind9_en.yaml", 0.85, 0.96, 0.025),
    ("dev_blind9_ru.yaml", 0.82, 0.98, 0.02),
    ("heldout_en.yaml", 0.87, 0.96, 0.03),
    ("heldout_ru.yaml", 0.89, 0.95, 0.025),
    # sealed: written blind on 2026-12-01, measured at a session's start and end only
    ("heldout7_en.yaml", 0.86, 0.96, 0.02),
    ("heldout7_ru.yaml", 0.87, 0.98, 0.015),
    # sealed: written blind in session 5, measured at its start (4f87023) and end only
    ("heldout8_en.yaml", 0.85, 0.98, 0.02),
    ("heldout8_ru.yaml", 0.92, 0.98, 0.015),
    # sealed: written blind in session 7, measured at its start (c4caf11) and end only
    ("heldout10_en.yaml", 0.88, 0.96, 0.025),
    ("heldout10_ru.yaml", 0.89, 0.97, 0.015),
    # sealed: written blind in session 6, measured at its start (7d18ac5) and end only
    ("heldout9_en.yaml", 0.84, 0.93, 0.045),
    ("heldout9_ru.yaml", 0.87, 0.98, 0.015),
    # sealed: written blind in session 8, measured at its start (163af40) and end only
    ("heldout11_en.yaml", 0.89, 0.97, 0.02),
    ("heldout11_ru.yaml", 0.94, 0.98, 0.01),
    # sealed: written blind in session 9, measured at its start (288add6) and end only
    ("heldout12_en.yaml", 0.92, 0.97, 0.02),
    ("heldout12_ru.yaml", 0.96, 0.98, 0.015),
    # sealed: written blind in session 10, measured at its start (a862485) and end only
    ("heldout13_en.yaml", 0.87, 0.98, 0.015),
    ("heldout13_ru.yaml", 0.86, 0.95, 0.025),
    # sealed: written blind in session 11, measured at its start (bf9d4d2) and end only
    ("heldout14_en.yaml", 0.94, 0.96, 0.02),
    ("heldout14_ru.yaml", 0.93, 0.98, 0.01),
    # sealed: written blind in session 12, measured at its start (8c2f689) and end only
    ("heldout15_en.yaml", 0.90, 0.97, 0.015),
    ("heldout15_ru.yaml", 0.94, 0.98, 0.01),
    # sealed: written blind in session 13, measured at its start (b873931) and end only
    ("heldout16_en.yaml", 0.95, 0.98, 0.015),
    ("heldout16_ru.yaml", 0.96, 0.95, 0.02),
    # sealed: written blind in session 14, measured at its start (cc4128f) and end only
    ("heldout17_en.yaml", 0.88, 0.97, 0.025),
    ("heldout17_ru.yaml", 0.89, 0.97, 0.03),
    # sealed: written blind in session 15, measured at its start (42dccce) and end only
    ("heldout18_en.yaml", 0.91, 0.97, 0.015),
    ("heldout18_ru.yaml", 0.93, 0.98, 0.02),
    # sealed: written blind in session 16, measured at its start (752ad1e) and end only
    ("heldout19_en.yaml", 0.94, 0.97, 0.015),
    ("heldout19_ru.yaml", 0.95, 0.98, 0.015),
    # sealed: written blind in session 17, measured at its start (5f042f4) and end only
    ("heldout20_en.yaml", 0.95, 0.95, 0.015),
    ("heldout20_ru.yaml", 0.95, 0.98, 0.01),
    # sealed: written blind in session 18, measured at its start (1329395) and end only
    ("heldout21_en.yaml", 0.95, 0.97, 0.01),
    ("heldout21_ru.yaml", 0.94, 0.95, 0.015),
    # sealed: written blind in session 19, measured at its start (02adc42) and end only
    ("heldout22_en.yaml", 0.91, 0.95, 0.02),
    ("heldout22_ru.yaml", 0.92, 0.98, 0.025),
    # sealed: written blind in session 20, measured at its start (3b44b1c) and end only
    ("heldout23_en.yaml", 0.94, 0.97, 0.025),
    ("heldout23_ru.yaml", 0.95, 0.98, 0.015),
    # held out until session 4 read its failures
    ("dev_heldout6_en.yaml", 0.85, 0.96, 0.025),
    ("dev_heldout6_ru.yaml", 0.88, 0.97, 0.01),
    ("dev_blind10_en.yaml", 0.87, 0.96, 0.015),
    ("dev_blind10_ru.yaml", 0.88, 0.98, 0.01),
    ("dev_blind11_en.yaml", 0.89, 0.97, 0.01),
    ("dev_blind11_ru.yaml", 0.83, 0.98, 0.01),
    ("dev_blind12_en.yaml", 0.81, 0.98, 0.015),
    ("dev_blind12_ru.yaml", 0.88, 0.98, 0.025),
    ("dev_blind13_en.yaml", 0.84, 0.97, 0.02),
    ("dev_blind13_ru.yaml", 0.87, 0.98, 0.02),
    # written blind in session 5, read after its first measurement
    ("dev_blind14_en.yaml", 0.82, 0.97, 0.025),
    ("dev_blind14_ru.yaml", 0.90, 0.98, 0.01),
    ("dev_blind15_en.yaml", 0.81, 0.97, 0.015),
    ("dev_blind15_ru.yaml", 0.86, 0.98, 0.01),
    # written blind in session 6, read after its first measurement
    ("dev_blind16_en.yaml", 0.92, 0.97, 0.015),
    ("dev_blind16_ru.yaml", 0.96, 0.98, 0.015),
    ("dev_blind17_en.yaml", 0.90, 0.97, 0.02),
    ("dev_blind17_ru.yaml", 0.90, 0.98, 0.015),
    ("dev_blind18_en.yaml", 0.80, 0.93, 0.04),
    ("dev_blind18_ru.yaml", 0.85, 0.96, 0.025),
    # written blind in session 7 (a varied crowd of askers), read after its first measurement
    ("dev_blind19_en.yaml", 0.90, 0.97, 0.015),
    ("dev_blind19_ru.yaml", 0.95, 0.97, 0.02),
    ("dev_blind20_en.yaml", 0.88, 0.96, 0.015),
    ("dev_blind20_ru.yaml", 0.92, 0.97, 0.02),
    ("dev_blind21_en.yaml", 0.88, 0.96, 0.015),
    ("dev_blind21_ru.yaml", 0.92, 0.97, 0.015),
    ("dev_blind22_en.yaml", 0.83, 0.95, 0.035),
    ("dev_blind22_ru.yaml", 0.80, 0.97, 0.02),
    # written blind in session 8 (people asked by office, busy group chats), read after their
    # first measurement
    ("dev_blind23_en.yaml", 0.90, 0.95, 0.03),
    ("dev_blind23_ru.yaml", 0.91, 0.98, 0.01),
    ("dev_blind24_en.yaml", 0.93, 0.97, 0.02),
    ("dev_blind24_ru.yaml", 0.97, 0.98, 0.01),
    ("dev_blind25_en.yaml", 0.90, 0.94, 0.03),
    ("dev_blind25_ru.yaml", 0.93, 0.98, 0.01),
    ("dev_blind26_en.yaml", 0.91, 0.96, 0.025),
    ("dev_blind26_ru.yaml", 0.93, 0.98, 0.015),
    ("dev_blind27_en.yaml", 0.91, 0.97, 0.02),
    ("dev_blind27_ru.yaml", 0.88, 0.98, 0.01),
    ("dev_blind28_en.yaml", 0.92, 0.92, 0.05),
    # written blind in session 9, read after one measurement at its start (288add6)
    ("dev_blind29_en.yaml", 0.90, 0.97, 0.015),
    ("dev_blind29_ru.yaml", 0.95, 0.98, 0.01),
    ("dev_blind30_en.yaml", 0.91, 0.92, 0.035),
    ("dev_blind31_ru.yaml", 0.90, 0.97, 0.015),
    ("dev_blind32_en.yaml", 0.90, 0.98, 0.01),
    ("dev_blind32_ru.yaml", 0.95, 0.98, 0.01),
    # written blind in session 10, read after one measurement at its start (a862485)
    ("dev_blind33_en.yaml", 0.95, 0.97, 0.01),
    ("dev_blind33_ru.yaml", 0.97, 0.98, 0.01),
    # ...and midway (measured at a862485 too: 86.7% / 98.9% / 1.2%, Russian 88.8% / 100% / 0%)
    ("dev_blind34_en.yaml", 0.88, 0.98, 0.01),
    ("dev_blind34_ru.yaml", 0.89, 0.98, 0.01),
    # written blind in session 11 and read: messenger style (at bf9d4d2: 87.5% / 95.0% /
    # 2.9%, Russian 95.0% / 100% / 0%), near misses (95.0% / 90.5% / 6.7%, Russian 90.0% /
    # 97.1% / 2.5%), learners and translit (94.0% / 96.0% / 2.0%, Russian 94.0% / 100% / 0%)
    ("dev_blind35_en.yaml", 0.88, 0.96, 0.03),
    ("dev_blind35_ru.yaml", 0.93, 0.98, 0.01),
    ("dev_blind36_en.yaml", 0.94, 0.93, 0.04),
    ("dev_blind36_ru.yaml", 0.90, 0.97, 0.015),
    ("dev_blind37_en.yaml", 0.93, 0.98, 0.015),
    ("dev_blind37_ru.yaml", 0.94, 0.98, 0.01),
    # written blind in session 12, weighted to long chatty messages (at 33ca3fa: 89.3% / 100% /
    # 1.5% English, 87.3% / 100% / 1.2% Russian)
    ("dev_blind38_en.yaml", 0.90, 0.98, 0.01),
    ("dev_blind38_ru.yaml", 0.88, 0.98, 0.01),
    # written blind in session 13 (at b873931 and before reading: 97.7% / 97.1% / 1.0% English,
    # 94.3% / 100% / 0% Russian)
    ("dev_blind39_en.yaml", 0.95, 0.95, 0.02),
    ("dev_blind39_ru.yaml", 0.92, 0.98, 0.01),
    # written blind in session 14, weighted to long chatty messages (at 74dae6c and before
    # reading: 89.3% / 97.1% / 1.8% English, 90.8% / 100% / 1.1% Russian)
    ("dev_blind40_en.yaml", 0.88, 0.95, 0.025),
    ("dev_blind40_ru.yaml", 0.91, 0.98, 0.01),
    # written blind in session 15, weighted to long chatty messages and unusual paraphrases (at
    # 42dccce and before reading: 77.8% / 100% / 3.3% English, 90.7% / 100% / 2.0% Russian)
    ("dev_blind41_en.yaml", 0.83, 0.98, 0.025),
    ("dev_blind41_ru.yaml", 0.89, 0.98, 0.02),
    # written blind in session 16: 42 before any of its changes (at 752ad1e: 96.2% / 95.7% /
    # 2.5% English, 97.1% / 100% / 0% Russian), 43 weighted to long chatty messages and near
    # misses (at 3c3702f: 92.9% / 93.8% / 3.2%, 93.3% / 97.1% / 0.9%), 44 measured before
    # reading (at 99c578c: 90.0% / 98.8% / 0.9%, 93.3% / 97.1% / 1.8%)
    ("dev_blind42_en.yaml", 0.97, 0.98, 0.01),
    ("dev_blind42_ru.yaml", 0.95, 0.98, 0.01),
    ("dev_blind43_en.yaml", 0.93, 0.96, 0.025),
    ("dev_blind43_ru.yaml", 0.92, 0.96, 0.015),
    ("dev_blind44_en.yaml", 0.90, 0.97, 0.015),
    ("dev_blind44_ru.yaml", 0.92, 0.96, 0.02),
    # written blind in session 17, measured before reading (at 5f042f4: 96.2% / 97.1% / 1.0%
    # English, 90.0% / 96.7% / 1.0% Russian)
    ("dev_blind45_en.yaml", 0.96, 0.97, 0.01),
    ("dev_blind45_ru.yaml", 0.92, 0.95, 0.015),
    # written blind in session 18, measured before reading (at 1329395: 96.2% / 95.0% / 1.7%
    # English, 94.9% / 100% / 0% Russian)
    ("dev_blind46_en.yaml", 0.96, 0.97, 0.01),
    ("dev_blind46_ru.yaml", 0.96, 0.98, 0.01),
    # written blind in session 18, measured before reading (at 1d94900: 90.0% / 97.1% / 2.5%
    # English, 91.4% / 93.3% / 4.0% Russian)
    ("dev_blind47_en.yaml", 0.88, 0.95, 0.03),
    ("dev_blind47_ru.yaml", 0.90, 0.92, 0.045),
    # written blind in session 19, measured before reading (at 02adc42: 90.2% / 92.8% / 3.8%
    # English, 90.6% / 100% / 0% Russian)
    ("dev_blind48_en.yaml", 0.91, 0.96, 0.02),
    ("dev_blind48_ru.yaml", 0.95, 0.98, 0.01),
    # written blind in session 19, measured before reading (at 13208c4: 92.4% / 100% / 0%
    # English, 98.6% / 97.9% / 1.7% Russian)
    ("dev_blind49_en.yaml", 0.93, 0.98, 0.01),
    ("dev_blind49_ru.yaml", 0.98, 0.98, 0.01),
    # written blind in session 20 around long chatty messages, measured before reading (at
    # 3b44b1c: 91.3% / 96.4% / 2.3% English, 91.7% / 95.8% / 2.5% Russian)
    ("dev_blind50_en.yaml", 0.93, 0.96, 0.025),
    ("dev_blind50_ru.yaml", 0.93, 0.98, 0.015),
]


@pytest.mark.parametrize(("name", "accuracy", "declined", "wrong"), FLOORS)
def test_answer_quality_stays_above_its_floor(
    pipeline: Pipeline, name: str, accuracy: float, declined: float, wrong: float
) -> None:
    def predict(texts: Sequence[str]) -> list[tuple[str | None, str]]:
        return [(reply.fact_id, reply.language) for reply in pipeline.answer_many(texts)]

    report = evaluate(load_questions(DATA / name), predict)
    figures = (report.accuracy, report.declined, report.wrong_answer_rate)
    assert report.accuracy >= accuracy, figures
    assert report.declined >= declined, figures
    assert report.wrong_answer_rate <= wrong, figures
