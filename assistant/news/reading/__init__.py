"""Reading a news question: its intent, the period it names, its follow-ups, its options."""
