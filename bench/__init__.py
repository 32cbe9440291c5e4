"""Benchmarks of the build and the stores (issue 7); run them with ``python bench/run.py [--quick]``.

Each benchmark is one module with a ``run(ctx) -> Result`` function, run in a child process of its
own so that its peak memory is its own. Every figure is printed beside a baseline measured in the
same run, as a ratio. Targets are reported as met / not met, never asserted.
"""
