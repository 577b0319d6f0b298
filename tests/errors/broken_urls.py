"""The service's URLs plus one page that fails, to see what a failure shows."""

from django.urls import path

from caution.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("secret detail from deep inside")


urlpatterns = [path("broken/", broken), *urlpatterns]
