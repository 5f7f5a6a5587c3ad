"""The quota stub answers the documented contract over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from site_builder.build import load_site
from site_builder.problems import Problems
from site_builder.quota import SCENARIOS, QuotaStub, quota_totals
from tests.conftest import REPO, Project
from tests.portal_server import serving

SCHEMA = json.loads((REPO / "docs" / "quota-api.schema.json").read_text("utf-8"))


@pytest.fixture
def api(mini: Project, tmp_path: Path) -> Iterator[tuple[str, QuotaStub]]:
    site, _ = load_site(mini.options(), Problems())
    stub = QuotaStub(quota_totals(site), slow_seconds=0.2)
    with serving(tmp_path, stub) as base:
        yield base + stub.path, stub


def get(url: str, origin: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Origin": origin} if origin else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def switch(api_url: str, scenario: str) -> int:
    request = urllib.request.Request(
        f"{api_url}/scenario?name={scenario}", method="POST", data=b""
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_totals_come_from_content(mini: Project) -> None:
    site, _ = load_site(mini.options(), Problems())

    assert quota_totals(site) == {"bike": 1, "tissue": 2000}


@pytest.mark.parametrize("scenario", ["normal", "low", "soldout", "claimed", "slow"])
def test_answers_follow_the_schema(api: tuple[str, QuotaStub], scenario: str) -> None:
    url, _ = api
    assert switch(url, scenario) == 200

    status, headers, body = get(f"{url}?ids=tissue,bike,unknown,tissue")

    assert status == 200
    answer = json.loads(body)
    jsonschema.validate(answer, SCHEMA)
    assert sorted(answer["quotas"]) == ["bike", "tissue"]
    assert headers["Cache-Control"] == "private, max-age=15, stale-while-revalidate=45"
    assert headers["Content-Type"] == "application/json; charset=utf-8"


def test_normal_low_soldout_and_claimed_say_what_they_promise(
    api: tuple[str, QuotaStub],
) -> None:
    url, _ = api
    seen = {}
    for scenario in ("normal", "low", "soldout", "claimed"):
        switch(url, scenario)
        seen[scenario] = json.loads(get(f"{url}?ids=tissue")[2])["quotas"]["tissue"]

    assert seen["normal"] == {"remaining": 1200, "claimed": False}
    assert seen["low"] == {"remaining": 1, "claimed": False}
    assert seen["soldout"] == {"remaining": 0, "claimed": False}
    assert seen["claimed"]["claimed"] is True


def test_failing_scenarios_break_the_contract_on_purpose(
    api: tuple[str, QuotaStub],
) -> None:
    url, _ = api
    switch(url, "error")
    assert get(f"{url}?ids=tissue")[0] == 500
    switch(url, "malformed")
    with pytest.raises(json.JSONDecodeError):
        json.loads(get(f"{url}?ids=tissue")[2])
    switch(url, "hostile")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json.loads(get(f"{url}?ids=tissue")[2]), SCHEMA)


def test_scenario_switch_refuses_unknown_names(api: tuple[str, QuotaStub]) -> None:
    url, stub = api

    assert switch(url, "chaos") == 400
    assert stub.scenario == "normal"
    status, _, body = get(f"{url}/scenario")
    assert status == 200
    assert json.loads(body) == {"scenario": "normal", "scenarios": list(SCENARIOS)}


def test_cross_origin_answers_name_the_origin_never_a_wildcard(
    api: tuple[str, QuotaStub],
) -> None:
    url, _ = api

    _, headers, _ = get(
        f"{url}?ids=tissue", origin="https://benefits.test-bank.example"
    )

    assert (
        headers["Access-Control-Allow-Origin"] == "https://benefits.test-bank.example"
    )
    assert headers["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in headers["Vary"]
