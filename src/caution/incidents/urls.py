from django.urls import path

from caution.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.start, name="start"),
    path("riddor/", views.riddor, name="riddor"),
    path("<uuid:incident_id>/", views.detail, name="detail"),
    path("<uuid:incident_id>/details/", views.details, name="details"),
    path("<uuid:incident_id>/person/", views.person, name="person"),
    path("<uuid:incident_id>/witnesses/add/", views.witness_add, name="witness_add"),
    path("<uuid:incident_id>/staff/add/", views.staff_add, name="staff_add"),
    path("<uuid:incident_id>/contacts/add/", views.contact_add, name="contact_add"),
    path("<uuid:incident_id>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("<uuid:incident_id>/submit/", views.submit, name="submit"),
    path("<uuid:incident_id>/submitted/", views.submitted, name="submitted"),
    path("evidence/<uuid:evidence_id>/", views.evidence_download, name="evidence"),
]
