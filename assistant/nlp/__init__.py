"""spaCy behind one seam: the pinned model loaded (load, process) and its parses frozen (parsed)."""
