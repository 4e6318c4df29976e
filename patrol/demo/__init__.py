"""Bundled demo portals served on 127.0.0.1."""
