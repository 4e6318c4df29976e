"""Rule engine: a registry of indicator rules over site snapshots.

Each rule lives in the module of its family; the ordered table is rules/catalogue.py, and docs/rules.md
gives every rule's source file:

- site.py: site-unreachable, site-blocked, site-identifiers-missing
- home.py: home-stale
- catalog.py: catalog-not-found
- incomplete.py: crawl-incomplete
- unread.py: columns-unread
- freshness.py: column-stale, column-stale-soon, column-blank, column-unreachable
- platform.py: column-missing (the 信息公开平台's required first-level columns)
- content.py: content-item-missing (the 条例 第二十条/第二十一条 items; their words: content_items.toml)
- annual.py: annual-report-missing, annual-report-late
- annual_format.py: annual-report-format (the newest report against the 30号 layout)
- entries.py: entry-date-missing, entry-date-invalid, entry-date-future, entry-date-mismatch, entry-link-broken
- links.py: home-link-broken, page-link-broken
- publication.py: entry-published-late
- site_facts.py: search-missing, domain-not-gov
- page_meta.py: page-meta-missing
- vetoes.py: veto-stale-columns, veto-overdue-columns, veto-blank-columns
- interaction.py: interaction-channel-missing, interaction-unanswered
- consultation.py: consultation-stale
- interpretation.py: interpretation-unlinked
- service.py: service-missing, service-guide-incomplete
- review.py: personal-data-exposed, wording-suspect (only what a person confirmed in `patrol review`)
"""
