"""Compiled kernel of ``nlptk.segment``: ``_kernel`` (dictionary, DAG, route and HMM in C,
``engine``).

A package of their own, below every module of the folder above: importing a compiled module runs
its package's ``__init__`` first, and a capability's ``__init__`` names (lazily) the modules
that use these kernels, so a kernel in the capability's own folder would put that ``__init__``
in an import circle with its users. Each is optional (the build skips it without a C compiler)
and its users fall back to their pure-Python reference.
"""
