"""The journal keeps every answer: across re-runs and restarts, past empty boxes, corrupt files and restores."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from course.journal import Debouncer, Journal, RestoreError, all_journals, export_markdown, restore


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


def test_debouncer_saves_once_after_typing_pauses():
    calls = []
    debounced = Debouncer(calls.append, delay=0.05)
    for text in ["D", "Di", "Dia"]:
        debounced(text)
    time.sleep(0.2)
    assert calls == ["Dia"]
    debounced("Dias")
    debounced.flush()
    assert calls == ["Dia", "Dias"]


def test_export_is_readable_and_restorable(work_dir, tmp_path, monkeypatch):
    Journal("00").save("00-warm-up", "I know little.", "What do you know?")
    Journal("01").save("01-q", "Names carry claims.", "Why do names matter?")
    exported = export_markdown(titles={"01": "Diasporas"})
    assert "## Lesson 01: Diasporas" in exported and "Names carry claims." in exported
    other_machine = tmp_path / "new-session"
    monkeypatch.setenv("COURSE_WORK_DIR", str(other_machine))
    summary = restore(exported.encode("utf-8"))
    assert "Restored 2 answer(s)" in summary
    assert Journal("01").text("01-q") == "Names carry claims."
    assert set(all_journals()) == {"00", "01"}


def test_restore_keeps_newer_local_work_and_backs_up(work_dir):
    Journal("01").save("01-q", "old text")
    exported = export_markdown()
    time.sleep(1.1)
    Journal("01").save("01-q", "newer text written after the download")
    summary = restore(exported.encode("utf-8"))
    assert "kept 1 newer" in summary
    journal = Journal("01")
    assert journal.text("01-q") == "newer text written after the download"
    assert any(h["text"] == "old text" for h in journal.answers["01-q"]["history"])
    backups = list((work_dir / "backups").glob("*/lesson-01.json"))
    assert backups and "newer text" in backups[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\x00binary", "not text"),
    (b"# Some other notes\nno data here", "does not contain saved course work"),
    (json.dumps({"format": "something-else", "lessons": {}}).encode(), "does not contain saved course work"),
])
def test_restore_rejects_other_files_with_a_clear_message(work_dir, content, message):
    with pytest.raises(RestoreError, match=message):
        restore(content)
