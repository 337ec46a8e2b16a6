"""A replay and the views derived from its event log (attendance, tallies, seats, transcript,
tables). Nothing here keeps state of its own. Imports the language and the model."""
