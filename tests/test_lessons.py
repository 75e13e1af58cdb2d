"""Every lesson follows the lesson pattern, cites only known sources, uses only its own questions, and agrees with
the lesson list, the guide and the tables its explorers read."""
from __future__ import annotations

import ast
import json
import re

import pytest

import course.explorers
from course.data import load_table
from course.lesson import CITATION, Lesson
from course.quiz import load_bank
from tests.conftest import NOTEBOOKS, ROOT, lesson_notebooks

MAX_CODE_LINES = 4
REQUIRED_SECTIONS = ("Check your understanding", "Reflect", "Key points", "Sources")
CALL = re.compile(r"lesson\.(check|reflect)\(\"([^\"]+)\"\)")
PARAMETER_NAME = re.compile(r"(first|last)_year|focus_[a-z]+(_[a-z]+)*")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell):
    return "".join(cell["source"])


def explorers_used(path) -> list[str]:
    names = []
    for cell in cells(path):
        if cell["cell_type"] == "code":
            for match in re.finditer(r"from course\.explorers import ([\w, ]+)", text(cell)):
                names += [n.strip() for n in match.group(1).split(",")]
    return names


def parameters(path) -> dict:
    for cell in cells(path):
        if "parameters" in cell["metadata"].get("tags", []):
            tree = ast.parse(text(cell))
            return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body}
    return {}


NOTEBOOK_IDS = [p.name for p in lesson_notebooks()]


def test_lessons_table_and_notebooks_folder_agree():
    listed = set(load_table("lessons")["notebook"])
    assert listed == set(NOTEBOOK_IDS), "every notebook must be in data/lessons.csv and the reverse"


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_notebook_is_stored_clean(name):
    notebook = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "clear outputs before committing"
    assert "widgets" not in notebook["metadata"], "saved widget state: clear it before committing"
    ids = [cell.get("id") for cell in notebook["cells"]]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs an id of its own (nbformat 4.5)"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3", "without a kernelspec, JupyterLab asks for one"


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_notebook_follows_the_lesson_pattern(name):
    notebook = cells(NOTEBOOKS / name)
    markdown = [text(c) for c in notebook if c["cell_type"] == "markdown"]
    headings = [line for m in markdown for line in m.splitlines() if line.startswith("#")]
    h1 = [h for h in headings if re.match(r"# \S", h)]
    assert len(h1) == 1, f"exactly one H1, found {h1}"
    assert h1[0].startswith(f"# Lesson {name[:2]}:")
    first = markdown[0]
    for label in ("Questions this lesson answers", "By the end you will be able to", "Time:", "Builds on"):
        assert label in first, f"the first cell must state {label!r}"
    h2 = [h[3:] for h in headings if h.startswith("## ")]
    for section in REQUIRED_SECTIONS:
        assert any(h.startswith(section) for h in h2), f"missing a '## {section}' section"
    assert h2[-1] == "Sources" and h2[-2] == "Key points", "the lesson ends with Key points, then Sources"


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_the_time_in_the_notebook_is_the_time_in_the_lesson_list(name):
    minutes = int(load_table("lessons").set_index("notebook").loc[name, "minutes"])
    assert f"**Time:** about {minutes} minutes" in text(cells(NOTEBOOKS / name)[0])


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_code_cells_are_short_and_start_the_lesson(name):
    code = [c for c in cells(NOTEBOOKS / name) if c["cell_type"] == "code"]
    for cell in code:
        lines = [line for line in text(cell).splitlines() if line.strip()]
        assert len(lines) <= MAX_CODE_LINES, f"code cell too long for a non-programmer:\n{text(cell)}"
    assert f'Lesson("{name[:2]}")' in text(code[0]) and "lesson.start()" in text(code[0])
    assert any(text(c).strip() == "lesson.sources()" for c in code)


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_citations_are_known_sources(name):
    known = set(load_table("sources")["source_id"])
    for cell in cells(NOTEBOOKS / name):
        if cell["cell_type"] == "markdown":
            unknown = set(CITATION.findall(text(cell))) - known
            assert not unknown, f"cited ids not in data/sources.csv: {unknown}"


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_every_question_of_the_lesson_is_used_once(name):
    lesson_id = name[:2]
    used = [qid for c in cells(NOTEBOOKS / name) if c["cell_type"] == "code" for _, qid in CALL.findall(text(c))]
    in_bank = sorted(q["id"] for q in load_bank().values() if q["lesson"] == lesson_id)
    assert sorted(used) == in_bank, f"each question in data/questions/{lesson_id}.json appears exactly once"
    kinds = [load_bank()[q]["kind"] for q in used]
    assert kinds.count("reflection") >= 2 and kinds.count("choice") >= 1


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_the_lesson_list_names_exactly_the_tables_the_lesson_shows(name):
    """The tables its explorers read, and any its code cells show with load_table("..."): their rows' sources join
    the lesson's Sources list."""
    declared = set()
    for explorer in explorers_used(NOTEBOOKS / name):
        declared |= set(getattr(course.explorers, explorer)().tables)
    for cell in cells(NOTEBOOKS / name):
        if cell["cell_type"] == "code":
            declared |= set(re.findall(r'load_table\("(\w+)"\)', text(cell)))
    listed = load_table("lessons").set_index("notebook").loc[name, "tables"] or []
    assert set(listed) == declared, f"data/lessons.csv lists {sorted(listed)}; the lesson shows {sorted(declared)}"


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_parameters_follow_one_convention_and_have_a_variant_that_is_run(name):
    found = parameters(NOTEBOOKS / name)
    variant = load_table("lessons").set_index("notebook").loc[name, "variant"]
    for parameter in found:
        assert PARAMETER_NAME.fullmatch(parameter), f"{parameter}: use first_year/last_year or focus_<what>"
    if found:
        assert isinstance(variant, str), "give the lesson a variant in data/lessons.csv (tests/test_notebooks.py runs it)"
        assert {pair.split("=")[0] for pair in variant.split("; ")} <= set(found)


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_sources_block_lists_what_the_lesson_cites(name, work_dir):
    lesson = Lesson(name[:2])
    ids = lesson.source_ids()
    assert ids
    block = lesson.sources().static_html()
    for source_id in ids:
        assert f"[{source_id}]" in block


