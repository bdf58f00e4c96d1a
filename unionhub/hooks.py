"""Places where the apps downstream of `unionhub` plug into its pages, so it imports none of them.

Each app (in practice `reports`, which may import every app) appends to these lists in its
`AppConfig.ready()`:

- `WORKLIST`: functions `provider(request, today) -> Iterable[WorkItem]` giving what is due in the
  active role's reach, shown on the home page. Each provider runs a fixed number of queries
  (counts over the whole reach, never one per union or per record). Adding an item to the home page
  is adding a provider.
- `UNION_COUNTS`: (label, function(unions queryset) -> {union id: count}) columns of the
  organisation tree, each one query for all the unions shown.
- `BEFORE_MOVE`: functions `lock()` run first when a union moves, before its federations and its row
  are locked: each takes a table lock the move's recount of its figures will take, in the order the
  writers of those tables take them (a voucher holds its ledger totals, then checks its union's row
  at commit: a move that locked the row first and the totals after would deadlock with it).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WorkItem:
    """One line of the home page's worklist: a count of things due and the page that lists them."""

    label: str
    count: int
    url: str
    first_step: bool = False  # "what to do first" of a new union rather than a routine item
    hint: str = ""


WorkProvider = Callable[[object, date], Iterable[WorkItem]]
WORKLIST: list[WorkProvider] = []
UNION_COUNTS: list[tuple[str, Callable]] = []
BEFORE_MOVE: list[Callable[[], None]] = []


def worklist(request, today: date) -> list[WorkItem]:
    """What is due for the active role: the items with something to do, first steps first."""
    if getattr(request, "role", None) is None:
        return []
    items = [item for provider in WORKLIST for item in provider(request, today) if item.count]
    return sorted(items, key=lambda item: not item.first_step)


def union_counts(unions) -> list[tuple[str, dict[int, int]]]:
    return [(label, count(unions)) for label, count in UNION_COUNTS]
