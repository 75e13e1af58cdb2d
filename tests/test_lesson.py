"""The Lesson object: the work panel (Binder warning, download, restore), clear errors, the Sources block."""
from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

from course import Lesson
from course.data import DataError
from course.journal import Journal, export_markdown


def uploaded(name: str, content: bytes) -> dict:
    """What ipywidgets' FileUpload holds after a student picks a file in the browser."""
    return {"name": name, "type": "text/markdown", "size": len(content), "content": memoryview(content),
            "last_modified": dt.datetime.now(dt.timezone.utc)}


def test_binder_sessions_get_the_idle_warning(work_dir, monkeypatch):
    assert "You are working on Binder" not in Lesson("01").start().children[0].value
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    panel = Lesson("01").start()
    assert "You are working on Binder" in panel.children[0].value
    assert "Download my work" in panel.children[0].value


def test_download_link_carries_every_saved_answer(work_dir):
    lesson = Lesson("01")
    panel = lesson.start()
    box = lesson.reflect("01-reflect-criteria", delay=0)
    box.area.value = "Brubaker's criteria fit the Armenian case."
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", panel.download.value)[1]
    assert "Brubaker's criteria fit the Armenian case." in base64.b64decode(encoded).decode("utf-8")


def test_restore_control_reads_a_downloaded_file_back(work_dir, tmp_path, monkeypatch):
    Journal("02").save("02-reflect-no-centre", "Written in an earlier session.", "Prompt")
    downloaded = export_markdown().encode("utf-8")
    monkeypatch.setenv("COURSE_WORK_DIR", str(tmp_path / "new-session"))
    panel = Lesson("02").start()
    panel.upload.value = (uploaded("my-diaspora-course-work.md", downloaded),)
    assert "Restored 1 answer(s)" in panel.message.value
    assert Lesson("02").reflect("02-reflect-no-centre").area.value == "Written in an earlier session."


def test_restore_control_explains_a_wrong_file(work_dir):
    panel = Lesson("02").start()
    content = b"just some notes"
    panel.upload.value = (uploaded("notes.md", content),)
    assert "does not contain saved course work" in panel.message.value


def test_a_corrupt_save_file_is_reported_in_the_panel(work_dir):
    work_dir.mkdir(parents=True)
    (work_dir / "lesson-01.json").write_text("not json", encoding="utf-8")
    panel = Lesson("01").start()
    assert any("could not be read" in child.value for child in panel.children if hasattr(child, "value"))


def test_wrong_lesson_and_question_ids_say_what_exists(work_dir):
    with pytest.raises(DataError, match="There is no lesson '99'. The lessons are: 00, 01, 02"):
        Lesson("99")
    with pytest.raises(DataError, match="Lesson 01 has no choice or poll question '01-nope'. Its questions are: 01-"):
        Lesson("01").check("01-nope")
    with pytest.raises(DataError, match="has no reflection question '02-soft-power-definition'"):
        Lesson("02").reflect("02-soft-power-definition")


def test_lesson_ids_may_be_numbers(work_dir):
    assert Lesson(1).lesson_id == "01"


def test_update_download_picks_up_answers_saved_elsewhere(work_dir):
    panel = Lesson("01").start()
    Journal("02").save("02-reflect-no-centre", "Written in lesson 02's tab.", "Prompt")  # another notebook open
    panel.refresh.click()
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", panel.download.value)[1]
    assert "Written in lesson 02's tab." in base64.b64decode(encoded).decode("utf-8")
