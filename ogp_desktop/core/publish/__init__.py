"""The public repository website (OGP's minimum requirements 2.1 and 2.2): a static,
bilingual site written from the records, with nothing private in it (docs/publish.md).

`content` decides what is public and counts what is left out; `site` renders the pages
with Jinja2, writes only what changed (a manifest of SHA-256 in the site) and keeps the
changelog; `search_index` is the prebuilt index the site's own JavaScript searches. The
PDFs (signed minutes, progress reports) are made by the layers above and handed in as
callables (`site.Documents`): this package never imports `pdf` or `export`."""
