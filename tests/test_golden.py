"""The fixture programme, rendered and compared with a committed golden copy.

Fingerprints and the inline styles (with their hash in the policy) are
masked, so a change to the style sheet alone does not churn the golden
pages. After an intended change to the templates, refresh them:

    UPDATE_GOLDEN=1 ./dev.sh test tests/test_golden.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import Project

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = {
    "en-zone.html": "/en/basic/",
    "zh-cn-campaign-shelf.html": "/zh-cn/basic/spring/",
    "en-benefit.html": "/en/benefits/bike/",
    "zh-cn-benefit.html": "/zh-cn/benefits/tissue/",
    "chooser.html": "/",
    "sitemap.xml": "/sitemap.xml",
}


def masked(text: str) -> str:
    text = re.sub(r"\.[0-9a-f]{8}\.(css|js|svg|png|jpg|webp)", r".FINGERPRINT.\1", text)
    text = re.sub(r"<style>[^<]*</style>", "<style>STYLES</style>", text)
    text = re.sub(r"&#39;sha256-[^&]+&#39;", "&#39;sha256-STYLES&#39;", text)
    return re.sub(r'integrity="sha384-[^"]+"', 'integrity="sha384-MASKED"', text)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matches_golden_copy(mini: Project, name: str) -> None:
    mini.build()
    actual = masked(mini.page(PAGES[name]))
    golden = GOLDEN / name

    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")
