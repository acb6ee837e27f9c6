"""Typing stages: what kind of event each draft is (the trigger/refine rules of the lexicon)."""
