from django.urls import path

from caution.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.committee, name="committee"),
    path("report.pdf", views.committee_pdf, name="committee_pdf"),
    path("<slug:table>.csv", views.committee_csv, name="committee_csv"),
]
