"""The demo for `make run`: each module has an idempotent `seed(*, stdout)`, run in the order of
settings.DEMO_SEEDERS by `manage.py seed_demo`. Everything is made through the real services."""
