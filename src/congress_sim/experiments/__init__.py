"""Experiments on top of replays: ensembles, comparisons. Imports every layer below."""
