"""Widget constructors that share Layout and Style models between widgets that look alike.

Every ipywidget normally brings its own Layout and Style model, and each model is a separate channel to the
browser: a question box of five widgets opened eleven. Widgets here share one Layout (and one Style) per distinct
look, which more than halves the cost of building a lesson. Shared models must never be changed in place.
"""
from __future__ import annotations

import functools

import ipywidgets as widgets


@functools.cache
def _layout(items: tuple) -> widgets.Layout:
    return widgets.Layout(**dict(items))


@functools.cache
def _style(style_class: type, items: tuple):
    return style_class(**dict(items))


def make(widget_class: type, *, layout: dict | None = None, style: dict | None = None, **kwargs):
    """Create `widget_class(**kwargs)` with a shared Layout built from `layout` and a shared Style from `style`."""
    kwargs["layout"] = _layout(tuple(sorted((layout or {}).items())))
    style_trait = widget_class.class_traits().get("style")
    if style_trait is not None:
        kwargs["style"] = _style(style_trait.klass, tuple(sorted((style or {}).items())))
    return widget_class(**kwargs)


def HTML(value: str = "", **kwargs) -> widgets.HTML:  # noqa: N802 - named like the widget it makes
    return make(widgets.HTML, value=value, **kwargs)


def VBox(children=(), **kwargs) -> widgets.VBox:  # noqa: N802
    return make(widgets.VBox, children=list(children), **kwargs)


def HBox(children=(), **kwargs) -> widgets.HBox:  # noqa: N802
    return make(widgets.HBox, children=list(children), **kwargs)
