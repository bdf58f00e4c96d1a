"""Security plumbing that Django 5.2 does not ship: the Content Security Policy header,
the client address and the page of the login lockout, and a Chinese page for a refused CSRF check.

The policy lives in `settings.SECURE_CSP` with the same shape as Django 6's setting of that
name (directive -> list of sources), so an upgrade can swap this middleware for Django's own.
"""

import re

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

CSP_HEADER = "Content-Security-Policy"


def build_policy(policy: dict[str, list[str]]) -> str:
    """The header value: `directive source source; directive …` in the order given."""
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Sends the Content Security Policy on every response that does not already carry one.

    Pages pass it because they load scripts and styles from static files only: no inline
    `<script>`, no `style=` attribute, no `on…=` handler. Django's own debug pages (DEBUG on,
    404 and 500) rely on inline styles, so they are left without the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        if not getattr(settings, "SECURE_CSP", None):
            raise ImproperlyConfigured("ContentSecurityPolicyMiddleware needs settings.SECURE_CSP.")
        self.header = build_policy(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        if CSP_HEADER not in response:
            response[CSP_HEADER] = self.header
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The address a login attempt is counted against (settings.AXES_CLIENT_IP_CALLABLE).

    Behind `TRUSTED_PROXY_COUNT` reverse proxies the client is the entry that many places from the
    right of X-Forwarded-For (the entries further left are whatever the client chose to send), read
    only when the request comes from one of `TRUSTED_PROXY_ADDRESSES`. Without proxies, or from any
    other peer (a client reaching gunicorn directly), the header is ignored: a client could otherwise
    pick a fresh address per attempt.
    """
    peer = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies and peer in settings.TRUSTED_PROXY_ADDRESSES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return peer


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a page in Chinese that tells the user what to do."""
    template = loader.get_template("registration/csrf_failure.html")
    return HttpResponseForbidden(template.render({"reason": reason}, request))


class LoginThrottle(AxesDatabaseHandler):
    """settings.AXES_HANDLER: two counts of failed logins in the cool-off time.

    - one username from one address: AXES_FAILURE_LIMIT (5) locks that pair;
    - one address, whatever the usernames (password spraying): AXES_ADDRESS_FAILURE_LIMIT (20) locks
      the address, higher because an office's colleagues share one address behind its router.

    django-axes compares one figure with one limit, the largest count of its AXES_LOCKOUT_PARAMETERS
    (the pair first, then the address): the address's count is scaled onto the pair's limit here.
    """

    def counts(self, request, credentials=None) -> tuple[int, int]:
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return pair, address

    def get_failures(self, request, credentials=None) -> int:
        pair, address = self.counts(request, credentials)
        return max(pair, address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A good login forgives that username's failures from that address, not the address's others
        (else one known password would reset a spraying count)."""
        pair_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair_attempts.delete()
        return count


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every response to a signed-in user (static files aside).

    Member pages, hardship files, the ledger and the unmasked exports carry ID numbers, incomes and
    households: no browser cache, proxy or "back" button may keep a copy once the officer has gone.
    One rule for every signed-in response, so a new page cannot forget it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.static):
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
            response.headers.pop("Last-Modified", None)
        return response


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """settings.AXES_LOCKOUT_CALLABLE: the Chinese lockout page, answered with 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    pair, address = LoginThrottle().counts(request, credentials)
    context = {
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_locked": pair < settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.AXES_ADDRESS_FAILURE_LIMIT,
        "minutes": minutes,
    }
    return render(request, "registration/lockout.html", context, status=429)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator with its refusal in Chinese (Django 5.2's own catalogue lacks it)."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}


class GuessablePasswordValidator:
    """Refuses the passwords a guesser tries first (settings.AUTH_PASSWORD_VALIDATORS):

    - one that contains the site's or the trade's words (`gonghui`, `union`, `password`, `mima` …);
    - one made of a single word or pinyin and a number, in either order, whatever the case and the
      punctuation around them: `gonghui2025`, `Zhangsan1990!`, `2026Beijing`.
    """

    WORDS = ("gonghui", "union", "password", "passwd", "mima", "admin", "qwerty", "zhonghua")

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        word = next((word for word in self.WORDS if word in lowered), None)
        if word:
            raise ValidationError(
                _("密码不能包含“%(word)s”这样容易被猜到的词。") % {"word": word},
                code="password_guessable_word",
            )
        letters_and_digits = re.sub(r"[^0-9a-z]", "", lowered)
        if re.fullmatch(r"[a-z]+[0-9]+|[0-9]+[a-z]+", letters_and_digits):
            raise ValidationError(
                _("密码不能只是一个单词或拼音加上年份或数字（如 gonghui2025），请混合字母、数字和符号。"),
                code="password_word_and_number",
            )

    def get_help_text(self) -> str:
        return _("密码不能是一个单词或拼音加上年份或数字，也不能包含 gonghui、union、password 等常见词。")
