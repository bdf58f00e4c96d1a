"""This app's part of the demo story (filled in by the app's issue)."""


def load(unions) -> None:
    return None
