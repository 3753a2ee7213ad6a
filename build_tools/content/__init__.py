"""Stage 1: what maintainers write in content/, read, validated and cross-checked (no Markdown, no HTML)."""
