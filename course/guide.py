"""Generated documents: the answer key (docs/answer-key.md) and the README's lesson table.

Run `python -m course.guide` after changing data/questions.json or data/lessons.csv; tests fail until you do.
"""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from .data import DATA_DIR, load_table
from .quiz import load_bank

ROOT = DATA_DIR.parent
TABLE_START, TABLE_END = "<!-- lesson-table:start -->", "<!-- lesson-table:end -->"


def repository() -> str:
    """The GitHub 'owner/name' that Binder links point at ([tool.course] in pyproject.toml)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["course"]["repository"]


def binder_link(notebook: str, branch: str = "HEAD") -> str:
    return f"https://mybinder.org/v2/gh/{repository()}/{branch}?urlpath=lab/tree/notebooks/{notebook}"


def readme_lesson_table() -> str:
    rows = ["| Lesson | Open on Binder | Time | Questions it answers |", "|---|---|---|---|"]
    for r in load_table("lessons").itertuples():
        rows.append(f"| {r.lesson_id} {r.title} | [launch]({binder_link(r.notebook)}) | {r.minutes} min | "
                    f"{r.questions} |")
    return "\n".join([TABLE_START, *rows, TABLE_END])


def answer_key_markdown() -> str:
    lessons = load_table("lessons").set_index("lesson_id")
    bank = load_bank()
    lines = ["# Answer key", "",
             "Generated from `data/questions.json` by `python -m course.guide`; do not edit by hand. Every option's",
             "explanation is what the student sees after choosing it. Discussion prompts and timings are in",
             "[the instructor guide](instructor-guide.md).", ""]
    for lesson_id, lesson in lessons.iterrows():
        questions = [q for q in bank.values() if q["lesson"] == lesson_id]
        if not questions:
            continue
        lines += [f"## Lesson {lesson_id}: {lesson['title']}", ""]
        for q in questions:
            lines += [f"### `{q['id']}` ({q['kind']})", "", q["prompt"], ""]
            if q["kind"] == "choice":
                for o in q["options"]:
                    mark = "**Correct:**" if o["correct"] else "Wrong:"
                    lines.append(f"- {mark} {o['text']} — {o['explanation']}")
                lines.append("")
            elif q["kind"] == "poll":
                lines += ["No single right answer; the arguments students see:", ""]
                lines += [f"- {o['text']} — {o['argument']}" for o in q["options"]]
                lines.append("")
            else:
                lines += ["Open reflection; see the guide for what to look for.", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_all() -> None:
    (ROOT / "docs" / "answer-key.md").write_text(answer_key_markdown(), encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.DOTALL)
    if not pattern.search(text):
        sys.exit(f"README.md has no {TABLE_START} ... {TABLE_END} markers to fill.")
    readme.write_text(pattern.sub(lambda _: readme_lesson_table(), text), encoding="utf-8")
    print("wrote docs/answer-key.md and the README lesson table")


if __name__ == "__main__":
    write_all()
