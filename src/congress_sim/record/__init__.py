"""What the sources say happened, and the check of a replay against it. Nothing below this
layer imports it: the engine never reads the record."""
