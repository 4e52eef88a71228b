"""Bytes to articles: decoding, cleaning, stories and their dates, sentences, token-sized chunks."""
