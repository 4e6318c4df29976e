"""Patrol (政务公开巡查): the application shell — CLI, config and demo portals."""
