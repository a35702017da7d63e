"""The Biro's review of SOP drafts: notes on a field or a step, the reviewer's page, the Berita Acara."""
