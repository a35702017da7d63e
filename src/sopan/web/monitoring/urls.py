"""The monitoring screens' addresses beside the performance view: XLSX downloads, Tabel 7, the evaluation."""

from __future__ import annotations

from django.urls import path

from sopan.web.monitoring import views

urlpatterns = [
    path("<slug:organisation>/<slug:key>/<slug:table>.xlsx", views.performance_xlsx, name="performance-xlsx"),
]
