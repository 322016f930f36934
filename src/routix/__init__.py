"""Routix: thumbnails from a sentence, a face and a title."""

__version__ = "0.1.0"
