"""The content model: typed documents, validated and cross-checked."""

from site_builder.model.read import Completeness, read_site
from site_builder.model.site import Site

__all__ = ["Completeness", "Site", "read_site"]
