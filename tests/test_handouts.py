"""`make handouts`: a lesson becomes one offline HTML page (and an instructor edition) that shows every prompt, option
and chart with no kernel, no JavaScript and no network."""
from __future__ import annotations

import html

import pytest

from course.quiz import load_bank
from tests.conftest import NOTEBOOKS
from tests.labserver import chromium, missing_browser

pytestmark = pytest.mark.slow
LESSON = "00_start_here.ipynb"


@pytest.fixture(scope="module")
def pages():
    from course.handouts import build

    return {edition: build(NOTEBOOKS / LESSON, instructor=edition == "instructor") for edition in ("student", "instructor")}


def test_a_handout_holds_every_prompt_option_and_chart_and_no_script(pages):
    student, instructor = pages["student"], pages["instructor"]
    for page in (student, instructor):
        text = html.unescape(page)
        assert "<script" not in page.lower()
        for q in (q for q in load_bank().values() if q["lesson"] == LESSON[:2]):
            assert q["prompt"] in text
            assert all(o["text"] in text for o in q.get("options", []))
        assert page.count('class="course-figure"') >= 1 and "What the chart shows:" in page
        assert "lesson.start()" not in page, "code cells are left out of a handout"
    choices = [q for q in load_bank().values() if q["lesson"] == LESSON[:2] and q["kind"] == "choice"]
    assert instructor.count("<b>Correct.</b>") == len(choices) and "<b>Correct.</b>" not in student
    if any(q.get("teaching_note") for q in load_bank().values() if q["lesson"] == LESSON[:2] and q["kind"] == "reflection"):
        assert "Teaching note:" in instructor
    assert "Teaching note:" not in student


def test_a_handout_reads_in_a_browser_with_the_network_blocked(pages, tmp_path):
    missing = missing_browser()
    if missing:
        pytest.skip(missing)
    path = tmp_path / "handout.html"
    path.write_text(pages["student"], encoding="utf-8")
    requests = []
    with chromium() as browser:
        page = browser.new_page()
        page.route("**/*", lambda route: (requests.append(route.request.url), route.abort())
                   if not route.request.url.startswith(("file:", "data:")) else route.continue_())
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate("() => [...document.images].map(img => [img.complete, img.naturalWidth])")
        page.close()
    assert images and all(complete and width > 0 for complete, width in images), images
    assert requests == [], f"the handout tried to reach the network: {requests[:5]}"
