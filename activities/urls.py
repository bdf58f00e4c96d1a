from django.urls import path

from activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("calendar/", views.activity_calendar, name="activity_calendar"),
    path("new/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/attendance/", views.attendance_sheet, name="attendance_sheet"),
    path("<int:pk>/attendance.xlsx", views.attendance_xlsx, name="attendance_xlsx"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_detail, name="series_detail"),
    path("series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("series/<int:pk>/end/", views.series_end, name="series_end"),
    path("awards/", views.award_list, name="award_list"),
    path("awards/new/", views.award_create, name="award_create"),
    path("awards/<int:pk>/edit/", views.award_edit, name="award_edit"),
    path("awards/<int:pk>/delete/", views.award_delete, name="award_delete"),
    path("suggestions/", views.suggestion_list, name="suggestion_list"),
    path("suggestions/new/", views.suggestion_create, name="suggestion_create"),
    path("suggestions/<int:pk>/edit/", views.suggestion_edit, name="suggestion_edit"),
    path("suggestions/<int:pk>/adopt/", views.suggestion_step, {"step": "adopt"}, name="suggestion_adopt"),
    path("suggestions/<int:pk>/reject/", views.suggestion_step, {"step": "reject"}, name="suggestion_reject"),
    path(
        "suggestions/<int:pk>/implement/",
        views.suggestion_step,
        {"step": "implement"},
        name="suggestion_implement",
    ),
    path("chronicle/", views.chronicle_list, name="chronicle_list"),
    path("chronicle/new/", views.chronicle_create, name="chronicle_create"),
    path("chronicle/<int:pk>/edit/", views.chronicle_edit, name="chronicle_edit"),
    path("chronicle/<int:pk>/delete/", views.chronicle_delete, name="chronicle_delete"),
]
