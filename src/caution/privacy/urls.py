from django.urls import path

from caution.privacy import views

app_name = "privacy"
urlpatterns = [path("", views.audit, name="audit")]
