"""Resolution: plain functions that turn the mentions the spaCy components found into places, dates and facts."""
