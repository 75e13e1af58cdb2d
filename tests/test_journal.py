"""The journal keeps every answer: across re-runs and restarts, past empty boxes, corrupt files and restores."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from course import journal as journal_module
from course.journal import (Debouncer, Journal, all_journals, export_text, restore, set_student_name, student_name,
                            work_file_name)
from course.workfile import WorkFileError, newer

LESSONS = ["00", "01", "02"]


class ManualTimer:
    """A stand-in for threading.Timer that fires only when the test says so."""
    made: list["ManualTimer"] = []

    def __init__(self, delay, function, args):
        self.function, self.args, self.cancelled = function, args, False
        ManualTimer.made.append(self)

    def start(self):
        pass

    def cancel(self):
        self.cancelled = True

    def fire(self):
        if not self.cancelled:
            self.function(*self.args)


def saved_at(journal: Journal, key: str, when: str) -> None:
    """Set an answer's saved time by hand (instead of sleeping between saves)."""
    journal.answers[key]["saved_at"] = when
    journal._write()


def test_an_answer_survives_a_new_journal_object(work_dir):
    Journal("01").save("01-q", "Diasporas lobby.", "Why?")
    assert Journal("01").text("01-q") == "Diasporas lobby."


def test_an_answer_survives_a_kernel_restart(work_dir):
    Journal("01").save("01-q", "Written before the restart.", "Why?")
    code = "from course.journal import Journal; print(Journal('01').text('01-q'))"
    fresh_process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert fresh_process.stdout.strip() == "Written before the restart."


def test_an_empty_box_never_replaces_saved_text(work_dir):
    journal = Journal("01")
    journal.save("01-q", "My first thoughts.")
    assert journal.save("01-q", "   ") is False
    assert Journal("01").text("01-q") == "My first thoughts."


def test_replaced_text_is_kept_in_history(work_dir):
    journal = Journal("01")
    journal.save("01-q", "first")
    journal.save("01-q", "second")
    saved = Journal("01").answers["01-q"]
    assert saved["text"] == "second"
    assert [h["text"] for h in saved["history"]] == ["first"]


