import pytest
from django.db import connection


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (real concurrent transactions): run with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>"
        )
