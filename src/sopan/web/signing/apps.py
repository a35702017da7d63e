"""The signing app: who approves, the office's signer, signed documents and their public verification."""

from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "sopan.web.signing"
    label = "signing"

    def ready(self) -> None:
        from sopan.web.catalog.version_actions import register
        from sopan.web.signing.approver import sign_action

        register(sign_action)
