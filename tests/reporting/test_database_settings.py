import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_apps_postgresql_connections_do_not_jit_compile_queries():
    """JIT compilation cost more than the dashboard's short aggregates took to run
    (docs/performance.md); the setting must reach every connection the app opens."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