def test_a_corrupt_file_is_kept_aside_not_overwritten(work_dir):
    work_dir.mkdir(parents=True)
    (work_dir / "lesson-01.json").write_text("{ half a file", encoding="utf-8")
    journal = Journal("01")
    assert journal.problem and "could not be read" in journal.problem and "kept" in journal.problem
    kept = list(work_dir.glob("lesson-01.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ half a file"
    journal.save("01-q", "new answer")
    assert kept[0].read_text(encoding="utf-8") == "{ half a file"
    assert Journal("01").text("01-q") == "new answer"


def test_two_journals_of_one_lesson_do_not_lose_each_others_answers(work_dir):
    first, second = Journal("01"), Journal("01")
    first.save("01-a", "from the first")
    second.save("01-b", "from the second")
    reread = Journal("01")
    assert reread.text("01-a") == "from the first" and reread.text("01-b") == "from the second"


def test_a_journal_only_ever_writes_lesson_files_in_the_work_folder(work_dir):
    for bad in ("../../etc", "1", "01/../../x", ""):
        with pytest.raises(ValueError, match="two digits"):
            Journal(bad)
    assert not work_dir.exists() or not any(work_dir.parent.glob("etc*"))


def test_debouncer_saves_once_after_typing_pauses():
    calls = []
    ManualTimer.made.clear()
    debounced = Debouncer(calls.append, delay=0.6, timer=ManualTimer)
    for text in ["D", "Di", "Dia"]:
        debounced(text)
    assert calls == []
    for timer in ManualTimer.made:
        timer.fire()
    assert calls == ["Dia"]
    debounced("Dias")
    debounced.flush()
    assert calls == ["Dia", "Dias"]
    debounced.flush()
    assert calls == ["Dia", "Dias"], "nothing pending: flush does nothing"


def test_saved_times_are_compared_as_times_not_text():
    # Saved on Binder (UTC) at 10:30, then on a laptop at +04:00 at 14:00 local, which is 10:00 UTC: older.
    assert newer("2026-03-01T10:30:00+00:00", "2026-03-01T14:00:00+04:00")
    assert not newer("2026-03-01T14:00:00+04:00", "2026-03-01T10:30:00+00:00")
    assert newer("2026-03-01T10:30:00+00:00", "not a time")


def test_restore_across_time_zones_keeps_the_newer_answer(work_dir, tmp_path, monkeypatch):
    binder = tmp_path / "binder"
    monkeypatch.setenv("COURSE_WORK_DIR", str(binder))
    on_binder = Journal("01")
    on_binder.save("01-q", "written on Binder, the newer text")
    saved_at(on_binder, "01-q", "2026-03-01T10:30:00+00:00")
    downloaded = export_text().encode("utf-8")

    monkeypatch.setenv("COURSE_WORK_DIR", str(work_dir))
    laptop = Journal("01")
    laptop.save("01-q", "written on the laptop, earlier")
    saved_at(laptop, "01-q", "2026-03-01T14:00:00+04:00")  # as text this sorts after 10:30, as a time it is before
    summary = restore(downloaded, LESSONS)
    assert "Restored 1 answer(s)" in summary
    assert Journal("01").text("01-q") == "written on Binder, the newer text"
    assert [h["text"] for h in Journal("01").answers["01-q"]["history"]] == ["written on the laptop, earlier"]


def test_restore_keeps_newer_local_work_and_backs_up(work_dir):
    journal = Journal("01")
    journal.save("01-q", "old text")
    saved_at(journal, "01-q", "2026-01-01T09:00:00+00:00")
    exported = export_text()
    Journal("01").save("01-q", "newer text written after the download")
    summary = restore(exported.encode("utf-8"), LESSONS)
    assert "kept 1 newer" in summary
    journal = Journal("01")
    assert journal.text("01-q") == "newer text written after the download"
    assert any(h["text"] == "old text" for h in journal.answers["01-q"]["history"])
    backups = list((work_dir / "backups").glob("*/lesson-01.json"))
    assert backups and "newer text" in backups[0].read_text(encoding="utf-8")


def test_export_is_readable_names_the_student_and_restores(work_dir, tmp_path, monkeypatch):
    set_student_name("Ani Petrosyan")
    Journal("00").save("00-warm-up", "I know little.", "What do you know?")
    Journal("01").save("01-q", "Names carry claims.", "Why do names matter?")
    exported = export_text(titles={"01": "Diasporas"})
    assert exported.startswith("# Diaspora Diplomacy course: work of Ani Petrosyan")
    assert "## Lesson 01: Diasporas" in exported and "Names carry claims." in exported
    assert "\r\n" in exported, "Windows Notepad shows line breaks"
    other_machine = tmp_path / "new-session"
    monkeypatch.setenv("COURSE_WORK_DIR", str(other_machine))
    summary = restore(exported.encode("utf-8"), LESSONS)
    assert "Restored 2 answer(s)" in summary
    assert Journal("01").text("01-q") == "Names carry claims."
    assert set(all_journals()) == {"00", "01"}
    assert student_name() == "Ani Petrosyan"


@pytest.mark.parametrize("name, expected", [
    ("Ani Petrosyan", "diaspora-course-work-ani-petrosyan.txt"),
    ("Aygün Məmmədova", "diaspora-course-work-aygun-mmmdova.txt"),
    ("2025/1234", "diaspora-course-work-2025-1234.txt"),
    ("../../etc/passwd", "diaspora-course-work-etc-passwd.txt"),
    ("", "diaspora-course-work-unnamed.txt"),
])
def test_the_work_file_is_named_after_the_student(name, expected):
    assert work_file_name(name) == expected


def test_a_name_is_kept_on_one_line_and_short(work_dir):
    assert set_student_name("  Ani\nPetrosyan\x00 " + "x" * 200) == ("Ani Petrosyan " + "x" * 200)[:80]


# ----- a work file is untrusted input ---------------------------------------------------------------------------

def work_file(lessons, **top) -> bytes:
    payload = {"format": journal_module.FORMAT, "version": 2, "student": "S", "lessons": lessons, **top}
    return ("# work\r\n\r\n```json course-work\n" + json.dumps(payload) + "\n```\n").encode("utf-8")


GOOD_ANSWER = {"kind": "reflection", "prompt": "P", "text": "fine", "saved_at": "2026-03-01T10:00:00+00:00"}

HOSTILE = {
    "not text": (b"\xff\xfe\x00binary", "not text"),
    "other notes": (b"# Some other notes\nno data here", "does not contain saved course work"),
    "other format": (json.dumps({"format": "something-else", "lessons": {}}).encode(), "does not contain saved"),
    "future version": (json.dumps({"format": journal_module.FORMAT, "version": 99, "lessons": {}}).encode(),
                       "version '99'"),
    "lessons not a dict": (work_file(["01"]), "no lessons in it"),
    "too big": (b"x" * 2_000_001, "at most 2 MB"),
    "deeply nested": (b'{"format": "diaspora-course-journal", "lessons": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                      "does not contain saved course work"),
    "NaN": (b'{"format": "diaspora-course-journal", "version": 2, "lessons": {}, "x": NaN}', "does not contain"),
    "only unknown lessons": (work_file({"../../etc": {"01-q": GOOD_ANSWER}, "99": {"99-q": GOOD_ANSWER}}),
                             "holds no answers this course can use"),
    "answers of the wrong shape": (work_file({"01": {"01-q": "just text", "01-r": {"text": 5}}}),
                                   "holds no answers this course can use"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_restore_refuses_broken_and_hostile_files_with_the_courses_own_message(work_dir, case):
    content, message = HOSTILE[case]
    with pytest.raises(WorkFileError, match=message):
        restore(content, LESSONS)
    assert not work_dir.exists() or not list(work_dir.rglob("*.json")), "nothing was written"


def test_restore_writes_only_known_lessons_inside_the_work_folder(work_dir, tmp_path):
    escape_target = tmp_path / "escaped.json"
    content = work_file({"01": {"01-q": GOOD_ANSWER, "../x": GOOD_ANSWER, "01-<script>": GOOD_ANSWER},
                         "../escaped": {"01-q": GOOD_ANSWER}, "/tmp/x": {"01-q": GOOD_ANSWER}})
    summary = restore(content, LESSONS)
    assert "Restored 1 answer(s)" in summary and "Left out 4 part(s)" in summary
    written = sorted(p.relative_to(work_dir).as_posix() for p in work_dir.rglob("*") if p.is_file())
    assert written == ["lesson-01.json", "student.json"]
    assert not escape_target.exists()


def test_restore_drops_unknown_fields_and_oversized_text(work_dir):
    answer = {**GOOD_ANSWER, "evil": "<script>alert(1)</script>", "history": [{"text": "old", "saved_at": "x"}] * 50}
    huge = {**GOOD_ANSWER, "text": "y" * 20_001}
    restore(work_file({"01": {"01-q": answer, "01-huge": huge}}), LESSONS)
    saved = Journal("01").answers
    assert set(saved) == {"01-q"} and "evil" not in saved["01-q"]
    assert saved["01-q"]["history"] == [], "history entries without a valid time are dropped"


def test_restore_keeps_html_as_text_for_the_panel_to_escape(work_dir):
    answer = {**GOOD_ANSWER, "text": "<img src=x onerror=alert(1)>"}
    restore(work_file({"01": {"01-q": answer}}), LESSONS)
    assert Journal("01").text("01-q") == "<img src=x onerror=alert(1)>"
