"""The office's administration (pengelola): its users, their roles with Plt/Plh periods, API tokens, the audit."""
