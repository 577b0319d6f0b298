from django.urls import path

from caution.people import views

app_name = "people"
urlpatterns = [
    path("<uuid:person_id>/", views.detail, name="detail"),
    path("<uuid:person_id>/correct/", views.correct, name="correct"),
    path("<uuid:person_id>/merge/", views.merge, name="merge"),
    path("<uuid:person_id>/left/", views.left_service, name="left_service"),
    path("<uuid:person_id>/adjustments/", views.adjustments, name="adjustments"),
    path(
        "<uuid:person_id>/adjustments/<uuid:adjustment_id>/end/",
        views.adjustment_end_view,
        name="adjustment_end",
    ),
]
