from django.shortcuts import render

from caution.people.selectors import person_get_for_user
from caution.policy.profiles import current


def detail(request, person_id):
    person = person_get_for_user(person_id, request.user)
    profile = current()
    cautions = [(c, profile.level(c.level)) for c in person.cautions.all()]
    return render(request, "people/detail.html", {"person": person, "cautions": cautions})
