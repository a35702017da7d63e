"""Django's admin at /admin/, for superusers only: the tool for emergencies, not the office's daily screen."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from sopan.web.accounts.models import Administrator, ApiToken, AuditEntry, RoleAssignment, Staff


def _superuser_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]
admin.site.site_header = "sopan — admin (superuser)"


class EndedNotDeletedUserAdmin(UserAdmin):
    """Users are ended (made inactive), never deleted: the case events and tasks they acted on name them, and on
    PostgreSQL the database does not check those references (``cases`` migration 0010), so a deletion here could
    leave them pointing at nobody while one of the user's commands commits."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), EndedNotDeletedUserAdmin)
admin.site.register(Staff)
admin.site.register(RoleAssignment, list_display=("user", "role", "kind", "valid_from", "valid_until", "ended_at"))
admin.site.register(Administrator)
admin.site.register(ApiToken, list_display=("name", "user", "scope", "expires_at", "revoked"), exclude=("digest",))
admin.site.register(AuditEntry, list_display=("at", "actor_name", "action", "target"))
