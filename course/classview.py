"""The class's work in one view: what an instructor sees after collecting the students' downloaded work files.

Students hand in the file that **Download my work** makes (`diaspora-course-work-<name>.txt`). The instructor puts
the files into one folder and opens `instructor/class_view.ipynb`, or runs

    python -m course.classview FOLDER [--out build/class-view.html] [--show-names]

which writes one self-contained HTML page. Per lesson it shows the class's answers to each poll as a chart, the
share of students right at the first try of each self-check (hardest first), the reflections per prompt, and the
case sorting, if any.

Every file is untrusted input. Only regular files directly in the folder are read (no sub-folders, no links, no
devices), each at most once and at most `workfile.MAX_FILE_BYTES`; each is parsed by `workfile.parse_work_file`,
which runs nothing and keeps only what the course knows. A file that cannot be used is skipped and listed with the
reason; everything shown from a file is escaped, and the page carries no JavaScript. Reading writes nothing.

`read_class_work(folder)` returns a plain `ClassWork` (no widgets), which the view and the tests use.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import io
import os
import re
import stat
import sys
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .data import field_values, load_table
from .display import Shown, escape
from .journal import clean_name
from .quiz import load_bank
from .style import COURSE_CSS, HIGHLIGHT, PALETTE, RC, message_html
from .workfile import MAX_FILE_BYTES, WorkFileError, newer, parse_work_file

MAX_FILES = 2_000                # entries of the folder looked at; the rest are named in a note
MAX_TOTAL_BYTES = 200_000_000    # all files together: a class of 2,000 with big files stays far below
MAX_LEFT_OUT_PER_FILE = 5        # parts left out of one file that are listed by name
CHART_WIDTH_IN = 7.6             # as every chart of the course: no sideways scrolling at 1280 px
SORTER_KEY = "sort-diaspora-cases"  # the key (after "NN-") under which course.explorers.diaspora_sorter saves


class ClassFolderError(ValueError):
    """The folder cannot be read at all (it does not exist, or is not a folder); the message says what to do."""


# ----- the data: what the class did, lesson by lesson ---------------------------------------------------------

@dataclass
class Poll:
    """A poll: how many students chose each option, in the question file's order."""
    question_id: str
    prompt: str
    counts: list[tuple[str, int]]
    other: int = 0  # answers that match no option (an edited file, or an option reworded since)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass
class SelfCheck:
    """A self-check: how many students were right at the first try, of how many who answered it."""
    question_id: str
    prompt: str
    right: int = 0        # right at the first try (in files that kept no first try: right in the last answer)
    total: int = 0
    from_last: int = 0    # answers counted from the last answer because the file kept no first try
    right_last: int = 0   # right in the last answer given
    total_last: int = 0

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class ReflectionAnswer:
    student: int  # the student's number: an index + 1 into ClassWork.students
    text: str


@dataclass
class Reflection:
    question_id: str
    prompt: str
    answers: list[ReflectionAnswer] = field(default_factory=list)


@dataclass
class SortedCase:
    case_id: str
    label: str
    counts: dict[str, int]  # students per stance, in the table's order of stances
    table_says: str


@dataclass
class Sorting:
    """The case sorting of lesson 02's sorter: per case, how many students put it under each stance."""
    key: str
    prompt: str
    stances: list[str]
    cases: list[SortedCase]
    students: int = 0


@dataclass
class LessonWork:
    lesson_id: str
    title: str
    students: int = 0  # students with at least one answer in this lesson
    polls: list[Poll] = field(default_factory=list)
    checks: list[SelfCheck] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    sortings: list[Sorting] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # answers left out, in words


@dataclass
class Student:
    number: int             # 1, 2, ...: stable for the same names, and not alphabetical (it hints at no name)
    name: str               # as the student typed it, cleaned; "" if none was given
    files: list[str]
    answered: dict[str, int] = field(default_factory=dict)  # answers kept, by lesson

    def label(self, show_names: bool) -> str:
        if not show_names:
            return f"Student {self.number}"
        return self.name or f"(no name given: {self.files[0]})"


@dataclass
class SkippedFile:
    name: str
    reason: str


