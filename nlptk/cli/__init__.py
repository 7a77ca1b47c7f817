"""cli: the ``nlptk`` command line (thin wrappers over ``nlptk.tasks``)."""
