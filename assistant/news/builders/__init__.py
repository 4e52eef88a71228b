"""The news answer kinds: briefs, timelines, outlets side by side, corpus facts."""
