"""One module per document kind, each turning the campaign model into a template context."""
