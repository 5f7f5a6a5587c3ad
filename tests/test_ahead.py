"""Markdown rendered ahead while the build loads: same HTML, never in the way."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, load_site
from site_builder.model import Site
from site_builder.problems import ContentError, Problems
from site_builder.render import ahead
from site_builder.render.ahead import MarkdownAhead, render_ahead
from site_builder.render.markup import MarkdownRenderer
from tests.conftest import THEMES, Project
from tests.test_output import tree_digest


def load(project: Project) -> Site:
    options = BuildOptions(content_dir=project.content, themes_dir=THEMES)
    site, _ = load_site(options, Problems())
    return site


def renderer_of(project: Project) -> MarkdownRenderer:
    return MarkdownRenderer(load(project).config.app_schemes)


def markdown_texts(project: Project) -> set[str]:
    """Every body and redeem-steps text the pages show, in every locale."""
    site = load(project)
    texts = set()
    for benefit in site.benefits.values():
        for locale in site.locales:
            texts.add(site.text(benefit.body, locale))
            if benefit.redeem.steps:
                texts.add(site.text(benefit.redeem.steps, locale))
    return texts


def test_the_helper_renders_every_text_exactly_as_the_build_would(
    sample: Project,
) -> None:
    schemes, rendered = render_ahead(sample.content, lambda: False)

    renderer = renderer_of(sample)
    assert schemes == renderer.schemes
    assert set(rendered) == markdown_texts(sample)
    for source, html in rendered.items():
        assert html == str(renderer.render(source))


def test_a_helper_told_to_stop_hands_over_nothing(sample: Project) -> None:
    _, rendered = render_ahead(sample.content, lambda: True)

    assert rendered == {}


def test_a_file_that_does_not_parse_is_left_to_the_build(sample: Project) -> None:
    valid = markdown_texts(sample)
    sample.write("benefits/broken.yaml", "body: '**x**'\ntitle: [unclosed\n")

    _, rendered = render_ahead(sample.content, lambda: False)

    assert set(rendered) == valid


def test_work_done_with_other_link_schemes_is_not_taken(sample: Project) -> None:
    helper = MarkdownAhead(sample.content)

    assert helper.finish(MarkdownRenderer(("otherapp",))) == {}
    assert multiprocessing.active_children() == []


def test_whatever_the_helper_hands_over_is_what_the_build_would_render(
    sample: Project,
) -> None:
    renderer = renderer_of(sample)
    helper = MarkdownAhead(sample.content)

    handed = helper.finish(renderer)

    assert set(handed) <= markdown_texts(sample)
    assert all(html == str(renderer.render(src)) for src, html in handed.items())
    assert multiprocessing.active_children() == []


def test_builds_with_and_without_the_helper_are_byte_identical(
    sample: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "AHEAD_FROM", 1)
    sample.build(workers=1)  # one worker: no helper
    alone = tree_digest(sample.output)
    sample.output = tmp_path / "helped"
    sample.build(workers=2)

    assert tree_digest(sample.output) == alone


def test_a_content_error_stops_the_helper(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "AHEAD_FROM", 1)
    sample.write("benefits/broken.yaml", "title: [unclosed\n")

    with pytest.raises(ContentError):
        sample.build(as_of=date(2022, 3, 25), workers=2)

    assert multiprocessing.active_children() == []
    assert not sample.output.exists()


def test_a_helper_that_does_not_hand_over_in_time_is_stopped_without_it(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    never = threading.Event()

    def stuck(
        content_dir: Path, should_stop: object
    ) -> tuple[set[str], dict[str, str]]:
        never.wait()  # a text Python-Markdown never finishes
        return set(), {}

    monkeypatch.setattr(ahead, "render_ahead", stuck)
    monkeypatch.setattr(ahead, "HANDOVER_SECONDS", 0.2)
    helper = MarkdownAhead(sample.content)

    assert helper.finish(renderer_of(sample)) == {}
    assert multiprocessing.active_children() == []
