"""Reading the public data files the neighbourhood register imports (IMD and CNI)."""

from .formats import FORMATS, FORMATS_BY_KEY, FileFormat
from .parse import ParsedFile, ParsedRow, Problem, parse_register_file

__all__ = [
    "FORMATS",
    "FORMATS_BY_KEY",
    "FileFormat",
    "ParsedFile",
    "ParsedRow",
    "Problem",
    "parse_register_file",
]
