"""Publishing to a real S3 server (moto_server) and to a folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from site_builder.deploy import DeployOptions, deploy
from site_builder.deploy.plan import DeployError, Live, Plan
from site_builder.deploy.rollback import rollback
from site_builder.deploy.targets import Target, md5, open_target
from tests.conftest import THEMES, Project
from tests.s3_server import S3

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2022, 3, 25, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(params=["s3", "folder"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """A function making a fresh, empty target; its URL."""
    if request.param == "folder":
        return lambda: f"file://{tmp_path / uuid.uuid4().hex[:8]}"
    s3: S3 = request.getfixturevalue("s3")
    return lambda: f"s3://{s3.bucket()}/portal"


def options(
    project: Project, to: str, endpoint: str | None, **more: object
) -> DeployOptions:
    settings: dict[str, object] = {
        "output_dir": project.output,
        "to": to,
        "endpoint_url": endpoint,
        "now": NOW,
    }
    settings.update(more)
    return DeployOptions(**settings)  # type: ignore[arg-type]


def endpoint_of(request: pytest.FixtureRequest, to: str) -> str | None:
    return request.getfixturevalue("s3").endpoint if to.startswith("s3:") else None


def target_of(to: str, endpoint: str | None) -> Target:
    return open_target(to, endpoint, "us-east-1")


def build_manifest(project: Project) -> dict[str, str]:
    data = json.loads((project.output / ".manifest.json").read_text("utf-8"))
    return {f["path"]: f["sha256"] for f in data["files"]}


def test_first_then_no_op_then_one_edited_benefit(
    mini: Project, where: Callable[[], str], request: pytest.FixtureRequest
) -> None:
    to = where()
    endpoint = endpoint_of(request, to)
    mini.build()
    first = deploy(options(mini, to, endpoint))
    before = build_manifest(mini)
    again = deploy(options(mini, to, endpoint))
    bike = (mini.content / "benefits" / "bike.yaml").read_text("utf-8")
    mini.write("benefits/bike.yaml", bike.replace("Bike-share pass", "Bike pass"))
    mini.build()
    edited = deploy(options(mini, to, endpoint))

    assert len(first.uploads) == len(before) and not first.keep
    assert again.uploads == [] and len(again.keep) == len(before)
    after = build_manifest(mini)
    changed = {p for p in after if before.get(p) != after[p]}
    assert {u.path for u in edited.uploads} == changed
    assert all(u.reason == "changed" for u in edited.uploads)
    assert "en/benefits/bike/index.html" in changed and len(changed) < 12
    assert not any(p.startswith("assets/") for p in changed)
    listing = target_of(to, endpoint).listing()
    assert listing["en/benefits/bike/index.html"] == md5(
        (mini.output / "en/benefits/bike/index.html").read_bytes()
    )


def test_headers_say_what_each_file_is_and_how_long_to_keep_it(
    mini: Project, s3: S3
) -> None:
    bucket = s3.bucket()
    mini.build(as_of=date(2022, 3, 31))
    late = datetime(2022, 3, 31, 23, 58, tzinfo=SHANGHAI)
    deploy(options(mini, f"s3://{bucket}/p", s3.endpoint, now=late))
    client = s3.client()

    def head(path: str) -> tuple[str, str]:
        answer = client.head_object(Bucket=bucket, Key=f"p/{path}")
        return answer["ContentType"], answer["CacheControl"]

    js = next(p for p in build_manifest(mini) if p.endswith(".js") and "app." in p)
    assert head(js) == (
        "text/javascript; charset=utf-8",
        "public, max-age=31536000, immutable",
    )
    assert head("en/index.html") == (
        "text/html; charset=utf-8",
        "public, max-age=300, must-revalidate",
    )
    # The campaign ends at midnight: its shelf is kept two minutes, not five.
    assert (
        head("en/basic/spring/index.html")[1] == "public, max-age=120, must-revalidate"
    )
    assert head("sitemap.xml")[0] == "application/xml; charset=utf-8"


def test_dry_run_changes_nothing(
    mini: Project, where: Callable[[], str], request: pytest.FixtureRequest
) -> None:
    to = where()
    endpoint = endpoint_of(request, to)
    mini.build()

    plan = deploy(options(mini, to, endpoint, dry_run=True))

    assert len(plan.uploads) > 20
    assert target_of(to, endpoint).listing() == {}


def test_rollback_restores_the_earlier_release(
    mini: Project, where: Callable[[], str], request: pytest.FixtureRequest
) -> None:
    to = where()
    endpoint = endpoint_of(request, to)
    mini.build()
    first = deploy(options(mini, to, endpoint))
    old_page = (mini.output / "en/benefits/bike/index.html").read_bytes()
    mini.write(
        "benefits/bike.yaml",
        (mini.content / "benefits/bike.yaml")
        .read_text("utf-8")
        .replace("Bike-share pass", "Bike pass"),
    )
    mini.build()
    deploy(options(mini, to, endpoint))
    target = target_of(to, endpoint)

    changed = rollback(target, None)

    assert target.get("en/benefits/bike/index.html") == old_page
    assert "/en/benefits/bike/" in changed
    assert Live.read(target).live == first.release.id
    with pytest.raises(DeployError, match="not kept"):
        rollback(target, "0123456789ab")


def test_max_deletes_aborts_before_changing_anything(
    mini: Project, where: Callable[[], str], request: pytest.FixtureRequest
) -> None:
    to = where()
    endpoint = endpoint_of(request, to)
    mini.build()
    deploy(options(mini, to, endpoint, retain=1))
    (mini.content / "benefits" / "car-wash.yaml").unlink()
    mini.build()
    listing = target_of(to, endpoint).listing()
    count = len(deploy(options(mini, to, endpoint, retain=1, dry_run=True)).delete)

    with pytest.raises(
        DeployError,
        match=f"would delete {count} files, more than "
        f"--max-deletes {count - 1}; nothing was changed",
    ):
        deploy(options(mini, to, endpoint, retain=1, max_deletes=count - 1))

    assert target_of(to, endpoint).listing() == listing
    plan = deploy(options(mini, to, endpoint, retain=1, max_deletes=count))
    public = [p for p in plan.delete if not p.startswith("_site/")]
    assert public == [
        "en/benefits/car-wash/index.html",
        "zh-cn/benefits/car-wash/index.html",
    ]
    assert "en/benefits/car-wash/index.html" not in target_of(to, endpoint).listing()


def test_cloudfront_forgets_exactly_the_changed_paths(mini: Project, s3: S3) -> None:
    cloudfront = s3.client("cloudfront")
    bucket = s3.bucket()
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": uuid.uuid4().hex,
            "Comment": "",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "o",
                        "DomainName": f"{bucket}.s3.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "o",
                "ViewerProtocolPolicy": "allow-all",
                "MinTTL": 0,
                "ForwardedValues": {
                    "QueryString": False,
                    "Cookies": {"Forward": "none"},
                },
                "TrustedSigners": {"Enabled": False, "Quantity": 0},
            },
        }
    )["Distribution"]["Id"]
    bucket = s3.bucket()
    mini.build()
    deploy(options(mini, f"s3://{bucket}/p", s3.endpoint, cloudfront=distribution))
    first = cloudfront.list_invalidations(DistributionId=distribution)
    mini.write(
        "benefits/tissue.yaml",
        (mini.content / "benefits/tissue.yaml")
        .read_text("utf-8")
        .replace("Eco tissues", "Eco tissue pack"),
    )
    mini.build()

    plan = deploy(
        options(mini, f"s3://{bucket}/p", s3.endpoint, cloudfront=distribution)
    )

    assert first["InvalidationList"].get("Quantity", 0) == 0  # new files: nothing
    listed = cloudfront.list_invalidations(DistributionId=distribution)
    [summary] = listed["InvalidationList"]["Items"]
    asked = cloudfront.get_invalidation(DistributionId=distribution, Id=summary["Id"])[
        "Invalidation"
    ]
    paths = asked["InvalidationBatch"]["Paths"]["Items"]
    expected = sorted(
        {f"/{u.path}" for u in plan.pages}
        | {
            "/" + u.path.removesuffix("index.html")
            for u in plan.pages
            if u.path.endswith("index.html")
        }
    )
    assert sorted(paths) == expected
    assert "/*" not in paths and "/en/benefits/tissue/" in paths


def assets_referenced(page: bytes) -> set[str]:
    return {
        m.lstrip("/")
        for m in re.findall(rb'(?:href|src)="(/assets/[^"]+)"', page)
        for m in [m.decode()]
    }


def check_consistent(target: Target, releases: dict[str, dict[str, str]]) -> str:
    """Every page refers only to files that exist, and live.json is true."""
    listing = target.listing()
    for path in listing:
        if path.endswith(".html"):
            page = target.get(path)
            assert page is not None
            missing = assets_referenced(page) - set(listing)
            assert not missing, f"{path} refers to missing {missing}"
    live = Live.read(target)
    if live.live is None:
        return "nothing live"
    allowed = [releases[r] for r in (live.live, live.pending) if r]
    for path in releases[live.live]:
        stored = listing.get(path)
        assert stored is not None or live.pending, f"{path} of the live release is gone"
        if stored is not None:
            assert any(r.get(path) == stored for r in allowed), f"{path} is stray"
    return f"live {live.live}, pending {live.pending}"


class Stop(Exception):
    pass


class StopAfter:
    """Fails the deploy after ``limit`` changes to the target, as a killed
    process or a failed upload would."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        if self.count > self.limit:
            raise Stop


