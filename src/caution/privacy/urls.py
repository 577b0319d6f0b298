from django.urls import path

from caution.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.audit, name="audit"),
    path("data-protection/", views.data_protection, name="data_protection"),
    path("data-protection/deletion/", views.deletion, name="deletion"),
    path(
        "data-protection/subject-access/new/<uuid:person_id>/",
        views.access_new,
        name="access_new",
    ),
    path(
        "data-protection/subject-access/<uuid:request_id>/",
        views.access_request,
        name="access_request",
    ),
    path(
        "data-protection/rectification/new/<uuid:person_id>/",
        views.rectification_new,
        name="rectification_new",
    ),
    path(
        "data-protection/rectification/<uuid:request_id>/",
        views.rectification,
        name="rectification",
    ),
    path("data-protection/holds/new/<uuid:person_id>/", views.hold_new, name="hold_new"),
    path("data-protection/holds/<uuid:hold_id>/lift/", views.hold_lift, name="hold_lift"),
]
