"""The office's own settings in the browser and the API: its profile, logo, office hours and local calendar."""
