"""What every lesson has in common: its record, the work panel, self-checks, reflections, the Sources list and the
course map."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from . import ui
from .data import DataError, load_table, resource
from .display import Shown, escape
from .journal import (Journal, WorkFileError, download_link_html, restore, set_student_name, student_name,
                      student_seed, work_file_name)
from .quiz import Question, Reflection, load_bank
from .style import COURSE_CSS, RELOAD_CSS, message_html

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
CITATION = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\]")
BINDER_SESSION_MINUTES = 10
# The second cell of every lesson, word for word (a test checks): the one action that fixes what looks broken.
TROUBLESHOOTING = ("> **If something looks wrong** (a red error message, a box that says *Error displaying widget* or "
                   "*Not connected*, or nothing under a grey box): choose **Run > Run All Cells**. Nothing you saved is "
                   "lost: your answers come back in their boxes. Lesson 00 explains more.")
CATALOGUE_TABLES = {"sources", "source_kinds", "lessons"}  # describe the course itself; they state no facts


def on_binder() -> bool:
    """True inside a Binder session (BinderHub sets BINDER_* variables in the user's server)."""
    return any(name.startswith("BINDER_") for name in os.environ)


def lesson_titles() -> dict[str, str]:
    lessons = load_table("lessons")
    return dict(zip(lessons["lesson_id"], lessons["title"]))


def find_notebook(name: str) -> Path:
    """A lesson's notebook file: next to the running kernel (the notebook's own folder) or in the course's
    notebooks/ folder. Raises DataError, naming both places, if it is in neither."""
    places = [Path.cwd() / name, PACKAGE_ROOT / "notebooks" / name]
    for place in places:
        if place.is_file():
            return place
    raise DataError(f"Cannot find the notebook {name} to list the sources it cites; looked in "
                    f"{' and '.join(str(p.parent) for p in places)}.")


def cited_ids(notebook: Path) -> list[str]:
    """Source ids cited as [source-id] in a notebook's Markdown cells, in order of first citation."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found: list[str] = []
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for source_id in CITATION.findall("".join(cell["source"])):
                if source_id not in found:
                    found.append(source_id)
    return found


def table_source_ids(table: str) -> list[str]:
    """Source ids a table relies on: its source columns, ids cited as [id] in its text, or the resource's sources."""
    frame = load_table(table)
    id_columns = [c for c in ("source_id", "check_source_id") if c in frame.columns]
    if not id_columns:
        return [s["source_id"] for s in resource(table).get("sources", [])]
    ids = set(pd.concat([frame[c] for c in id_columns]).dropna())
    for column in frame.columns:
        if column not in id_columns and not pd.api.types.is_datetime64_any_dtype(frame[column]):
            ids.update(i for text in frame[column].dropna() if isinstance(text, str) for i in CITATION.findall(text))
    return sorted(ids)


def sources_html(source_ids: list[str]) -> str:
    """An HTML list of sources, with each one's kind, so students can weigh the voice as well as the content."""
    sources = load_table("sources").set_index("source_id")
    unknown = [s for s in source_ids if s not in sources.index]
    items = []
    for source_id in sorted(s for s in source_ids if s in sources.index):
        row = sources.loc[source_id]
        title = escape(row["title"])
        if isinstance(row["url"], str):
            title = f'<a href="{escape(row["url"])}" target="_blank" rel="noopener">{title}</a>'
        date = escape(row["date"]) + (f" ({escape(row['date_note'])})" if isinstance(row["date_note"], str) else "")
        note = f" {escape(row['note'])}" if isinstance(row["note"], str) else ""
        items.append(f"<li><code>[{source_id}]</code> {escape(row['author'])}, <i>{title}</i>, "
                     f"{escape(row['outlet'])}, {date}. <b>Kind:</b> {escape(row['kind'])}.{note}</li>")
    if unknown:
        raise DataError("These cited ids are not in data/sources.csv: " + ", ".join(unknown))
    return f'<ol class="course-sources">{"".join(items)}</ol>'


class SourceList(Shown):
    """The lesson's Sources: plain HTML, the same with or without a kernel."""

    def __init__(self, source_ids: list[str]):
        self.source_ids = source_ids

    def static_html(self) -> str:
        summary = (f"{len(self.source_ids)} sources: those cited in this lesson's text and those behind the rows of "
                   "the tables it uses (click to show or hide the list)")
        return (f"<details class='course-sources-box'><summary><b>{summary}</b></summary><p>The kind of each source "
                f"tells you whose voice it is.</p>{sources_html(self.source_ids)}</details>")


class CourseMap(Shown):
    """The lessons in teaching order, with time, the questions each answers, and a link that opens it.

    Plain HTML rather than a widget: JupyterLab resolves relative links in HTML output against the notebook's
    folder and opens them in the same JupyterLab, which it does not do for links inside a widget."""

    def static_html(self) -> str:
        lessons = load_table("lessons")
        rows = "".join(
            f"<tr><td>{r.lesson_id}</td><td><a href=\"{escape(r.notebook)}\">{escape(r.title)}</a></td>"
            f"<td>{escape(r.questions)}</td><td>{r.minutes}&nbsp;min</td>"
            f"<td>{escape(r.builds_on) if isinstance(r.builds_on, str) else '–'}</td></tr>"
            for r in lessons.itertuples())
        return ("<table class='course-table course-map'><thead><tr><th>Lesson</th><th>Title (click to open)</th>"
                f"<th>Questions it answers</th><th>Time</th><th>Builds on</th></tr></thead><tbody>{rows}</tbody>"
                f"</table><p>{len(lessons)} lessons, about {int(lessons['minutes'].sum())} minutes in all.</p>")


def course_map() -> CourseMap:
    return CourseMap()


class WorkPanel(Shown):
    """Whose work this is, where it is saved, the Binder warning, and the Download / Restore controls."""

    def __init__(self, lesson: "Lesson"):
        self.lesson = lesson
        parts = []  # the course's CSS comes in the plain HTML shown before the panel (_ipython_display_)
        if on_binder():
            parts.append(ui.HTML(message_html(
                f"<b>You are working on Binder.</b> A Binder session stops after about {BINDER_SESSION_MINUTES} "
                "minutes without activity, and everything in it is then deleted. Your answers save as you type, "
                "but only inside this session: press <b>Download my work</b> before you take a break or leave, "
                "and use <b>Restore my work</b> when you start a new session.", "warning")))
        if lesson.journal.problem:
            parts.append(ui.HTML(message_html(escape(lesson.journal.problem), "error")))
        self.name = ui.make(widgets.Text, value=student_name(), placeholder="e.g. Ani Petrosyan or 2025-1234",
                            description="Your name or student number:", continuous_update=False,
                            style={"description_width": "initial"}, layout=dict(width="min(460px, 100%)"))
        self.name_status = ui.HTML(self._name_note())
        self.name.observe(self._on_name, names="value")
        parts.append(ui.HBox([self.name, self.name_status], layout=dict(align_items="center",
                                                                         flex_flow="row wrap")))
        parts.append(ui.HTML(f"<p>Your answers in this lesson are saved automatically, as you work, to "
                             f"<code>{escape(lesson.journal.path)}</code>.</p>"))
        # Buttons get their text's width: the default width cuts labels such as "Restore my work" short.
        self.download_button = ui.make(widgets.Button, description="Download my work", icon="download",
                                        button_style="primary", layout=dict(width="auto"),
                                        tooltip="Make one file with all your answers in every lesson")
        self.download_button.on_click(lambda _: self.prepare_download())
        self.upload = ui.make(widgets.FileUpload, accept=".txt,.md,.json", multiple=False,
                              description="Restore my work", layout=dict(width="auto"))
        self.upload.observe(self._on_upload, names="value")
        self.download = ui.HTML()
        self.message = ui.HTML()
        parts += [ui.HBox([self.download_button, self.upload], layout=dict(align_items="center",
                                                                            flex_flow="row wrap")),
                  self.download, self.message]
        self.widget = ui.VBox(parts, own_layout=True)
        self.widget.add_class("course-box")
        self.widget.add_class("course-work-panel")

    def _name_note(self) -> str:
        name = student_name()
        if not name:
            return "<i>Type it once and press Enter: it goes into your work file and its name.</i>"
        return f"<span class='course-saved' style='color:#00704F'>Saved: your file will be {escape(work_file_name(name))}.</span>"

    def _on_name(self, change) -> None:
        try:
            self.name_status.value = (self._name_note() if set_student_name(change["new"])
                                      else "<i>No name kept. Type your name and press Enter.</i>")
        except OSError as err:
            self.name_status.value = message_html(f"Could not save your name: {escape(err)}.", "error")

    def prepare_download(self) -> None:
        """Build the download link now, with every answer saved so far, in every lesson."""
        for reflection in self.lesson.reflections:
            reflection.saver.flush()
        link = download_link_html(titles=lesson_titles())
        warning = "" if student_name() else (" <b>Add your name or student number above first</b> (then press "
                                             "Download my work again), so your instructor knows whose file it is.")
        self.download.value = message_html(f"Your work file is ready: click the link to save it.{warning} {link}", "info")

    def answers_changed(self) -> None:
        """A new answer was saved: a file prepared before it would leave it out, so take the link away."""
        if self.download.value:
            self.download.value = message_html("You have answered more since you made your work file: press "
                                               "<b>Download my work</b> again for a file with everything.", "info")

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        try:
            summary = restore(bytes(files[0]["content"]), known_lessons=list(lesson_titles()))
        except WorkFileError as err:
            self.message.value = message_html(escape(err), "error")
            return
        except Exception as err:  # noqa: BLE001 - a student must see a sentence, never a traceback
            self.message.value = message_html(f"That file could not be read ({escape(type(err).__name__)}). "
                                              "Choose the file you downloaded with 'Download my work'.", "error")
            return
        self.message.value = message_html(escape(summary) + " Choose <b>Run &gt; Run All Cells</b> to see the "
                                          "restored answers in their boxes.", "success")
        self.lesson.journal.answers = Journal(self.lesson.lesson_id).answers
        self.name.value = student_name()

    def _ipython_display_(self) -> None:
        """Two outputs: plain HTML that JupyterLab shows even when the lesson's widgets cannot be shown, carrying the
        course's CSS for the whole page (the lesson's questions carry none of their own) and the CSS that explains
        such boxes (RELOAD_CSS), then the panel itself."""
        from IPython.display import display

        display({"text/html": f"{COURSE_CSS}{RELOAD_CSS}", "text/plain": ""}, raw=True)
        display(self._repr_mimebundle_(), raw=True)

    def static_html(self) -> str:
        name = student_name()
        who = f"<p>Work of <b>{escape(name)}</b>.</p>" if name else ""
        return (f"<div class='course-work-panel'>{who}<p>In the live lesson this panel saves your answers as you "
                "work and offers <b>Download my work</b> and <b>Restore my work</b>.</p></div>")


class Lesson:
    """One lesson: `Lesson("01")`. Its methods return what the notebook shows."""

    def __init__(self, lesson_id: str):
        lessons = load_table("lessons").set_index("lesson_id")
        lesson_id = str(lesson_id).zfill(2)
        if lesson_id not in lessons.index:
            raise DataError(f"There is no lesson {lesson_id!r}. The lessons are: {', '.join(lessons.index)}.")
        self.lesson_id = lesson_id
        self.record = lessons.loc[lesson_id]
        self.title = self.record["title"]
        self.journal = Journal(lesson_id)
        self.seed = student_seed()
        self.reflections: list[Reflection] = []
        self.panel: WorkPanel | None = None

    def __repr__(self) -> str:
        return f"Lesson {self.lesson_id}: {self.title}"

    def start(self) -> WorkPanel:
        """The work panel: the student's name, where answers are saved, Download and Restore."""
        self.panel = WorkPanel(self)
        return self.panel

    def _answers_changed(self) -> None:
        if self.panel is not None:
            self.panel.answers_changed()

    def _question(self, question_id: str, kinds: tuple[str, ...]) -> dict:
        bank = load_bank()
        mine = [q for q in bank.values() if q["lesson"] == self.lesson_id and q["kind"] in kinds]
        q = bank.get(question_id)
        if q is None or q not in mine:
            raise DataError(f"Lesson {self.lesson_id} has no {' or '.join(kinds)} question {question_id!r}. "
                            f"Its questions are: {', '.join(x['id'] for x in mine) or 'none yet'}.")
        return q

    def check(self, question_id: str) -> Question:
        """A multiple-choice question or poll from the lesson's question file, with feedback that explains why."""
        return Question(self._question(question_id, ("choice", "poll")), self.journal, self.seed,
                        on_saved=self._answers_changed)

    def reflect(self, question_id: str, delay: float = 0.6) -> Reflection:
        """A reflection box from the lesson's question file, saved as the student types."""
        reflection = Reflection(self._question(question_id, ("reflection",)), self.journal, delay,
                                on_saved=self._answers_changed)
        self.reflections.append(reflection)
        return reflection

    def source_ids(self) -> list[str]:
        """Ids cited in this lesson's Markdown plus the ids behind the rows of the tables it uses."""
        ids = cited_ids(find_notebook(self.record["notebook"]))
        for table in self.record["tables"] or []:
            if table not in CATALOGUE_TABLES:
                ids += [s for s in table_source_ids(table) if s not in ids]
        return ids

    def sources(self) -> SourceList:
        """The lesson's Sources list, generated from what it cites and the tables it uses."""
        return SourceList(self.source_ids())
