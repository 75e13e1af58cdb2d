"""The work journal: every answer a student gives is saved to a file as they work, and never lost.

One JSON file per lesson in the work folder (default `~/diaspora-course-work`, or `$COURSE_WORK_DIR`), outside the
git checkout so that pulling new lessons never touches it. Rules that protect the student's work:

* a save replaces the file atomically (write a temporary file, then rename), so a crash leaves the old file whole;
* an empty box never replaces saved text (re-running a notebook creates empty boxes before they are refilled);
* every replaced answer is kept in the answer's history;
* a file that cannot be read is moved aside under a new name, never overwritten, and the student is told where;
* restoring a downloaded file first copies the current files into `backups/`.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import json
import os
import re
import shutil
import threading
from pathlib import Path

FORMAT = "diaspora-course-journal"
HISTORY_LIMIT = 20
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def work_dir() -> Path:
    """The folder where answers are saved: $COURSE_WORK_DIR, else ~/diaspora-course-work."""
    return Path(os.environ.get("COURSE_WORK_DIR") or Path.home() / "diaspora-course-work")


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _lock_for(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(path, threading.Lock())


def _write_atomically(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


class Journal:
    """The saved answers of one lesson."""

    def __init__(self, lesson_id: str, folder: Path | None = None):
        self.lesson_id = lesson_id
        self.folder = Path(folder) if folder else work_dir()
        self.path = self.folder / f"lesson-{lesson_id}.json"
        self.problem: str | None = None
        self._lock = _lock_for(self.path)
        self.answers = self._read()

    def _read(self) -> dict:
        """Read the saved answers; move an unreadable file aside and say so in `self.problem`."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
                raise ValueError("no 'answers' section")
            return data["answers"]
        except FileNotFoundError:
            return {}
        except (ValueError, UnicodeDecodeError) as err:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}.json")
            os.replace(self.path, kept)
            self.problem = (f"Your saved answers file {self.path.name} could not be read ({err}). It has been kept, "
                            f"unchanged, as {kept} so nothing is lost; new answers go into a fresh file. "
                            f"Your instructor can help recover text from the kept file.")
            return {}

    def text(self, key: str) -> str:
        """The saved answer for `key`, or an empty string."""
        return self.answers.get(key, {}).get("text", "")

    def save(self, key: str, text: str, prompt: str = "", kind: str = "reflection", **extra) -> bool:
        """Save an answer. Return False (and keep the saved text) when `text` is empty but something is saved."""
        with self._lock:
            on_disk = self._read_quietly()
            self.answers.update({k: v for k, v in on_disk.items() if k not in self.answers
                                 or v.get("saved_at", "") > self.answers[k].get("saved_at", "")})
            previous = self.answers.get(key)
            if not text.strip() and previous and previous.get("text", "").strip():
                return False
            if previous and previous.get("text") == text and all(previous.get(k) == v for k, v in extra.items()):
                return True
            history = list(previous.get("history", [])) if previous else []
            if previous and previous.get("text", "").strip():
                history.append({"text": previous["text"], "saved_at": previous.get("saved_at", "")})
            self.answers[key] = {"kind": kind, "prompt": prompt, "text": text, "saved_at": _now(),
                                 "history": history[-HISTORY_LIMIT:], **extra}
            _write_atomically(self.path, {"format": FORMAT, "version": 1, "lesson": self.lesson_id,
                                          "answers": self.answers})
            return True

    def _read_quietly(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data.get("answers", {}) if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}


class Debouncer:
    """Call `action` once typing has paused for `delay` seconds (immediately when delay is 0)."""

    def __init__(self, action, delay: float = 0.6):
        self.action = action
        self.delay = delay
        self._timer: threading.Timer | None = None
        self._guard = threading.Lock()

    def __call__(self, *args) -> None:
        if self.delay <= 0:
            self.action(*args)
            return
        with self._guard:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.action, args)
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> None:
        """Run a pending call now (used by tests and before a download)."""
        with self._guard:
            timer, self._timer = self._timer, None
        if timer is not None and timer.is_alive():
            timer.cancel()
            timer.function(*timer.args)


# ----- one file with all the work: download and restore -------------------------------------------------------

_JSON_BLOCK = re.compile(r"```json course-work\n(.*?)\n```", re.DOTALL)


def all_journals(folder: Path | None = None) -> dict[str, dict]:
    """Every lesson's saved answers in the work folder, by lesson id (unreadable files are skipped)."""
    folder = Path(folder) if folder else work_dir()
    found = {}
    for path in sorted(folder.glob("lesson-*.json")):
        if ".unreadable-" in path.name:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("answers"), dict):
                found[str(data.get("lesson", path.stem.removeprefix("lesson-")))] = data["answers"]
        except (OSError, ValueError):
            continue
    return found


