"""Loading stage: find content files and read them into positioned documents."""

from site_builder.content.files import Document, Kind, load_content

__all__ = ["Document", "Kind", "load_content"]
