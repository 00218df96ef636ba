from django.core.paginator import Paginator
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, but a page size that is not a whole number from 1 to the maximum is
    a 400 saying so (DRF quietly uses the default instead, so a typo goes unnoticed)."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            try:
                size = int(raw)
            except ValueError:
                size = 0
            if not 1 <= size <= self.max_page_size:
                raise ValidationError(
                    {
                        self.page_size_query_param: [
                            f"Give a whole number from 1 to {self.max_page_size}."
                        ]
                    }
                )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


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
