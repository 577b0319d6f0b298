from django.urls import path

from caution.people import views

app_name = "people"
urlpatterns = [path("<uuid:person_id>/", views.detail, name="detail")]
