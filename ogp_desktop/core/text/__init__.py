"""Text as people spell it: one Arabic normalisation for search, matching and import."""
