"""Running SOPs as cases. Pure Python: no web framework imports here."""
