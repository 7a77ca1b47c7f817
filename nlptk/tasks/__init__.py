"""tasks: the plain Python API behind each command (imports core, never cli)."""
