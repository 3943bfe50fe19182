"""Quads of the national layer, one module per named graph (pyoxigraph terms throughout)."""
