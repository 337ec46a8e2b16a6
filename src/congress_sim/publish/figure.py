"""The figure every plot is drawn on: matplotlib's, without pyplot, that a notebook shows.

Not pyplot's, it needs no display, is shown once as a cell's value (pyplot shows its own figures
again at the end of the cell) and is freed when let go. matplotlib's inline backend registers how
a notebook shows a figure only once pyplot has made one; until then a figure shows as a line of
text, so this one says how to show itself. Imported only when a figure is made.
"""

from __future__ import annotations

import io

import matplotlib.figure
from matplotlib.backends.backend_agg import FigureCanvasAgg


class Figure(matplotlib.figure.Figure):
    """A ``matplotlib.figure.Figure`` on an Agg canvas (which also measures text for placing labels)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        FigureCanvasAgg(self)

    def _repr_png_(self) -> bytes:
        """The figure in a notebook, as it is saved (where pyplot is in use, its backend shows it instead)."""
        out = io.BytesIO()
        self.savefig(out, format="png")
        return out.getvalue()
