"""Content review: personal data and serious wording errors in pages and attachments, found as candidates
for a person to confirm (issue 21). Pure functions over text and bytes; full values never leave a detector."""
