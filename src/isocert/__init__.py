"""isocert: open ISO management-system certification and a public certificate registry."""

__version__ = "0.1.0"
