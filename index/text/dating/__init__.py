"""Dates: written in sentences, in page headers, and the publication dates a text implies."""
