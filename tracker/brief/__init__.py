"""The weekly board brief: the figures of a view as the Word report a board presents.

``gather`` reads the view's figures exactly as the page does (``tracker.view.read_view``), so
every number matches the screen for the same link; ``map_png`` draws the communes offline;
``write_brief`` lays it all out as a ``.docx`` in the reader's language.
"""

from tracker.brief.document import write_brief
from tracker.view import ViewFigures as BriefFigures
from tracker.view import read_view as gather

__all__ = ["BriefFigures", "gather", "write_brief"]
