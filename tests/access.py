"""The URL access matrix: every URL of the project, walked by every kind of visitor.

Each app lists its URLs in `tests/<app>/access_cases.py` as `CASES`. The walker in
`tests/test_url_access.py` fails when a URL has no case, so a new view cannot ship unchecked.
What each visitor should get is derived from the view's area and write rule (unionhub.access):

- anonymous: redirected to the login page (public URLs excepted);
- an officer of union A: the page if the role may read the area (and write, for form pages),
  403 otherwise;
- B's secretary (a sibling union): 404 for a record of union A, the page for a list;
- the chair of the system union above A and B: the page for any readable area;
- a member's own login (no role; `world.member_user`, a member of A): 404 on every officer URL (a few
  shared pages say otherwise in `member_status`); on a member URL (`member_page`) their own page, and
  404 for another member's record (`world.other_member_user` visits the same URLs). Officers without a
  member login get 404 on member URLs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from unionhub.access import can_read, can_write
from unionhub.models import Role


@dataclass(frozen=True)
class UrlCase:
    name: str
    area: str | None = None  # None: any logged-in user
    write: bool | str = False  # as in unionhub.access.area_view
    kwargs: Callable[..., dict] | None = None  # world -> URL kwargs naming a record of union A
    methods: tuple[str, ...] = ("GET",)
    public: bool = False
    ok_status: int = 200
    query: str = ""
    # For POST by a visitor allowed to write: (world -> data, expected status). None skips it.
    post: tuple[Callable[..., dict], int] | None = field(default=None)
    member_page: bool = False  # a member's own page (reports.portal), kwargs naming member A's record
    member_status: int = 404  # what a member's login gets on this officer URL
    member_record: bool = True  # for a member page with kwargs: they name member A's own record
    record: bool = True  # False: the kwargs name a kind of page (a register's slug), not a record

    @property
    def names_a_record(self) -> bool:
        return self.kwargs is not None and self.record


def expected_status(
    case: UrlCase, method: str, *, role_kind: str | None, reaches_record: bool, member: str | None = None
) -> int | None:
    """The status a visitor should get; None when the case does not say (an allowed POST).

    `member` is "own" for member A's login, "other" for another member's, None for everyone else."""
    if case.public:
        return case.ok_status
    if role_kind is None and member is None:
        return 302
    if case.member_page:
        if member is None or (member == "other" and case.names_a_record and case.member_record):
            return 404
        if method == "POST":
            return case.post[1] if case.post else None
        return case.ok_status
    if member is not None:
        return case.member_status
    role = Role(kind=role_kind)
    if case.area is None:
        needs_write = False
    else:
        if not can_read(role, case.area):
            return 403
        needs_write = case.write is True or (case.write == "post" and method == "POST")
        if needs_write and not can_write(role, case.area):
            return 403
    if case.names_a_record and not reaches_record:
        return 404
    if method == "POST":
        return case.post[1] if case.post else None
    return case.ok_status
