"""Assets: theme files, zone styles and content images, fingerprinted."""

from site_builder.assets.fingerprint import Asset, Assets, collect_assets

__all__ = ["Asset", "Assets", "collect_assets"]
