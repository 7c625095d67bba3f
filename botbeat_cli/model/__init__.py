"""Pydantic models of what editors write: `botbeat.yaml` and an article's front matter.

The model never reads files: `store` supplies plain data and positions.
"""
