"""Shelf rules: selection, tier inheritance, pinning, sorting, limits, windows."""

from __future__ import annotations

from datetime import date

from site_builder.build import load_site
from site_builder.model import Site
from site_builder.plan.pages import shelf_views
from site_builder.problems import Problems
from tests.conftest import Project


def benefit(
    name: str, tiers: str, valid: str, priority: int = 0, line: str = "green"
) -> str:
    return (
        f"title: {name}\nsummary: s\nbody: b\npartner: p\nlines: [{line}]\n"
        f"tiers: {tiers}\nvalid: {valid}\npriority: {priority}\n"
        "redeem: {url: 'testbank://x'}\n"
    )


def site_of(project: Project) -> Site:
    site, _ = load_site(project.options(), Problems())
    return site


def items(project: Project, day: date) -> dict[tuple[str, str], tuple[str, ...]]:
    views = shelf_views(site_of(project), day)
    return {(tier, v.id): v.items for tier, shelves in views.items() for v in shelves}


def test_a_benefit_from_a_tier_reaches_every_higher_rank(mini: Project) -> None:
    site = site_of(mini)

    assert site.eligible["bike"] == ("basic", "gold")
    assert site.eligible["car-wash"] == ("gold",)


def test_listed_tiers_are_exactly_those_tiers(mini: Project) -> None:
    mini.write("benefits/tissue.yaml", benefit("T", "[gold]", "{from: 2022-01-01}"))

    assert site_of(mini).eligible["tissue"] == ("gold",)


def test_pinned_first_then_by_priority_with_ties_broken_by_id(mini: Project) -> None:
    open_window = "{from: 2022-01-01}"
    for name, priority in (("b-low", 1), ("a-high", 9), ("c-high", 9), ("d-pin", 0)):
        mini.write(
            f"benefits/{name}.yaml",
            benefit(name, "{from: basic}", open_window, priority),
        )
    mini.write(
        "shelves/green.yaml",
        "title: G\nselect: {lines: [green]}\npinned: [d-pin]\nsort: priority\n",
    )

    shelf = items(mini, date(2022, 3, 25))[("basic", "green")]

    assert shelf == ("d-pin", "tissue", "bike", "a-high", "c-high", "b-low")


def test_ending_soonest_and_newest_first(mini: Project) -> None:
    for name, valid in (
        ("early", "{from: 2022-01-05, until: 2022-04-01}"),
        ("late", "{from: 2022-03-01, until: 2022-09-01}"),
        ("open", "{from: 2022-02-01}"),
    ):
        mini.write(f"benefits/{name}.yaml", benefit(name, "[basic]", valid))
    select = "select: {ids: [early, late, open]}\n"
    mini.write("shelves/green.yaml", "title: G\n" + select + "sort: ending\n")
    mini.write("shelves/spring.yaml", "title: S\n" + select + "sort: newest\n")

    found = items(mini, date(2022, 3, 25))

    assert found["basic", "green"] == ("early", "late", "open")
    assert found["basic", "spring"] == ("late", "open", "early")


def test_limit_keeps_the_first_items_per_tier(mini: Project) -> None:
    mini.write(
        "shelves/green.yaml",
        "title: G\nselect: {lines: [green, car]}\nsort: priority\nlimit: 1\n",
    )

    found = items(mini, date(2022, 3, 25))

    assert found["basic", "green"] == ("tissue",)
    assert found["gold", "green"] == ("tissue",)


def test_rules_combine_lines_and_tiers_and_ids_add_to_them(mini: Project) -> None:
    mini.write(
        "shelves/green.yaml",
        "title: G\nselect: {lines: [green], tiers: [gold], ids: [car-wash]}\n",
    )

    found = items(mini, date(2022, 3, 25))

    assert set(found["gold", "green"]) == {"bike", "tissue", "car-wash"}
    assert set(found["basic", "green"]) == {"bike", "tissue"}


def test_benefits_outside_their_window_leave_the_shelf(mini: Project) -> None:
    before = items(mini, date(2022, 3, 21))["basic", "green"]
    during = items(mini, date(2022, 3, 31))["basic", "green"]
    after = items(mini, date(2022, 4, 1))["basic", "green"]

    assert (before, during, after) == (("bike",), ("tissue", "bike"), ("bike",))


def test_campaign_window_is_inclusive_at_both_ends(mini: Project) -> None:
    def shown(day: date) -> bool:
        views = shelf_views(site_of(mini), day)["basic"]
        return any(v.id == "spring" and v.status.value == "active" for v in views)

    assert [shown(date(2022, 3, d)) for d in (21, 22, 31)] == [False, True, True]
    assert shown(date(2022, 4, 1)) is False
