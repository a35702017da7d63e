"""The monitoring app's configuration: it follows every command, every rewritten case and every deleted review,
and fills its summaries from history once after the upgrade that brings them."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sopan.web.monitoring"
    label = "monitoring"
    verbose_name = "Pemantauan"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate

        from sopan.web.cases import extensions
        from sopan.web.monitoring import on_command, review_summary, upgrade
        from sopan.web.monitoring.models import CaseReview

        extensions.add_command_write(on_command.add_summaries)
        extensions.add_command_write(on_command.add_closed_review)
        extensions.case_rewritten.connect(on_command.on_rewritten, dispatch_uid="monitoring-on-rewritten")
        post_migrate.connect(upgrade.fill_after_upgrade, sender=self, dispatch_uid="monitoring-after-upgrade")
        post_delete.connect(review_summary.forget_review, sender=CaseReview, dispatch_uid="monitoring-review-deleted")
