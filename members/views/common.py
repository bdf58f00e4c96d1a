from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

from unionhub.models import Union

PAGE_SIZE = 50


def page_of(request, queryset, *, size: int = PAGE_SIZE, param: str = "page"):
    return Paginator(queryset, size).get_page(request.GET.get(param))


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, at the field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def system_unions(union):
    """Every union of the tree `union` belongs to (a transfer may go anywhere inside the system)."""
    root = union.path.strip("/").split("/")[0]
    return Union.objects.filter(path__startswith=f"/{root}/")
