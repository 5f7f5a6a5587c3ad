"""A local stand-in for the bank's quota API, with switchable scenarios.

It answers the contract in ``docs/quota-api.md`` from the quota totals in
content, so pages show live quotas in preview and in tests. Scenarios
reproduce what the real API does on a bad day: slow, failing, malformed or
hostile answers. It is a WSGI application, so any server can mount it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from site_builder.model import Site

SCENARIOS = (
    "normal",
    "low",
    "soldout",
    "claimed",
    "slow",
    "error",
    "malformed",
    "hostile",
)
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Environ = dict[str, Any]

HOSTILE_TEXT = '<img src=x onerror="window.pwned=1">'


def quota_totals(site: Site) -> dict[str, int]:
    """Benefit id -> total quota, for the benefits that have one."""
    return {
        benefit_id: benefit.quota.total
        for benefit_id, benefit in site.benefits.items()
        if benefit.quota is not None
    }


class QuotaStub:
    """``GET {path}?ids=a,b`` answers quotas; ``{path}/scenario`` switches."""

    def __init__(
        self,
        totals: dict[str, int],
        path: str = "/api/quota",
        scenario: str = "normal",
        slow_seconds: float = 6.0,
        cache_seconds: int = 15,
    ) -> None:
        self.totals = totals
        self.path = path.rstrip("/")
        self.slow_seconds = slow_seconds
        self.cache_seconds = cache_seconds
        self._scenario = scenario
        self._lock = threading.Lock()

    @property
    def scenario(self) -> str:
        with self._lock:
            return self._scenario

    def switch(self, scenario: str) -> None:
        if scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {scenario!r}; one of {SCENARIOS}")
        with self._lock:
            self._scenario = scenario

    def __call__(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "OPTIONS":
            return self._reply(start_response, environ, "204 No Content", b"")
        if path == f"{self.path}/scenario":
            return self._scenario_endpoint(environ, start_response, method)
        if path == self.path and method == "GET":
            return self._quotas(environ, start_response)
        return self._reply(
            start_response, environ, "404 Not Found", b'{"error":"not found"}'
        )

    def _scenario_endpoint(
        self, environ: Environ, start_response: StartResponse, method: str
    ) -> Iterable[bytes]:
        if method == "POST":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            try:
                self.switch(query.get("name", [""])[0])
            except ValueError as error:
                refusal = json.dumps({"error": str(error)}).encode()
                return self._reply(start_response, environ, "400 Bad Request", refusal)
        state = json.dumps({"scenario": self.scenario, "scenarios": SCENARIOS})
        return self._reply(start_response, environ, "200 OK", state.encode())

    def _quotas(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        scenario = self.scenario
        query = parse_qs(environ.get("QUERY_STRING", ""))
        ids = sorted({i for part in query.get("ids", []) for i in part.split(",") if i})
        if scenario == "slow":
            time.sleep(self.slow_seconds)
        if scenario == "error":
            failure = b'{"error":"quota service unavailable"}'
            return self._reply(
                start_response, environ, "500 Internal Server Error", failure
            )
        if scenario == "malformed":
            return self._reply(start_response, environ, "200 OK", b'{"quotas": {"')
        answer = {"quotas": self.answer(ids, scenario)}
        body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        return self._reply(start_response, environ, "200 OK", body)

    def answer(self, ids: list[str], scenario: str) -> dict[str, object]:
        """What each scenario says about the known ids; unknown ids are left out."""
        known = [i for i in ids if i in self.totals]
        if scenario == "hostile":
            hostile: dict[str, object] = {
                i: {"remaining": HOSTILE_TEXT, "claimed": "<b>yes</b>"} for i in known
            }
            hostile["<script>alert(1)</script>"] = {"remaining": 5}
            return hostile
        answers: dict[str, object] = {}
        for index, benefit_id in enumerate(known):
            total = self.totals[benefit_id]
            remaining = {
                "low": min(total, 1 + index % 3),
                "soldout": 0,
            }.get(scenario, total * 3 // 5)
            answers[benefit_id] = {
                "remaining": remaining,
                "claimed": scenario == "claimed",
            }
        return answers

    def _cache_control(self) -> str:
        """As the contract asks of the bank's API: fresh for a short while,
        then served stale while a fresh answer is fetched."""
        fresh = self.cache_seconds
        return f"private, max-age={fresh}, stale-while-revalidate={fresh * 3}"

    def _reply(
        self, start_response: StartResponse, environ: Environ, status: str, body: bytes
    ) -> Iterable[bytes]:
        headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", self._cache_control()),
            ("Vary", "Origin, Cookie"),
        ]
        origin = environ.get("HTTP_ORIGIN")
        if origin:
            headers += [
                ("Access-Control-Allow-Origin", origin),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept"),
                ("Access-Control-Max-Age", "600"),
            ]
        start_response(status, headers)
        return [body]
