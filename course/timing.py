"""How long a lesson takes a careful non-coder, estimated from what it contains (docs/maintainers.md, "Time").

The model: reading at 180 words a minute, of the lesson's prose and of every prompt, option and explanation a
student reads; a minute to think over each self-check and poll; five minutes to write each reflection; a minute for
each numbered task set before an explorer (at least two), plus what an explorer declares for its own work (a sorter:
half a minute a case); two minutes to start (the first cell, a name). Sections whose heading says "(optional)" and
the Sources list are left out: a 50-minute class can do the core without them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

WORDS_PER_MINUTE = 180
START_MINUTES = 2.0
THINK_MINUTES = 1.0
REFLECTION_MINUTES = 5.0
MIN_EXPLORER_MINUTES = 2.0
CALL = re.compile(r"lesson\.(check|reflect)\(\"([^\"]+)\"\)")
EXPLORER = re.compile(r"\b(\w+_(?:explorer|sorter|lab))\(")
TASK = re.compile(r"^\s*\d+\.\s", re.MULTILINE)
WORD = re.compile(r"[A-Za-z0-9À-ɏԱ-֏]+(?:['’][A-Za-z]+)?")


def words(text: str) -> int:
    """Words a reader reads: citations, Markdown marks and code are not words."""
    text = re.sub(r"\[[a-z0-9]+(?:-[a-z0-9]+)+\]", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return len(WORD.findall(text))


@dataclass
class Estimate:
    reading_words: int = 0
    checks: int = 0
    polls: int = 0
    reflections: int = 0
    explorer_minutes: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def minutes(self) -> float:
        return round(sum(self.parts.values()), 1)


def _is_optional(heading: str) -> bool:
    return "(optional)" in heading.lower() or heading.strip().lower() == "sources"


def core_cells(notebook: dict) -> list[dict]:
    """The cells a student must work through: optional sections (from a "## ... (optional)" heading to the next "##"
    heading) and the Sources section are left out."""
    kept, skipping = [], False
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            headings = [line[3:] for line in source.splitlines() if line.startswith("## ")]
            if headings:
                skipping = _is_optional(headings[0])
        if not skipping:
            kept.append(cell)
    return kept


def estimate(path: Path) -> Estimate:
    """The estimated minutes for one lesson notebook, with the parts they come from."""
    from .explorers import __all__ as explorer_names
    import course.explorers
    from .quiz import load_bank

    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    bank = load_bank()
    result = Estimate()
    question_words = feedback_words = 0
    previous_markdown = ""
    for cell in core_cells(notebook):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            result.reading_words += words(source)
            previous_markdown = source
            continue
        for _, question_id in CALL.findall(source):
            q = bank[question_id]
            question_words += words(q["prompt"]) + sum(words(o["text"]) for o in q.get("options", []))
            if q["kind"] == "choice":
                result.checks += 1
                explanations = sorted((words(o["explanation"]) for o in q["options"]), reverse=True)
                feedback_words += sum(explanations[:2])  # the right answer's and one wrong one's, on average
            elif q["kind"] == "poll":
                result.polls += 1
                feedback_words += sum(words(o["argument"]) for o in q["options"])
            else:
                result.reflections += 1
        for name in EXPLORER.findall(source):
            if name in explorer_names:
                tasks = len(TASK.findall(previous_markdown))
                extra = getattr(getattr(course.explorers, name)(), "effort_minutes", 0.0)
                result.explorer_minutes += max(MIN_EXPLORER_MINUTES, tasks) + extra
    result.parts = {"start": START_MINUTES,
                    "reading the lesson": result.reading_words / WORDS_PER_MINUTE,
                    "reading questions and feedback": (question_words + feedback_words) / WORDS_PER_MINUTE,
                    "thinking over checks and polls": THINK_MINUTES * (result.checks + result.polls),
                    "writing reflections": REFLECTION_MINUTES * result.reflections,
                    "explorer tasks": result.explorer_minutes}
    return result
