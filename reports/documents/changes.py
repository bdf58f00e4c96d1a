"""Whether the records behind a signed year document have changed since: by their numbers only.

A signed document stores the figures it was written from. Comparing them whole with today's would
also compare names, labels and translated words: a fund renamed, a kind relabelled or a translation
refreshed would make every signed document say its records changed. Only the numbers are compared,
each keyed by its place in the figures.
"""

import re

MONEY = re.compile(r"-?\d+\.\d\d")


def records_changed(stored: dict, now: dict) -> bool:
    """Whether the numbers behind a signed document differ from today's records. Figures stored in
    another shape (their "schema" differs) cannot be compared number by number: they are not said
    to differ."""
    if stored.get("schema") != now.get("schema"):
        return False
    return numbers(stored) != numbers(now)


def numbers(figures: dict) -> dict[str, object]:
    """The numbers of some figures keyed by their place ("membership.members", "aid.0.amount").
    Names, labels and any stored links are left out, so renaming a route or a label does not make a
    document say its records changed; how many items a list holds is a number."""
    found: dict[str, object] = {}

    def walk(value, key: str) -> None:
        if key.endswith(("links", "href", "label")):
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(value, list):
            found[f"{key}.#"] = len(value)  # a record added or taken away is a change
            for i, v in enumerate(value):
                walk(v, f"{key}.{i}")
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, int | float) or isinstance(value, str) and MONEY.fullmatch(value):
            found[key] = value

    walk({k: v for k, v in figures.items() if k != "links"}, "")
    return found
