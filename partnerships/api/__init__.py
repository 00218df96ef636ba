"""The partnerships app's read-only API, under /api/v1/."""
