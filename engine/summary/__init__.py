"""Summaries of any length: sources (``sources``), sections sized by the model's own
count (``sections``), prompts, map-reduce (``summarizer``), the cache, citations, and
a summary as a turn of a conversation (``turn``)."""
