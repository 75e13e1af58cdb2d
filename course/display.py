"""Everything a lesson shows has two forms: a live widget in JupyterLab, and HTML and plain text everywhere else.

An object that a lesson cell returns (a question, a reflection, an explorer, the work panel, the Sources list)
subclasses `Shown`. Its `_repr_mimebundle_` gives the front end the widget view and, beside it, static HTML and
plain text of what the widget shows at that moment. JupyterLab renders the widget; nbconvert (without stored
widget state), nbviewer, a GitHub preview, a printed page and a screen reader fall back to the HTML or the text,
which carry every prompt, option, chart (as an image) and summary.
"""
from __future__ import annotations

import html
import os
from html.parser import HTMLParser

from .style import COURSE_CSS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def answers_shown() -> bool:
    """True when static pages should show the answers (the instructor edition of the handouts)."""
    return os.environ.get("COURSE_SHOW_ANSWERS") == "1"


class _TextOf(HTMLParser):
    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "figure", "figcaption", "table", "ol", "ul"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("- ")
        elif tag == "img":
            self.parts.append(f"[Chart: {dict(attrs).get('alt') or 'no description'}]")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable plain text from the course's HTML: paragraphs on lines, list items with dashes, charts described."""
    parser = _TextOf()
    parser.feed(markup)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


class Shown:
    """Something a lesson shows. Subclasses set `self.widget` (or leave it None for static content) and define
    `static_html()`, the same content as HTML that needs no kernel and no JavaScript."""

    widget = None

    def static_html(self) -> str:
        raise NotImplementedError

    def static_text(self) -> str:
        return html_to_text(self.static_html())

    def _repr_mimebundle_(self, include=None, exclude=None):
        body = self.static_html()
        bundle = {"text/html": f'<div class="course-box course-static">{COURSE_CSS}{body}</div>',
                  "text/plain": html_to_text(body)}
        if self.widget is not None:
            # What ipywidgets' own _repr_mimebundle_ gives, without the repr of every child it also builds.
            bundle[WIDGET_VIEW] = {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        return bundle

    def __repr__(self) -> str:
        return self.static_text()


def escape(value) -> str:
    """Text from data or from a student, made safe to put inside HTML."""
    return html.escape(str(value))
