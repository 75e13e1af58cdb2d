"""Self-check questions, polls and reflection boxes, read from the lessons' question files `data/questions/NN.json`.

Each lesson's questions are in a file of their own, so lessons can be written side by side. The format is in
docs/maintainers.md; `load_bank()` checks every file and names the file, the question and the problem.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import ipywidgets as widgets

from . import ui
from .data import DATA_DIR, DataError
from .display import Shown, answers_shown, escape
from .journal import Debouncer, Journal
from .style import message_html

KINDS = ("choice", "poll", "reflection")
QUESTIONS_DIR = DATA_DIR / "questions"


def _check_question(q: dict, where: str) -> None:
    for field in ("id", "lesson", "kind", "prompt"):
        if not isinstance(q.get(field), str) or not q[field].strip():
            raise DataError(f"{where}: {field!r} is missing or empty.")
    if not q["id"].startswith(q["lesson"] + "-"):
        raise DataError(f"{where}: the id must start with the lesson number, e.g. {q['lesson']}-{q['id']}.")
    if q["kind"] not in KINDS:
        raise DataError(f"{where}: kind is {q['kind']!r}; allowed kinds are {', '.join(KINDS)}.")
    if not isinstance(q.get("teaching_note", ""), str):
        raise DataError(f"{where}: teaching_note, if given, is a text for the instructor guide.")
    if not isinstance(q.get("source_ids", []), list):
        raise DataError(f"{where}: source_ids must be a list of source ids.")
    options = q.get("options", [])
    if q["kind"] == "reflection":
        if options:
            raise DataError(f"{where}: a reflection has a prompt only, no options.")
        return
    if not 2 <= len(options) <= 5:
        raise DataError(f"{where}: a {q['kind']} needs 2 to 5 options; it has {len(options)}.")
    texts = [o.get("text", "") for o in options]
    if len(set(texts)) != len(texts) or not all(isinstance(t, str) and t.strip() for t in texts):
        raise DataError(f"{where}: every option needs a text, and no two options may have the same text.")
    if q["kind"] == "choice":
        correct = [o for o in options if o.get("correct") is True]
        if len(correct) != 1:
            raise DataError(f"{where}: exactly one option must have \"correct\": true; {len(correct)} do.")
        for o in options:
            if not str(o.get("explanation", "")).strip():
                raise DataError(f"{where}: option {o['text']!r} has no explanation; every option needs one.")
    else:
        for o in options:
            if not str(o.get("argument", "")).strip():
                raise DataError(f"{where}: poll option {o['text']!r} has no argument; every option needs one.")
            if "correct" in o:
                raise DataError(f"{where}: a poll has no correct answer; remove \"correct\" from the options.")


def read_question_file(path: Path) -> list[dict]:
    """The questions of one lesson's file, checked; the file's name is the lesson number (e.g. 02.json)."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(f"{path.name} is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}.") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise DataError(f"{path.name}: the file must hold {{\"questions\": [...]}}.")
    questions = raw["questions"]
    for number, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            raise DataError(f"{path.name}, question {number}: each question is an object {{...}}.")
        _check_question(q, f"{path.name}, question {number} ({q.get('id', 'no id')})")
        if q["lesson"] != path.stem:
            raise DataError(f"{path.name}, question {number} ({q['id']}): it says lesson {q['lesson']!r}, but the "
                            f"file holds lesson {path.stem}'s questions.")
    return questions


@functools.lru_cache(maxsize=None)
def load_bank(folder: Path = QUESTIONS_DIR) -> dict[str, dict]:
    """All questions of all lessons by id, after checking each lesson's file."""
    folder = Path(folder)
    files = sorted(folder.glob("[0-9][0-9].json"))
    if not files:
        raise DataError(f"No question files (such as 01.json) in {folder}.")
    bank: dict[str, dict] = {}
    for path in files:
        for q in read_question_file(path):
            if q["id"] in bank:
                raise DataError(f"{path.name}: the question id {q['id']!r} is used twice.")
            bank[q["id"]] = q
    return bank


def option_order(q: dict, seed: str) -> list[int]:
    """The order in which a student sees a question's options: shuffled per student and question, the same at every
    run, so that the right answer's place gives nothing away. Polls keep the order their author chose."""
    indices = list(range(len(q["options"])))
    if q["kind"] != "choice":
        return indices
    return sorted(indices, key=lambda i: hashlib.sha256(f"{seed}:{q['id']}:{i}".encode()).hexdigest())


def _feedback(kind: str, title: str, body: str) -> str:
    return message_html(f"<b>{escape(title)}</b> {escape(body)}", kind)


def _poll_rows(q: dict, chosen: str | None) -> str:
    rows = []
    for o in q["options"]:
        mine = o["text"] == chosen
        label = escape(o["text"]) + (" (your choice)" if mine else "")
        bold = ' style="font-weight:bold"' if mine else ""
        rows.append(f"<li{bold}>{label}: {escape(o['argument'])}</li>")
    return "".join(rows)


def _hint(q: dict) -> str:
    return ("Choose an answer to see why it is right or wrong." if q["kind"] == "choice"
            else "No single right answer: choose, then compare the arguments.")


class Question(Shown):
    """A multiple-choice question or poll: choosing an option shows at once why it is right or wrong (or, for a poll,
    the argument for every option). The student may change the choice as often as they like; the first choice of a
    self-check is kept as `first_try_correct` for the instructor's view of what the class found hard."""

    def __init__(self, q: dict, journal: Journal, seed: str = "", on_saved=None):
        self.q, self.journal, self.on_saved = q, journal, on_saved
        self.options = [q["options"][i] for i in option_order(q, seed)]
        texts = [o["text"] for o in self.options]
        self.choices = ui.make(widgets.RadioButtons, options=texts, value=None, layout=dict(width="auto"))
        self.feedback = ui.HTML()
        self.choices.observe(self._on_choice, names="value")
        saved = journal.text(q["id"])
        if saved in texts:
            self.choices.value = saved
        self.widget = ui.VBox([ui.HTML(f"<p><b>{escape(q['prompt'])}</b><br><i>{_hint(q)}</i></p>"),
                               self.choices, self.feedback], own_layout=True)
        self.widget.add_class("course-box")
        self.widget.add_class("course-question")

    def _option(self, text: str) -> dict:
        return next(o for o in self.options if o["text"] == text)

    def _feedback_html(self, chosen: str) -> str:
        option = self._option(chosen)
        if self.q["kind"] == "choice":
            if option["correct"]:  # an explanation may itself begin "Right."; say it once
                return _feedback("success", "Correct.", option["explanation"].removeprefix("Right.").strip())
            return _feedback("warning", "Not quite.", option["explanation"] + " Try another answer.")
        return message_html("<b>There is no single right answer.</b> Here is the strongest argument for each option; "
                            f"compare them with your reasons.<ul>{_poll_rows(self.q, chosen)}</ul>", "info")

    def _on_choice(self, _change=None) -> None:
        chosen = self.choices.value
        if chosen is None:
            return
        self.feedback.value = self._feedback_html(chosen)
        q = self.q
        if q["kind"] == "choice":
            correct = bool(self._option(chosen)["correct"])
            extra = {"correct": correct}
            if q["id"] not in self.journal.answers:
                extra["first_try_correct"] = correct
            self.journal.save(q["id"], chosen, q["prompt"], kind="choice", **extra)
        else:
            self.journal.save(q["id"], chosen, q["prompt"], kind="poll")
        if self.on_saved:
            self.on_saved()

    def static_html(self) -> str:
        q, chosen = self.q, self.choices.value
        show_answers = answers_shown()
        items = []
        for o in self.options:
            text = escape(o["text"])
            if show_answers and q["kind"] == "choice":
                verdict = "<b>Correct.</b>" if o["correct"] else "Wrong."
                text += f"<br><small>{verdict} {escape(o['explanation'])}</small>"
            elif show_answers:
                text += f"<br><small>Argument: {escape(o['argument'])}</small>"
            mark = "&#x25C9;" if o["text"] == chosen else "&#x25CB;"
            items.append(f"<li>{mark} {text}</li>")
        chosen_part = ""
        if chosen is not None and not show_answers:
            chosen_part = f"<p>Your answer: <b>{escape(chosen)}</b></p>{self.feedback.value}"
        kind = "Self-check" if q["kind"] == "choice" else "Poll (no single right answer)"
        return (f'<div class="course-question"><p><b>{kind}: {escape(q["prompt"])}</b><br><i>{_hint(q)}</i></p>'
                f'<ul style="list-style:none;padding-left:0.5em">{"".join(items)}</ul>{chosen_part}</div>')


class Reflection(Shown):
    """A text box whose answer is saved as the student types and refilled when the notebook runs again."""

    def __init__(self, q: dict, journal: Journal, delay: float = 0.6, on_saved=None, timer=None):
        self.q, self.journal, self.on_saved = q, journal, on_saved
        self.area = ui.make(widgets.Textarea, value=journal.text(q["id"]),
                            placeholder="Write your answer here. It saves as you type.", rows=6,
                            layout=dict(width="100%"))
        self.status = ui.HTML()
        self.saver = Debouncer(self._save, delay, **({"timer": timer} if timer else {}))
        self.area.observe(lambda change: self.saver(change["new"]), names="value")
        if self.area.value:
            self._show_saved()
        self.widget = ui.VBox([ui.HTML(f"<p><b>{escape(q['prompt'])}</b></p>"), self.area, self.status],
                              own_layout=True)
        self.widget.add_class("course-box")
        self.widget.add_class("course-reflection")

    def _show_saved(self) -> None:
        words = len(self.journal.text(self.q["id"]).split())
        self.status.value = f'<span class="course-saved" style="color:#00704F">Saved ({words} words).</span>'

    def _save(self, text: str) -> None:
        try:
            if self.journal.save(self.q["id"], text, self.q["prompt"]):
                self._show_saved()
                if self.on_saved:
                    self.on_saved()
            else:
                self.status.value = ('<span style="color:#8a5a00">The box is empty, so your saved answer is kept. '
                                     'Type to replace it.</span>')
        except OSError as err:
            self.status.value = message_html(f"Could not save: {escape(err)}. Copy your text somewhere safe.", "error")

    def static_html(self) -> str:
        text = self.journal.text(self.q["id"]) or self.area.value
        answer = (f'<blockquote style="white-space:pre-wrap">{escape(text)}</blockquote>' if text.strip()
                  else "<p><i>(no answer written yet)</i></p>")
        if answers_shown() and self.q.get("teaching_note"):
            answer += f"<p><small><b>Teaching note:</b> {escape(self.q['teaching_note'])}</small></p>"
        return f'<div class="course-reflection"><p><b>Reflect: {escape(self.q["prompt"])}</b></p>{answer}</div>'
