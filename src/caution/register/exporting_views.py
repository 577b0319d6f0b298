"""The register officer's export page: what the file holds, and the download (audited)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from caution.lib import clock
from caution.register.access import may_export_register
from caution.register.importing.exporting import register_export


def export(request):
    if not may_export_register(request.user):
        raise PermissionDenied("Your role does not include exporting the register.")
    if request.method != "POST":
        return render(request, "register/export.html")
    name = f"register-{clock.today().isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so that Excel on Windows reads "Renée" as written
    register_export(response, by=request.user, name=name)
    return response
