"""Login with throttling shared by all workers: failures per user name, per address and across all user names
(``settings.THROTTLE_LIMITS``), counted before the password is checked; a refusal is 429 with Retry-After."""

from __future__ import annotations

import math

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from sopan.web.throttle.login import login_attempt, login_succeeded
from sopan.web.ui.language import text

__all__ = ["LoginView"]


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        verdict = login_attempt(request)
        if verdict is not None:
            # an unbound form: validating the posted one would check the password while locked out
            form = self.get_form_class()(request)
            minutes = math.ceil(verdict.retry_after / 60)
            locked = text(
                request,
                f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit.",
                f"Too many failed login attempts. Try again in {minutes} minutes.",
            )
            response = self.render_to_response(self.get_context_data(form=form, locked=locked), status=429)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.error_messages["invalid_login"] = text(
            self.request, "Nama pengguna atau kata sandi salah.", "Wrong user name or password."
        )
        form.error_messages["inactive"] = text(self.request, "Akun ini tidak aktif.", "This account is inactive.")
        return form

    def form_valid(self, form):
        login_succeeded(self.request)
        return super().form_valid(form)
