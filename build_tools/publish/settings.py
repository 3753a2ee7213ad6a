"""What a site's MkDocs configuration gives the core: its name and address, and the
explainer plugin's options. The plugin's settings take their defaults from here, and
`check` and `export` read mkdocs.yml through here, so all three use the same values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SettingsError(Exception):
    """mkdocs.yml cannot give the settings the build would use."""


@dataclass(frozen=True)
class Settings:
    """What the build takes from mkdocs.yml: the site's name and address, and the explainer
    plugin's options. `check` and `export` read the same, so they report what the build would."""

    site_name: str = "Explainer"
    site_url: str = "/"
    root: Path = Path(".")  # the folder of mkdocs.yml: paths in it are relative to it
    content_dir: str = "content"
    language: str = "en"
    allow_html: bool = False


def read_settings(config: Path) -> Settings:
    """The settings in `config`, read as plain YAML so this needs no MkDocs."""
    import yaml

    class _Lenient(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold tags such as !!python/name:...; they do not matter here.
    _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Lenient) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError(f"{config}: cannot be read ({getattr(error, 'strerror', None) or 'not valid YAML'})") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{config}: is not a MkDocs configuration (key: value lines)")
    options = _plugin_options(data.get("plugins"))
    for key, kind, words in (("content_dir", str, "a folder name"), ("language", str, "a language code such as en"),
                             ("allow_html", bool, "true or false")):
        if key in options and not isinstance(options[key], kind):
            raise SettingsError(f"{config}: plugins: explainer: {key} must be {words}")
    defaults = Settings()
    return Settings(site_name=str(data.get("site_name") or defaults.site_name), site_url=str(data.get("site_url") or "/"),
                    root=config.parent, content_dir=options.get("content_dir", defaults.content_dir),
                    language=options.get("language", defaults.language),
                    allow_html=options.get("allow_html", defaults.allow_html))


def _plugin_options(plugins: object) -> dict[str, object]:
    """The explainer plugin's options, from `plugins:` written as a list or a mapping."""
    entries: list[tuple[object, object]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [next(iter(item.items())) if isinstance(item, dict) and item else (item, None) for item in plugins]
    for name, options in entries:
        if name == "explainer":
            return dict(options) if isinstance(options, dict) else {}
    return {}
