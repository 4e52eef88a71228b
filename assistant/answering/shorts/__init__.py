"""Short answers: typed spans in the chosen sentence, scored, checked and gated."""
