"""``isocert synth``: a realistic synthetic registry, written in bulk (see docs/registry.md)."""
