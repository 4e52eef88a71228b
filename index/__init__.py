"""The index layer: text (bytes to articles), embedding, search and writing the index on disk.

Importing it changes nothing in the process; entry points call
`index.text.tokens.use_offline_tiktoken_cache()` so that tiktoken never downloads.
"""
