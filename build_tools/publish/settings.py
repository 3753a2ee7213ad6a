"""What a site's MkDocs configuration gives the core: its name and address, and the
explainer plugin's options. The plugin's settings take their defaults from here, and
`check` and `export` read mkdocs.yml through here, so all three use the same values."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


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
    """The settings in `config`, read as plain YAML so this needs no MkDocs.

    As MkDocs reads them: `!ENV` values from the environment, `INHERIT` merged under the
    file, an option written without a value taking its default.
    """
    data = _load(config)
    options = _plugin_options(data.get("plugins"), config)
    for key, kind, words in (("content_dir", str, "a folder name"), ("language", str, "a language code such as en"),
                             ("allow_html", bool, "true or false")):
        if key in options and not isinstance(options[key], kind):
            raise SettingsError(f"{config}: plugins: explainer: {key}: is {options[key]!r}, not {words}. "
                                f"Write {words} there, or remove the line for the default")
    defaults = Settings()
    return Settings(site_name=str(data.get("site_name") or defaults.site_name), site_url=str(data.get("site_url") or defaults.site_url),
                    root=config.parent, content_dir=str(options.get("content_dir", defaults.content_dir)),
                    language=str(options.get("language", defaults.language)),
                    allow_html=bool(options.get("allow_html", defaults.allow_html)))


class _Lenient(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name:...; none of them matters here but !ENV."""


def _load(config: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Lenient) or {}
    except OSError as error:
        raise SettingsError(f"{config}: cannot be read ({error.strerror}). Check that the file exists and is readable") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{config}: is not UTF-8 text. Save it as UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise SettingsError(f"{config}{where}: is not valid YAML. Fix the YAML there") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{config}: is not a MkDocs configuration. Write it as key: value lines")
    if isinstance(parent := data.pop("INHERIT", None), str):
        path = (config.parent / parent).resolve()
        if path in seen:
            raise SettingsError(f"{config}: INHERIT: '{parent}' inherits from this file again. Remove the loop")
        data = _merged(_load(path, (*seen, config.resolve())), data)
    return data


def _env(loader: Any, node: Any) -> object:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, read as a YAML
    value, else the default (as MkDocs's `yaml_env_tag` does)."""
    default: object = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    else:
        children = node.value
        if len(children) > 1:
            default, children = loader.construct_object(children[-1]), children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            return loader.construct_object(yaml.ScalarNode(loader.resolve(yaml.ScalarNode, value, (True, False)), value))
    return default


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
_Lenient.add_constructor("!ENV", _env)


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _plugin_options(plugins: object, config: Path) -> dict[str, object]:
    """The explainer plugin's options, from `plugins:` written as a list or a mapping;
    an option without a value is left out, so it takes its default."""
    entries: list[tuple[object, object]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, dict) and len(item) != 1:
                raise SettingsError(f"{config}: plugins: an item names {len(item)} plugins ({', '.join(map(str, item))}). "
                                    "Indent a plugin's options under its name")
            entries.append(next(iter(item.items())) if isinstance(item, dict) else (item, None))
    for name, options in entries:
        if name == "explainer":
            return {k: v for k, v in options.items() if v is not None} if isinstance(options, dict) else {}
    return {}
