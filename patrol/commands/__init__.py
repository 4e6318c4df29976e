"""The CLI commands, one module per command and named for it (`patrol run` is patrol/commands/run.py);
registered on the group in patrol/cli.py. Shared options live in patrol/cli_support.py, printed output in
patrol/output.py."""
