"""`python -m build_tools check` validates content; `export DIR` writes the pages as
Markdown, as a publisher receives them; `new DIR` starts a new explainer."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from build_tools import new
from build_tools.publish import feed
from build_tools.errors import ContentError
from build_tools.publish.site import Site


def _publication(config: Path) -> tuple[str, str]:
    """site_name and site_url, read as plain YAML so this needs no MkDocs."""
    import yaml

    class _Lenient(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold tags such as !!python/name:...; they do not matter here.
    _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Lenient) if config.exists() else {}
    return str(data.get("site_name", "Explainer")), str(data.get("site_url") or "/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.add_argument("--language", default="en")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="read site_name and site_url from this MkDocs config (default: mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the content and stop")
    export = commands.add_parser("export", help="write the generated Markdown pages into DIR")
    export.add_argument("dir", type=Path)
    new_site = commands.add_parser("new", help="write a minimal explainer into DIR (a new or empty folder)")
    new_site.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "new":
        try:
            written = new.create(args.dir)
        except FileExistsError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
        print(f"Wrote {len(written)} files to {args.dir}. Next: cd {args.dir} && mkdocs serve")
        return 0
    try:
        name, url = _publication(args.config)
        site = Site(args.content, site_name=name, site_url=url, root=Path.cwd(), language=args.language)
        if args.command == "export":
            args.dir.mkdir(parents=True, exist_ok=True)
        # Every page is converted, as a publisher would: some mistakes show only then.
        for page, document, _ in site.render_all():
            if args.command == "export":
                (args.dir / page.src_uri).write_text(document, encoding="utf-8")
        if args.command == "export":
            (args.dir / feed.FEED_NAME).write_text(site.feed(), encoding="utf-8")
            print(f"Wrote {len(site.pages)} pages and {feed.FEED_NAME} to {args.dir}")
        for warning in site.warnings():  # the same words a build prints; a strict build fails on them
            print(f"Warning: {warning}", file=sys.stderr)
        if site.warnings():
            return 1
        if args.command == "check":
            print(f"Content is valid: {len(site.content.sections)} sections, {len(site.content.terms)} terms, "
                  f"{len(site.content.sources)} sources.")
    except ContentError as error:
        if os.environ.get("EXPLAINER_DEBUG"):
            raise
        print(f"Content error: {error.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
