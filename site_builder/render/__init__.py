"""Rendering stage: Jinja templates of the theme, one environment per locale."""

from site_builder.render.templates import Renderer

__all__ = ["Renderer"]
