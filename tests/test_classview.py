"""The class's work in one view (course/classview.py): a folder of 300 generated work files, plus broken and
hostile ones, read into counts equal to what the generator put in; nothing from a file runs or is written.

The generator writes the format of `journal.export_text` directly (a Markdown page with a ```json course-work```
block), with seeded random answers to the real questions of lessons 00-02, so it can say exactly what the class
answered. One test makes a file the way a student does (Question, Reflection, export_text) to keep the two honest.
Run `python -m tests.test_classview` to rewrite instructor/example-class-work/ (three generated files; a test
fails if they drift from the generator).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from course import classview
from course.classview import class_view, read_class_work
from course.data import field_values, load_table
from course.journal import work_file_name
from course.quiz import load_bank
from course.workfile import FORMAT
from tests.conftest import ROOT

LESSONS = ("00", "01", "02")
QUESTIONS = [q for q in load_bank().values() if q["lesson"] in LESSONS]
CASES = list(load_table("diaspora_cases")["case_id"])
STANCES = field_values("diaspora_cases", "stance")
SORTING_KEY = f"02-{classview.SORTER_KEY}"
INSTRUCTOR = ROOT / "instructor"
EXAMPLE = INSTRUCTOR / "example-class-work"
FIRST_NAMES = ["Ani", "Aysel", "Tigran", "Leyla", "Maria", "Kwame", "Sofia", "Arman", "Nigar", "Jonas", "Mei", "Omar"]
LAST_NAMES = ["Petrosyan", "Aliyeva", "Hakobyan", "Mammadov", "Novak", "Mensah", "Rossi", "Karimov", "Lee", "Haddad"]


def work_text(student: str, lessons: dict) -> str:
    """A work file as `journal.export_text` writes it (the readable part shortened)."""
    payload = json.dumps({"format": FORMAT, "version": 2, "student": student, "lessons": lessons}, indent=1,
                         ensure_ascii=False)
    return "\r\n".join([f"# Diaspora Diplomacy course: work of {student}", "", "Downloaded 2026-03-20T10:00:00+04:00.",
                        "", "---", "", "The block below lets the course restore this work. Please leave it as it is.",
                        "", "```json course-work", payload, "```", ""])


@dataclass
class Expected:
    """What the generator put in: the counts the view must find."""
    polls: dict[str, Counter] = field(default_factory=lambda: {q["id"]: Counter() for q in QUESTIONS
                                                               if q["kind"] == "poll"})
    checks: dict[str, list[int]] = field(default_factory=lambda: {q["id"]: [0, 0] for q in QUESTIONS
                                                                  if q["kind"] == "choice"})
    reflections: Counter = field(default_factory=Counter)
    sorted: Counter = field(default_factory=Counter)
    lesson_students: Counter = field(default_factory=Counter)

    def add(self, lessons: dict) -> None:
        for lesson_id, answers in lessons.items():
            self.lesson_students[lesson_id] += 1
            for key, answer in answers.items():
                if answer["kind"] == "poll":
                    self.polls[key][answer["text"]] += 1
                elif answer["kind"] == "choice":
                    verdict = answer.get("first_try_correct", answer["correct"])
                    self.checks[key][0] += verdict
                    self.checks[key][1] += 1
                elif answer["kind"] == "reflection":
                    self.reflections[key] += 1
                else:
                    self.sorted.update(answer["choices"].items())


def stamp(rng: random.Random, day: int = 10) -> str:
    """A saved time in March 2026, in one of the time zones a class might work in."""
    moment = dt.datetime(2026, 3, day, 8, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=rng.randrange(600))
    zone = dt.timezone(dt.timedelta(hours=rng.choice([4, 0, 1, -5])))
    return moment.astimezone(zone).isoformat(timespec="seconds")


def student_answers(rng: random.Random, difficulty: dict[str, float], student: int, keep_first_try: bool = True,
                    day: int = 10) -> dict:
    """One student's answers to lessons 00-02: most questions answered, some lessons skipped."""
    lessons: dict[str, dict] = {}
    for lesson_id in LESSONS:
        if rng.random() < 0.08:
            continue
        answers = {}
        for q in (q for q in QUESTIONS if q["lesson"] == lesson_id):
            if rng.random() < 0.12:
                continue
            when = stamp(rng, day)
            if q["kind"] == "choice":
                right = next(o["text"] for o in q["options"] if o["correct"])
                wrong = [o["text"] for o in q["options"] if not o["correct"]]
                first = rng.random() < difficulty[q["id"]]
                last = first or rng.random() < 0.7
                answer = {"kind": "choice", "prompt": q["prompt"], "text": right if last else rng.choice(wrong),
                          "saved_at": when, "history": [], "correct": last}
                if keep_first_try:
                    answer["first_try_correct"] = first
            elif q["kind"] == "poll":
                weights = [len(q["id"]) % (i + 2) + 1 for i in range(len(q["options"]))]
                text = rng.choices([o["text"] for o in q["options"]], weights)[0]
                answer = {"kind": "poll", "prompt": q["prompt"], "text": text, "saved_at": when, "history": []}
            else:
                words = rng.sample("diaspora lobby homeland voice network recognition council court exile "
                                   "identity memory campaign".split(), 6)
                answer = {"kind": "reflection", "prompt": q["prompt"], "saved_at": when, "history": [],
                          "text": f"Reflection by student {student}: " + " ".join(words) + ".\nA second line."}
            answers[q["id"]] = answer
        if lesson_id == "02" and rng.random() < 0.5:
            choices = {case: rng.choice(STANCES) for case in rng.sample(CASES, rng.randint(1, len(CASES)))}
            answers[SORTING_KEY] = {"kind": "sorting", "prompt": "Sort the diaspora cases", "saved_at": stamp(rng, day),
                                    "history": [], "text": f"Sorted {len(choices)} cases.", "choices": choices}
        if answers:
            lessons[lesson_id] = answers
    return lessons


