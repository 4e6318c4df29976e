"""Scrapy project: the `portal` spider, its items, pipeline and settings."""
