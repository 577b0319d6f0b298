"""Caution Register."""
