from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from members.views.joining import join_apply
from unionhub import views
from unionhub.forms import LoginForm

# Django's auth views answer exactly these methods, as every view of the project does (unionhub.access):
# no PUT, PATCH, DELETE or OPTIONS (405).
PAGE = ["get", "head"]
FORM = ["get", "head", "post"]

urlpatterns = [
    path("", views.home, name="home"),
    path("switch-role/", views.switch_role, name="switch_role"),
    path("unions/search/", views.union_search, name="union_search"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, http_method_names=FORM),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(http_method_names=["post"]), name="logout"),
    path(
        "accounts/password/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(http_method_names=PAGE),
        name="password_change_done",
    ),
    path("files/<slug:kind>/<int:pk>/add/", views.attachment_add, name="attachment_add"),
    path("files/<int:pk>/", views.attachment_file, name="attachment_file"),
    path(
        "files/<int:pk>/thumbnail/", views.attachment_file, {"thumbnail": True}, name="attachment_thumbnail"
    ),
    path("files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("join/<str:token>/", join_apply, name="join_apply"),
    path("me/", include("reports.portal_urls")),
    path("organisation/", include("unionhub.organisation_urls")),
    path("members/", include("members.urls")),
    path("activities/", include("activities.urls")),
    path("registers/", include("rights.urls")),
    path("finances/", include("finances.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
