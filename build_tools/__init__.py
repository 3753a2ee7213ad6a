"""Build tools for the explainer: load and validate content, match glossary terms,
render pages from Jinja2 templates. Independent of MkDocs; `plugin.py` adapts it."""

__all__ = ["ContentError"]

from build_tools.errors import ContentError
