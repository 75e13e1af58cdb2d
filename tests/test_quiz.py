"""The question bank is well formed, and the question widgets give feedback and save answers."""
from __future__ import annotations

import json

import pytest

from course.data import DataError
from course.journal import Journal
from course.quiz import choice_widget, load_bank, reflection_widget
from tests.conftest import DATA


def test_bank_is_valid_and_every_choice_has_one_correct_answer_and_explanations():
    bank = load_bank()
    assert bank
    for q in bank.values():
        if q["kind"] == "choice":
            assert sum(o["correct"] for o in q["options"]) == 1, q["id"]
            assert all(o["explanation"].strip() for o in q["options"]), q["id"]


def test_every_lesson_has_checks_and_at_least_two_reflections():
    bank = load_bank()
    lessons = {q["lesson"] for q in bank.values()}
    for lesson in lessons:
        kinds = [q["kind"] for q in bank.values() if q["lesson"] == lesson]
        assert kinds.count("reflection") >= 2, lesson
        assert kinds.count("choice") >= 1, lesson


def test_question_source_ids_exist():
    from course.data import load_table
    known = set(load_table("sources")["source_id"])
    for q in load_bank().values():
        assert set(q.get("source_ids", [])) <= known, q["id"]


def bank_with(tmp_path, question):
    path = tmp_path / "questions.json"
    path.write_text(json.dumps({"questions": [question]}), encoding="utf-8")
    load_bank.cache_clear()
    try:
        return load_bank(path)
    finally:
        load_bank.cache_clear()


GOOD = {"id": "09-x", "lesson": "09", "kind": "choice", "prompt": "Which?",
        "options": [{"text": "A", "correct": True, "explanation": "because"},
                    {"text": "B", "correct": False, "explanation": "because not"}]}


@pytest.mark.parametrize("change, message", [
    ({"options": [{"text": "A", "correct": True, "explanation": "x"}, {"text": "B", "correct": True, "explanation": "y"}]},
     "exactly one option"),
    ({"options": [{"text": "A", "correct": True, "explanation": "x"}, {"text": "B", "correct": False, "explanation": ""}]},
     "has no explanation"),
    ({"kind": "quiz"}, "allowed kinds are"),
    ({"id": "x-09"}, "must start with the lesson number"),
    ({"kind": "poll", "options": [{"text": "A", "argument": "x"}, {"text": "B"}]}, "has no argument"),
    ({"options": [{"text": "A", "correct": True, "explanation": "x"}]}, "needs 2 to 5 options"),
])
def test_broken_questions_are_named(tmp_path, change, message):
    assert bank_with(tmp_path, GOOD)
    with pytest.raises(DataError, match=message):
        bank_with(tmp_path, {**GOOD, **change})


def test_choice_feedback_explains_and_saves(work_dir):
    journal = Journal("09")
    box = choice_widget(GOOD, journal)
    assert box.feedback.value == "" and "09-x" not in Journal("09").answers
    box.choices.value = "B"
    assert "Not quite" in box.feedback.value and "because not" in box.feedback.value
    assert Journal("09").answers["09-x"]["correct"] is False
    box.choices.value = "A"
    assert "Correct" in box.feedback.value
    saved = Journal("09").answers["09-x"]
    assert saved["text"] == "A" and saved["correct"] is True
    again = choice_widget(GOOD, Journal("09"))
    assert again.choices.value == "A" and "Correct" in again.feedback.value


def test_poll_shows_every_argument(work_dir):
    poll = {"id": "09-p", "lesson": "09", "kind": "poll", "prompt": "Which name?",
            "options": [{"text": "One", "argument": "arg one"}, {"text": "Two", "argument": "arg two"}]}
    box = choice_widget(poll, Journal("09"))
    box.choices.value = "Two"
    assert "no single right answer" in box.feedback.value
    assert "arg one" in box.feedback.value and "arg two" in box.feedback.value and "(your choice)" in box.feedback.value


def test_reflection_saves_as_typed_and_refills(work_dir):
    q = {"id": "09-r", "lesson": "09", "kind": "reflection", "prompt": "Reflect."}
    box = reflection_widget(q, Journal("09"), delay=0)
    box.area.value = "A first thought"
    assert "Saved" in box.status.value
    assert reflection_widget(q, Journal("09"), delay=0).area.value == "A first thought"
    box.area.value = ""
    assert "saved answer is kept" in box.status.value
    assert Journal("09").text("09-r") == "A first thought"


def test_real_bank_file_is_the_default():
    assert (DATA / "questions.json").exists()
