from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from unionhub import views

urlpatterns = [
    path("", views.home, name="home"),
    path("switch-role/", views.switch_role, name="switch_role"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("members/", include("members.urls")),
    path("activities/", include("activities.urls")),
    path("finances/", include("finances.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
