"""Stage 2, link: the site graph (membership, related items, backlinks, agenda and state by
build date)."""
