"""The downloader middlewares, in the order a request meets them (crawler/settings.py registers them):
guard (site hosts, budget; Retry-After), render (headless Chromium for script-built lists), blocking (WAF
answers), conditional (If-None-Match / If-Modified-Since), redirects (within the site's hosts), politeness
(per-IP gate, last before the downloader)."""
