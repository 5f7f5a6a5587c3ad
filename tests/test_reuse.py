"""Rebuilds keep unchanged benefit pages, and end exactly like a full build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from site_builder.content.files import DocumentCache, load_content
from site_builder.memory import Memory
from site_builder.problems import ContentError, Problems
from tests.conftest import THEMES, Project
from tests.test_output import tree_digest

DAY = date(2022, 3, 25)
BENEFIT_PAGES = 32 * 3


def inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in folder.rglob("index.html")
        if "/benefits/" in p.as_posix()
    }


def kept(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Benefit pages that are the very same file as in the earlier build."""
    return {path for path, inode in after.items() if before.get(path) == inode}


def rebuild(
    sample: Project, tmp_path: Path, first: Memory, as_of: date = DAY
) -> set[str]:
    """Rebuild with ``first``'s memory; check it against a full build; return
    the benefit pages kept."""
    before = inodes(sample.output)
    sample.build(as_of=as_of, memory=first)
    after = inodes(sample.output)

    full = Project(tmp_path / "full", sample.content)
    full.build(as_of=as_of, themes_dir=sample_themes(sample))
    assert tree_digest(sample.output) == tree_digest(full.output)
    return kept(before, after)


def sample_themes(sample: Project) -> Path:
    copied = sample.root / "themes"
    return copied if copied.is_dir() else THEMES


@pytest.fixture
def first(sample: Project) -> Memory:
    """The memory of a first build of the sample."""
    memory = Memory()
    sample.build(as_of=DAY, memory=memory)
    return memory


def test_nothing_changed_keeps_every_benefit_page(
    sample: Project, tmp_path: Path, first: Memory
) -> None:
    assert len(rebuild(sample, tmp_path, first)) == BENEFIT_PAGES


def edit_bike_pass(sample: Project) -> None:
    bike = sample.content / "benefits" / "bike-pass.yaml"
    text = bike.read_text("utf-8")
    assert "有效期 30 天" in text
    bike.write_text(text.replace("有效期 30 天", "有效期 31 天"), "utf-8")


def test_an_edited_benefit_renders_its_own_pages_only(
    sample: Project, tmp_path: Path, first: Memory
) -> None:
    edit_bike_pass(sample)

    pages = rebuild(sample, tmp_path, first)

    assert len(pages) == BENEFIT_PAGES - 3
    assert not any("/benefits/bike-pass/" in path for path in pages)


Edit = Callable[[Project], None]


def rename_tier(sample: Project) -> None:
    tier = sample.content / "tiers" / "hui.yaml"
    tier.write_text(tier.read_text("utf-8").replace("惠生活", "惠享生活"), "utf-8")


def retitle_shelf(sample: Project) -> None:
    shelf = sample.content / "shelves" / "green-living.yaml"
    shelf.write_text(shelf.read_text("utf-8").replace("绿色环保", "绿色生活"), "utf-8")


def change_template(sample: Project) -> None:
    themes = sample.root / "themes"
    shutil.copytree(THEMES, themes)
    base = themes / "default" / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace("<main", "<main data-x"), "utf-8")


def change_styles(sample: Project) -> None:
    themes = sample.root / "themes"
    shutil.copytree(THEMES, themes)
    css = themes / "default" / "static" / "app.css"
    css.write_text(css.read_text("utf-8") + "\n.card { outline: 0 }\n", "utf-8")


def change_picture(sample: Project) -> None:
    picture = next((sample.content / "images").glob("*.svg"))
    picture.write_text(picture.read_text("utf-8") + "\n<!-- v2 -->\n", "utf-8")


@pytest.mark.parametrize(
    "edit", [rename_tier, retitle_shelf, change_template, change_styles, change_picture]
)
def test_what_every_page_shows_renders_every_page_again(
    sample: Project, tmp_path: Path, first: Memory, edit: Edit
) -> None:
    edit(sample)
    themes = sample_themes(sample)
    before = inodes(sample.output)
    sample.build(as_of=DAY, memory=first, themes_dir=themes)
    after = inodes(sample.output)

    full = Project(tmp_path / "full", sample.content)
    full.build(as_of=DAY, themes_dir=themes)
    assert tree_digest(sample.output) == tree_digest(full.output)
    assert kept(before, after) == set()


