"""Support for the project's own test suite (loaded as a pytest plugin, see pyproject.toml)."""
