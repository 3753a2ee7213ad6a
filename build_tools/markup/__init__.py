"""Stage 2: the Markdown dialect, and the extension that turns terms and citations into popups."""
