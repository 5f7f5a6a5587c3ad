"""Assets: theme files and content images, fingerprinted; the pages' styles."""

from site_builder.assets.fingerprint import Asset, Assets, PageStyles, collect_assets

__all__ = ["Asset", "Assets", "PageStyles", "collect_assets"]
