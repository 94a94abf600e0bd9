"""Summaries of any length: sections, map-reduce, cache, citations."""
