"""Rate limits kept in the database, so every worker process of a server counts against the same limit."""
