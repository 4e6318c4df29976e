"""Pure extractors over (html bytes, url): dates, lists, articles, pagination, catalogs, identifiers."""