def test_a_deploy_stopped_anywhere_leaves_a_consistent_target_and_resumes(
    mini: Project,
    where: Callable[[], str],
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    mini.build(themes_dir=themes)
    old = _md5s(mini)
    old_output = tmp_path / "old"
    shutil.copytree(mini.output, old_output)
    script = themes / "default" / "static" / "app.js"
    script.write_text(script.read_text("utf-8") + "\nvoid 0;\n", "utf-8")
    mini.write(
        "benefits/bike.yaml",
        (mini.content / "benefits/bike.yaml")
        .read_text("utf-8")
        .replace("Bike-share pass", "Bike pass"),
    )
    mini.build(themes_dir=themes)
    new = _md5s(mini)
    probe_to = f"file://{tmp_path / 'probe'}"
    deploy(DeployOptions(old_output, probe_to, None, now=NOW))
    probe = deploy(options(mini, probe_to, None, dry_run=True))
    total = steps(probe)
    points = sorted(set(range(0, total, max(1, total // 24))) | {total - 1})
    assert len(points) >= 20

    trials = []
    for point in points:
        to = where()
        endpoint = endpoint_of(request, to)
        target = target_of(to, endpoint)
        first = deploy(DeployOptions(old_output, to, endpoint, now=NOW))
        second_id = _release_id(mini, to, endpoint)
        releases = {first.release.id: old, second_id: new}
        with pytest.raises(Stop):
            deploy(options(mini, to, endpoint), step=StopAfter(point))
        state = check_consistent(target, releases)
        resumed: Plan = deploy(options(mini, to, endpoint))
        assert check_consistent(target, releases) == f"live {second_id}, pending None"
        assert len(resumed.uploads) <= len(probe.uploads)
        trials.append((point, state, len(resumed.uploads)))
    print(
        "\n".join(
            f"stopped after {p} steps: {s}; rerun uploaded {n}" for p, s, n in trials
        )
    )


def steps(plan: Plan) -> int:
    """Changes ``apply`` makes: objects, assets, the release record, live.json
    twice, pages, and the deletions at once."""
    return len(plan.objects) + len(plan.uploads) + 3 + (1 if plan.delete else 0)


def _md5s(project: Project) -> dict[str, str]:
    return {p: md5((project.output / p).read_bytes()) for p in build_manifest(project)}


def _release_id(project: Project, to: str, endpoint: str | None) -> str:
    return deploy(options(project, to, endpoint, dry_run=True)).release.id


def test_the_command_line_deploys_lists_and_refuses(
    mini: Project, tmp_path: Path
) -> None:
    import subprocess
    import sys

    mini.build()
    site = (mini.content / "site.yaml").read_text("utf-8")
    to = f"file://{tmp_path / 'www'}"
    mini.write("site.yaml", site + f"deploy:\n  to: {to}\n  retain: 2\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "site_builder", "deploy", *args],
            cwd=mini.root,
            capture_output=True,
            text=True,
            timeout=120,
        )

    planned = run("--dry-run", "--json")
    untouched = not (tmp_path / "www").exists()
    deployed = run()
    listed = run("--list")
    (mini.content / "benefits" / "car-wash.yaml").unlink()
    mini.build()
    refused = run("--max-deletes", "0", "--retain", "1")

    assert planned.returncode == 0, planned.stderr
    assert len(json.loads(planned.stdout)["upload"]) > 20
    assert untouched
    assert deployed.returncode == 0, deployed.stderr
    assert "Deployed release " in deployed.stderr
    assert re.match(r"live [0-9a-f]{12}  \d{4}-\d\d-\d\dT", listed.stdout)
    assert refused.returncode == 1
    assert "more than --max-deletes 0; nothing was changed" in refused.stderr
    assert "AWS_SECRET" not in refused.stderr + deployed.stderr


def test_a_hook_hears_the_changed_urls_for_other_cdns(
    mini: Project, tmp_path: Path
) -> None:
    heard = tmp_path / "heard.txt"
    to = f"file://{tmp_path / 'www'}"
    mini.build()
    deploy(options(mini, to, None, cdn_hook=f"cat > {heard}"))
    first = heard.read_text() if heard.exists() else ""
    mini.write(
        "benefits/tissue.yaml",
        (mini.content / "benefits/tissue.yaml")
        .read_text("utf-8")
        .replace("Eco tissues", "Eco tissue pack"),
    )
    mini.build()

    plan = deploy(options(mini, to, None, cdn_hook=f"cat > {heard}"))

    assert first == ""  # a first deploy changes no URL a CDN could hold
    assert heard.read_text().splitlines() == plan.invalidate
    assert "/en/benefits/tissue/" in plan.invalidate


def test_ci_sees_plain_progress_lines(caplog: pytest.LogCaptureFixture) -> None:
    import io
    import logging

    from site_builder.deploy.progress import Progress

    caplog.set_level(logging.INFO, logger="site_builder.deploy.progress")
    progress = Progress(8, stream=io.StringIO())
    for _ in range(8):
        progress()

    assert [r.getMessage() for r in caplog.records] == [
        "Deploying: 25% (2 of 8 changes)",
        "Deploying: 50% (4 of 8 changes)",
        "Deploying: 75% (6 of 8 changes)",
        "Deploying: 100% (8 of 8 changes)",
    ]


def test_a_typo_in_the_deploy_settings_is_placed_and_stops_the_deploy(
    mini: Project, tmp_path: Path
) -> None:
    import subprocess
    import sys

    mini.build()
    site = (mini.content / "site.yaml").read_text("utf-8")
    mini.write(
        "site.yaml", site + f"deploy:\n  to: file://{tmp_path}/www\n  retian: 2\n"
    )
    line = len(site.splitlines()) + 3

    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "deploy"],
        cwd=mini.root,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert (
        f"content/site.yaml:{line}:3: deploy.retian: unknown key 'retian'; "
        "did you mean 'retain'?"
    ) in result.stderr
    assert not (tmp_path / "www").exists()


def test_a_failing_hook_says_the_release_is_live_and_lists_the_paths(
    mini: Project, tmp_path: Path
) -> None:
    www = tmp_path / "www"
    mini.build()
    deploy(options(mini, f"file://{www}", None))
    bike = mini.content / "benefits" / "bike.yaml"
    bike.write_text(bike.read_text("utf-8").replace("Bike-share", "Bike"), "utf-8")
    mini.build()
    command = [sys.executable, "-m", "site_builder", "deploy", "--to", f"file://{www}"]
    command += ["--cdn-hook", "cat > /dev/null; exit 3"]

    failed = subprocess.run(
        command, cwd=mini.root, capture_output=True, text=True, timeout=120
    )

    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "Failed: the CDN hook exited with 3; the new release is live" in (
        failed.stderr
    )
    assert "/en/benefits/bike/" in failed.stderr.splitlines()
    assert "Bike pass" in (www / "en" / "benefits" / "bike" / "index.html").read_text(
        "utf-8"
    )
