"""The union scope — "a union and those below it" — decided here and nowhere else.

The organisation tree is stored as a materialised path of primary keys on each union ("/1/4/"), so
a subtree is one indexed prefix match and the ancestors are the ids in the path. Every other module
asks this one: a model whose records belong to a union uses `ScopedQuerySet` (declaring the lookup
from a record to its union in `union_field`), and `Union` has `ancestors()`, `root()` and
`subtree()`. A test fails on any `path__startswith` or path parsing written outside this module.
"""

from django.db import models
from django.db.models import Q


def path_ids(path: str) -> list[int]:
    """The primary keys along a materialised path, root first: "/1/4/" -> [1, 4]."""
    return [int(part) for part in path.strip("/").split("/") if part]


def path_depth(path: str) -> int:
    """How far below the root a union lies: "/1/" -> 0, "/1/4/" -> 1."""
    return len(path_ids(path)) - 1


def path_ids_sql(path: str) -> str:
    """`path_ids` in SQL, for the triggers that keep figures per subtree: the ids along the path column
    or expression `path`, root first, as a bigint[]."""
    return f"string_to_array(btrim({path}, '/'), '/')::bigint[]"


def under_path(path: str, *, via: str = "union") -> Q:
    """Records whose union lies at `path` or below it. `via` is the lookup to the union; "" for unions."""
    lookup = f"{via}__path__startswith" if via else "path__startswith"
    return Q(**{lookup: path})


def subtree(union, *, via: str = "union") -> Q:
    """Records of `union` and of every union below it."""
    return under_path(union.path, via=via)


def path_within(alias: str, union) -> Q:
    """Rows whose annotated union path `alias` (a path computed in SQL, as the audit trail does for
    deleted records) lies in `union`'s subtree."""
    return Q(**{f"{alias}__startswith": union.path})


def lineage(union, *, via: str = "union") -> Q:
    """Records of `union` and of every union above it (its chain of command)."""
    lookup = f"{via}_id__in" if via else "pk__in"
    return Q(**{lookup: path_ids(union.path)})


class ScopedQuerySet(models.QuerySet):
    """The queryset of every record that belongs to a union.

    `union_field` is the lookup from a record to its union ("union", "activity__union", "" for a
    union itself). Subclass it, or build one with `scoped_queryset("drive__union")`.
    """

    union_field = "union"

    def within(self, union):
        """Records of `union` and of every union below it (汇总)."""
        return self.filter(subtree(union, via=self.union_field))

    def of(self, union, *, rollup: bool = True):
        """The union's own records, or with `rollup` those of its subtree too."""
        if rollup:
            return self.within(union)
        return self.filter(**{self.union_field or "pk": union if self.union_field else union.pk})

    def above(self, union):
        """Records of `union` and of the unions above it."""
        return self.filter(lineage(union, via=self.union_field))


def scoped_queryset(union_field: str) -> type[ScopedQuerySet]:
    """A `ScopedQuerySet` for records that reach their union through `union_field`."""
    return type(f"ScopedQuerySet_{union_field}", (ScopedQuerySet,), {"union_field": union_field})


def scoped_manager(union_field: str = "union") -> models.Manager:
    return scoped_queryset(union_field).as_manager()
