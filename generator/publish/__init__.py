"""Stage 4, publish: the renderer (MkDocs), the post-build gate, Pagefind, the live preview
and the external link check."""
