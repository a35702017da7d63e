"""The REST API (django-ninja): catalog, cases, tasks, events and public status, with the screens' permissions."""
