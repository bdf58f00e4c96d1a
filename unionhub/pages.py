"""Small helpers every app's views share: pagination and putting a service's errors on a form."""

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator

from unionhub.params import int_param

PAGE_SIZE = 50


def page_of(
    request, queryset, *, size: int = PAGE_SIZE, param: str = "page", count: int | None = None
) -> Page:
    """One page of a list; a missing or bad page number gives the first or last page, never an error.
    `count`, when the caller knows it (from maintained totals), spares counting the rows."""
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(int_param(request.GET, param, 1))


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, at the field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
