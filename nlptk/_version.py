"""The version of nlptk, in a module of its own: ``artifacts`` records it in every model's
``meta.json`` and sits below every capability, so it must not import the package root (whose
lazy names reach the capabilities)."""

__version__ = "0.1.0"
