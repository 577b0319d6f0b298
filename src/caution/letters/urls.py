from django.urls import path

from caution.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.index, name="index"),
    path("post/", views.post, name="post"),
    path("post/pack.pdf", views.post_pack, name="post_pack"),
    path("post/posted/", views.post_mark, name="post_mark"),
    path("templates/", views.templates, name="templates"),
    path("templates/<str:kind>/", views.template_edit, name="template"),
    path("templates/<str:kind>/preview/", views.template_preview, name="template_preview"),
    path("for-caution/<uuid:caution_id>/", views.prepare, name="prepare"),
    path("<uuid:letter_id>/", views.detail, name="detail"),
    path("<uuid:letter_id>/letter.pdf", views.pdf, name="pdf"),
    path("<uuid:letter_id>/send/", views.deliver, name="deliver"),
    path("<uuid:letter_id>/not-notifying/", views.exempt, name="exempt"),
]
