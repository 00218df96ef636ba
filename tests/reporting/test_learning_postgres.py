"""On PostgreSQL the learning library's search ranks over the stored search_vector column, which
the database computes from the note's text on every write and a GIN index covers (issue 19): a
note is found by a stemmed word, and by its new words once it is edited."""

import pytest
from django.db import connection

from grants.models import Theme
from grants.services.plans import themes_ensure
from reporting.models import LearningNote
from reporting.selectors.learning import learning_note_list, learning_search
from reporting.services.learning import NoteInput, learning_note_edit, learning_note_write
from tests.factories import PartnershipFactory, Role, user_with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

INDEX = "reporting_learning_vector_gin"


@pytest.fixture
def writing():
    themes_ensure()
    partnership = PartnershipFactory()
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, partnership)
    reader = user_with_role(Role.TRUSTEE)
    theme = Theme.objects.get(name="Health and wellbeing")
    note = learning_note_write(
        partnership_id=partnership.pk,
        actor=chair,
        note=NoteInput(
            title="Our community fridges",
            tried="Two fridges in the hall, stocked by supermarkets.",
            happened="Volunteers were cleaning them every morning.",
            theme_id=theme.pk,
        ),
    )
    return chair, reader, theme, note


def _found(reader, text: str) -> list[int]:
    return [n.pk for n in learning_search(learning_note_list(viewer=reader), text=text)]


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_search_ranks_over_the_stored_vector_with_its_gin_index(writing):
    _, reader, _, note = writing
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'reporting_learningnote'"
        )
        indexes = {row[0] for row in cursor.fetchall()}
        # The vector stays in the row (not TOAST), so a search does not read it back per note.
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attname = 'search_vector' "
            "AND attrelid = 'reporting_learningnote'::regclass"
        )
        assert cursor.fetchone()[0] == "m"
    assert INDEX in indexes and "reporting_learning_search_gin" not in indexes
    qs = learning_search(learning_note_list(viewer=reader), text="community fridge")
    sql = str(qs.query)
    assert "to_tsvector" not in sql  # no note's text is parsed again at search time
    assert '"search_vector" @@' in sql and 'ts_rank("reporting_learningnote"."search_vector"' in sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert INDEX in _plan(qs)
    assert [n.pk for n in qs] == [note.pk]


def test_a_note_is_found_by_a_stemmed_word(writing):
    _, reader, _, note = writing
    assert _found(reader, "fridge") == [note.pk]  # "fridges" in the title
    assert _found(reader, "cleaned volunteer") == [note.pk]  # "cleaning", "Volunteers"
    assert _found(reader, "supermarket -fridge") == []  # websearch syntax: "not fridge"


def test_an_edited_note_is_found_by_its_new_words_and_not_its_old(writing):
    chair, reader, theme, note = writing
    learning_note_edit(
        note_id=note.pk,
        actor=chair,
        note=NoteInput(
            title="Our community larder",
            tried="A larder in the church porch.",
            happened="Allotment growers gave vegetables.",
            theme_id=theme.pk,
        ),
    )
    assert _found(reader, "allotment vegetable") == [note.pk]
    assert _found(reader, "fridge") == []


def test_notes_written_in_bulk_are_searchable_too(writing):
    """The bench and the generator write with bulk_create: the database computes the vector."""
    chair, reader, theme, note = writing
    [bulk] = LearningNote.objects.bulk_create(
        [
            LearningNote(
                partnership_id=note.partnership_id,
                theme=theme,
                title="Repair café",
                tried="Menders fixed toasters.",
                happened="Fewer went to landfill.",
                search_text="Repair café\nMenders fixed toasters.\nFewer went to landfill.",
                written_by=chair,
            )
        ]
    )
    assert _found(reader, "toaster") == [bulk.pk]
