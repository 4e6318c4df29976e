"""Bundled demo portals served on 127.0.0.1 (see ``server.py`` for the sites and routes)."""

from patrol.demo.bulk import make_bulk_sites
from patrol.demo.server import DemoPortals, ServedSite
from patrol.demo.spec import ColumnSpec, EntrySpec, SiteSpec

__all__ = ["ColumnSpec", "DemoPortals", "EntrySpec", "ServedSite", "SiteSpec", "make_bulk_sites"]
