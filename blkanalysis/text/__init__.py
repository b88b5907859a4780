"""Indonesian numbers (parse and format, with Babel) and figure extraction from text."""
