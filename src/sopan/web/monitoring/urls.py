"""The monitoring screens' addresses beside the performance view: XLSX downloads, Tabel 7, the evaluation."""

from __future__ import annotations

from django.urls import path

from sopan.web.monitoring import evaluation_views, home_views, tabel7_views, views

PERIOD = "<int:year>-<int:half>"
SOP = "<slug:organisation>/<slug:key>"

urlpatterns = [
    path("", home_views.monitoring_home, name="monitoring-home"),
    path("<slug:organisation>/", home_views.monitoring_organisation, name="monitoring-organisation"),
    path(f"<slug:organisation>/tabel7/{PERIOD}/", tabel7_views.tabel7_page, name="tabel7"),
    path(f"<slug:organisation>/tabel7/{PERIOD}.pdf", tabel7_views.tabel7_pdf, name="tabel7-pdf"),
    path(f"<slug:organisation>/tabel7/{PERIOD}.xlsx", tabel7_views.tabel7_xlsx, name="tabel7-xlsx"),
    path(f"<slug:organisation>/<slug:key>/evaluasi/{PERIOD}/", evaluation_views.evaluation_page, name="evaluation"),
    path(
        f"<slug:organisation>/<slug:key>/evaluasi/{PERIOD}.pdf", evaluation_views.evaluation_pdf, name="evaluation-pdf"
    ),
    path("<slug:organisation>/<slug:key>/<slug:table>.xlsx", views.performance_xlsx, name="performance-xlsx"),
]
