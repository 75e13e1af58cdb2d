"""Self-check questions, polls and reflection boxes, read from the question bank `data/questions.json`.

The bank's format is in docs/maintainers.md; `load_bank()` checks it and names the question and the problem.
"""
from __future__ import annotations

import functools
import html
import json
from pathlib import Path

import ipywidgets as widgets

from .data import DATA_DIR, DataError
from .journal import Debouncer, Journal
from .style import message_html
from . import ui

KINDS = ("choice", "poll", "reflection")


def _check_question(q: dict, number: int) -> None:
    where = f"questions.json, question {number} ({q.get('id', 'no id')})"
    for field in ("id", "lesson", "kind", "prompt"):
        if not isinstance(q.get(field), str) or not q[field].strip():
            raise DataError(f"{where}: {field!r} is missing or empty.")
    if not q["id"].startswith(q["lesson"] + "-"):
        raise DataError(f"{where}: the id must start with the lesson number, e.g. {q['lesson']}-{q['id']}.")
    if q["kind"] not in KINDS:
        raise DataError(f"{where}: kind is {q['kind']!r}; allowed kinds are {', '.join(KINDS)}.")
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
    if len(set(texts)) != len(texts) or not all(t.strip() for t in texts):
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


@functools.lru_cache(maxsize=None)
def load_bank(path: Path = DATA_DIR / "questions.json") -> dict[str, dict]:
    """All questions by id, after checking the bank's format."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(f"{Path(path).name} is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}.") from None
    bank: dict[str, dict] = {}
    for number, q in enumerate(raw.get("questions", []), start=1):
        _check_question(q, number)
        if q["id"] in bank:
            raise DataError(f"questions.json, question {number}: the id {q['id']!r} is used twice.")
        bank[q["id"]] = q
    return bank


# ipywidgets gives every radio option one fixed-height line, so a long option runs over the next one on a narrow
# screen. This lets options wrap; it travels with each question so that any question cell works on its own.
# (The label holds the text first and the button after it, floated left; flex puts the button back in front.)
OPTION_WRAP_CSS = ("<style>.course-question .widget-radio-box label {display: flex; flex-direction: row-reverse; "
                   "justify-content: flex-end; align-items: flex-start; height: auto; line-height: 1.35; "
                   "padding: 3px 0} .course-question .widget-radio-box input {float: none; flex: none; "
                   "height: 1.35em; margin: 0 8px 0 1px}</style>")


def _feedback(kind: str, title: str, body: str) -> str:
    return message_html(f"<b>{html.escape(title)}</b> {html.escape(body)}", kind)


def _poll_row(option: dict, chosen: bool) -> str:
    label = html.escape(option["text"]) + (" (your choice)" if chosen else "")
    style = ' style="font-weight:bold"' if chosen else ""
    return f"<li{style}>{label}: {html.escape(option['argument'])}</li>"


def choice_widget(q: dict, journal: Journal, on_saved=None) -> widgets.VBox:
    """A multiple-choice question or poll: choosing an option shows at once why it is right or wrong (or, for a
    poll, the argument for every option). The student may change the choice as often as they like."""
    saved = journal.text(q["id"])
    texts = [o["text"] for o in q["options"]]
    choices = ui.make(widgets.RadioButtons, options=texts, value=None, layout=dict(width="auto"))
    feedback = ui.HTML()

    def on_choice(change=None):
        if choices.value is None:
            return
        option = q["options"][texts.index(choices.value)]
        if q["kind"] == "choice":
            if option["correct"]:
                feedback.value = _feedback("success", "Correct.", option["explanation"])
            else:
                feedback.value = _feedback("warning", "Not quite.", option["explanation"] + " Try another answer.")
            journal.save(q["id"], choices.value, q["prompt"], kind="choice", correct=bool(option["correct"]))
        else:
            rows = "".join(_poll_row(o, o["text"] == choices.value) for o in q["options"])
            feedback.value = message_html(
                "<b>There is no single right answer.</b> Here is the strongest argument for each option; "
                f"compare them with your reasons.<ul>{rows}</ul>", "info")
            journal.save(q["id"], choices.value, q["prompt"], kind="poll")
        if on_saved:
            on_saved()

    choices.observe(on_choice, names="value")
    if saved in texts:
        choices.value = saved
    hint = "Choose an answer to see why it is right or wrong." if q["kind"] == "choice" else \
        "No single right answer: choose, then compare the arguments."
    box = ui.VBox([ui.HTML(f"{OPTION_WRAP_CSS}<p><b>{html.escape(q['prompt'])}</b><br><i>{hint}</i></p>"), choices,
                   feedback])
    box.add_class("course-question")
    box.choices, box.feedback = choices, feedback
    return box


def reflection_widget(q: dict, journal: Journal, delay: float = 0.6, on_saved=None) -> widgets.VBox:
    """A text box whose answer is saved as the student types and refilled when the notebook runs again."""
    area = ui.make(widgets.Textarea, value=journal.text(q["id"]),
                   placeholder="Write your answer here. It saves as you type.", rows=6,
                   layout=dict(width="100%"))
    status = ui.HTML()

    def show_saved():
        when = journal.answers.get(q["id"], {}).get("saved_at", "")
        status.value = f'<span class="course-saved" style="color:#009E73">Saved {html.escape(when[11:16])}.</span>'

    def save(text: str):
        try:
            if journal.save(q["id"], text, q["prompt"]):
                show_saved()
                if on_saved:
                    on_saved()
            else:
                status.value = ('<span style="color:#E69F00">The box is empty, so your saved answer is kept. '
                                'Type to replace it.</span>')
        except OSError as err:
            status.value = message_html(f"Could not save: {html.escape(str(err))}. Copy your text somewhere safe.",
                                        "error")

    saver = Debouncer(save, delay)
    area.observe(lambda change: saver(change["new"]), names="value")
    if area.value:
        show_saved()
    box = ui.VBox([ui.HTML(f"<p><b>{html.escape(q['prompt'])}</b></p>"), area, status])
    box.add_class("course-reflection")
    box.area, box.status, box.saver = area, status, saver
    return box
