"""Output stage: write the site next to ``output/`` and swap it in whole."""

from site_builder.output.sitemap import robots_txt, sitemap_xml
from site_builder.output.staging import Stage, staged, updated

__all__ = ["Stage", "robots_txt", "sitemap_xml", "staged", "updated"]