@dataclass
class ClassWork:
    """Everything the view shows, as plain data: per lesson the polls, self-checks, reflections and sortings; the
    students; and the files read, skipped (with the reason) and partly left out."""
    folder: str
    lessons: dict[str, LessonWork]
    students: list[Student]
    files_read: list[str]
    skipped: list[SkippedFile]
    left_out: list[tuple[str, str]]  # (file, the part of it left out and why)
    notes: list[str]                 # about the folder as a whole (too many files, too much data)
    seconds: float = 0.0

    @property
    def duplicates(self) -> list[Student]:
        """Students who handed in more than one file (by name); each is counted once."""
        return [s for s in self.students if len(s.files) > 1]


# ----- reading the folder -------------------------------------------------------------------------------------

def display_name(name: str) -> str:
    """A file name as text that can be shown: undecodable bytes and control characters become '?'."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("?" if ch in "\ufffd" or (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) else ch for ch in text)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def read_entry(entry: os.DirEntry) -> tuple[bytes | None, str]:
    """The bytes of one regular file directly in the folder, or None and the reason it was not read. Links are
    not followed, and the file is checked again after opening, so nothing else is read in its place."""
    try:
        if entry.is_symlink():
            return None, "a link to another place; links are not followed (copy the file itself into the folder)"
        if entry.is_dir(follow_symlinks=False):
            return None, "a folder; the view reads only files directly in the folder, not in folders inside it"
        if not entry.is_file(follow_symlinks=False):
            return None, "not a regular file (a device, a pipe or a socket)"
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(entry.path, flags)
    except OSError as err:
        return None, f"could not be opened ({err.strerror or type(err).__name__})"
    try:
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None, "not a regular file (a device, a pipe or a socket)"
            if info.st_size > MAX_FILE_BYTES:
                return None, (f"{_megabytes(info.st_size)}; a work file is at most {MAX_FILE_BYTES / 1e6:.0f} MB, so "
                              "this is not one")
            content = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        return None, f"could not be read ({err.strerror or type(err).__name__})"
    if len(content) > MAX_FILE_BYTES:
        return None, f"more than {MAX_FILE_BYTES / 1e6:.0f} MB; a work file is at most that, so this is not one"
    if not content.strip():
        return None, "the file is empty"
    return content, ""


def _first_sentence(message: str) -> str:
    """The first sentence of a WorkFileError (the rest is advice for the student who chose the file)."""
    match = re.match(r"(.+?[.])(?:\s|$)", message, flags=re.S)
    return (match.group(1) if match else message)[:300]


def _merge(mine: dict[str, dict[str, dict]], incoming: dict[str, dict[str, dict]]) -> None:
    """Take another file of the same student in: for each answer the newer saved one wins (workfile.newer). The
    first try is a fact about the past, so a newer answer that lacks it takes it from the older one."""
    for lesson_id, answers in incoming.items():
        kept = mine.setdefault(lesson_id, {})
        for key, answer in answers.items():
            old = kept.get(key)
            if old is None or newer(answer["saved_at"], old["saved_at"]):
                answer = dict(answer)
                if old is not None and "first_try_correct" not in answer and "first_try_correct" in old:
                    answer["first_try_correct"] = old["first_try_correct"]
                kept[key] = answer
            elif "first_try_correct" not in old and "first_try_correct" in answer:
                old["first_try_correct"] = answer["first_try_correct"]


def _latest(lessons: dict[str, dict[str, dict]]) -> str:
    """The latest saved time of any answer in a file."""
    latest = ""
    for answers in lessons.values():
        for answer in answers.values():
            if newer(answer["saved_at"], latest):
                latest = answer["saved_at"]
    return latest


def _student_order(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def read_class_work(folder, known_lessons=None) -> ClassWork:
    """Read every work file directly in `folder` and count the class's answers. Raises ClassFolderError only if
    the folder itself cannot be read; a bad file is skipped and listed with the reason."""
    started = time.perf_counter()
    path = Path(folder)
    lessons_table = load_table("lessons")
    titles = dict(zip(lessons_table["lesson_id"], lessons_table["title"]))
    known = list(known_lessons) if known_lessons is not None else list(titles)
    try:
        with os.scandir(path) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except FileNotFoundError:
        raise ClassFolderError(f"There is no folder {path}. Put the students' work files into one folder and give "
                               "its path (relative to where you run this, or in full).") from None
    except NotADirectoryError:
        raise ClassFolderError(f"{path} is a file, not a folder. Give the folder that holds the students' work "
                               "files.") from None
    except OSError as err:
        raise ClassFolderError(f"The folder {path} cannot be read ({err.strerror}).") from None

    notes: list[str] = []
    if len(entries) > MAX_FILES:
        notes.append(f"The folder holds {len(entries):,} entries; only the first {MAX_FILES:,} (by name) were looked "
                     f"at. Split the class into folders of at most {MAX_FILES:,} files.")
        entries = entries[:MAX_FILES]
    skipped: list[SkippedFile] = []
    left_out: list[tuple[str, str]] = []
    read: list[str] = []
    by_student: dict[str, dict] = {}
    total_bytes = 0
    for entry in entries:
        name = display_name(entry.name)
        if total_bytes > MAX_TOTAL_BYTES:
            skipped.append(SkippedFile(name, f"not read: the files before it already hold more than "
                                             f"{MAX_TOTAL_BYTES / 1e6:.0f} MB"))
            continue
        content, reason = read_entry(entry)
        if content is None:
            skipped.append(SkippedFile(name, reason))
            continue
        total_bytes += len(content)
        try:
            work = parse_work_file(content, known)
        except WorkFileError as err:
            skipped.append(SkippedFile(name, _first_sentence(str(err))))
            continue
        except Exception as err:  # noqa: BLE001 - one odd file must never stop the view of the whole class
            skipped.append(SkippedFile(name, f"could not be read ({type(err).__name__})"))
            continue
        if not work.lessons:
            parts = "; ".join(work.skipped[:3])
            skipped.append(SkippedFile(name, "holds no answers this course can use"
                                             + (f" (left out: {parts})" if parts else " (no answers saved yet)")))
            continue
        read.append(name)
        for part in work.skipped[:MAX_LEFT_OUT_PER_FILE]:
            left_out.append((name, part))
        if len(work.skipped) > MAX_LEFT_OUT_PER_FILE:
            left_out.append((name, f"and {len(work.skipped) - MAX_LEFT_OUT_PER_FILE} more part(s)"))
        student_name = clean_name(work.student)
        key = f"name:{student_name.casefold()}" if student_name else f"file:{entry.name}"
        latest = _latest(work.lessons)
        student = by_student.setdefault(key, {"name": student_name, "files": [], "lessons": {}, "latest": latest})
        if newer(latest, student["latest"]):  # the name as written in the newest file
            student["name"], student["latest"] = student_name, latest
        student["files"].append(name)
        _merge(student["lessons"], work.lessons)
    if total_bytes > MAX_TOTAL_BYTES:
        notes.append(f"The files together hold more than {MAX_TOTAL_BYTES / 1e6:.0f} MB; the rest were not read "
                     "(they are listed as skipped).")

    keys = sorted(by_student, key=lambda k: (_student_order(k), k))
    answers = [by_student[k]["lessons"] for k in keys]
    students = [Student(i, by_student[k]["name"], by_student[k]["files"],
                        {l: len(a) for l, a in sorted(by_student[k]["lessons"].items())})
                for i, k in enumerate(keys, start=1)]
    lessons = {lesson_id: _count_lesson(lesson_id, titles.get(lesson_id, ""), answers) for lesson_id in known}
    return ClassWork(str(folder), lessons, students, read, skipped, left_out, notes,
                     time.perf_counter() - started)


def _sorting_template(lesson_id: str) -> Sorting:
    from .explorers.diaspora_sorter import KEY, PROMPT
    assert KEY == SORTER_KEY, "course.explorers.diaspora_sorter.KEY changed: change SORTER_KEY with it"
    cases = load_table("diaspora_cases")
    stances = field_values("diaspora_cases", "stance")
    return Sorting(f"{lesson_id}-{SORTER_KEY}", PROMPT, stances,
                   [SortedCase(c.case_id, f"{c.diaspora} in {c.host_country}", {s: 0 for s in stances}, c.stance)
                    for c in cases.itertuples()])


def _listed(counter: Counter, limit: int = 4) -> str:
    names = ", ".join(f"'{key}'" for key, _ in counter.most_common(limit))
    return names + (", …" if len(counter) > limit else "")


def _count_lesson(lesson_id: str, title: str, students: list[dict]) -> LessonWork:
    """Count one lesson's answers over all students (`students[i]` holds student i+1's answers by lesson)."""
    questions = [q for q in load_bank().values() if q["lesson"] == lesson_id]
    lesson = LessonWork(lesson_id, title)
    polls = {q["id"]: Poll(q["id"], q["prompt"], [(o["text"], 0) for o in q["options"]])
             for q in questions if q["kind"] == "poll"}
    checks = {q["id"]: SelfCheck(q["id"], q["prompt"]) for q in questions if q["kind"] == "choice"}
    reflections = {q["id"]: Reflection(q["id"], q["prompt"]) for q in questions if q["kind"] == "reflection"}
    kinds = {q["id"]: q["kind"] for q in questions}
    sorting: Sorting | None = None
    unknown, wrong_kind, odd_sorting, no_verdict = Counter(), Counter(), 0, 0
    for number, by_lesson in enumerate(students, start=1):
        answers = by_lesson.get(lesson_id)
        if not answers:
            continue
        lesson.students += 1
        for key, answer in answers.items():
            kind = kinds.get(key)
            if kind is None:
                if key == f"{lesson_id}-{SORTER_KEY}" and answer["kind"] == "sorting":
                    if sorting is None:
                        sorting = _sorting_template(lesson_id)
                    odd_sorting += _count_sorting(sorting, answer.get("choices", {}))
                else:
                    unknown[key] += 1
            elif answer["kind"] != kind:
                wrong_kind[key] += 1
            elif kind == "poll":
                poll = polls[key]
                for i, (text, n) in enumerate(poll.counts):
                    if text == answer["text"]:
                        poll.counts[i] = (text, n + 1)
                        break
                else:
                    poll.other += 1
            elif kind == "choice":
                check = checks[key]
                verdict = answer.get("first_try_correct")
                if verdict is None:
                    verdict = answer.get("correct")
                    check.from_last += verdict is not None
                if verdict is None:
                    no_verdict += 1
                    continue
                check.total += 1
                check.right += verdict
                if "correct" in answer:
                    check.total_last += 1
                    check.right_last += answer["correct"]
            elif answer["text"].strip():
                reflections[key].answers.append(ReflectionAnswer(number, answer["text"]))
    lesson.polls, lesson.checks = list(polls.values()), list(checks.values())
    lesson.reflections = list(reflections.values())
    lesson.sortings = [sorting] if sorting else []
    if unknown:
        lesson.notes.append(f"{sum(unknown.values())} answer(s) to questions lesson {lesson_id} does not have "
                            f"({_listed(unknown)}) were left out: files from another version of the course, or "
                            "edited.")
    if wrong_kind:
        lesson.notes.append(f"{sum(wrong_kind.values())} answer(s) saved as the wrong kind of question "
                            f"({_listed(wrong_kind)}) were left out.")
    if no_verdict:
        lesson.notes.append(f"{no_verdict} self-check answer(s) that say neither whether the first try nor the last "
                            "answer was right were left out.")
    if odd_sorting:
        lesson.notes.append(f"{odd_sorting} sorted case(s) with a case or a stance the table does not have were "
                            "left out.")
    for poll in lesson.polls:
        if poll.other:
            lesson.notes.append(f"{poll.other} answer(s) to the poll {poll.question_id} match none of its options "
                                "and were left out.")
    return lesson


def _count_sorting(sorting: Sorting, choices: dict) -> int:
    """Add one student's sorting; return how many of their choices name no known case or stance."""
    cases = {c.case_id: c for c in sorting.cases}
    odd = 0
    counted = False
    for case_id, stance in choices.items():
        case = cases.get(case_id)
        if case is None or stance not in case.counts:
            odd += 1
            continue
        case.counts[stance] += 1
        counted = True
    sorting.students += counted
    return odd


