from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from caution.accessibility.statement import statement_get


@login_not_required
def statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement: public, as the accessibility regulations require, so that
    anyone can read it before (or without) signing in."""
    return render(request, "accessibility/statement.html", {"statement": statement_get()})
