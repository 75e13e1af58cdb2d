"""Widget constructors that share Layout and Style models between widgets that look alike.

Every ipywidget normally brings its own Layout and Style model, and each model is a separate channel to the
browser: a question box of five widgets opened eleven. Widgets here share one Layout (and one Style) per distinct
look, which more than halves the cost of building a lesson. A shared model is frozen: changing it would change
every widget that shares it, so it raises an error that says what to do instead. The outermost box of everything
a lesson shows has a Layout of its own (`own_layout=True`), so hiding or resizing it touches nothing else.
"""
from __future__ import annotations

import functools

import ipywidgets as widgets


class SharedModelError(AttributeError):
    """A shared Layout or Style was about to be changed."""


def _frozen(model_class: type) -> type:
    class Frozen(model_class):
        _frozen = False

        def __setattr__(self, name, value):
            if self._frozen and name in self.keys and not name.startswith("_"):
                raise SharedModelError(
                    f"This {model_class.__name__} is shared by every widget that looks alike, so changing its "
                    f"{name!r} would change them all. Give the widget its own first: "
                    f"widget.{'layout' if model_class is widgets.Layout else 'style'} = "
                    f"widgets.{model_class.__name__}({name}=...)")
            super().__setattr__(name, value)

    Frozen.__name__ = Frozen.__qualname__ = f"Shared{model_class.__name__}"
    return Frozen


_FROZEN: dict[type, type] = {}


def _freeze(model):
    model._frozen = True
    return model


@functools.cache
def _layout(items: tuple) -> widgets.Layout:
    cls = _FROZEN.setdefault(widgets.Layout, _frozen(widgets.Layout))
    return _freeze(cls(**dict(items)))


@functools.cache
def _style(style_class: type, items: tuple):
    cls = _FROZEN.setdefault(style_class, _frozen(style_class))
    return _freeze(cls(**dict(items)))


def make(widget_class: type, *, layout: dict | None = None, style: dict | None = None, own_layout: bool = False,
         **kwargs):
    """Create `widget_class(**kwargs)` with a shared Layout built from `layout` and a shared Style from `style`.

    With `own_layout`, the widget gets a Layout of its own that may be changed later."""
    items = tuple(sorted((layout or {}).items()))
    kwargs["layout"] = widgets.Layout(**dict(items)) if own_layout else _layout(items)
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
