"""`python -m build_tools check` validates content; `export DIR` writes the pages as
Markdown, as a publisher receives them."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from build_tools.errors import ContentError
from build_tools.site import Site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.add_argument("--language", default="en")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the content and stop")
    export = commands.add_parser("export", help="write the generated Markdown pages into DIR")
    export.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    try:
        site = Site(args.content, Path.cwd(), args.language)
        if args.command == "export":
            args.dir.mkdir(parents=True, exist_ok=True)
            for page, document, _ in site.render_all():
                (args.dir / page.src_uri).write_text(document, encoding="utf-8")
            print(f"Wrote {len(site.pages)} pages to {args.dir}")
        else:
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
