"""Stage 3, render: the generated docs tree. Pages through Jinja2 templates, every output
address (paths), feeds, calendars, open data, search words, and the writer that touches only
changed files."""
