"""Tables that reflow on a phone: each body cell carries its column's header, and the table
keeps its meaning for screen readers when CSS shows its rows as cards."""

from django.template import Context, Template

from cwf.core.tables import reflow_table

# ruff: noqa: E501 (markup as a template writes it)
TABLE = """<table class="govuk-table">
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Partnership</th>
    <th scope="col" class="govuk-table__header">Amount <span class="govuk-visually-hidden">in pounds</span></th>
    <th scope="col" class="govuk-table__header">Residents' share &amp; rules</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Alpha</th><td class="govuk-table__cell">£1</td><td class="govuk-table__cell">Met</td></tr>
    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="2">Beta</td><td class="govuk-table__cell">Not met</td></tr>
  </tbody>
</table>"""


def test_each_body_cell_is_labelled_with_its_columns_header():
    out = reflow_table(TABLE)
    assert (
        '<th scope="row" class="govuk-table__header" role="rowheader" data-label="Partnership">Alpha'
        in out
    )
    assert 'role="cell" data-label="Amount in pounds">£1' in out
    assert 'data-label="Residents&#x27; share &amp; rules">Met' in out
    # A cell spanning two columns is labelled by the first; the next cell by the third column;
    # one across the whole row is a message, with no label.
    assert 'colspan="2" role="cell" data-label="Partnership">Beta' in out
    assert 'data-label="Residents&#x27; share &amp; rules">Not met' in out
    empty = reflow_table(
        TABLE.replace("</tbody>", '<tr><td colspan="3">None yet</td></tr></tbody>')
    )
    assert '<td colspan="3" role="cell">None yet' in empty


def test_the_table_keeps_its_roles_when_its_display_changes():
    out = reflow_table(TABLE)
    assert '<table class="cwf-table--reflow govuk-table" role="table">' in out
    assert '<thead role="rowgroup" class="govuk-table__head">' in out
    assert '<tbody role="rowgroup" class="govuk-table__body">' in out
    assert out.count('<tr role="row"') == 3
    assert out.count('role="columnheader"') == 3


def test_the_template_tag_wraps_a_rendered_table():
    rendered = Template(
        "{% load cwf %}{% reflow %}<table><thead><tr><th>Name</th></tr></thead>"
        "<tbody><tr><td>{{ name }}</td></tr></tbody></table>{% endreflow %}"
    ).render(Context({"name": "<b>Ann</b>"}))
    assert '<td role="cell" data-label="Name">&lt;b&gt;Ann&lt;/b&gt;</td>' in rendered
    assert 'class="cwf-table--reflow"' in rendered
