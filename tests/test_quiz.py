"""The question files are well formed, the right answer's place and length give nothing away, and the question
widgets give feedback and save answers."""
from __future__ import annotations

import json
import statistics

import pytest

from course.data import DataError
from course.journal import Journal
from course.quiz import QUESTIONS_DIR, Question, Reflection, load_bank, option_order, read_question_file


def choices():
    return [q for q in load_bank().values() if q["kind"] == "choice"]


def test_bank_is_valid_and_every_choice_has_one_correct_answer_and_explanations():
    for q in choices():
        assert sum(o["correct"] for o in q["options"]) == 1, q["id"]
        assert all(o["explanation"].strip() for o in q["options"]), q["id"]


def test_every_lesson_has_checks_and_at_least_two_reflections():
    bank = load_bank()
    for lesson in {q["lesson"] for q in bank.values()}:
        kinds = [q["kind"] for q in bank.values() if q["lesson"] == lesson]
        assert kinds.count("reflection") >= 2 and kinds.count("choice") >= 1, lesson


def test_question_source_ids_exist():
    from course.data import load_table
    known = set(load_table("sources")["source_id"])
    for q in load_bank().values():
        assert set(q.get("source_ids", [])) <= known, q["id"]


def test_each_lesson_has_its_own_question_file():
    for path in sorted(QUESTIONS_DIR.glob("*.json")):
        assert {q["lesson"] for q in read_question_file(path)} == {path.stem}


def test_the_right_answer_is_not_given_away_by_its_place_in_the_file():
    """Static pages (handouts) show options in file order: the right one must sit in every place about equally."""
    places = [next(i for i, o in enumerate(q["options"]) if o["correct"]) for q in choices()]
    expected = sum(1 / len(q["options"]) for q in choices())  # how often the first place would be right by chance
    assert places.count(0) <= expected + 2, f"the first option is right in {places.count(0)} of {len(places)}"
    assert max(places.count(i) for i in set(places)) <= len(places) / 2


def test_the_right_answer_is_not_given_away_by_its_length():
    longest = shortest = 0
    for q in choices():
        lengths = [len(o["text"]) for o in q["options"]]
        right = lengths[next(i for i, o in enumerate(q["options"]) if o["correct"])]
        assert right <= 1.6 * statistics.median(lengths), f"{q['id']}: the right answer is much longer than the rest"
        longest += right == max(lengths)
        shortest += right == min(lengths)
    by_chance = sum(1 / len(q["options"]) for q in choices())
    assert longest <= by_chance * 1.5 + 1, f"the right answer is the longest in {longest} of {len(choices())}"
    assert shortest <= by_chance * 1.5 + 1, f"the right answer is the shortest in {shortest} of {len(choices())}"


def test_students_see_options_shuffled_the_same_way_at_every_run():
    q = choices()[0]
    assert option_order(q, "seed-a") == option_order(q, "seed-a")
    orders = {tuple(option_order(q, f"seed-{i}")) for i in range(40)}
    assert len(orders) > 3
    first_places = [option_order(q, f"student-{i}").index(0) for i in range(400)]
    for place in range(len(q["options"])):
        assert first_places.count(place) > 400 / len(q["options"]) / 2


def bank_with(tmp_path, question):
    folder = tmp_path / "questions"
    folder.mkdir(exist_ok=True)
    (folder / f"{question.get('lesson', '09')}.json").write_text(json.dumps({"questions": [question]}),
                                                               encoding="utf-8")
    load_bank.cache_clear()
    try:
        return load_bank(folder)
    finally:
        load_bank.cache_clear()
        for path in folder.glob("*.json"):
            path.unlink()


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
    ({"teaching_note": ["not", "text"]}, "teaching_note"),
])
def test_broken_questions_are_named(tmp_path, change, message):
    assert bank_with(tmp_path, GOOD)
    with pytest.raises(DataError, match=message):
        bank_with(tmp_path, {**GOOD, **change})


def test_a_question_in_the_wrong_lesson_file_is_named(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "03.json").write_text(json.dumps({"questions": [GOOD]}), encoding="utf-8")
    with pytest.raises(DataError, match="03.json, question 1 .*it says lesson '09'"):
        read_question_file(folder / "03.json")


def test_choice_feedback_explains_saves_and_remembers_the_first_try(work_dir):
    journal = Journal("09")
    box = Question(GOOD, journal, seed="s")
    assert box.feedback.value == "" and "09-x" not in Journal("09").answers
    box.choices.value = "B"
    assert "Not quite" in box.feedback.value and "because not" in box.feedback.value
    assert Journal("09").answers["09-x"]["correct"] is False
    box.choices.value = "A"
    assert "Correct" in box.feedback.value
    saved = Journal("09").answers["09-x"]
    assert saved["text"] == "A" and saved["correct"] is True and saved["first_try_correct"] is False
    again = Question(GOOD, Journal("09"), seed="s")
    assert again.choices.value == "A" and "Correct" in again.feedback.value
    assert Journal("09").answers["09-x"]["first_try_correct"] is False


def test_poll_shows_every_argument(work_dir):
    poll = {"id": "09-p", "lesson": "09", "kind": "poll", "prompt": "Which name?",
            "options": [{"text": "One", "argument": "arg one"}, {"text": "Two", "argument": "arg two"}]}
    box = Question(poll, Journal("09"))
    box.choices.value = "Two"
    assert "no single right answer" in box.feedback.value
    assert "arg one" in box.feedback.value and "arg two" in box.feedback.value and "(your choice)" in box.feedback.value


def test_a_question_reads_without_a_kernel_with_every_option(work_dir, monkeypatch):
    box = Question(GOOD, Journal("09"), seed="s")
    static = box._repr_mimebundle_()["text/html"]
    assert "Which?" in static and "A" in static and "B" in static and "because" not in static
    monkeypatch.setenv("COURSE_SHOW_ANSWERS", "1")
    instructor = box._repr_mimebundle_()["text/html"]
    assert "<b>Correct.</b> because" in instructor and "Wrong. because not" in instructor


def test_reflection_saves_as_typed_and_refills(work_dir):
    q = {"id": "09-r", "lesson": "09", "kind": "reflection", "prompt": "Reflect."}
    box = Reflection(q, Journal("09"), delay=0)
    box.area.value = "A first thought"
    assert "Saved" in box.status.value
    assert Reflection(q, Journal("09"), delay=0).area.value == "A first thought"
    box.area.value = ""
    assert "saved answer is kept" in box.status.value
    assert Journal("09").text("09-r") == "A first thought"
