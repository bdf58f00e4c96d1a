from tests.access import UrlCase

CASES = [
    UrlCase("home"),
    UrlCase("login", public=True),
    UrlCase("logout", methods=("POST",), post=(lambda world: {}, 302)),
    UrlCase("password_change"),
    UrlCase("password_change_done"),
    UrlCase("switch_role", methods=("POST",), post=(lambda world: {"role": 0}, 404)),
]
