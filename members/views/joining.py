"""网上入会: the public page of each union where a worker applies to join (no login)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from members import services
from members.forms import JoinApplicationForm
from unionhub.pages import apply_errors
from unionhub.security import client_ip


@require_http_methods(["GET", "HEAD", "POST"])
def join_apply(request, token):
    """The same answer for every accepted form, whoever the ID number belongs to (services.apply_to_join)."""
    union = services.union_of_join_token(token)
    if union is None:
        raise Http404
    form = JoinApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_to_join(union=union, address=client_ip(request), **form.cleaned_data)
        except services.TooManyApplications:
            return render(request, "members/portal/join_busy.html", {"union": union}, status=429)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "members/portal/join_sent.html", {"union": union})
    return render(request, "members/portal/join_apply.html", {"union": union, "form": form})
