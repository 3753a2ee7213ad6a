"""`python -m build_tools check` validates content; `export DIR` writes the pages as
Markdown, as a publisher receives them (and removes the stale ones an earlier export
wrote); `new DIR` starts a new explainer."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from build_tools import new
from build_tools.publish import export, feed
from build_tools.errors import ContentError
from build_tools.publish.settings import Settings, SettingsError, read_settings
from build_tools.publish.site import Site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools")
    parser.add_argument("--config", type=Path,
                        help="the site's MkDocs config, for its name, address and the explainer plugin's options "
                             "(default: mkdocs.yml, if there is one)")
    parser.add_argument("--content", type=Path, help="content folder (default: content_dir of the plugin, or content)")
    parser.add_argument("--language", help="language of the pages (default: language of the plugin, or en)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the content and stop")
    export_command = commands.add_parser(
        "export", help="write the generated Markdown pages into DIR, and remove the ones an earlier export wrote "
                       "that the content no longer makes (unless changed since)")
    export_command.add_argument("dir", type=Path)
    new_site = commands.add_parser("new", help="write a minimal explainer into DIR (a new or empty folder)")
    new_site.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "new":
        try:
            written = new.create(args.dir)
        except (FileExistsError, NotADirectoryError) as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
        except OSError as error:
            print(f"Error: {args.dir} cannot be written ({error.strerror}); choose another folder", file=sys.stderr)
            return 1
        print(f"Wrote {len(written)} files to {args.dir}. Next: cd {args.dir} && mkdocs serve")
        return 0
    config = args.config or Path("mkdocs.yml")
    if args.config is None and not config.exists():
        settings = Settings()
        config_root: Path | None = None  # no mkdocs.yml read: none to keep an export away from
        if args.command == "export":
            print(f"Note: no {config} here, so the pages name the site '{settings.site_name}' at '{settings.site_url}'. "
                  "Give the site's config with --config.", file=sys.stderr)
    else:
        try:
            settings = read_settings(config)
        except SettingsError as error:
            print(f"Configuration error: {error}", file=sys.stderr)
            return 1
        config_root = settings.root
    if args.command == "export" and args.dir.exists() and not args.dir.is_dir():
        print(f"Error: {args.dir} is not a folder; choose a folder to export into", file=sys.stderr)
        return 1
    content = args.content or settings.root / settings.content_dir
    if args.command == "export" and (mixed := _site_files_in(args.dir, content, config_root)):
        print(f"Error: {args.dir} {mixed}. Export into a folder of its own, such as export/", file=sys.stderr)
        return 1
    try:
        # Paths in messages as the build shows them: relative to mkdocs.yml's folder when the content is in it.
        root = settings.root if content.resolve().is_relative_to(settings.root.resolve()) else Path.cwd()
        site = Site(content, site_name=settings.site_name, site_url=settings.site_url, root=root,
                    language=args.language or settings.language, allow_html=settings.allow_html)
        if args.command == "export":
            try:
                args.dir.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                print(f"Error: {args.dir} cannot be made ({error.strerror}); choose a folder to export into",
                      file=sys.stderr)
                return 1
        # Every page is converted, as a publisher would: some mistakes show only then.
        if args.command == "export":
            try:
                done = export.write(site, args.dir)
            except OSError as error:
                print(f"Error: {error.filename or args.dir} cannot be written ({error.strerror}); "
                      "check the folder's permissions and free space, or choose another folder", file=sys.stderr)
                return 1
            print(f"Wrote {len(site.pages)} pages and {feed.FEED_NAME} to {args.dir}")
            _report_stale(done, args.dir / export.MANIFEST)
        else:
            for _ in site.render_all():
                pass
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


def _site_files_in(folder: Path, content: Path, root: Path | None) -> str:
    """Which of the site's own files `folder` holds or lies among ('' if none): an export there would mix
    its pages with them. `root`: the folder of the mkdocs.yml read, if one was."""
    folder = folder.resolve()
    if root is not None and root.resolve().is_relative_to(folder):
        return "holds the site's mkdocs.yml"
    if content.resolve().is_relative_to(folder):
        return f"holds the site's content ({content})"
    if folder.is_relative_to(content.resolve()):
        return f"is inside the site's content ({content})"
    return ""


def _report_stale(done: export.Exported, manifest: Path) -> None:
    """What an earlier export left: removed if untouched since, else left for the maintainer."""
    if done.removed:
        print(f"Removed pages an earlier export wrote that this content no longer makes: {', '.join(done.removed)}")
    for name in done.kept:
        print(f"Note: kept {manifest.parent / name}: an earlier export wrote it and this content no longer makes "
              "it, but it was changed since. Delete it if it should not be published", file=sys.stderr)
    if done.unreadable:
        print(f"Note: {manifest} cannot be read ({done.unreadable}), so pages an earlier export wrote may remain. "
              "Check the folder for pages this content no longer makes; the list is written afresh",
              file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
