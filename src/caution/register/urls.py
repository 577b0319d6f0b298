from django.urls import path

from caution.register import views

app_name = "register"
urlpatterns = [path("", views.check, name="check")]
