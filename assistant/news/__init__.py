"""News-native answers: briefs, timelines, what each outlet says, dates and corpus facts."""
