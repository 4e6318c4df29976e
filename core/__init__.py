"""The leaf every layer shares: the config model and loader, the domain vocabulary, stable ids and
display-width table helpers. It imports nothing of the project."""
