"""The Lesson object: the work panel (name, Binder warning, download, restore), clear errors, the Sources list."""
from __future__ import annotations

import base64
import datetime as dt
import re
import shutil

import pytest

from course import Lesson, course_map
from course.data import DataError, load_table
from course.journal import Journal, export_text, student_name


def uploaded(name: str, content: bytes) -> dict:
    """What ipywidgets' FileUpload holds after a student picks a file in the browser."""
    return {"name": name, "type": "text/plain", "size": len(content), "content": memoryview(content),
            "last_modified": dt.datetime.now(dt.timezone.utc)}


def downloaded_text(panel) -> str:
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", panel.download.value)[1]
    return base64.b64decode(encoded).decode("utf-8")


def texts(panel) -> str:
    return " ".join(getattr(child, "value", "") for child in panel.widget.children if isinstance(getattr(child, "value", ""), str))


def test_binder_sessions_get_the_idle_warning(work_dir, monkeypatch):
    assert "You are working on Binder" not in texts(Lesson("01").start())
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    panel = Lesson("01").start()
    assert "You are working on Binder" in texts(panel) and "Download my work" in texts(panel)


def test_the_download_is_built_when_asked_and_carries_every_saved_answer(work_dir):
    lesson = Lesson("01")
    panel = lesson.start()
    box = lesson.reflect("01-reflect-criteria", delay=0)
    box.area.value = "Brubaker's criteria fit the Armenian case."
    assert panel.download.value == "", "nothing is encoded while the student types"
    Journal("02").save("02-reflect-no-centre", "Written in lesson 02's tab.", "Prompt")  # another notebook open
    panel.download_button.click()
    content = downloaded_text(panel)
    assert "Brubaker's criteria fit the Armenian case." in content and "Written in lesson 02's tab." in content
    assert "Add your name or student number above first" in panel.download.value


def test_a_prepared_file_is_taken_away_when_the_student_answers_more(work_dir):
    lesson = Lesson("01")
    panel = lesson.start()
    panel.download_button.click()
    assert "course-download" in panel.download.value and "your answers up to" in panel.download.value
    lesson.reflect("01-reflect-criteria", delay=0).area.value = "A later thought."
    assert "course-download" not in panel.download.value and "Download my work</b> again" in panel.download.value
    panel.download_button.click()
    assert "A later thought." in downloaded_text(panel)


def test_restoring_a_file_that_adds_nothing_says_so(work_dir):
    Journal("02").save("02-reflect-no-centre", "Already here.", "Prompt")
    panel = Lesson("02").start()
    panel.upload.value = (uploaded("diaspora-course-work-x.txt", export_text().encode("utf-8")),)
    assert "Everything in the file is already here" in panel.message.value


def test_a_reflection_still_waiting_to_save_is_in_the_download(work_dir):
    lesson = Lesson("01")
    panel = lesson.start()
    box = lesson.reflect("01-reflect-criteria", delay=60)  # typing has not paused yet
    box.area.value = "Typed a moment ago."
    panel.download_button.click()
    assert "Typed a moment ago." in downloaded_text(panel)


def test_the_name_goes_into_the_file_and_its_name_and_the_page_confirms(work_dir):
    panel = Lesson("00").start()
    panel.name.value = "Ani Petrosyan"
    assert student_name() == "Ani Petrosyan"
    assert "diaspora-course-work-ani-petrosyan.txt" in panel.name_status.value
    panel.download_button.click()
    assert 'download="diaspora-course-work-ani-petrosyan.txt"' in panel.download.value
    assert "Downloads" in panel.download.value and "course-download-done" in panel.download.value
    assert downloaded_text(panel).startswith("# Diaspora Diplomacy course: work of Ani Petrosyan")
    assert Lesson("01").start().name.value == "Ani Petrosyan", "asked once, remembered in every lesson"


def test_restore_control_reads_a_downloaded_file_back(work_dir, tmp_path, monkeypatch):
    Journal("02").save("02-reflect-no-centre", "Written in an earlier session.", "Prompt")
    downloaded = export_text().encode("utf-8")
    monkeypatch.setenv("COURSE_WORK_DIR", str(tmp_path / "new-session"))
    panel = Lesson("02").start()
    panel.upload.value = (uploaded("diaspora-course-work-ani.txt", downloaded),)
    assert "Restored 1 answer(s)" in panel.message.value
    assert Lesson("02").reflect("02-reflect-no-centre").area.value == "Written in an earlier session."


def test_restore_control_explains_a_wrong_file(work_dir):
    panel = Lesson("02").start()
    panel.upload.value = (uploaded("notes.md", b"just some notes"),)
    assert "does not contain saved course work" in panel.message.value