# ----- charts -------------------------------------------------------------------------------------------------

def _plain(text: str) -> str:
    """Text for a matplotlib label: a dollar sign would start mathematical notation."""
    return text.replace("$", r"\$")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(_plain(text), width, break_long_words=True, break_on_hyphens=False)) or " "


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


LABEL_IN = 2.85   # the left margin, where the wrapped option texts and questions go
LINE_IN = 0.165   # the height of one line of 9-10 pt text


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=RC["figure.dpi"], metadata={"Software": None},
                   pil_kwargs={"compress_level": 4})
    return buffer.getvalue()


def _bar_figure(title: str, labels: list[str]) -> tuple[Figure, object]:
    """A figure for horizontal bars with wrapped labels, laid out by hand (a layout engine would measure every
    text again): the title across the top, the labels in the left margin, one slot per bar."""
    title_lines = title.count("\n") + 1
    slot = max(0.42, LINE_IN * max(label.count("\n") + 1 for label in labels) + 0.16)
    top, bottom = 0.2 + 0.21 * title_lines, 0.62
    height = top + slot * len(labels) + bottom
    figure = Figure(figsize=(CHART_WIDTH_IN, height), dpi=RC["figure.dpi"])
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=LABEL_IN / CHART_WIDTH_IN, right=1 - 0.2 / CHART_WIDTH_IN, top=1 - top / height,
                           bottom=bottom / height)
    figure.text(0.1 / CHART_WIDTH_IN, 1 - 0.1 / height, title, ha="left", va="top", fontsize=11, weight="bold")
    ax = figure.subplots()
    ax.set_ylim(len(labels) - 0.5, -0.5)  # the first bar on top
    ax.set_yticks(range(len(labels)), labels, fontsize=9)
    ax.grid(axis="y", visible=False)
    return figure, ax


