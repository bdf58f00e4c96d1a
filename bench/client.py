"""A small HTTP client for the bench: keep-alive, a session cookie, Django's CSRF token, uploads.

Production settings mark the session cookie Secure; behind nginx the browser talks HTTPS. The bench
talks plain HTTP on loopback, so it keeps the cookies itself instead of a cookie jar that would
(rightly) refuse to send a Secure cookie over HTTP.
"""

import http.client
import re
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    body: bytes
    seconds: float
    location: str = ""


class Browser:
    def __init__(self, host: str, port: int, *, timeout: float = 300):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.connection = None

    def _connect(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> Reply:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()  # a worker closed the kept-alive connection: once more on a new one
                if attempt == 2:
                    raise
        seconds = time.perf_counter() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                cookie, _, content = pair.partition("=")
                self.cookies[cookie.strip()] = content.strip()
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return Reply(response.status, data, seconds, response.getheader("Location", ""))

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def csrf_token(self, path: str) -> str:
        """The form's CSRF token from the page at `path` (the cookie is kept as a side effect)."""
        page = self.get(path)
        found = CSRF_INPUT.search(page.body.decode("utf-8", "replace"))
        if found:
            return found.group(1)
        return self.cookies.get("csrftoken", "")

    def post(self, path: str, data: dict, *, token: str | None = None, files: dict | None = None) -> Reply:
        """POST a form; `files` maps a field to (file name, bytes, content type)."""
        fields = {"csrfmiddlewaretoken": token or self.cookies.get("csrftoken", ""), **data}
        headers = {"X-CSRFToken": fields["csrfmiddlewaretoken"]}
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(boundary, fields, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", path, body=body, headers=headers)

    def login(self, username: str, password: str) -> None:
        token = self.csrf_token("/accounts/login/")
        reply = self.post("/accounts/login/", {"username": username, "password": password}, token=token)
        if reply.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed: HTTP {reply.status}")


def _multipart(boundary: str, fields: dict, files: dict) -> bytes:
    parts = []
    for name, value in fields.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
            )
    for name, (file_name, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)
