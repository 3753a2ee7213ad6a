"""Validation shared by every content file: the schema's errors in a maintainer's words,
and references to sources."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from build_tools.syntax import markers
from build_tools.errors import CONTENT_FORMAT, ContentError, field_name, shorten
from build_tools.content.yamlsrc import FieldPath, Located

M = TypeVar("M", bound=BaseModel)


_MESSAGES = {
    "missing": ("is missing", f"Add it; see {CONTENT_FORMAT}"),
    "extra_forbidden": ("is not a known field", f"Check its spelling or remove it; see {CONTENT_FORMAT}"),
    "string_type": ("must be text", "Write it as text, in quotes if it contains a colon"),
    "list_type": ("must be a list", "Write one '- item' per line under it"),
    "dict_type": ("must be a mapping", "Write 'key: value' lines under it"),
    "model_type": ("must be a mapping", "Write 'key: value' lines under it"),
    "bool_type": ("must be true or false", "Write true or false"),
    "bool_parsing": ("must be true or false", "Write true or false"),
    "string_pattern_mismatch": ("must use only lowercase letters, digits and single hyphens", "Rename it, e.g. 'article-5'"),
}


def _error(located: Located, err: dict[str, Any], prefix: FieldPath = ()) -> ContentError:
    where: FieldPath = (*prefix, *err["loc"])
    # Skip pydantic's union branch names (e.g. 'str', 'function-after[...]') in the field path.
    where = tuple(p for p in where if isinstance(p, int) or not any(c in p for c in "[]()") and p not in {"str", "none"})
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind in _MESSAGES:
        problem, fix = _MESSAGES[kind]
    elif kind == "string_too_long":
        problem = f"is {len(value)} characters long, over the limit of {ctx['max_length']}"
        fix = f"Shorten it to {ctx['max_length']} characters or fewer"
        if where and where[-1] == "definition":
            fix += "; put detail in 'note'"
    elif kind in {"string_too_short", "too_short"} and not value:
        problem, fix = "is empty", "Fill it in"
    elif kind == "too_short":
        problem, fix = f"has {len(value)} items, fewer than {ctx['min_length']}", f"Give at least {ctx['min_length']}"
    elif kind == "too_long":
        problem, fix = f"has {len(value)} items, more than {ctx['max_length']}", f"Give at most {ctx['max_length']}"
    elif kind == "literal_error" and not isinstance(value, str):
        problem, fix = f"must be one of {ctx['expected']}", "Write one of those words"
    elif kind == "literal_error":
        problem, fix = f"is '{shorten(value)}', not one of {ctx['expected']}", "Use one of those words"
    elif kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        problem, _, fix = message.partition("; ")
    else:
        problem, fix = err["msg"], f"See {CONTENT_FORMAT}"
    return ContentError(located.path, problem, fix, line=located.line(where), field=field_name(where))


def validate(model: type[M], located: Located, data: Any = None, prefix: FieldPath = ()) -> M:
    """`model` from `located` data; the first schema error becomes a ContentError."""
    try:
        return model.model_validate(located.data if data is None else data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key is both unknown and missing: name the misspelling, and the key it was meant to be.
        for err in errors:
            if err["type"] == "extra_forbidden":
                parent = err["loc"][:-1]
                missing = [str(e["loc"][-1]) for e in errors if e["type"] == "missing" and e["loc"][:-1] == parent]
                error = _error(located, err, prefix)
                close = difflib.get_close_matches(str(err["loc"][-1]), missing, n=1)
                if close:
                    error.fix = f"Did you mean '{close[0]}'? See {CONTENT_FORMAT}"
                raise error from None
        raise _error(located, errors[0], prefix) from None


class References:
    """Checks that every source id a piece of content names exists."""

    def __init__(self, sources: dict[str, Any]) -> None:
        self.sources = sources

    def unknown(self, source_id: str, shown: str, line: int | None, field: str) -> ContentError:
        known = ", ".join(sorted(self.sources)[:6])
        return ContentError(shown, f"unknown source id '{source_id}'",
                            f"Use an id from content/sources.yml (e.g. {known}) or add the source there",
                            line=line, field=field)

    def check_ids(self, located: Located, where: FieldPath, ids: Iterable[str]) -> None:
        for index, source_id in enumerate(ids):
            if source_id not in self.sources:
                item = (*where, index) if located.line((*where, index)) else where
                raise self.unknown(source_id, located.path, located.line(item), field_name(where))

    def check_text(self, located: Located, where: FieldPath, texts: str | Iterable[str]) -> None:
        for index, text in enumerate([texts] if isinstance(texts, str) else texts):
            for match in markers.CITATION.finditer(text):
                if match.group(1) not in self.sources:
                    item = where if isinstance(texts, str) else (*where, index)
                    raise self.unknown(match.group(1), located.path, located.line(item), field_name(where))


