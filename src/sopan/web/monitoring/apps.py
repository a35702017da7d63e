"""The monitoring app's configuration: it follows every command and every rewritten case."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sopan.web.monitoring"
    label = "monitoring"
    verbose_name = "Pemantauan"

    def ready(self) -> None:
        from sopan.web.cases import extensions
        from sopan.web.monitoring import on_command

        extensions.command_done.connect(on_command.on_command, dispatch_uid="monitoring-on-command")
        extensions.case_rewritten.connect(on_command.on_rewritten, dispatch_uid="monitoring-on-rewritten")
