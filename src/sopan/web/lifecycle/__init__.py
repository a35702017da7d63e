"""The life of an SOP version: its states, the transitions between them, who fires them, and reminders."""
