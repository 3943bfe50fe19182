"""Tests of the SHACL shapes in shapes/: broken fixtures that fire each shape, and the real data."""