def make_name(rng: random.Random, number: int) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {number:03d}"


@dataclass
class ClassFolder:
    folder: Path
    expected: Expected
    good: list[str]
    bad: list[str]
    names: list[str]
    outside: Path


def write(path: Path, content) -> str:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path.name


def make_class(base: Path, students: int = 300, seed: int = 13) -> ClassFolder:
    """A folder of `students` generated work files (one student handing in two), plus broken and hostile files."""
    rng = random.Random(seed)
    folder = base / "class-work"
    folder.mkdir(parents=True)
    difficulty = {q["id"]: rng.uniform(0.15, 0.95) for q in QUESTIONS if q["kind"] == "choice"}
    expected, good, names = Expected(), [], []
    for number in range(students):
        name = make_name(rng, number)
        keep_first_try = rng.random() > 0.1 or number == 7  # (a first try is never taken from an older file here)
        lessons = student_answers(rng, difficulty, number, keep_first_try=keep_first_try)
        if number == 7:  # this student hands in two files; for each answer the newer one counts
            older = student_answers(random.Random(99), difficulty, number, day=1)
            keys = sorted((l, k) for l in lessons for k in lessons[l])
            first = {l: {} for l in LESSONS}
            second = {l: {} for l in LESSONS}
            for i, (l, k) in enumerate(keys):
                stale = older.get(l, {}).get(k)
                newest, other = (first, second) if i % 2 else (second, first)
                newest[l][k] = lessons[l][k]
                if stale:
                    other[l][k] = stale
            good.append(write(folder / work_file_name(name + " 2"),
                              work_text(f"  {name.upper()} ", {l: a for l, a in second.items() if a})))
            lessons_written = {l: a for l, a in first.items() if a}
        else:
            lessons_written = lessons
        expected.add(lessons)
        names.append(name)
        good.append(write(folder / work_file_name(name), work_text(name, lessons_written)))

    # Hostile files that are still work files: their text is shown, escaped.
    q_poll = next(q for q in QUESTIONS if q["kind"] == "poll")
    q_reflection = next(q for q in QUESTIONS if q["kind"] == "reflection" and q["lesson"] == "01")
    hostile_name = '<script>alert("name")</script>'
    hostile = {q_poll["lesson"]: {}, q_reflection["lesson"]: {}}
    hostile[q_poll["lesson"]][q_poll["id"]] = {"kind": "poll", "prompt": "<script>alert(3)</script>",
                                               "saved_at": "2026-03-10T10:00:00+00:00",
                                               "text": "<script>alert(3)</script>"}
    hostile[q_reflection["lesson"]][q_reflection["id"]] = {
        "kind": "reflection", "prompt": "x", "saved_at": "2026-03-10T10:00:00+00:00",
        "text": '<img src=x onerror=alert(1)></blockquote><script>alert(2)</script>'}
    good.append(write(folder / "diaspora-course-work-<img src=x onerror=alert(4)>.txt", work_text(hostile_name,
                                                                                                  hostile)))
    expected.lesson_students.update(list(hostile))
    expected.reflections[q_reflection["id"]] += 1
    names.append(hostile_name)
    # Read, with the parts the course does not have left out and named.
    mixed = {"01": {q_reflection["id"]: {"kind": "reflection", "prompt": "x", "saved_at": "2026-03-10T10:00:00Z",
                                         "text": "My own reflection <b onmouseover=alert(6)>bold</b>"}},
             "../../etc": {"00-x": {"kind": "reflection", "text": "passwd"}}, "99": {"99-x": {"text": "?"}}}
    good.append(write(folder / "diaspora-course-work-mixed.txt", work_text("Mixed Lessons Student", mixed)))
    expected.add({"01": mixed["01"]})
    names.append("Mixed Lessons Student")

    # Broken and hostile files: each is skipped and listed with the reason.
    bad = []
    valid = work_text("Valid Elsewhere", {"01": {q_reflection["id"]: mixed["01"][q_reflection["id"]]}})
    bad.append(write(folder / "not-utf8.txt", b"\xff\xfe\x00\x80\x81 not text at all \xc3\x28"))
    bad.append(write(folder / "empty.txt", b""))
    bad.append(write(folder / "truncated.txt", valid[: len(valid) // 2]))
    bad.append(write(folder / "three-megabytes.txt", valid + "x" * 3_000_000))
    depth = 100_000
    bad.append(write(folder / "nested.txt", '```json course-work\n{"format": "diaspora-course-journal", "version": 2, '
                     '"lessons": {"01": ' + "[" * depth + "]" * depth + "}}\n```"))
    bad.append(write(folder / "nan.txt", valid.replace('"saved_at": "2026-03-10T10:00:00Z"', '"saved_at": NaN')))
    bad.append(write(folder / "unknown-lessons.txt", work_text("Only Unknown", {
        "../../etc": {"00-x": {"kind": "reflection", "text": "root", "saved_at": "2026-03-10T10:00:00Z"}},
        "99": {"99-x": {"kind": "reflection", "text": "?", "saved_at": "2026-03-10T10:00:00Z"}}})))
    bad.append(write(folder / "future-version.txt", valid.replace('"version": 2', '"version": 99')))
    bad.append(write(folder / "lessons-a-list.txt", json.dumps({"format": FORMAT, "version": 2, "lessons": []})))
    bad.append(write(folder / "no-answers-yet.txt", work_text("Has Not Started", {})))
    bad.append(write(folder / "notes.docx", b"PK\x03\x04 a word-processor file"))
    bad.append(write(folder / "<img src=x onerror=alert(5)>.txt", "<script>alert(5)</script>"))
    outside = base / "outside" / "diaspora-course-work-elsewhere.txt"
    outside.parent.mkdir()
    outside.write_text(valid, encoding="utf-8")
    (folder / "link-to-outside.txt").symlink_to(outside)
    bad.append("link-to-outside.txt")
    (folder / "sub-folder").mkdir()
    (folder / "sub-folder" / "diaspora-course-work-nested.txt").write_text(valid, encoding="utf-8")
    bad.append("sub-folder")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "a-pipe.txt")
        bad.append("a-pipe.txt")
    return ClassFolder(folder, expected, good, bad, names, outside)


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory) -> ClassFolder:
    return make_class(tmp_path_factory.mktemp("class"))


@pytest.fixture(scope="module")
def work(class_folder):
    started = time.perf_counter()
    read = read_class_work(class_folder.folder)
    print(f"\nRead {len(read.files_read)} work files and skipped {len(read.skipped)} in "
          f"{time.perf_counter() - started:.2f} s")
    return read


def listing(base: Path) -> dict[str, tuple]:
    """Every entry under `base` (links not followed) with its kind, size and modification time."""
    found = {}
    for directory, folders, files in os.walk(base):
        for name in folders + files:
            path = Path(directory) / name
            info = path.lstat()
            found[str(path.relative_to(base))] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


class Tags(HTMLParser):
    """The tags and attributes of a page (the text between them is what escaping protects)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def assert_harmless(page: str) -> None:
    assert "<script" not in page.lower()
    for tag, attrs in tags_of(page):
        assert tag not in {"script", "iframe", "object", "embed", "link", "base", "form", "input"}, tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("src", "href", "action"):
            if name in attrs:
                assert attrs[name].startswith("data:image/png;base64,"), (tag, name, attrs[name][:60])


# ----- reading -------------------------------------------------------------------------------------------------

def test_every_good_file_is_counted_and_every_bad_one_skipped_with_its_reason(class_folder, work):
    assert sorted(work.files_read) == sorted(class_folder.good)
    assert sorted(s.name for s in work.skipped) == sorted(class_folder.bad)
    for skipped in work.skipped:
        assert len(skipped.reason) > 10, skipped
    reasons = {s.name: s.reason for s in work.skipped}
    assert "link" in reasons["link-to-outside.txt"]
    assert "folder" in reasons["sub-folder"]
    assert "MB" in reasons["three-megabytes.txt"]
    assert "not text" in reasons["not-utf8.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "'99'" in reasons["unknown-lessons.txt"] and "'../../etc'" in reasons["unknown-lessons.txt"]
    assert "version" in reasons["future-version.txt"]
    if "a-pipe.txt" in reasons:
        assert "regular file" in reasons["a-pipe.txt"]
    left_out = [part for name, part in work.left_out if name == "diaspora-course-work-mixed.txt"]
    assert any("'99'" in part for part in left_out) and any("'../../etc'" in part for part in left_out)


def test_the_same_student_in_two_files_is_counted_once_with_the_newer_answers(class_folder, work):
    assert len(work.students) == len(class_folder.names) == 302
    assert [len(s.files) for s in work.duplicates] == [2]
    assert work.duplicates[0].name.casefold() == class_folder.names[7].casefold()


def test_poll_counts_and_first_try_shares_equal_what_the_generator_put_in(class_folder, work):
    expected = class_folder.expected
    for lesson_id in LESSONS:
        lesson = work.lessons[lesson_id]
        assert lesson.students == expected.lesson_students[lesson_id], lesson_id
        for poll in lesson.polls:
            q = load_bank()[poll.question_id]
            assert [text for text, _ in poll.counts] == [o["text"] for o in q["options"]], "the file's order"
            assert dict(poll.counts) == {o["text"]: expected.polls[poll.question_id][o["text"]]
                                         for o in q["options"]}
            assert poll.total > 200
        for check in lesson.checks:
            assert [check.right, check.total] == expected.checks[check.question_id], check.question_id
            assert check.from_last > 0, "files without a first try fall back to the last answer"
        for reflection in lesson.reflections:
            assert len(reflection.answers) == expected.reflections[reflection.question_id]
    hostile_poll = next(p for l in work.lessons.values() for p in l.polls
                        if p.question_id == next(q["id"] for q in QUESTIONS if q["kind"] == "poll"))
    assert hostile_poll.other == 1, "an answer that is no option is not counted as one"
    sorting = work.lessons["02"].sortings[0]
    assert sorting.stances == STANCES
    assert {(c.case_id, s): n for c in sorting.cases for s, n in c.counts.items() if n} == +expected.sorted


def test_hardest_self_checks_come_first_and_shares_differ(work):
    checks = [c for c in work.lessons["01"].checks if c.total]
    shares = sorted(c.share for c in checks)
    assert shares[0] < 0.5 < shares[-1]
    _, summary = classview.checks_chart(checks)
    hardest = min(checks, key=lambda c: (c.share, c.question_id))
    assert summary.startswith(f"Hardest: {hardest.question_id}, {round(100 * hardest.share)}% right")


def test_hidden_names_are_numbered_in_a_stable_order(class_folder, work):
    again = read_class_work(class_folder.folder)
    assert [(s.number, s.name) for s in again.students] == [(s.number, s.name) for s in work.students]
    assert [s.number for s in work.students] == list(range(1, len(work.students) + 1))
    assert [s.name for s in work.students] != sorted(s.name for s in work.students), "numbers hint at no name"
    hidden = classview.page_body(work, show_names=False)
    shown = classview.page_body(work, show_names=True)
    for name in class_folder.names:
        assert html.escape(name) not in hidden and html.escape(name.upper()) not in hidden
        # the student with two files is shown by the name in the newer file, here in capitals or not
        assert html.escape(name) in shown or html.escape(name.upper()) in shown
    numbers = {int(n) for n in re.findall(r"<b>Student (\d+)</b>", hidden)}
    assert numbers <= set(range(1, len(work.students) + 1)) and len(numbers) > 250


def test_the_page_is_escaped_self_contained_and_written_only_where_asked(class_folder, tmp_path):
    before = listing(class_folder.folder.parent)
    outside_before = class_folder.outside.read_bytes()
    out = tmp_path / "out" / "class-view.html"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "course.classview", str(class_folder.folder), "--out", str(out),
                           "--show-names"], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    print(f"\nThe command took {time.perf_counter() - started:.2f} s: {done.stdout.strip()}")
    assert done.returncode == 0, done.stderr
    assert re.search(rf"Read {len(class_folder.good)} work file\(s\) \(302 students\) and skipped "
                     rf"{len(class_folder.bad)} in [0-9.]+ s", done.stdout)
    assert listing(class_folder.folder.parent) == before, "nothing in or next to the class folder changed"
    assert class_folder.outside.read_bytes() == outside_before
    assert not list(cwd.iterdir()), "nothing written in the working folder"
    assert [p.name for p in out.parent.iterdir()] == ["class-view.html"]
    page = out.read_text(encoding="utf-8")
    assert_harmless(page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;/blockquote&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    for name in class_folder.bad:
        assert f"<li><code>{html.escape(name)}</code>: " in page, name
    images = re.findall(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{500,}"', page)
    polls = sum(1 for q in QUESTIONS if q["kind"] == "poll")
    assert len(images) == polls + len(LESSONS), "every poll and every lesson's self-checks as a chart"
    figures = re.findall(r'<figure class="course-figure".*?</figure>', page, flags=re.S)
    assert len(figures) == len(images)
    for figure in figures:
        assert re.search(r'alt="[^"]{40,}"', figure) and "What the chart shows:</b>" in figure


def test_the_command_hides_names_by_default_and_says_what_is_wrong(class_folder, tmp_path, capsys):
    out = tmp_path / "page.html"
    assert classview.main([str(class_folder.folder), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert html.escape(class_folder.names[0]) not in page and "<b>Student " in page
    assert classview.main([str(tmp_path / "no-such-folder"), "--out", str(out)]) == 2
    assert "There is no folder" in capsys.readouterr().err
    assert classview.main([str(class_folder.folder), "--out", str(class_folder.folder / "view.html")]) == 2
    assert not (class_folder.folder / "view.html").exists()


def test_the_view_has_a_lesson_drop_down_and_a_show_names_box(class_folder, work):
    view = class_view(class_folder.folder)
    assert isinstance(view, classview.ClassView)
    assert view.show_names.value is False
    assert "application/vnd.jupyter.widget-view+json" in view._repr_mimebundle_()
    assert view.lesson.value == "00"
    view.lesson.value = "02"
    assert "Lesson 02:" in view.body.value and "Lesson 01:" not in view.body.value
    assert "<figure" in view.body.value
    writer = work.lessons["02"].reflections[0].answers[0].student
    name = html.escape(work.students[writer - 1].name)
    assert name not in view.body.value + view.files.value
    view.show_names.value = True
    assert name in view.body.value
    static = view.static_html()
    for lesson_id in LESSONS:
        assert f"Lesson {lesson_id}:" in static
    assert_harmless(static)
    assert_harmless(view._repr_mimebundle_()["text/html"])
    missing = class_view(class_folder.folder / "nope")
    assert "There is no folder" in missing.static_html() and missing.widget is None


def test_a_cap_on_the_number_of_files_is_said(tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(8):
        (folder / f"diaspora-course-work-{i}.txt").write_text(work_text(f"Student {i}", {"00": {
            "00-reflect-warmup": {"kind": "reflection", "text": f"answer {i}", "saved_at": "2026-03-01T10:00:00Z"}}}))
    monkeypatch.setattr(classview, "MAX_FILES", 5)
    capped = read_class_work(folder)
    assert len(capped.files_read) == 5
    assert any("8 entries" in note and "first 5" in note for note in capped.notes)
    assert "8 entries" in classview.overview_html(capped)


def test_a_file_made_the_way_a_student_makes_it_is_read(tmp_path):
    """Question, Reflection and the sorter's save, then Download my work's text: the view finds the first try."""
    from course.journal import Journal, export_text, set_student_name
    from course.quiz import Question, Reflection

    work_dir, folder = tmp_path / "work", tmp_path / "class"
    folder.mkdir()
    set_student_name("Real Path Student", work_dir)
    bank = load_bank()
    journal = Journal("01", work_dir)
    check = Question(bank["01-cohen-types"], journal, seed="abc")
    right = next(o["text"] for o in bank["01-cohen-types"]["options"] if o["correct"])
    check.choices.value = next(o["text"] for o in bank["01-cohen-types"]["options"] if not o["correct"])
    check.choices.value = right
    poll = Question(bank["01-which-name"], journal)
    poll.choices.value = bank["01-which-name"]["options"][2]["text"]
    reflection = Reflection(bank["01-reflect-voice"], journal, delay=0)
    reflection.area.value = "What I think <script>"
    Journal("02", work_dir).save(SORTING_KEY, "Sorted 1 case.", "Sort", kind="sorting", choices={CASES[0]: STANCES[0]})
    (folder / work_file_name("Real Path Student")).write_text(export_text(work_dir), encoding="utf-8")
    read = read_class_work(folder)
    assert not read.skipped and [s.name for s in read.students] == ["Real Path Student"]
    lesson = read.lessons["01"]
    cohen = next(c for c in lesson.checks if c.question_id == "01-cohen-types")
    assert (cohen.right, cohen.total, cohen.right_last, cohen.total_last, cohen.from_last) == (0, 1, 1, 1, 0)
    assert dict(next(p for p in lesson.polls if p.question_id == "01-which-name").counts)[
        bank["01-which-name"]["options"][2]["text"]] == 1
    assert [a.text for r in lesson.reflections for a in r.answers] == ["What I think <script>"]
    assert read.lessons["02"].sortings[0].cases[0].counts[STANCES[0]] == 1


def test_a_newer_file_without_a_first_try_keeps_the_older_first_try(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    base = {"kind": "choice", "prompt": "p", "history": []}
    old = {**base, "text": "a", "saved_at": "2026-03-01T10:00:00+04:00", "correct": False, "first_try_correct": False}
    new = {**base, "text": "b", "saved_at": "2026-03-01T07:00:00+00:00", "correct": True}  # later, in another zone
    (folder / "a.txt").write_text(work_text("Same Name", {"01": {"01-cohen-types": new}}))
    (folder / "b.txt").write_text(work_text("same  name", {"01": {"01-cohen-types": old}}))
    read = read_class_work(folder)
    cohen = next(c for c in read.lessons["01"].checks if c.question_id == "01-cohen-types")
    assert len(read.students) == 1 and read.students[0].files == ["a.txt", "b.txt"]
    assert (cohen.right, cohen.total, cohen.right_last) == (0, 1, 1)


# ----- the instructor notebook and its example folder ---------------------------------------------------------

def example_files() -> dict[str, str]:
    """The three generated files of instructor/example-class-work/: generated, never a real student's."""
    rng = random.Random(2026)
    difficulty = {q["id"]: rng.uniform(0.2, 0.9) for q in QUESTIONS if q["kind"] == "choice"}
    files = {}
    for number, name in enumerate(["Example Student A", "Example Student B", "Example Student C"]):
        files[work_file_name(name)] = work_text(name, student_answers(rng, difficulty, number))
    return files


def test_the_example_folder_holds_generated_files_only():
    """Three made-up students (never real student data), readable by the current course. After changing the
    questions or tables, regenerate them with: .venv/bin/python -m tests.test_classview"""
    assert set(p.name for p in EXAMPLE.iterdir()) == set(example_files())
    read = read_class_work(EXAMPLE)
    assert len(read.files_read) == 3 and not read.skipped
    assert all("work of Example Student" in p.read_text(encoding="utf-8") for p in EXAMPLE.iterdir())


def test_the_instructor_notebook_is_stored_clean_with_a_parameters_cell():
    notebook = json.loads((INSTRUCTOR / "class_view.ipynb").read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    parameters = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1 and re.search(r'^folder = "[^"]+"', "".join(parameters[0]["source"]), flags=re.M)
    default = re.search(r'^folder = "([^"]+)"', "".join(parameters[0]["source"]), flags=re.M).group(1)
    assert (INSTRUCTOR / default).is_dir(), "the default folder exists, so nbval can run the notebook"
    assert any("".join(c["source"]) == "from course.classview import class_view\nclass_view(folder)" for c in code)
    assert "instructor" in (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("testpaths", 1)[1]\
        .split("\n", 1)[0], "pytest collects the notebook (nbval)"


@pytest.mark.slow
def test_the_instructor_notebook_runs_and_shows_the_charts():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(INSTRUCTOR / "class_view.ipynb", as_version=4)
    NotebookClient(notebook, kernel_name="python3", store_widget_state=False, timeout=120,
                   resources={"metadata": {"path": str(INSTRUCTOR)}}).execute()
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "3 students, from 3 work file(s)" in shown and shown.count("<figure") >= 3
    assert_harmless(shown)


if __name__ == "__main__":
    EXAMPLE.mkdir(parents=True, exist_ok=True)
    for old in EXAMPLE.iterdir():
        old.unlink()
    for file_name, text in example_files().items():
        (EXAMPLE / file_name).write_bytes(text.encode("utf-8"))
    print(f"Wrote {len(example_files())} generated files to {EXAMPLE}")
