"""Settings of the MkDocs plugin (`plugins: - explainer:` in mkdocs.yml)."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from build_tools.publish.settings import Settings

# `check` and `export` read these options from mkdocs.yml too, with the same defaults.
_DEFAULTS = Settings()


class ExplainerConfig(Config):
    # Folder of the content, relative to mkdocs.yml.
    content_dir = c.Type(str, default=_DEFAULTS.content_dir)
    # Which `content/strings/<language>.yml` the templates use.
    language = c.Type(str, default=_DEFAULTS.language)
    # Raw HTML in section bodies is refused unless a maintainer turns this on.
    allow_html = c.Type(bool, default=_DEFAULTS.allow_html)
