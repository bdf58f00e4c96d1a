from django.urls import path

from rights import views

app_name = "rights"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:register>/", views.register_list, name="list"),
    path("<slug:register>/new/", views.register_create, name="create"),
    path("<slug:register>/kept/", views.register_kept, name="kept"),
    path("<slug:register>/<int:pk>/edit/", views.register_edit, name="edit"),
    path("<slug:register>/<int:pk>/delete/", views.register_delete, name="delete"),
]
