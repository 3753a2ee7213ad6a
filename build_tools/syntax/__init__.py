"""Stage 0: the syntax every other stage shares: the Markdown dialect, the markers
maintainers write inside it, and what the dialect may never emit."""
