"""The drivers that run the model: the SimPy engine (one replay, the full event log) and the
vectorised kernel (blocks of replays, outcomes only). Imports the model and the views."""
