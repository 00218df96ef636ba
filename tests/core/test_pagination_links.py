"""GOV.UK pagination: numbered links, the current page marked, and ellipses for the pages left
out, so the current page's label reads white on blue (the old "Page x of y" label, in body text on
the blue current-page background, had a contrast of 3.22:1)."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string

from cwf.core.templatetags.cwf import page_numbers


def _page(number, pages=10):
    return Paginator(range(pages * 5), 5).page(number)


def test_the_first_last_current_and_neighbouring_pages_are_shown():
    assert page_numbers(_page(1)) == [1, 2, None, 10]
    assert page_numbers(_page(5)) == [1, None, 4, 5, 6, None, 10]
    assert page_numbers(_page(10)) == [1, None, 9, 10]
    assert page_numbers(_page(2, pages=3)) == [1, 2, 3]


def test_the_current_page_is_a_link_marked_current():
    html = render_to_string("includes/pagination.html", {"page": _page(5), "query_string": "q=a"})
    assert (
        '<li class="govuk-pagination__item govuk-pagination__item--current"><a class="govuk-link '
        'govuk-pagination__link" href="?q=a&amp;page=5" aria-label="Page 5 of 10" '
        'aria-current="page">5</a></li>'
    ) in html
    assert html.count("govuk-pagination__item--ellipses") == 2
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert '<span class="govuk-body">' not in html
