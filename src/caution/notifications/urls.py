from django.urls import path

from caution.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<uuid:notification_id>/read/", views.mark_read, name="mark_read"),
    path("choices/", views.preferences, name="preferences"),
    path("markers/", views.markers, name="markers"),
    path("markers/<uuid:caution_id>/", views.marker, name="marker"),
    path("register-updates/<uuid:bulletin_id>/", views.bulletin, name="bulletin"),
]
