"""The Diaspora Diplomacy course package: what every lesson imports. Importing it displays nothing."""
from .data import load_table
from .lesson import Lesson, course_map

__all__ = ["Lesson", "course_map", "load_table"]
__version__ = "0.2.0"
