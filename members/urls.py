from django.urls import path

from members.views import hardship, imports, portal, register

app_name = "members"
urlpatterns = [
    path("", register.member_list, name="member_list"),
    path("export/", register.member_export, name="member_export"),
    path("export-log/", register.access_log, name="access_log"),
    path("new/", register.member_create, name="member_create"),
    path("<int:pk>/", register.member_detail, name="member_detail"),
    path("<int:pk>/edit/", register.member_edit, name="member_edit"),
    path("<int:pk>/transfer/", register.member_transfer, name="member_transfer"),
    path("<int:pk>/change/<slug:action>/", register.member_change, name="member_change"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("hardship/", hardship.hardship_list, name="hardship_list"),
    path("hardship/due/", hardship.hardship_due, name="hardship_due"),
    path("hardship/<int:pk>/", hardship.hardship_detail, name="hardship_detail"),
    path("hardship/<int:pk>/edit/", hardship.hardship_edit, name="hardship_edit"),
    path("hardship/<int:pk>/verify/", hardship.hardship_verify, name="hardship_verify"),
    path("hardship/<int:pk>/close/", hardship.hardship_close, name="hardship_close"),
    path("<int:pk>/login-slip/", portal.login_slip, name="login_slip"),
    path("online/", portal.application_list, name="application_list"),
    path("online/applications/<int:pk>/", portal.application_decide, name="application_decide"),
    path("online/changes/<int:pk>/", portal.contact_change_decide, name="contact_change_decide"),
    path("<int:member_pk>/hardship/new/", hardship.hardship_create, name="hardship_create"),
]
