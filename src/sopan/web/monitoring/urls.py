"""The monitoring screens' addresses: performance downloads, Tabel 7, evaluation, recaps and register books."""

from __future__ import annotations

from django.urls import path

from sopan.web.monitoring import evaluation_views, home_views, recap_views, register_views, tabel7_views, views

PERIOD = "<int:year>-<int:half>"
SOP = "<slug:organisation>/<slug:key>"

urlpatterns = [
    path("", home_views.monitoring_home, name="monitoring-home"),
    path("<slug:organisation>/", home_views.monitoring_organisation, name="monitoring-organisation"),
    path(f"<slug:organisation>/tabel7/{PERIOD}/", tabel7_views.tabel7_page, name="tabel7"),
    path(f"<slug:organisation>/tabel7/{PERIOD}.pdf", tabel7_views.tabel7_pdf, name="tabel7-pdf"),
    path(f"<slug:organisation>/tabel7/{PERIOD}.xlsx", tabel7_views.tabel7_xlsx, name="tabel7-xlsx"),
    # three segments or a suffix: "<organisation>/<key>/" is an SOP's performance page
    path("<slug:organisation>/rekap/<slug:kind>/", recap_views.recap_page, name="recap"),
    path("<slug:organisation>/rekap/<slug:kind>.pdf", recap_views.recap_pdf, name="recap-pdf"),
    path("<slug:organisation>/rekap/<slug:kind>.xlsx", recap_views.recap_xlsx, name="recap-xlsx"),
    path("<slug:organisation>/register/<int:year>/", register_views.register_page, name="register-book"),
    path("<slug:organisation>/register/<int:year>.pdf", register_views.register_pdf, name="register-pdf"),
    path("<slug:organisation>/register/<int:year>.xlsx", register_views.register_xlsx, name="register-xlsx"),
    path(f"<slug:organisation>/<slug:key>/evaluasi/{PERIOD}/", evaluation_views.evaluation_page, name="evaluation"),
    path(
        f"<slug:organisation>/<slug:key>/evaluasi/{PERIOD}.pdf", evaluation_views.evaluation_pdf, name="evaluation-pdf"
    ),
    path("<slug:organisation>/<slug:key>/<slug:table>.xlsx", views.performance_xlsx, name="performance-xlsx"),
]
