"""cli: the ``nlptk`` command line (thin wrappers over the capability packages)."""
