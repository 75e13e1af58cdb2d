"""What every lesson has in common: its record, the work panel, self-checks, reflections and the Sources block."""
from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from .data import DATA_DIR, DataError, load_table
from .journal import Journal, RestoreError, download_link_html, restore
from .quiz import choice_widget, load_bank, reflection_widget
from .style import message_html
from . import ui

NOTEBOOK_DIR = DATA_DIR.parent / "notebooks"
CITATION = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\]")
BINDER_SESSION_MINUTES = 10


def on_binder() -> bool:
    """True inside a Binder session (BinderHub sets BINDER_* variables in the user's server)."""
    return any(name.startswith("BINDER_") for name in os.environ)


def lesson_titles() -> dict[str, str]:
    return dict(zip(load_table("lessons")["lesson_id"], load_table("lessons")["title"]))


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
        package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
        resource = next(r for r in package["resources"] if r["name"] == table)
        return [s["source_id"] for s in resource.get("sources", [])]
    ids = set(pd.concat([frame[c] for c in id_columns]).dropna())
    for column in frame.columns:
        if column not in id_columns and frame[column].dtype != "datetime64[ns]":
            ids.update(i for text in frame[column].dropna() if isinstance(text, str) for i in CITATION.findall(text))
    return sorted(ids)


def sources_html(source_ids: list[str]) -> str:
    """An HTML list of sources, with each one's kind, so students can weigh the voice as well as the content."""
    sources = load_table("sources").set_index("source_id")
    unknown = [s for s in source_ids if s not in sources.index]
    items = []
    for source_id in sorted(s for s in source_ids if s in sources.index):
        row = sources.loc[source_id]
        title = html.escape(row["title"])
        if isinstance(row["url"], str):
            title = f'<a href="{html.escape(row["url"])}" target="_blank" rel="noopener">{title}</a>'
        date = html.escape(row["date"]) + (f" ({html.escape(row['date_note'])})" if isinstance(row["date_note"], str) else "")
        note = f" {html.escape(row['note'])}" if isinstance(row["note"], str) else ""
        items.append(f"<li><code>[{source_id}]</code> {html.escape(row['author'])}, <i>{title}</i>, "
                     f"{html.escape(row['outlet'])}, {date}. <b>Kind:</b> {html.escape(row['kind'])}.{note}</li>")
    warning = ""
    if unknown:
        warning = message_html("These cited ids are not in data/sources.csv: " + ", ".join(map(html.escape, unknown)),
                               "error")
    return f'{warning}<ol class="course-sources">{"".join(items)}</ol>'


class Lesson:
    """One lesson: `Lesson("01")`. Its methods return widgets that the notebook displays."""

    def __init__(self, lesson_id: str):
        lessons = load_table("lessons").set_index("lesson_id")
        lesson_id = str(lesson_id).zfill(2)
        if lesson_id not in lessons.index:
            raise DataError(f"There is no lesson {lesson_id!r}. The lessons are: {', '.join(lessons.index)}.")
        self.lesson_id = lesson_id
        self.record = lessons.loc[lesson_id]
        self.title = self.record["title"]
        self.notebook = NOTEBOOK_DIR / self.record["notebook"]
        self.journal = Journal(lesson_id)

    def __repr__(self) -> str:
        return f"Lesson {self.lesson_id}: {self.title}"

    # ----- the work panel -----------------------------------------------------------------------------------
    def start(self) -> widgets.VBox:
        """Where answers are saved, the Binder warning, and the Download / Restore controls."""
        parts = []
        if on_binder():
            parts.append(ui.HTML(message_html(
                f"<b>You are working on Binder.</b> A Binder session stops after about {BINDER_SESSION_MINUTES} "
                "minutes without activity, and everything in it is then deleted. Your answers save as you type, "
                "but only inside this session: press <b>Download my work</b> before you take a break or leave, "
                "and use <b>Restore my work</b> when you start a new session.", "warning")))
        if self.journal.problem:
            parts.append(ui.HTML(message_html(html.escape(self.journal.problem), "error")))
        parts.append(ui.HTML(
            f"<p>Your answers in this lesson are saved automatically to "
            f"<code>{html.escape(str(self.journal.path))}</code>.</p>"))
        download = ui.HTML(download_link_html(titles=lesson_titles()))
        # Buttons get their text's width: the default width cuts labels such as "Restore my work" short.
        refresh = ui.make(widgets.Button, description="Update download", icon="refresh", layout=dict(width="auto"),
                          tooltip="Include the answers you wrote since this cell ran")
        refresh.on_click(lambda _: self.refresh_download())
        upload = ui.make(widgets.FileUpload, accept=".md,.json", multiple=False, description="Restore my work",
                         layout=dict(width="auto"))
        message = ui.HTML()

        def on_upload(change):
            files = change["new"]
            if not files:
                return
            try:
                summary = restore(bytes(files[0]["content"]))
                message.value = message_html(html.escape(summary) + " Run the notebook again to see restored "
                                             "answers in their boxes.", "success")
                self.journal.answers = Journal(self.lesson_id).answers
                self.refresh_download()
            except RestoreError as err:
                message.value = message_html(html.escape(str(err)), "error")

        upload.observe(on_upload, names="value")
        parts.append(ui.HBox([download, refresh, upload], layout=dict(align_items="center",
                                                                                      flex_flow="row wrap")))
        parts.append(message)
        box = ui.VBox(parts)
        box.add_class("course-work-panel")
        box.download, box.refresh, box.upload, box.message = download, refresh, upload, message
        self._download = download
        return box

    def _question(self, question_id: str, kinds: tuple[str, ...]) -> dict:
        bank = load_bank()
        mine = [q for q in bank.values() if q["lesson"] == self.lesson_id and q["kind"] in kinds]
        q = bank.get(question_id)
        if q is None or q not in mine:
            raise DataError(f"Lesson {self.lesson_id} has no {' or '.join(kinds)} question {question_id!r}. "
                            f"Its questions are: {', '.join(x['id'] for x in mine) or 'none yet'}.")
        return q

    def refresh_download(self) -> None:
        """Rebuild the Download link so that it carries the answers saved since the work panel was shown."""
        if getattr(self, "_download", None) is not None:
            self._download.value = download_link_html(titles=lesson_titles())

    def check(self, question_id: str) -> widgets.VBox:
        """A multiple-choice question or poll from the bank, with feedback that explains why."""
        return choice_widget(self._question(question_id, ("choice", "poll")), self.journal, self.refresh_download)

    def reflect(self, question_id: str, delay: float = 0.6) -> widgets.VBox:
        """A reflection box from the bank, saved as the student types."""
        return reflection_widget(self._question(question_id, ("reflection",)), self.journal, delay,
                                 self.refresh_download)

    # ----- sources ----------------------------------------------------------------------------------------------
    def source_ids(self) -> list[str]:
        """Ids cited in this lesson's Markdown plus the ids behind the rows of the tables it uses."""
        ids = cited_ids(self.notebook) if self.notebook.exists() else []
        for table in self.record["tables"] or []:
            ids += [s for s in table_source_ids(table) if s not in ids]
        return ids

    def sources(self) -> widgets.HTML:
        """The lesson's Sources list, generated from what it cites and the tables it uses."""
        ids = self.source_ids()
        intro = (f"<p>{len(ids)} sources: those cited in this lesson's text and those behind the rows of the "
                 "tables its explorers use. The kind of each source tells you whose voice it is.</p>")
        return ui.HTML(intro + sources_html(ids))
