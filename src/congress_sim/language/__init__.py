"""The scenario language: YAML files (with `extends` and `--set`) read into a frozen, checked
:class:`~congress_sim.language.scenario.Scenario` and its plan. Imports only the base modules."""
