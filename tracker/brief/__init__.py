"""The weekly board brief: the figures of a view as the Word report a board presents.

``gather`` reads the view's figures with the same functions and parameters the page uses, so
every number matches the screen for the same link; ``map_png`` draws the communes offline;
``write_brief`` lays it all out as a ``.docx`` in the reader's language.
"""

from tracker.brief.document import write_brief
from tracker.brief.figures import BriefFigures, gather

__all__ = ["BriefFigures", "gather", "write_brief"]
