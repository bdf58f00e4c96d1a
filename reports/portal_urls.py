from django.urls import path

from reports import portal

app_name = "me"
urlpatterns = [
    path("", portal.my_page, name="home"),
    path("activate/", portal.activate, name="activate"),
    path("contact/", portal.contact, name="contact"),
    path("checkin/<str:token>/", portal.checkin, name="checkin"),
    path("suggestions/new/", portal.suggestion_create, name="suggestion_create"),
    path("suggestions/<int:pk>/", portal.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/files/<int:file_pk>/", portal.suggestion_file, name="suggestion_file"),
]
