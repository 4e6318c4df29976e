"""The web view (网页查看) of patrol.db: Datasette configured by Patrol, read-only, and the yearly statistics.

Imports go one way: this package reads storage's database and the rules' vocabulary; nothing in
crawler/, rules/, storage/ or notices/ imports it.
"""
