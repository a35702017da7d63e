"""The review app: reviewers' notes on drafts and the Berita Acara of a review."""

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "sopan.web.review"
    label = "review"
    verbose_name = "Telaah rancangan SOP"
