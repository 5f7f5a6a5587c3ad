"""Preview server for editors: live reload that never dies on a typo."""

from site_builder.serve.server import PreviewOptions, serve

__all__ = ["PreviewOptions", "serve"]
