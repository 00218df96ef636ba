from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def paginate(request, queryset, per_page: int = 25) -> dict:
    """A page of `queryset` and the current filters as a query string, for the pagination links."""
    from django.core.paginator import Paginator

    params = request.GET.copy()
    params.pop("page", None)
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    return {"page": page, "query_string": params.urlencode()}
