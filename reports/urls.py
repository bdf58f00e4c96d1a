from django.urls import path

from reports import audit, audit_log, return_views, review_views, views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("summary/", views.summary_list, name="summary_list"),
    path("summary/<int:union_id>/<int:year>/", views.summary_detail, name="summary"),
    path("summary/<int:union_id>/<int:year>/edit/<slug:key>/", views.summary_edit, name="summary_edit"),
    path("summary/<int:union_id>/<int:year>/finalise/", views.summary_finalise, name="summary_finalise"),
    path("summary/<int:union_id>/<int:year>/arrange/", views.summary_arrange, name="summary_arrange"),
    path("summary/<int:union_id>/<int:year>/settings/", views.summary_settings, name="summary_settings"),
    path("summary/<int:union_id>/<int:year>/reopen/", views.summary_reopen, name="summary_reopen"),
    path(
        "summary/<int:union_id>/<int:year>/versions/<int:number>/",
        views.summary_version,
        name="summary_version",
    ),
    path("summary/<int:union_id>/<int:year>/print/", views.summary_print, name="summary_print"),
    path("summary/<int:union_id>/<int:year>/pdf/", views.summary_pdf, name="summary_pdf"),
    path("review/", review_views.report_list, name="review_report_list"),
    path("review/<int:union_id>/<int:year>/", review_views.report_detail, name="review_report"),
    path(
        "review/<int:union_id>/<int:year>/edit/<slug:key>/",
        review_views.report_edit,
        name="review_report_edit",
    ),
    path("review/<int:union_id>/<int:year>/sign/", review_views.report_sign_off, name="review_report_sign"),
    path("review/<int:union_id>/<int:year>/print/", review_views.report_print, name="review_report_print"),
    path("review/<int:union_id>/<int:year>/pdf/", review_views.report_pdf, name="review_report_pdf"),
    path("review/<int:union_id>/<int:year>/docx/", review_views.report_docx, name="review_report_docx"),
    path("summary/<int:union_id>/<int:year>/docx/", views.summary_docx, name="summary_docx"),
    path("statistics-return/", return_views.statistics_return, name="statistics_return"),
    path("statistics-return/sign/", return_views.statistics_return_sign, name="statistics_return_sign"),
    path("members/<int:member_id>/ledger/", views.member_ledger, name="member_ledger"),
    path("audit/", audit_log.log_page, name="audit_log"),
    path("audit/<str:label>/<int:pk>/", audit.audit_record, name="audit_record"),
]
