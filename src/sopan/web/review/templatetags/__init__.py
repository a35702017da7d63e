"""Template tags of the review app: the notes shown in the SOP editor."""