def test_another_day_renders_every_page_again(
    sample: Project, tmp_path: Path, first: Memory
) -> None:
    assert rebuild(sample, tmp_path, first, as_of=date(2022, 4, 15)) == set()


def test_a_page_whose_earlier_file_is_gone_is_rendered(
    sample: Project, tmp_path: Path, first: Memory
) -> None:
    (sample.output / "en" / "benefits" / "bike-pass" / "index.html").unlink()

    pages = rebuild(sample, tmp_path, first)

    assert len(pages) == BENEFIT_PAGES - 1


def test_rebuilds_update_the_served_folder_in_place(
    sample: Project, tmp_path: Path, first: Memory
) -> None:
    folder = sample.output.stat().st_ino
    edit_bike_pass(sample)

    rebuild(sample, tmp_path, first)

    assert sample.output.stat().st_ino == folder
    assert list(sample.output.rglob("*.new")) == []
    siblings = [p.name for p in sample.root.iterdir() if p.name.startswith(".")]
    assert siblings == []


def test_a_removed_benefit_leaves_neither_page_nor_folder(
    sample: Project, tmp_path: Path, first: Memory
) -> None:
    (sample.content / "benefits" / "online-consult.yaml").unlink()  # picture shared

    pages = rebuild(sample, tmp_path, first)

    assert len(pages) == BENEFIT_PAGES - 3
    for locale in ("zh-cn", "zh-hk", "en"):
        assert not (sample.output / locale / "benefits" / "online-consult").exists()
    assert (sample.output / "en" / "benefits").is_dir()


def test_after_a_rebuild_fails_while_rendering_the_next_renders_everything(
    sample: Project, tmp_path: Path, first: Memory
) -> None:
    themes = sample.root / "themes"
    shutil.copytree(THEMES, themes)
    template = themes / "default" / "templates" / "benefit.html"
    good = template.read_text("utf-8")
    assert "{{ benefit.partner | t_html }}" in good
    # Every benefit page changes, and one of them cannot be rendered.
    template.write_text(
        good.replace(
            "{{ benefit.partner | t_html }}",
            "{{ benefit.partner | t_html }} v2"
            "{% if benefit_id == 'bike-pass' %}{{ benefit.no_such_field }}{% endif %}",
        ),
        "utf-8",
    )
    with pytest.raises(ContentError):
        sample.build(as_of=DAY, memory=first, themes_dir=themes)
    template.write_text(good, "utf-8")

    sample.build(as_of=DAY, memory=first, themes_dir=themes)

    full = Project(tmp_path / "full", sample.content)
    full.build(as_of=DAY, themes_dir=themes)
    assert tree_digest(sample.output) == tree_digest(full.output)


def test_only_changed_files_are_parsed_again(sample: Project) -> None:
    cache = DocumentCache()
    first = load_content(sample.content, Problems(), cache)
    bike = sample.content / "benefits" / "bike-pass.yaml"
    bike.write_text(bike.read_text("utf-8") + "\n", "utf-8")

    second = load_content(sample.content, Problems(), cache)

    again = [
        new.source for old, new in zip(first, second, strict=True) if new is not old
    ]
    assert again == ["content/benefits/bike-pass.yaml"]


def test_a_file_with_a_syntax_error_is_reported_on_every_build(
    sample: Project, first: Memory
) -> None:
    sample.write("benefits/broken.yaml", 'title: "x\n')

    for _ in range(2):
        with pytest.raises(ContentError) as failure:
            sample.build(as_of=DAY, memory=first)
        [problem] = failure.value.problems.errors
        assert str(problem).startswith("content/benefits/broken.yaml:2:1: YAML")
