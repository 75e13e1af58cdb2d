"""Explorers: functions that return a widget over a curated table, with a chart that redraws and a summary.

Each returns an `ipywidgets.VBox` with `.controls` (name -> control widget) and `.chart` (a ChartPanel) so that
tests can set a control's value and read what changed. Nothing is displayed on import.
"""
from .names import names_explorer
from .orientation import course_map, sources_explorer
from .soft_power import diaspora_sorter, recognition_explorer
from .timeline import timeline_explorer

__all__ = ["course_map", "diaspora_sorter", "names_explorer", "recognition_explorer", "sources_explorer",
           "timeline_explorer"]
