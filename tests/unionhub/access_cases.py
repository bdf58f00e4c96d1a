from tests.access import UrlCase

CASES = [
    UrlCase("home"),
    UrlCase("login", public=True, methods=("GET", "POST")),
    UrlCase("logout", methods=("POST",), post=(lambda world: {}, 302)),
    UrlCase("password_change", methods=("GET", "POST")),
    UrlCase("password_change_done"),
    UrlCase("switch_role", methods=("POST",), post=(lambda world: {"role": 0}, 404)),
]