def poll_chart(poll: Poll) -> tuple[bytes, str]:
    """The class's answers to a poll as horizontal bars in the question's order, and a one-line summary."""
    values = [n for _, n in poll.counts]
    with matplotlib.rc_context(RC):
        figure, ax = _bar_figure(_wrap(f"Poll: {poll.prompt}", 84), [_wrap(text, 36) for text, _ in poll.counts])
        bars = ax.barh(range(len(values)), values, height=0.6, color=PALETTE[0])
        ax.bar_label(bars, [f"{n} ({_percent(n, poll.total)}%)" for n in values], padding=3, fontsize=9)
        ax.set_xlim(0, max(values + [1]) * 1.22)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("Number of students who chose it")
        image = _png(figure)
    ranked = sorted(poll.counts, key=lambda item: -item[1])
    summary = (f"{poll.total} student(s) answered the poll. " + "; ".join(
        f"{_percent(n, poll.total)}% ({n}) chose \u201c{textwrap.shorten(text, 70, placeholder='…')}\u201d"
        for text, n in ranked) + ".")
    return image, summary


def checks_chart(checks: list[SelfCheck]) -> tuple[bytes, str]:
    """The share right at the first try of each self-check, hardest first, and a one-line summary."""
    shown = sorted((c for c in checks if c.total), key=lambda c: (c.share, c.question_id))
    labels = [f"{c.question_id}\n{_wrap(textwrap.shorten(c.prompt, 80, placeholder='…'), 36)}" for c in shown]
    shares = [100 * c.share for c in shown]
    hard = [c.share < 0.5 for c in shown]
    with matplotlib.rc_context(RC):
        figure, ax = _bar_figure("Self-checks, hardest first: students right at the first try", labels)
        bars = ax.barh(range(len(shown)), shares, height=0.6, edgecolor="white",
                       color=[HIGHLIGHT if h else PALETTE[0] for h in hard])
        for bar, h in zip(bars, hard):
            bar.set_hatch("//" if h else "")
        ax.axvline(50, color="#555555", linewidth=0.8, linestyle="--")
        ax.bar_label(bars, [f"{round(s)}% ({c.right} of {c.total})" for s, c in zip(shares, shown)], padding=3,
                     fontsize=9)
        ax.set_xlim(0, 130)
        ax.set_xticks(range(0, 101, 25))
        ax.set_xlabel("Students right at the first try (%); hatched orange: fewer than half")
        image = _png(figure)
    hardest, easiest = shown[0], shown[-1]
    summary = (f"Hardest: {hardest.question_id}, {_percent(hardest.right, hardest.total)}% right at the first try "
               f"({hardest.right} of {hardest.total}); easiest: {easiest.question_id}, "
               f"{_percent(easiest.right, easiest.total)}% ({easiest.right} of {easiest.total}). "
               f"{sum(hard)} of {len(shown)} self-checks had fewer than half right at the first try.")
    fallback = sum(c.from_last for c in shown)
    if fallback:
        summary += (f" For {fallback} answer(s) from files that kept no first try, the last answer is counted "
                    "instead.")
    return image, summary


