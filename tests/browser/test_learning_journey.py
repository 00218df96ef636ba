"""Issue 19's "Done when" journey in a real browser, phone-sized, without JavaScript: a chair in
one partnership searches the learning library for "community fridge", finds another
partnership's note, and sends a question; it reaches the other chair's notifications, the other
chair answers from the question's page, the answer reaches the asker's notifications, and no
e-mail address is shown either way or mailed to the other side."""

import pytest
from django.core import mail

from grants.models import Theme
from grants.services.plans import themes_ensure
from reporting.models import Notification
from reporting.services.learning import NoteInput, learning_note_write
from tests.factories import PartnershipFactory, Role, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASKER_EMAIL = "ada.chair@ashfield.example"
WRITER_EMAIL = "bea.chair@brookside.example"


def test_a_chair_finds_another_partnerships_note_and_asks_its_chair(page_as):
    themes_ensure()
    ashfield = PartnershipFactory(name="Ashfield Partnership")
    brookside = PartnershipFactory(name="Brookside Partnership")
    asker = user_with_role(Role.PARTNERSHIP_CHAIR, ashfield, email=ASKER_EMAIL, full_name="Ada")
    writer = user_with_role(Role.PARTNERSHIP_CHAIR, brookside, email=WRITER_EMAIL, full_name="Bea")
    learning_note_write(
        partnership_id=brookside.pk,
        actor=writer,
        note=NoteInput(
            title="A community fridge in the welfare hall",
            tried="A community fridge stocked by two supermarkets.",
            happened="Forty households a week use it.",
            theme_id=Theme.objects.get(name="Health and wellbeing").pk,
        ),
    )
    mail.outbox.clear()

    page = page_as(asker)
    page.goto("/learning/")
    page.fill("#id_q", "community fridge")
    page.click("button:has-text('Search')")
    page.wait_for_selector("text=1 note found")
    page.click("text=A community fridge in the welfare hall")
    page.wait_for_selector("h1:has-text('A community fridge in the welfare hall')")
    assert "Brookside Partnership" in page.content()
    assert WRITER_EMAIL not in page.content()
    page.fill("#id_body", "How did you persuade the supermarkets to take part?")
    page.click("button:has-text('Send the question')")
    page.wait_for_selector("text=Your question has been sent to Brookside Partnership's chair")
    assert WRITER_EMAIL not in page.content()

    notice = Notification.objects.get(recipient=writer, kind=Notification.Kind.QUESTION)
    assert ASKER_EMAIL not in notice.body
    inbox = page_as(writer)
    inbox.goto("/reports/notifications/")
    inbox.wait_for_selector("text=How did you persuade the supermarkets to take part?")
    assert "Ada, of Ashfield Partnership" in inbox.content()
    assert ASKER_EMAIL not in inbox.content()
    # The writer answers from the question's page, which the notification opens.
    inbox.click("a:has-text('Open it')")
    inbox.wait_for_selector("h1:has-text('A question about this note')")
    inbox.fill("#id_body", "We asked their community champions first.")
    inbox.click("button:has-text('Send the answer')")
    inbox.wait_for_selector("text=Your answer has been sent")
    assert ASKER_EMAIL not in inbox.content()
    page.goto("/reports/notifications/")
    page.wait_for_selector("text=We asked their community champions first.")
    assert "Bea, chair of Brookside Partnership" in page.content()
    assert WRITER_EMAIL not in page.content()
    # Each is e-mailed at their own address only; no message carries either address in its text.
    for message in mail.outbox:
        assert message.to in ([WRITER_EMAIL], [ASKER_EMAIL])
        assert WRITER_EMAIL not in message.body and ASKER_EMAIL not in message.body
