"""Login with throttling: after five failed attempts for an address and user name, wait fifteen minutes."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from sopan.web.ui.language import text

__all__ = ["LoginView"]

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(request: HttpRequest) -> str:
    username = request.POST.get("username", "").strip().lower()[:150]
    return f"login-fail:{request.META.get('REMOTE_ADDR', '?')}:{username}"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if cache.get(_key(request), 0) >= MAX_FAILURES:
            # an unbound form: validating the posted one would check the password even while locked out
            form = self.get_form_class()(request)
            locked = text(
                request,
                "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.",
                "Too many failed login attempts. Try again in 15 minutes.",
            )
            return self.render_to_response(self.get_context_data(form=form, locked=locked), status=429)
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.error_messages["invalid_login"] = text(
            self.request, "Nama pengguna atau kata sandi salah.", "Wrong user name or password."
        )
        form.error_messages["inactive"] = text(self.request, "Akun ini tidak aktif.", "This account is inactive.")
        return form

    def form_invalid(self, form):
        key = _key(self.request)
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        cache.incr(key)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_key(self.request))
        return super().form_valid(form)
