"""The model of procedure and behaviour, written once: rules, ballots, seats. Every function works
on arrays of a block of replays, where one replay is a block of one. Imports the language."""
