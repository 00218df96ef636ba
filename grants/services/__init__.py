"""Writes: every change to money or status in grants/ is a function in one of these modules."""
