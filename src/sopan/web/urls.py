"""URL routes. Case ids are UUIDs; no personal data ever appears in a URL."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sopan.web.accounts.views import LoginView
from sopan.web.api_site import api
from sopan.web.authoring import start_views as authoring_start
from sopan.web.authoring import views as authoring
from sopan.web.authoring.compare_views import draft_compare
from sopan.web.authoring.writers_views import writers as authoring_writers
from sopan.web.cases import case_search_views, intake, personal_views, public, views
from sopan.web.catalog import versions
from sopan.web.catalog import views as catalog
from sopan.web.lifecycle import draft_views as lifecycle_drafts
from sopan.web.lifecycle import views as lifecycle
from sopan.web.monitoring import views as monitoring
from sopan.web.office import roles_views
from sopan.web.office import views as office
from sopan.web.review import minutes_views as review_minutes
from sopan.web.review import views as review
from sopan.web.setelan import views as setelan
from sopan.web.signing import setup_views
from sopan.web.signing import views as signing
from sopan.web.ui.favicon import favicon

handler404 = "sopan.web.ui.errors.page_not_found"  # a NotFoundBecause says why on the page

urlpatterns = [
    path("", catalog.catalog, name="catalog"),
    path("dokumen.css", catalog.document_css, name="document-css"),
    path("favicon.ico", favicon, name="favicon"),
    path("sop/<slug:organisation>/<slug:key>/", catalog.sop_detail, name="sop"),
    path("sop/<slug:organisation>/<slug:key>/v<int:number>/", catalog.sop_detail, name="sop-version"),
    path("sop/<slug:organisation>/<slug:key>/banding/", versions.compare_page, name="sop-compare"),
    path("sop/<slug:organisation>/<slug:key>/v<int:number>/unduh.<str:fmt>", catalog.download, name="sop-download"),
    path("sop/<slug:organisation>/<slug:key>/riwayat/", lifecycle.sop_history, name="sop-history"),
    path("sop/<slug:organisation>/<slug:key>/cabut/", lifecycle.sop_revoke, name="sop-revoke"),
    path("pengingat/", lifecycle.reminders_page, name="reminders"),
    path("pengingat/<slug:organisation>/", lifecycle.reminders_page, name="reminders-organisation"),
    path("masuk/", LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("tugas/", views.inbox, name="inbox"),
    path("kasus/", case_search_views.case_list, name="case-list"),
    path("kasus/menunggu/", views.held_cases, name="held-cases"),
    path("kasus/<uuid:case_id>/", views.case_page, name="case"),
    path("kasus/<uuid:case_id>/tanda-terima.pdf", intake.receipt, name="receipt"),
    path("kasus/<uuid:case_id>/berkas/<int:event_seq>/", views.case_file, name="case-file"),
    path("kasus/<uuid:case_id>/tugas/<int:number>/", views.task_page, name="task"),
    path("kasus/<uuid:case_id>/tugas/<int:number>/aksi/", views.task_action, name="task-action"),
    path("loket/", intake.loket, name="loket"),
    path("loket/<slug:organisation>/<slug:key>/", intake.start_case, name="start-case"),
    path("pengelola/", personal_views.administration, name="administration"),
    path("pengelola/<slug:organisation>/", office.index, name="office"),
    path("pengelola/<slug:organisation>/pengguna/", office.user_list, name="office-users"),
    path("pengelola/<slug:organisation>/pengguna/baru/", office.user_add, name="office-user-add"),
    path("pengelola/<slug:organisation>/pengguna/<int:user_id>/", office.user_page, name="office-user"),
    path("pengelola/<slug:organisation>/pengguna/<int:user_id>/aksi/", office.user_action, name="office-user-action"),
    path("pengelola/<slug:organisation>/pengguna/token/", roles_views.token_list, name="office-tokens"),
    path("pengelola/<slug:organisation>/pengguna/audit/", office.audit_page, name="office-audit"),
    path("pengelola/<slug:organisation>/peran/", roles_views.role_list, name="office-roles"),
    path("pengelola/<slug:organisation>/peran/beri/", roles_views.assign, name="office-role-assign"),
    path("pengelola/<slug:organisation>/peran/<int:assignment_id>/akhiri/", roles_views.end, name="office-role-end"),
    path("akun/sandi/", office.password_change, name="password-change"),
    path("admin/", admin.site.urls),
    path("pengelola/<slug:organisation>/data-pribadi/", personal_views.personal_data, name="personal-data"),
    path("pengelola/<slug:organisation>/profil/", setelan.profile_page, name="office-profile"),
    path("pengelola/<slug:organisation>/kalender/", setelan.calendar_page, name="office-calendar"),
    path("pengelola/<slug:organisation>/telaah/", lifecycle.review_sop_page, name="office-review-sop"),
    path("pengelola/<slug:organisation>/penyusun/", authoring_writers, name="office-writers"),
    path("penyusunan/", authoring_start.drafts, name="drafts"),
    path("penyusunan/<uuid:draft_id>/", authoring.editor, name="draft-editor"),
    path("penyusunan/<uuid:draft_id>/ubah/", authoring.change, name="draft-change"),
    path("penyusunan/<uuid:draft_id>/batal/", authoring.undo_last, name="draft-undo"),
    path("penyusunan/<uuid:draft_id>/yaml/", authoring.yaml_mode, name="draft-yaml"),
    path("penyusunan/<uuid:draft_id>/banding/", draft_compare, name="draft-compare"),
    path("penyusunan/<uuid:draft_id>/telaah/", review.review_page, name="draft-review"),
    path("penyusunan/<uuid:draft_id>/telaah/catatan/", review.note_add, name="draft-note-add"),
    path("penyusunan/<uuid:draft_id>/telaah/catatan/<int:note_id>/", review.note_action, name="draft-note"),
    path("penyusunan/<uuid:draft_id>/berita-acara/", review_minutes.minutes_new, name="minutes-new"),
    path("pengelola/<slug:organisation>/berita-acara/", review_minutes.minutes_list, name="office-minutes"),
    path("berita-acara/<uuid:minutes_id>/berita-acara.pdf", review_minutes.minutes_pdf, name="minutes-pdf"),
    path("penyusunan/<uuid:draft_id>/unduh.sop.yaml", authoring.export, name="draft-export"),
    path("penyusunan/<uuid:draft_id>/bagan.svg", authoring.flowchart_svg, name="draft-svg"),
    path("penyusunan/<uuid:draft_id>/ajukan/", lifecycle_drafts.draft_submit, name="draft-submit"),
    path("penyusunan/<uuid:draft_id>/riwayat/", lifecycle_drafts.draft_history_page, name="draft-history"),
    path("penyusunan/<uuid:draft_id>/setujui/", lifecycle_drafts.draft_approve, name="draft-approve"),
    path("penyusunan/<uuid:draft_id>/identitas/", authoring.identity_preview, name="draft-identity"),
    path("penyusunan/<uuid:draft_id>/konsep.pdf", authoring.draft_pdf, name="draft-pdf"),
    path("status/", public.public_status, name="public-status"),
    path("status/<str:code>/", public.public_status, name="public-status-code"),
    path("pemantauan/<slug:organisation>/<slug:key>/", monitoring.performance_page, name="performance"),
    path(
        "pemantauan/<slug:organisation>/<slug:key>/<slug:table>.csv", monitoring.performance_csv, name="performance-csv"
    ),
    path("pemantauan/", include("sopan.web.monitoring.urls")),
    path("sop/<slug:organisation>/<slug:key>/v<int:number>/tandatangan/", signing.sign_page, name="sign-version"),
    path("pengelola/<slug:organisation>/tte/", setup_views.setup_page, name="office-signing"),
    path("v/<str:code>/", signing.verification, name="verification"),
    path("v/<str:code>/dokumen.pdf", signing.signed_pdf, name="verification-pdf"),
    path("api/", api.urls),
]
