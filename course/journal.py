"""The work journal: every answer a student gives is saved to a file as they work, and never lost.

One JSON file per lesson in the work folder (default `~/diaspora-course-work`, or `$COURSE_WORK_DIR`), outside the
git checkout so that pulling new lessons never touches it, plus `student.json` with the name the student gave.
Rules that protect the student's work:

* a save replaces the file atomically (write a temporary file, then rename), so a crash leaves the old file whole;
* an empty box never replaces saved text (re-running a notebook creates empty boxes before they are refilled);
* every replaced answer is kept in the answer's history;
* saved times are compared as times, so work saved on a server in one time zone and restored in another keeps
  the newer answer;
* a file that cannot be read is moved aside under a new name, never overwritten, and the student is told where;
* restoring a downloaded file first copies the current files into `backups/`, and reads the file as untrusted
  input (see workfile.py): only known lessons, only the course's fields, only inside the work folder.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import json
import os
import re
import secrets
import shutil
import threading
import unicodedata
from pathlib import Path

from .workfile import FORMAT, HISTORY_LIMIT, MAX_NAME_CHARS, LESSON_ID, WorkFileError, clean_answers, newer, \
    parse_work_file

VERSION = 2
RestoreError = WorkFileError  # the name the lessons' restore control used first
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def work_dir() -> Path:
    """The folder where answers are saved: $COURSE_WORK_DIR, else ~/diaspora-course-work."""
    return Path(os.environ.get("COURSE_WORK_DIR") or Path.home() / "diaspora-course-work")


def now() -> str:
    """The current time, with its offset from UTC, as saved with every answer."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _lock_for(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(path, threading.Lock())


def _write_atomically(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _journal_path(folder: Path, lesson_id: str) -> Path:
    if not (isinstance(lesson_id, str) and LESSON_ID.fullmatch(lesson_id)):
        raise ValueError(f"A lesson id is two digits such as '01', not {lesson_id!r}.")
    return folder / f"lesson-{lesson_id}.json"


class Journal:
    """The saved answers of one lesson."""

    def __init__(self, lesson_id: str, folder: Path | None = None):
        self.lesson_id = lesson_id
        self.folder = Path(folder) if folder else work_dir()
        self.path = _journal_path(self.folder, lesson_id)
        self.problem: str | None = None
        self._lock = _lock_for(self.path)
        self.answers = self._read()

    def _read(self) -> dict:
        """Read the saved answers; move an unreadable file aside and say so in `self.problem`."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
                raise ValueError("no 'answers' section")
            skipped: list[str] = []
            return clean_answers(data["answers"], self.lesson_id, skipped)
        except FileNotFoundError:
            return {}
        except (ValueError, UnicodeDecodeError, RecursionError) as err:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}.json")
            os.replace(self.path, kept)
            self.problem = (f"Your saved answers file {self.path.name} could not be read ({str(err)[:200]}). It has "
                            f"been kept, unchanged, as {kept} so nothing is lost; new answers go into a fresh file. "
                            f"Your instructor can help recover text from the kept file.")
            return {}

    def text(self, key: str) -> str:
        """The saved answer for `key`, or an empty string."""
        return self.answers.get(key, {}).get("text", "")

    def save(self, key: str, text: str, prompt: str = "", kind: str = "reflection", **extra) -> bool:
        """Save an answer. Return False (and keep the saved text) when `text` is empty but something is saved."""
        with self._lock:
            self._merge_from_disk()
            previous = self.answers.get(key)
            if not text.strip() and previous and previous.get("text", "").strip():
                return False
            if previous and previous.get("text") == text and all(previous.get(k) == v for k, v in extra.items()):
                return True
            history = list(previous.get("history", [])) if previous else []
            if previous and previous.get("text", "").strip():
                history.append({"text": previous["text"], "saved_at": previous.get("saved_at", "")})
            kept = {k: previous[k] for k in ("first_try_correct",) if previous and k in previous}
            self.answers[key] = {"kind": kind, "prompt": prompt, "text": text, "saved_at": now(),
                                 "history": history[-HISTORY_LIMIT:], **kept, **extra}
            self._write()
            return True

    def _merge_from_disk(self) -> None:
        """Take in answers saved meanwhile by another notebook or kernel: for each, the newer one wins."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            on_disk = clean_answers(data.get("answers", {}), self.lesson_id, []) if isinstance(data, dict) else {}
        except (OSError, ValueError, RecursionError):
            return
        for key, answer in on_disk.items():
            if key not in self.answers or newer(answer["saved_at"], self.answers[key].get("saved_at", "")):
                self.answers[key] = answer

    def _write(self) -> None:
        _write_atomically(self.path, {"format": FORMAT, "version": VERSION, "lesson": self.lesson_id,
                                      "answers": self.answers})


class Debouncer:
    """Call `action` once typing has paused for `delay` seconds (immediately when delay is 0).

    `timer` makes the timer (threading.Timer by default); tests pass one they can fire by hand.
    """

    def __init__(self, action, delay: float = 0.6, timer=threading.Timer):
        self.action = action
        self.delay = delay
        self._make_timer = timer
        self._timer = None
        self._guard = threading.Lock()

    def __call__(self, *args) -> None:
        if self.delay <= 0:
            self.action(*args)
            return
        with self._guard:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = self._make_timer(self.delay, self._fire, args)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self, *args) -> None:
        with self._guard:
            self._timer = None
        self.action(*args)

    def flush(self) -> None:
        """Run a pending call now (used by tests and before a download)."""
        with self._guard:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            self.action(*timer.args)


