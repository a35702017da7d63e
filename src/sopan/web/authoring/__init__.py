"""Writing SOPs in the browser: drafts, their editor with live lint and preview, YAML mode, export and API."""
