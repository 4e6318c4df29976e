"""SQLite storage: schema, migrations and every query of the inspection data.

:class:`Store` (storage/store.py) is one object built of one part per table group, each a file of this
package; a public method is found in the file named here (kept complete by tests/storage/test_storage_schema.py):

- base.py (StoreBase): savepoint, transaction
- crawl.py (CrawlMixin): complete_column, incremental_columns, keep_column, page_validators, record_article,
  record_articles, record_catalog, record_checked, record_column, record_entries, record_page, record_site,
  refresh_latest, settled_article_urls, stored_site_urls, validators_under, walked_columns, walked_entry_dates
- figures.py (FiguresMixin): run_figures
- findings.py (FindingsMixin): apply_findings, evaluation_findings, evaluations, findings, record_evaluation,
  record_evaluation_findings
- history.py (HistoryMixin): completed_evaluation, delivered, evaluations_at, first_inspection, inspected_at,
  job_log, last_issue, log_job_end, log_job_start, record_issue
- indicators.py (IndicatorsMixin): record_messages, record_site_fact, record_site_facts, site_facts, site_messages
- jobs.py (JobsMixin): add_job_state, job_states, next_job_times, remove_job_states, set_job_next_run,
  update_job_state
- links.py (LinksMixin): link_fails, record_link_check, record_page_links, settled_link_urls, site_links
- memory.py (MemoryMixin): crawl_memory
- notice_log.py (NoticeLogMixin): failed_notices, notices_for, record_notice
- probes.py (ProbesMixin): add_probes, availability, last_probes, probes
- review.py (ReviewMixin): attachment, attachments, decide_candidate, record_attachment, record_candidates,
  review_candidate, review_candidates, unread_attachments
- runs.py (RunsMixin): finish_run, last_run, mark_interrupted, newest_as_of, run, runs, start_run
- snapshots.py (SnapshotMixin): site, site_names, site_title, snapshot, snapshot_as_of
- store.py (Store): check_integrity, close, register_site, sync_registry

Beside them: schema.py (the schema and its migrations), values.py (ISO dates, JSON text, stable ids),
faults.py (database faults by name), lock.py (one inspection at a time).
"""

from storage.store import Store
from storage.values import column_id, entry_id

__all__ = ["Store", "column_id", "entry_id"]
