"""Synthetic corpus generator (``dkg synth``): Vietnamese party and state documents with their
ground truth in the extraction contract's shape (shared/eval/CONTRACT.md)."""

from dkg.synth.generate import Summary, generate, generate_province

__all__ = ["Summary", "generate", "generate_province"]
