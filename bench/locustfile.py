"""The load test's users: officers reading pages and treasurers posting vouchers, against 127.0.0.1.

Run by `bench.load` (`make loadtest`), which writes the ids these users need to a JSON file named by
BENCH_LOAD_CONFIG. Several treasurers share a union's books, so vouchers are numbered under
contention; `bench.load` checks afterwards that every union's numbers still run without gaps.
"""

import itertools
import json
import os
import random
import re
from urllib.parse import urlencode

from locust import HttpUser, between, task

CONFIG = json.loads(open(os.environ["BENCH_LOAD_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_treasurers = itertools.cycle(CONFIG["treasurers"])
_readers = itertools.cycle(CONFIG["readers"])


class Officer(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def cookies(self) -> dict:
        """Production marks the session and CSRF cookies Secure, and requests (rightly) will not send
        those over plain HTTP; on loopback, as nginx would to gunicorn, we send them ourselves."""
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.client.cookies.get_dict().items())}

    def login(self, username: str) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF_INPUT.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": username, "password": CONFIG["password"], "csrfmiddlewaretoken": token},
            headers=self.cookies(),
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "sessionid" not in self.client.cookies.get_dict():
                response.failure(f"login as {username}: HTTP {response.status_code}")

    def get(self, path: str, name: str):
        """A page that must answer 200 (a redirect to the login page is a failure, not a page)."""
        with self.client.get(
            path, name=name, headers=self.cookies(), allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response


class Treasurer(Officer):
    """Posts a voucher every few seconds and looks at the books in between."""

    weight = 2

    def on_start(self) -> None:
        self.me = next(_treasurers)
        self.login(self.me["username"])

    @task(3)
    def post_voucher(self) -> None:
        form = f"/finances/vouchers/new/?union={self.me['union']}"
        page = self.get(form, "voucher form")
        token = CSRF_INPUT.search(page.text)
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "date": CONFIG["today"],
            "category": random.choice(CONFIG["categories"]),
            "fund": self.me["fund"],
            "amount": f"{random.randint(50, 3000)}.00",
            "summary": "压力测试：办公用品",
            "counterparty": "",
            "receipts": "1",
            "benefit": "",
        }
        with self.client.post(
            form,
            data,
            headers=self.cookies(),
            allow_redirects=False,
            name="voucher post",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"voucher not posted: HTTP {response.status_code}")

    @task(2)
    def vouchers(self) -> None:
        self.get(f"/finances/vouchers/?union={self.me['union']}&year={CONFIG['year']}", "voucher list")

    @task(1)
    def statement(self) -> None:
        self.get(f"/finances/statements/income/?union={self.me['union']}&year={CONFIG['year']}", "statement")

    @task(1)
    def dues(self) -> None:
        self.get(f"/finances/dues/?union={self.me['union']}", "dues page")


class Reader(Officer):
    """A chair, secretary or auditor reading the register, activities and reports."""

    weight = 3

    def on_start(self) -> None:
        self.login(next(_readers))

    @task(3)
    def search(self) -> None:
        self.get(f"/members/?{urlencode({'q': random.choice(CONFIG['searches'])})}", "member search")

    @task(2)
    def member(self) -> None:
        member = random.choice(CONFIG["members"])
        self.get(f"/members/{member}/", "member page")

    @task(2)
    def ledger(self) -> None:
        member = random.choice(CONFIG["members"])
        self.get(f"/reports/members/{member}/ledger/?year={CONFIG['year']}", "member ledger")

    @task(2)
    def activities(self) -> None:
        self.get("/activities/", "activity list")

    @task(1)
    def sheet(self) -> None:
        self.get(f"/activities/{random.choice(CONFIG['activities'])}/attendance/", "attendance sheet")

    @task(1)
    def home(self) -> None:
        self.get("/", "home")

    @task(1)
    def union_summary(self) -> None:
        union = random.choice(CONFIG["unions"])
        self.get(f"/reports/summary/{union}/{CONFIG['last_year']}/", "base union summary")
