"""Small helpers every app's views share: pagination and putting a service's errors on a form."""

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from unionhub.params import int_param

PAGE_SIZE = 50


class OnePassPaginator(Paginator):
    """Reads the page's rows and the number of all rows in one query (`COUNT(*) OVER ()`): a search
    then reads the matching rows once, not twice. Only a page past the end counts on its own."""

    def get_page(self, number) -> Page:
        number = max(number, 1) if isinstance(number, int) else 1
        start = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(rows_in_all=Window(Count("*")))[start : start + self.per_page])
        if not rows:
            return super().get_page(number)
        self.count = rows[0].rows_in_all  # a cached_property: set, it is not computed
        return self._get_page(rows, number, self)


def page_of(
    request,
    queryset,
    *,
    size: int = PAGE_SIZE,
    param: str = "page",
    count: int | None = None,
    one_pass: bool = False,
) -> Page:
    """One page of a list; a missing or bad page number gives the first or last page, never an error.
    `count`, when the caller knows it (from maintained totals), spares counting the rows; `one_pass`
    counts them with the page (a search, whose rows are costly to find twice)."""
    paginator = (OnePassPaginator if one_pass else Paginator)(queryset, size)
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


def next_entry(viewname: str, post, kept: tuple[str, ...]):
    """ "Save and enter the next": back to the empty form with the fields one paper shares with the
    next (the union, the date, the campaign …) as they were typed; `kept_for_next` reads them back."""
    query = {name: post.get(name, "") for name in kept if post.get(name)}
    return redirect(f"{reverse(viewname)}?{urlencode(query)}")


def kept_for_next(get, kept: tuple[str, ...]) -> dict[str, str]:
    """The fields `next_entry` carried over, as the new form's initial values."""
    return {name: get[name][:100] for name in kept if get.get(name)}
