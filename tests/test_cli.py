"""The command line: exit codes, messages for people, logs that tell the story."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import THEMES, Project


def run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "site_builder", *args, "--themes", str(THEMES)]
    return subprocess.run(
        command, cwd=project.root, capture_output=True, text=True, timeout=120
    )


def drop_english_title(mini: Project) -> None:
    """Leave the bike pass without an English title: one warning."""
    bike = mini.content / "benefits" / "bike.yaml"
    old = "title: {zh-CN: 共享单车月卡, en: Bike-share pass}"
    text = bike.read_text(encoding="utf-8")
    assert old in text
    bike.write_text(text.replace(old, "title: {zh-CN: 月卡}"), encoding="utf-8")


def test_build_succeeds_and_closes_with_counts_and_time(mini: Project) -> None:
    result = run(mini, "build", "--as-of", "2022-03-25")

    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Loaded 9 content files in ")
    assert any(line.startswith("Planned 26 pages as of 2022-03-25") for line in lines)
    assert re.fullmatch(
        r"Built 26 pages in 2 locales as of 2022-03-25 with 0 warnings in "
        r"\d+\.\d\d s -> output/",
        lines[-1],
    )
    assert (mini.output / "en" / "index.html").is_file()


def test_content_errors_exit_1_with_places_and_no_traceback(mini: Project) -> None:
    mini.write("benefits/bike.yaml", "titel: x\n")

    result = run(mini, "build")

    assert result.returncode == 1
    assert (
        "content/benefits/bike.yaml:1:1: titel: unknown key 'titel'; did you "
        "mean 'title'?" in result.stderr.splitlines()
    )
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().endswith(
        "Failed: 8 errors; output/ was left as it was."
    )
    assert not mini.output.exists()


def test_verbose_shows_the_traceback_and_every_file(mini: Project) -> None:
    mini.write("benefits/bike.yaml", "titel: x\n")
    failed = run(mini, "build", "--verbose")
    mini.write("benefits/bike.yaml", "")
    (mini.content / "benefits" / "bike.yaml").unlink()
    (mini.content / "shelves" / "spring.yaml").write_text(
        "title: S\nselect: {ids: [tissue]}\n", encoding="utf-8"
    )
    built = run(mini, "build", "--verbose")

    assert "Traceback" in failed.stderr
    assert built.returncode == 0, built.stderr
    assert "Read content/benefits/tissue.yaml" in built.stderr
    assert "Rendered /en/benefits/tissue/" in built.stderr


def test_usage_errors_exit_2(mini: Project) -> None:
    result = run(mini, "build", "--as-of", "25/03/2022")

    assert result.returncode == 2
    assert "--as-of" in result.stderr


def test_workers_sets_how_many_processes_render(mini: Project) -> None:
    two = run(mini, "build", "--workers", "2", "--verbose")
    none = run(mini, "build", "--workers", "0")

    assert two.returncode == 0, two.stderr
    assert "Rendered 26 pages in " in two.stderr
    assert " s (2 workers)" in two.stderr
    assert none.returncode == 2
    assert "--workers" in none.stderr


def test_strict_fails_on_warnings_and_says_how_many(mini: Project) -> None:
    drop_english_title(mini)

    lenient = run(mini, "build")
    strict = run(mini, "build", "--strict", "--output", "strict-output")

    assert lenient.returncode == 0
    assert "with 1 warning in" in lenient.stderr
    assert strict.returncode == 1
    assert (
        "content/benefits/bike.yaml:1:8: warning: title: no 'en' translation; "
        "showing the 'zh-CN' text" in strict.stderr
    )
    assert "Failed: 1 warning in strict mode" in strict.stderr
    assert not (mini.root / "strict-output").exists()


def test_check_writes_nothing_and_reports_translations(mini: Project) -> None:
    mini.write("shelves/green.yaml", "title: {zh-CN: 绿色}\nselect: {lines: [green]}\n")

    result = run(mini, "check")

    assert result.returncode == 0, result.stderr
    assert not mini.output.exists()
    assert "Translation completeness:" in result.stderr
    assert re.search(r"zh-CN\s+content 100\.0% \(\d+ of \d+ texts\)", result.stderr)
    assert re.search(r"en\s+content  9\d\.\d% ", result.stderr)
    assert "theme: complete" in result.stderr


def test_check_exits_1_on_errors(mini: Project) -> None:
    mini.write("tiers/basic.yaml", "rank: one\n")

    result = run(mini, "check")

    assert result.returncode == 1
    assert (
        "content/tiers/basic.yaml:1:7: rank: expected a whole number, got 'one'"
        in result.stderr
    )
    assert "nothing was written" in result.stderr


def test_errors_and_warnings_are_reported_together(mini: Project) -> None:
    drop_english_title(mini)
    mini.write("benefits/extra.yaml", "titel: x\n")

    result = run(mini, "build")

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("content/benefits/extra.yaml:1:1: titel:") for line in lines
    )
    assert any(
        line.startswith("content/benefits/bike.yaml:1:8: warning: title:")
        for line in lines
    )


def test_an_output_folder_no_build_wrote_is_never_replaced(mini: Project) -> None:
    before = sorted(p.as_posix() for p in mini.content.rglob("*"))
    (mini.root / "notes.txt").write_text("mine", encoding="utf-8")

    into_content = run(mini, "build", "--output", "content")
    into_here = run(mini, "build", "--output", ".")
    onto_a_file = run(mini, "build", "--output", "notes.txt")

    for result in (into_content, into_here, onto_a_file):
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
    assert "content holds files no build wrote" in into_content.stderr
    assert "notes.txt is a file, not a folder" in onto_a_file.stderr
    assert sorted(p.as_posix() for p in mini.content.rglob("*")) == before
    assert (mini.root / "notes.txt").read_text(encoding="utf-8") == "mine"
    # A folder an earlier build wrote is replaced as before.
    assert run(mini, "build").returncode == 0
    assert run(mini, "build").returncode == 0


def test_problems_name_files_as_seen_from_where_the_command_ran(
    mini: Project,
) -> None:
    mini.write("benefits/bike.yaml", "titel: x\n")
    elsewhere = mini.root / "elsewhere"
    elsewhere.mkdir()

    def check(content: str) -> str:
        command = [sys.executable, "-m", "site_builder", "check"]
        command += ["--content", content, "--themes", str(THEMES)]
        done = subprocess.run(
            command, cwd=elsewhere, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 1
        return done.stderr

    relative = check("../content")
    absolute = check(str(mini.content))

    said = ":1:1: titel: unknown key 'titel'"
    assert f"../content/benefits/bike.yaml{said}" in relative
    assert f"{mini.content.as_posix()}/benefits/bike.yaml{said}" in absolute
