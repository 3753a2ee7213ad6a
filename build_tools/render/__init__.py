"""Stage 3: Jinja2 templates turn content into Markdown pages."""