def test_every_lesson_has_instructor_notes():
    for row in load_table("lessons").itertuples():
        assert (ROOT / "docs" / "guide" / f"lesson-{row.lesson_id}.md").exists(), row.lesson_id


def test_generated_documents_are_current():
    from course.guide import answer_key_markdown, guide_markdown, readme_lesson_table
    hint = "run: .venv/bin/python -m course.guide"
    assert (ROOT / "docs" / "answer-key.md").read_text(encoding="utf-8") == answer_key_markdown(), hint
    assert (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8") == guide_markdown(), hint
    assert readme_lesson_table() in (ROOT / "README.md").read_text(encoding="utf-8"), hint


def test_the_guide_holds_no_hand_written_answer_key():
    for path in (ROOT / "docs" / "guide").glob("*.md"):
        assert "Answer key" not in path.read_text(encoding="utf-8"), f"{path.name}: answer keys are generated only"


def test_the_guide_cites_only_known_sources():
    known = set(load_table("sources")["source_id"])
    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    assert not set(CITATION.findall(guide)) - known


NAME_SETS = [("Nagorno-Karabakh", "Artsakh", "Qarabağ"), ("Shusha", "Shushi"), ("Stepanakert", "Khankendi"),
             ("Lachin", "Berdzor"), ("Kalbajar", "Karvachar")]


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_contested_places_get_every_name_at_first_mention(name):
    """CONTENT.md: at a contested place's first mention in a lesson, give its other name(s) close by."""
    prose = "\n".join(text(c) for c in cells(NOTEBOOKS / name) if c["cell_type"] == "markdown")
    for names in NAME_SETS:
        found = [prose.find(n) for n in names if n in prose]
        if not found:
            continue
        first = min(found)
        window = prose[max(0, first - 200): first + 300]
        missing = [n for n in names if n not in window]
        assert not missing, f"first mention of {names[0]} lacks {missing}: ...{window[150:350]}..."


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_every_lesson_opens_with_the_one_action_that_fixes_what_looks_broken(name):
    from course.lesson import TROUBLESHOOTING
    assert text(cells(NOTEBOOKS / name)[1]) == TROUBLESHOOTING


DOCUMENT_NUMBER = re.compile(r"\b[Ss]ource 00[0-3]\b")


def test_the_four_course_documents_are_called_by_their_names_everywhere():
    """Lesson 00 introduces each course document by a name and its number; nothing says "source 001" alone."""
    places = [*NOTEBOOKS.glob("*.ipynb"), *(ROOT / "data" / "questions").glob("*.json"), *(ROOT / "data").glob("*.csv"),
              *(ROOT / "docs" / "guide").glob("*.md")]
    for path in places:
        found = DOCUMENT_NUMBER.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name}: say 'the diaspora essay' etc., not {found[0]!r} (lesson 00's table)"
    first = "".join(text(c) for c in cells(NOTEBOOKS / "00_start_here.ipynb"))
    for name, number in [("the diaspora essay", "000"), ("the Global South analysis", "001"),
                         ("the Modern.az article", "002"), ("Rumyantsev's article", "003")]:
        assert f"**{name}** (document {number})" in first


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_the_stated_time_is_honest(name):
    """docs/maintainers.md, "Time": the estimate from what the lesson contains is within 15% of the stated time,
    and a lesson's core fits a 50-minute class."""
    from course.timing import estimate

    stated = int(load_table("lessons").set_index("notebook").loc[name, "minutes"])
    estimated = estimate(NOTEBOOKS / name)
    assert estimated.minutes <= stated * 1.15, f"estimated {estimated.minutes} min, stated {stated}: {estimated.parts}"
    assert estimated.minutes >= stated * 0.7, f"estimated {estimated.minutes} min, stated {stated}: overstated"
    assert stated <= 45, "more than 45 minutes: split the lesson or move depth into '(optional)' sections"


def test_the_guide_has_each_section_once_and_every_variant_as_a_worked_example():
    from course.guide import variant_command
    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    headings = [line for line in guide.splitlines() if line.startswith("## ")]
    assert len(headings) == len(set(headings)), [h for h in headings if headings.count(h) > 1]
    for row in load_table("lessons").itertuples():
        if isinstance(row.variant, str):
            assert variant_command(row.notebook, row.variant) in guide  # tests/test_notebooks.py runs it


def test_the_readme_offers_hub_links_when_a_hub_is_set():
    from course.guide import readme_lesson_table, repository
    table = readme_lesson_table(hub="hub.example.edu")
    name = repository().split("/")[-1]
    assert "Open on our hub" in table
    assert (f"https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F"
            f"{repository().replace('/', '%2F')}&branch=main&urlpath=lab%2Ftree%2F{name}%2Fnotebooks%2F00_start_here.ipynb"
            ) in table
    assert "Open on our hub" not in readme_lesson_table(hub="")


@pytest.mark.parametrize("name", NOTEBOOK_IDS)
def test_every_lesson_but_the_last_ends_with_a_link_to_the_next(name):
    lessons = load_table("lessons").reset_index(drop=True)
    position = lessons.index[lessons["notebook"] == name][0]
    if position + 1 == len(lessons):
        return
    following = lessons.iloc[position + 1]
    key_points = next(text(c) for c in cells(NOTEBOOKS / name) if text(c).startswith("## Key points"))
    assert f"**Next:** [Lesson {following.lesson_id}: {following.title}]({following.notebook})" in key_points
