"""Project-level checks. Paths are resolved from this file so they run from any cwd."""
