"""Reading a work file that a person hands the course: a student's own download, or a class's folder of them.

Such a file is untrusted input. It may have been edited, cut short, come from another course, or been made to
cause harm. Reading it never runs anything, never writes anywhere, never raises anything but `WorkFileError`
(whose message says what was wrong and what is expected), and keeps only what the course knows how to use:
lesson ids the course has, answer ids of the course's form, and plain text of bounded size. Whoever shows text
from it must still escape it (everything shown by the course does).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

FORMAT = "diaspora-course-journal"
VERSIONS = (1, 2)
MAX_FILE_BYTES = 2_000_000
MAX_TEXT_CHARS = 20_000
MAX_PROMPT_CHARS = 2_000
MAX_NAME_CHARS = 80
HISTORY_LIMIT = 20
ANSWER_KINDS = ("choice", "poll", "reflection", "sorting")
ANSWER_ID = re.compile(r"\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*")
LESSON_ID = re.compile(r"\d{2}")
_JSON_BLOCK = re.compile(r"```json course-work\r?\n(.*?)\r?\n```", re.DOTALL)


class WorkFileError(ValueError):
    """The file is not a course work file the course can read; the message says why and what is expected."""


@dataclass
class WorkFile:
    """What could be used from a work file: the student's name, answers by lesson, and what was left out."""
    student: str = ""
    lessons: dict[str, dict[str, dict]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def answer_count(self) -> int:
        return sum(len(answers) for answers in self.lessons.values())


def parse_time(value) -> dt.datetime | None:
    """An ISO time as an aware datetime (a time without an offset is taken as UTC), or None if it is not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def newer(first: str, second: str) -> bool:
    """True when saved time `first` is later than `second`; an unreadable time counts as the oldest."""
    oldest = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return (parse_time(first) or oldest) > (parse_time(second) or oldest)


def _text(value, limit: int) -> str | None:
    return value if isinstance(value, str) and len(value) <= limit else None


def clean_answer(raw) -> dict | None:
    """One saved answer with only the fields the course uses, each of the right type and size; None if unusable."""
    if not isinstance(raw, dict):
        return None
    text, prompt = _text(raw.get("text", ""), MAX_TEXT_CHARS), _text(raw.get("prompt", ""), MAX_PROMPT_CHARS)
    kind = raw.get("kind", "reflection")
    saved_at = raw.get("saved_at", "")
    if text is None or prompt is None or kind not in ANSWER_KINDS or parse_time(saved_at) is None:
        return None
    answer = {"kind": kind, "prompt": prompt, "text": text, "saved_at": saved_at, "history": []}
    if "correct" in raw:
        if not isinstance(raw["correct"], bool):
            return None
        answer["correct"] = raw["correct"]
    if "first_try_correct" in raw and isinstance(raw["first_try_correct"], bool):
        answer["first_try_correct"] = raw["first_try_correct"]
    if "choices" in raw:
        choices = raw["choices"]
        if not isinstance(choices, dict) or len(choices) > 200 or not all(
                _text(k, 100) and _text(v, 200) for k, v in choices.items()):
            return None
        answer["choices"] = dict(choices)
    history = raw.get("history", [])
    if isinstance(history, list):
        for item in history[-HISTORY_LIMIT:]:
            if isinstance(item, dict) and _text(item.get("text"), MAX_TEXT_CHARS) is not None \
                    and parse_time(item.get("saved_at")) is not None:
                answer["history"].append({"text": item["text"], "saved_at": item["saved_at"]})
    return answer


def clean_answers(raw, lesson_id: str, skipped: list[str]) -> dict[str, dict]:
    """The usable answers of one lesson; each unusable one is named in `skipped`."""
    if not isinstance(raw, dict):
        skipped.append(f"lesson {lesson_id}: its answers are not a list of named answers")
        return {}
    answers = {}
    for key, value in raw.items():
        if not (isinstance(key, str) and len(key) <= 100 and ANSWER_ID.fullmatch(key) and key[:2] == lesson_id):
            skipped.append(f"lesson {lesson_id}: an answer with the unknown id {str(key)[:60]!r}")
            continue
        answer = clean_answer(value)
        if answer is None:
            skipped.append(f"lesson {lesson_id}: answer {key!r}, whose content is not in the course's format")
            continue
        answers[key] = answer
    return answers


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed")


def parse_work_file(content, known_lessons) -> WorkFile:
    """Read a downloaded work file (its bytes). Raise WorkFileError, with a message for a person, if it is not one."""
    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise WorkFileError("The course can read a work file only as the file's bytes.")
    if len(content) > MAX_FILE_BYTES:
        raise WorkFileError(f"That file is {len(content) / 1e6:.1f} MB; a course work file is at most "
                            f"{MAX_FILE_BYTES / 1e6:.0f} MB. Choose the file you downloaded with 'Download my work'.")
    try:
        text = bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkFileError("That file is not text. Choose the file you downloaded with 'Download my work' "
                            "(its name starts with diaspora-course-work).") from None
    match = _JSON_BLOCK.search(text)
    try:
        data = json.loads(match.group(1) if match else text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkFileError("That file does not contain saved course work. Choose the file you downloaded with "
                            "'Download my work' (its name starts with diaspora-course-work); if you edited it, "
                            "the block at its end must stay as it was.")
    if data.get("version") not in VERSIONS:
        raise WorkFileError(f"That work file is of version {str(data.get('version'))[:20]!r}, which this course "
                            f"cannot read; it reads versions {', '.join(map(str, VERSIONS))}.")
    lessons = data.get("lessons")
    if not isinstance(lessons, dict):
        raise WorkFileError("That work file has no lessons in it: its data block is damaged.")
    work = WorkFile(student=(_text(data.get("student", ""), MAX_NAME_CHARS) or "").strip())
    known = set(known_lessons)
    for lesson_id, answers in lessons.items():
        if not (isinstance(lesson_id, str) and LESSON_ID.fullmatch(lesson_id) and lesson_id in known):
            work.skipped.append(f"lesson {str(lesson_id)[:40]!r}, which this course does not have")
            continue
        cleaned = clean_answers(answers, lesson_id, work.skipped)
        if cleaned:
            work.lessons[lesson_id] = cleaned
    return work
