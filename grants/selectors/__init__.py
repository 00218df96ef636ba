"""Reads for grants/, always scoped to the viewer: a selector returns only what that user may
see, so a view that fetches through one can never show another partnership's money."""