# ----- the student's name --------------------------------------------------------------------------------------

def _profile_path(folder: Path | None = None) -> Path:
    return (Path(folder) if folder else work_dir()) / "student.json"


def _profile(folder: Path | None = None) -> dict:
    try:
        data = json.loads(_profile_path(folder).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, RecursionError):
        return {}


def student_name(folder: Path | None = None) -> str:
    """The name or student number the student gave, or an empty string."""
    name = _profile(folder).get("name", "")
    return name if isinstance(name, str) else ""


def clean_name(name: str) -> str:
    """A name as the course keeps it: one line, no control characters, at most MAX_NAME_CHARS characters."""
    printable = "".join(" " if ch.isspace() else ch for ch in str(name) if ch.isspace()
                        or unicodedata.category(ch)[0] != "C")
    return " ".join(printable.split())[:MAX_NAME_CHARS]


def set_student_name(name: str, folder: Path | None = None) -> str:
    """Keep the student's name (cleaned); return it as kept."""
    profile = _profile(folder)
    profile["name"] = clean_name(name)
    profile.setdefault("seed", secrets.token_hex(8))
    _write_atomically(_profile_path(folder), profile)
    return profile["name"]


def student_seed(folder: Path | None = None) -> str:
    """A random value kept per student: it sets the order of answer options, the same at every run."""
    profile = _profile(folder)
    seed = profile.get("seed")
    if isinstance(seed, str) and re.fullmatch(r"[0-9a-f]{16}", seed):
        return seed
    profile["seed"] = secrets.token_hex(8)
    try:
        _write_atomically(_profile_path(folder), profile)
    except OSError:
        pass  # a read-only folder: the order is then stable only for this session
    return profile["seed"]


def work_file_name(name: str) -> str:
    """The downloaded file's name: diaspora-course-work-<name>.txt, with the name in plain letters and hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40]
    return f"diaspora-course-work-{slug or 'unnamed'}.txt"


# ----- one file with all the work: download and restore -------------------------------------------------------

def all_journals(folder: Path | None = None) -> dict[str, dict]:
    """Every lesson's saved answers in the work folder, by lesson id (unreadable files are skipped)."""
    folder = Path(folder) if folder else work_dir()
    found = {}
    for path in sorted(folder.glob("lesson-*.json")):
        lesson_id = path.stem.removeprefix("lesson-")
        if not LESSON_ID.fullmatch(lesson_id):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            continue
        if isinstance(data, dict):
            answers = clean_answers(data.get("answers"), lesson_id, [])
            if answers:
                found[lesson_id] = answers
    return found


def _answer_line(answer: dict) -> str:
    text = answer.get("text", "").strip() or "(no answer)"
    if answer.get("kind") == "choice":
        return f"Chose: {text} ({'correct' if answer.get('correct') else 'not correct'})"
    if answer.get("kind") == "poll":
        return f"Chose: {text}"
    return text


