"""spaCy components that only find: paragraphs, places, dates, numbers, figures, triggers."""
