from django.urls import path

from unionhub import organisation as views

app_name = "organisation"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:union_id>/", views.profile, name="profile"),
    path("<int:union_id>/new-child/", views.child_create, name="child_create"),
    path("<int:union_id>/move/", views.move, name="move"),
    path("<int:union_id>/close/", views.close, name="close"),
    path("<int:union_id>/officers/", views.officers, name="officers"),
    path("<int:union_id>/officers/appoint/", views.appoint, name="appoint"),
    path("<int:union_id>/hand-over/", views.handover, name="handover"),
    path("roles/<int:role_id>/end/", views.role_end, name="role_end"),
    path("roles/<int:role_id>/start/", views.role_start, name="role_start"),
    path("roles/<int:role_id>/reset-password/", views.password_reset, name="password_reset"),
]
