"""Writes to the database, apart from the views: each function is one operation."""
