"""On PostgreSQL the learning library's search uses the GIN index the migration made (issue 19):
the selector's expression is the indexed one."""

import pytest
from django.db import connection

from reporting.models import LearningNote
from reporting.selectors.learning import learning_search

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_search_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'reporting_learningnote'"
        )
        assert "reporting_learning_search_gin" in {row[0] for row in cursor.fetchall()}
        cursor.execute("SET LOCAL enable_seqscan = off")
        qs = learning_search(LearningNote.objects.all(), text="community fridge")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "reporting_learning_search_gin" in plan, plan
