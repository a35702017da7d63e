"""The lifecycle app: records states on publication and lets the catalog and the loket read them."""

from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "sopan.web.lifecycle"
    label = "lifecycle"
    verbose_name = "Siklus hidup SOP"

    def ready(self) -> None:
        from sopan.web.catalog import version_states
        from sopan.web.lifecycle import services

        version_states.version_published.connect(services.on_published, dispatch_uid="lifecycle-on-published")
        version_states.register(services.READER)
