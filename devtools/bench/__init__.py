"""The national-size benchmark behind `manage.py bench` (issue 9): its own database, bulk
generation of a synthetic portfolio, in-process measurements against hand-written floors, a
gunicorn load test, and the budgets the product is held to. See docs/performance.md."""
