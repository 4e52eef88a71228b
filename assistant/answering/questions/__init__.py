"""Question analysis: what a question asks for, its names, nouns and wording."""