def test_restore_control_escapes_what_a_file_says(work_dir):
    panel = Lesson("02").start()
    hostile = b'{"format": "diaspora-course-journal", "version": "<img src=x onerror=alert(1)>", "lessons": {}}'
    panel.upload.value = (uploaded("x.txt", hostile),)
    assert "<img" not in panel.message.value and "&lt;img" in panel.message.value


def test_a_corrupt_save_file_is_reported_in_the_panel(work_dir):
    work_dir.mkdir(parents=True)
    (work_dir / "lesson-01.json").write_text("not json", encoding="utf-8")
    assert "could not be read" in texts(Lesson("01").start())


def test_wrong_lesson_and_question_ids_say_what_exists(work_dir):
    lessons = ", ".join(load_table("lessons")["lesson_id"])
    with pytest.raises(DataError, match=f"There is no lesson '99'. The lessons are: {lessons}"):
        Lesson("99")
    with pytest.raises(DataError, match="Lesson 01 has no choice or poll question '01-nope'. Its questions are: 01-"):
        Lesson("01").check("01-nope")
    with pytest.raises(DataError, match="has no reflection question '02-soft-power-definition'"):
        Lesson("02").reflect("02-soft-power-definition")


def test_lesson_ids_may_be_numbers(work_dir):
    assert Lesson(1).lesson_id == "01"


def test_everything_a_lesson_shows_has_a_static_form(work_dir):
    lesson = Lesson("02")
    lesson.journal.save("02-reflect-no-centre", "My saved <b>reflection</b>.", "Prompt")
    for shown, expected in [(lesson.start(), "Download my work"),
                            (lesson.check("02-senate-binding"), "French Senate"),
                            (lesson.reflect("02-reflect-no-centre"), "My saved &lt;b&gt;reflection&lt;/b&gt;."),
                            (lesson.sources(), "[rumyantsev-2017]"),
                            (course_map(), "02_soft_power.ipynb")]:
        bundle = shown._repr_mimebundle_()
        assert expected in bundle["text/html"], type(shown).__name__
        if shown.widget is not None:  # the view JupyterLab renders: the same as ipywidgets' own
            view = "application/vnd.jupyter.widget-view+json"
            assert bundle[view] == shown.widget._repr_mimebundle_()[view]
        assert bundle["text/plain"].strip() and "Box(" not in bundle["text/plain"]


def test_the_course_map_links_every_lesson_by_a_relative_path():
    html = course_map().static_html()
    for row in load_table("lessons").itertuples():
        assert f'<a href="{row.notebook}">' in html and row.title in html


def test_the_sources_block_finds_its_notebook_wherever_the_data_is(work_dir, tmp_path, monkeypatch):
    import course.data

    copy = tmp_path / "elsewhere" / "data"
    shutil.copytree(course.data.DATA_DIR, copy)
    expected = Lesson("02").source_ids()
    monkeypatch.setattr(course.data, "DATA_DIR", copy)
    monkeypatch.chdir(tmp_path)
    course.data.clear_cache()
    try:
        assert Lesson("02").source_ids() == expected
    finally:
        course.data.clear_cache()


def test_the_sources_block_fails_loudly_when_the_notebook_is_missing(work_dir, monkeypatch, tmp_path):
    import course.lesson

    monkeypatch.setattr(course.lesson, "PACKAGE_ROOT", tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError, match="Cannot find the notebook 02_soft_power.ipynb"):
        Lesson("02").sources()


def test_the_course_css_enters_the_page_once_with_the_start_cell(work_dir, monkeypatch):
    """Each copy of the CSS is a style sheet the browser must apply anew: the start cell brings it, as plain HTML
    that stays after a reload; questions and the panel's widgets carry none, explorers one each (they run alone)."""
    import ipywidgets as widgets
    import IPython.display

    from course.explorers import sources_explorer
    from course.style import COURSE_CSS

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append(obj))
    lesson = Lesson("02")
    lesson.start()._ipython_display_()
    assert COURSE_CSS in shown[0]["text/html"] and "application/vnd.jupyter.widget-view+json" in shown[1]

    def styles(box) -> int:
        count = 0
        for child in getattr(box, "children", ()):
            count += styles(child)
        return count + (isinstance(box, widgets.HTML) and box.value.count("<style>"))

    assert styles(lesson.panel.widget) == 0
    assert styles(lesson.check("02-senate-binding").widget) == 0
    assert styles(lesson.reflect("02-reflect-no-centre").widget) == 0
    assert styles(sources_explorer().widget) == 1
