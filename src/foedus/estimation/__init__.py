"""Estimated crisis models (placeholder during development)."""
