"""Settings of the MkDocs plugin (`plugins: - explainer:` in mkdocs.yml)."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ExplainerConfig(Config):
    # Folder of the content, relative to mkdocs.yml.
    content_dir = c.Type(str, default="content")
    # Which `content/strings/<language>.yml` the templates use.
    language = c.Type(str, default="en")
    # Raw HTML in section bodies is refused unless a maintainer turns this on.
    allow_html = c.Type(bool, default=False)
