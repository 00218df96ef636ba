from django.core.paginator import Paginator
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class RowsPaginator(Paginator):
    """Counts the queryset as given, and reads the page as `values(*row_fields)`. The count then
    carries no join that only the shown columns need: at 60,000 tranches, counting through the
    joins to the partnership's name took longer than reading the page (docs/performance.md)."""

    row_fields: tuple[str, ...] = ()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list.values(*self.row_fields)[bottom:top]
        return self._get_page(rows, number, self)


def rows_pagination(fields) -> type[PageNumberPagination]:
    """A DRF pagination class whose pages are values() rows of `fields` (see RowsPaginator)."""
    paginator = type("RowsPaginator", (RowsPaginator,), {"row_fields": tuple(fields)})
    return type("RowsPagination", (PageNumberPagination,), {"django_paginator_class": paginator})


def paginate(request, queryset, per_page: int = 25) -> dict:
    """A page of `queryset` and the current filters as a query string, for the pagination links."""
    from django.core.paginator import Paginator

    params = request.GET.copy()
    params.pop("page", None)
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    return {"page": page, "query_string": params.urlencode()}
