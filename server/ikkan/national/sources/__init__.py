"""The national layer's outside sources: their records, the checks a file must pass, the
download into a cache, and finding each source's files in a local folder or the cache."""
