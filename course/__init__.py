"""The Diaspora Diplomacy course package: what every lesson imports. Importing it displays nothing."""
from .data import load_table
from .lesson import Lesson

__all__ = ["Lesson", "load_table"]
__version__ = "0.1.0"