def export_markdown(folder: Path | None = None, titles: dict[str, str] | None = None) -> str:
    """All saved answers as one Markdown file a person can read; the data itself rides along in a JSON block."""
    journals = all_journals(folder)
    titles = titles or {}
    lines = ["# My work: Diaspora Diplomacy course", "", f"Downloaded {_now()}.", ""]
    if not journals:
        lines += ["No answers saved yet.", ""]
    for lesson_id, answers in sorted(journals.items()):
        lines += [f"## Lesson {lesson_id}: {titles.get(lesson_id, '')}".rstrip(": "), ""]
        for key, answer in answers.items():
            lines += [f"### {answer.get('prompt') or key}", ""]
            text = answer.get("text", "").strip() or "(no answer)"
            if answer.get("kind") == "choice":
                verdict = "correct" if answer.get("correct") else "not correct"
                text = f"Chose: {text} ({verdict})"
            elif answer.get("kind") == "poll":
                text = f"Chose: {text}"
            lines += [text, "", f"*Saved {answer.get('saved_at', '')}*", ""]
    payload = json.dumps({"format": FORMAT, "version": 1, "lessons": journals}, indent=1, ensure_ascii=False)
    lines += ["---", "", "The block below lets the course restore this work. Please leave it as it is.", "",
              "```json course-work", payload, "```", ""]
    return "\n".join(lines)


def download_link_html(folder: Path | None = None, titles: dict[str, str] | None = None,
                       filename: str = "my-diaspora-course-work.md") -> str:
    """An HTML link that downloads the Markdown export through the browser (works on Binder and JupyterHub)."""
    encoded = base64.b64encode(export_markdown(folder, titles).encode("utf-8")).decode("ascii")
    return (f'<a class="course-download" download="{html.escape(filename)}" '
            f'href="data:text/markdown;charset=utf-8;base64,{encoded}" '
            f'style="display:inline-block;padding:4px 12px;border:1px solid #0072B2;border-radius:4px;'
            f'color:#0072B2;text-decoration:none">&#x2B07; Download my work</a>')


class RestoreError(ValueError):
    """The uploaded file is not a course work file; the message says what was expected."""


def restore(content: bytes, folder: Path | None = None) -> str:
    """Merge a downloaded work file back in. For each answer the newer saved text wins; the older one is kept in
    the answer's history, and the current files are first copied into `backups/`. Returns a summary sentence."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise RestoreError("That file is not text. Choose the .md file you downloaded with 'Download my work'.") from None
    match = _JSON_BLOCK.search(text)
    try:
        data = json.loads(match.group(1) if match else text)
        lessons = data["lessons"]
        if data.get("format") != FORMAT or not isinstance(lessons, dict):
            raise KeyError
    except (ValueError, KeyError, TypeError):
        raise RestoreError("That file does not contain saved course work. Choose the file you downloaded with "
                           "'Download my work' (its name starts with my-diaspora-course-work).") from None
    folder = Path(folder) if folder else work_dir()
    existing = sorted(folder.glob("lesson-*.json"))
    if existing:
        backup = folder / "backups" / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup.mkdir(parents=True, exist_ok=True)
        for path in existing:
            shutil.copy2(path, backup / path.name)
    restored = kept = 0
    for lesson_id, answers in lessons.items():
        journal = Journal(str(lesson_id), folder)
        for key, incoming in answers.items():
            mine = journal.answers.get(key)
            if mine and mine.get("text") == incoming.get("text"):
                continue
            if mine and mine.get("saved_at", "") >= incoming.get("saved_at", "") and mine.get("text", "").strip():
                mine.setdefault("history", []).append({"text": incoming.get("text", ""),
                                                       "saved_at": incoming.get("saved_at", "")})
                kept += 1
            else:
                merged = dict(incoming)
                if mine and mine.get("text", "").strip():
                    merged["history"] = list(incoming.get("history", [])) + [
                        {"text": mine["text"], "saved_at": mine.get("saved_at", "")}]
                journal.answers[key] = merged
                restored += 1
        with journal._lock:
            _write_atomically(journal.path, {"format": FORMAT, "version": 1, "lesson": str(lesson_id),
                                             "answers": journal.answers})
    return (f"Restored {restored} answer(s) from the file; kept {kept} newer answer(s) you already had here "
            f"(the older text is in their history). A copy of your previous files is in {folder / 'backups'}.")
