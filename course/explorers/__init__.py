"""Explorers: functions that return an `Explorer` (see kit.py) over the course's tables, with a chart that redraws
and a one-line summary. One module per explorer, named as its function without the `_explorer` ending. Nothing is
displayed on import.
"""
from .claims import claims_explorer
from .criteria_lab import criteria_lab
from .diaspora_sorter import diaspora_sorter
from .engagements import engagements_explorer
from .institutions import institutions_explorer
from .kit import Explorer  # noqa: F401 - the type every explorer returns
from .names import names_explorer
from .recognition import recognition_explorer
from .resolutions import resolutions_explorer
from .sources import sources_explorer
from .timeline import timeline_explorer
from .typology_sorter import typology_sorter
from .vote import vote_explorer

__all__ = ["claims_explorer", "criteria_lab", "diaspora_sorter", "engagements_explorer", "institutions_explorer",
           "names_explorer", "recognition_explorer", "resolutions_explorer", "sources_explorer", "timeline_explorer",
           "typology_sorter", "vote_explorer"]