def export_text(folder: Path | None = None, titles: dict[str, str] | None = None) -> str:
    """All saved answers as one text file a person can read (Markdown); the data rides along in a JSON block."""
    journals = all_journals(folder)
    titles = titles or {}
    name = student_name(folder)
    lines = [f"# Diaspora Diplomacy course: work of {name or '(no name given)'}", "",
             f"Downloaded {now()}.", ""]
    if not journals:
        lines += ["No answers saved yet.", ""]
    for lesson_id, answers in sorted(journals.items()):
        lines += [f"## Lesson {lesson_id}: {titles.get(lesson_id, '')}".rstrip(": "), ""]
        for key, answer in answers.items():
            lines += [f"### {answer.get('prompt') or key}", "", _answer_line(answer), "",
                      f"*Saved {answer.get('saved_at', '')}*", ""]
    payload = json.dumps({"format": FORMAT, "version": VERSION, "student": name, "lessons": journals}, indent=1,
                         ensure_ascii=False)
    lines += ["---", "", "The block below lets the course restore this work. Please leave it as it is.", "",
              "```json course-work", payload, "```", ""]
    return "\r\n".join(lines)


def download_link_html(folder: Path | None = None, titles: dict[str, str] | None = None) -> str:
    """A link that saves the work file through the browser (works on Binder and JupyterHub), and a line that
    confirms the download once it is clicked. Build it only when the student asks: it carries every answer."""
    name = work_file_name(student_name(folder))
    encoded = base64.b64encode(export_text(folder, titles).encode("utf-8")).decode("ascii")
    done = ("this.parentNode.querySelector('.course-download-done').hidden=false")
    return (f'<span class="course-download-box"><a class="course-download" download="{html.escape(name)}" '
            f'href="data:text/plain;charset=utf-8;base64,{encoded}" onclick="{done}">'
            f'&#x2B07; Save {html.escape(name)}</a> (your answers up to {now()[11:16]}) '
            f'<span class="course-download-done" hidden>Your browser is saving <b>{html.escape(name)}</b> '
            f'(usually into your <b>Downloads</b> folder; some browsers ask where). Keep it: hand it in if your '
            f'instructor asks, and use <b>Restore my work</b> with it next time.</span></span>')


def restore(content: bytes, known_lessons, folder: Path | None = None) -> str:
    """Merge a downloaded work file back in. For each answer the newer saved text wins; the older one is kept in
    the answer's history, and the current files are first copied into `backups/`. Returns a summary sentence.

    The file is untrusted: parse_work_file() keeps only known lessons and the course's fields, and every file
    written is a lesson file inside the work folder."""
    work = parse_work_file(content, known_lessons)
    if not work.lessons:
        raise WorkFileError("That work file holds no answers this course can use"
                            + (f" (left out: {'; '.join(work.skipped[:5])})." if work.skipped else "."))
    folder = Path(folder) if folder else work_dir()
    existing = sorted(folder.glob("lesson-*.json"))
    if existing:
        backup = folder / "backups" / dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup.mkdir(parents=True, exist_ok=True)
        for path in existing:
            shutil.copy2(path, backup / path.name)
    restored = kept = 0
    for lesson_id, answers in work.lessons.items():
        journal = Journal(lesson_id, folder)
        with journal._lock:
            for key, incoming in answers.items():
                mine = journal.answers.get(key)
                if mine and mine.get("text") == incoming.get("text"):
                    continue
                if mine and mine.get("text", "").strip() and not newer(incoming["saved_at"], mine.get("saved_at", "")):
                    mine.setdefault("history", []).append({"text": incoming["text"],
                                                           "saved_at": incoming["saved_at"]})
                    mine["history"] = mine["history"][-HISTORY_LIMIT:]
                    kept += 1
                else:
                    merged = dict(incoming)
                    if mine and mine.get("text", "").strip():
                        merged["history"] = (incoming["history"] + [{"text": mine["text"],
                                                                     "saved_at": mine.get("saved_at", "")}]
                                             )[-HISTORY_LIMIT:]
                    journal.answers[key] = merged
                    restored += 1
            journal._write()
    if work.student and not student_name(folder):
        set_student_name(work.student, folder)
    if restored == kept == 0:
        summary = "Everything in the file is already here: nothing needed restoring."
    else:
        summary = (f"Restored {restored} answer(s) from the file; kept {kept} newer answer(s) you already had here "
                   f"(the older text is in their history).")
    if existing:
        summary += f" A copy of your previous files is in {folder / 'backups'}."
    if work.skipped:
        summary += f" Left out {len(work.skipped)} part(s) the course could not use: {'; '.join(work.skipped[:3])}."
    return summary
