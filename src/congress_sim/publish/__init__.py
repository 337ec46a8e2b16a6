"""Figures, exports, the HTML report and the JSON Schemas: what a user takes away."""