def figure_html(image: bytes, summary: str) -> str:
    """A chart as an embedded image, with its summary as alt text and as a caption beneath."""
    encoded = base64.b64encode(image).decode("ascii")
    width = int(CHART_WIDTH_IN * RC["figure.dpi"])
    return (f'<figure class="course-figure" style="margin:0.5em 0"><img class="course-chart" '
            f'src="data:image/png;base64,{encoded}" alt="{escape(summary)}" '
            f'style="max-width:min(100%, {width}px);height:auto"><figcaption><p class="course-summary">'
            f'<b>What the chart shows:</b> {escape(summary)}</p></figcaption></figure>')


# ----- HTML ---------------------------------------------------------------------------------------------------

def _students_phrase(n: int) -> str:
    return f"{n} student{'s' if n != 1 else ''}"


def overview_html(work: ClassWork) -> str:
    rows = "".join(
        f"<tr><td>{escape(l.lesson_id)}: {escape(l.title)}</td><td>{l.students}</td>"
        f"<td>{sum(p.total for p in l.polls)}</td><td>{sum(c.total for c in l.checks)}</td>"
        f"<td>{sum(len(r.answers) for r in l.reflections)}</td></tr>" for l in work.lessons.values())
    skipped = (f" {len(work.skipped)} file(s) could not be used and were skipped: see <b>Files</b> below."
               if work.skipped else "")
    twice = (f" {len(work.duplicates)} student(s) handed in more than one file; each is counted once, with the "
             "newer answer to each question." if work.duplicates else "")
    notes = "".join(message_html(escape(note), "warning") for note in work.notes)
    return (f"<h2>The class's work</h2><p>{_students_phrase(len(work.students))}, from "
            f"{len(work.files_read)} work file(s) in <code>{escape(work.folder)}</code>, read in "
            f"{work.seconds:.2f} s.{skipped}{twice}</p>{notes}"
            "<table class='course-table course-class-overview'><thead><tr><th>Lesson</th><th>Students</th>"
            "<th>Poll answers</th><th>Self-check answers</th><th>Reflections</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


class Charts:
    """The charts of a class's work, drawn once each (names do not change them)."""

    def __init__(self):
        self._made: dict[tuple[str, str], str] = {}

    def get(self, key: tuple[str, str], draw) -> str:
        if key not in self._made:
            self._made[key] = figure_html(*draw())
        return self._made[key]


def lesson_html(work: ClassWork, lesson_id: str, show_names: bool = False, charts: Charts | None = None) -> str:
    """One lesson's part of the view: polls, self-checks (hardest first), reflections and sortings."""
    charts = charts or Charts()
    lesson = work.lessons[lesson_id]
    parts = [f"<h3>Lesson {escape(lesson.lesson_id)}: {escape(lesson.title)}</h3>",
             f"<p>{_students_phrase(lesson.students)} answered at least one question of this lesson.</p>"]
    parts += [message_html(escape(note), "warning") for note in lesson.notes]
    if lesson.polls:
        parts.append("<h4>Polls: the class's answers, for the discussion</h4>")
        for poll in lesson.polls:
            if poll.total:
                parts.append(charts.get((lesson_id, poll.question_id), lambda p=poll: poll_chart(p)))
            else:
                parts.append(f"<p><b>Poll: {escape(poll.prompt)}</b><br><i>No answers yet.</i></p>")
    if lesson.checks:
        parts.append("<h4>Self-checks: what the class found hard</h4>")
        answered = [c for c in lesson.checks if c.total]
        if answered:
            parts.append(charts.get((lesson_id, "self-checks"), lambda: checks_chart(lesson.checks)))
        rows = "".join(
            f"<tr><td><code>{escape(c.question_id)}</code> {escape(c.prompt)}</td>"
            f"<td>{_fraction(c.right, c.total)}</td><td>{_fraction(c.right_last, c.total_last)}</td></tr>"
            for c in sorted(lesson.checks, key=lambda c: (c.share if c.total else 2, c.question_id)))
        parts.append("<table class='course-table course-class-checks'><thead><tr><th>Self-check</th>"
                     "<th>Right at the first try</th><th>Right in the last answer</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    if lesson.reflections:
        parts.append("<h4>Reflections</h4>")
        for reflection in lesson.reflections:
            parts.append(_reflection_html(work, reflection, show_names))
    for sorting in lesson.sortings:
        parts.append(_sorting_html(sorting))
    return f'<section class="course-class-lesson">{"".join(parts)}</section>'


def _fraction(part: int, whole: int) -> str:
    return f"{_percent(part, whole)}% ({part} of {whole})" if whole else "no answers"


def _reflection_html(work: ClassWork, reflection: Reflection, show_names: bool) -> str:
    students = work.students
    answers = sorted(reflection.answers, key=lambda a: (
        (students[a.student - 1].label(True).casefold(), a.student) if show_names else (a.student, "")))
    items = "".join(f"<li><b>{escape(students[a.student - 1].label(show_names))}</b>"
                    f'<blockquote style="white-space:pre-wrap;overflow-wrap:anywhere;margin:0.2em 0 0.6em 1em">'
                    f"{escape(a.text)}</blockquote></li>" for a in answers)
    opened = " open" if len(answers) <= 40 else ""
    body = f"<ul style='list-style:none;padding-left:0'>{items}</ul>" if answers else "<p><i>No answers yet.</i></p>"
    return (f"<details class='course-class-reflection'{opened}><summary><b>{escape(reflection.prompt)}</b> "
            f"({len(answers)} answer{'s' if len(answers) != 1 else ''})</summary>{body}</details>")


def _sorting_html(sorting: Sorting) -> str:
    head = "".join(f"<th>{escape(s)}</th>" for s in sorting.stances)
    rows = "".join(
        f"<tr><td>{escape(c.label)}</td>{''.join(f'<td>{c.counts[s]}</td>' for s in sorting.stances)}"
        f"<td>{escape(c.table_says)}</td><td>{_fraction(c.counts[c.table_says], sum(c.counts.values()))}</td></tr>"
        for c in sorting.cases)
    return (f"<h4>Sorting: {escape(sorting.prompt)}</h4><p>{_students_phrase(sorting.students)} sorted at least one "
            "case. Each cell is the number of students who chose that stance.</p>"
            f"<table class='course-table course-class-sorting'><thead><tr><th>Case</th>{head}<th>The table's "
            f"sorting</th><th>Agreed with the table</th></tr></thead><tbody>{rows}</tbody></table>")


def files_html(work: ClassWork, show_names: bool = False) -> str:
    """The files read and skipped, with reasons. Folded while names are hidden: file names often carry names."""
    parts = [f"<p>Read {len(work.files_read)} work file(s); skipped {len(work.skipped)}.</p>"]
    if work.skipped:
        parts.append("<h4>Skipped files</h4><ul class='course-class-skipped'>" + "".join(
            f"<li><code>{escape(s.name)}</code>: {escape(s.reason)}</li>" for s in work.skipped) + "</ul>")
    if work.duplicates:
        parts.append("<h4>More than one file from the same student</h4><p>Counted once, with the newer answer to "
                     "each question.</p><ul>" + "".join(
                         f"<li>{escape(s.name) + ': ' if show_names else ''}"
                         f"{', '.join(f'<code>{escape(f)}</code>' for f in s.files)}</li>" for s in work.duplicates)
                     + "</ul>")
    if work.left_out:
        parts.append("<h4>Parts left out of files that were read</h4><ul>" + "".join(
            f"<li><code>{escape(f)}</code>: {escape(part)}</li>" for f, part in work.left_out) + "</ul>")
    if show_names and work.students:
        lessons = list(work.lessons)
        rows = "".join(
            f"<tr><td>{escape(s.label(True))}</td>{''.join(f'<td>{s.answered.get(l, 0)}</td>' for l in lessons)}"
            f"<td>{', '.join(f'<code>{escape(f)}</code>' for f in s.files)}</td></tr>"
            for s in sorted(work.students, key=lambda s: (s.label(True).casefold(), s.number)))
        parts.append(f"<h4>Students ({len(work.students)})</h4><p>Answers kept per lesson.</p>"
                     "<table class='course-table course-class-students'><thead><tr><th>Name</th>"
                     + "".join(f"<th>Lesson {escape(l)}</th>" for l in lessons)
                     + f"<th>File(s)</th></tr></thead><tbody>{rows}</tbody></table>")
    if work.files_read:
        parts.append("<details><summary>The files read</summary><ul>" + "".join(
            f"<li><code>{escape(f)}</code></li>" for f in work.files_read) + "</ul></details>")
    summary = f"Files: {len(work.files_read)} read, {len(work.skipped)} skipped"
    if show_names:
        return f"<h3>{summary}</h3>{''.join(parts)}"
    return (f"<details class='course-class-files'><summary><b>{summary}</b> (open to see the file names, which often "
            f"carry students' names)</summary>{''.join(parts)}</details>")


def page_body(work: ClassWork, show_names: bool = False, charts: Charts | None = None) -> str:
    """The whole view as HTML: the overview, every lesson, and the files."""
    charts = charts or Charts()
    return (overview_html(work) + "".join(lesson_html(work, lesson_id, show_names, charts)
                                          for lesson_id in work.lessons) + files_html(work, show_names))


def standalone_page(work: ClassWork, show_names: bool = False) -> str:
    """One self-contained HTML page: images embedded, no JavaScript (its policy forbids any), no network."""
    made = dt.datetime.now().astimezone().isoformat(timespec="minutes")
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; "
            "style-src 'unsafe-inline'\">"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>The class's work: {escape(Path(work.folder).name or work.folder)}</title>{COURSE_CSS}"
            "<style>body {font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; line-height: 1.45; "
            "max-width: 62em; margin: 1em auto; padding: 0 1em} details > summary {cursor: pointer}</style>"
            f"</head><body><div class='course-box course-static'>{page_body(work, show_names)}"
            f"<p><small>Made {escape(made)} by <code>python -m course.classview</code>.</small></p>"
            "</div></body></html>\n")


# ----- the view in a notebook ---------------------------------------------------------------------------------

class ClassView(Shown):
    """The class's work with a lesson drop-down and a "Show names" box; its static form shows every lesson."""

    def __init__(self, work: ClassWork, hide_names: bool = True):
        import ipywidgets as widgets

        from . import ui

        self.work = work
        self.charts = Charts()
        options = [(f"Lesson {l.lesson_id}: {l.title} ({_students_phrase(l.students)})", l.lesson_id)
                   for l in work.lessons.values()]
        first = next((l.lesson_id for l in work.lessons.values() if l.students), options[0][1] if options else None)
        self.lesson = ui.make(widgets.Dropdown, options=options, value=first, description="Lesson:",
                              style={"description_width": "initial"}, layout=dict(width="min(560px, 100%)"))
        self.show_names = ui.make(widgets.Checkbox, value=not hide_names, description="Show names", indent=False,
                                  layout=dict(width="auto"))
        self.overview = ui.HTML(overview_html(work))
        self.body = ui.HTML()
        self.files = ui.HTML()
        self.lesson.observe(self._update, names="value")
        self.show_names.observe(self._update, names="value")
        self._update()
        self.widget = ui.VBox([ui.HTML(COURSE_CSS), self.overview,
                               ui.HBox([self.lesson, self.show_names], layout=dict(align_items="center",
                                                                                    flex_flow="row wrap")),
                               self.body, self.files], own_layout=True)
        self.widget.add_class("course-box")
        self.widget.add_class("course-class-view")

    def _update(self, _change=None) -> None:
        names = self.show_names.value
        self.body.value = lesson_html(self.work, self.lesson.value, names, self.charts) if self.lesson.value else ""
        self.files.value = files_html(self.work, names)

    def static_html(self) -> str:
        return page_body(self.work, self.show_names.value, self.charts)


class _Problem(Shown):
    def __init__(self, message: str):
        self.message = message

    def static_html(self) -> str:
        return message_html(escape(self.message), "error")


def class_view(folder="class-work", hide_names: bool = True) -> Shown:
    """The class's work from a folder of downloaded work files: per lesson, the polls, the self-checks the class
    found hard, the reflections (names hidden unless you tick "Show names") and the sortings."""
    try:
        return ClassView(read_class_work(folder), hide_names=hide_names)
    except ClassFolderError as err:
        return _Problem(str(err))


# ----- the command --------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.classview",
        description="Read a folder of the students' downloaded work files and write one self-contained HTML page "
                    "with the class's polls, self-checks, reflections and sortings.")
    parser.add_argument("folder", help="the folder holding the diaspora-course-work-*.txt files")
    parser.add_argument("--out", default="build/class-view.html", help="the page to write (default: %(default)s)")
    parser.add_argument("--show-names", action="store_true",
                        help="show the students' names (by default they are 'Student 1, 2, ...')")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        work = read_class_work(args.folder)
    except ClassFolderError as err:
        print(err, file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.resolve().parent == Path(args.folder).resolve():
        print(f"Write the page outside the folder of work files ({args.folder}): choose another --out.",
              file=sys.stderr)
        return 2
    page = standalone_page(work, show_names=args.show_names)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(f"Read {len(work.files_read)} work file(s) ({_students_phrase(len(work.students))}) and skipped "
          f"{len(work.skipped)} in {work.seconds:.2f} s; the page took {time.perf_counter() - started:.2f} s in all. "
          f"Wrote {out} ({len(page) / 1e6:.1f} MB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
