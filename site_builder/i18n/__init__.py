"""Internationalisation: the theme's gettext catalogues and Babel formatting."""

from site_builder.i18n.catalogs import Catalogs, load_catalogs
from site_builder.i18n.formats import Formats

__all__ = ["Catalogs", "Formats", "load_catalogs"]
