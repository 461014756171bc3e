"""The feedback in the admin: a correction records who made it and which fields changed."""

import pytest
from django.urls import reverse

from tests.accessibility.factories import make_feedback

pytestmark = pytest.mark.django_db


def test_an_admin_correction_has_a_user_and_a_reason_in_the_history(client, admin_user):
    feedback = make_feedback(email="lahettaja@example.invalid")
    url = reverse("admin:accessibility_accessibilityfeedback_change", args=[feedback.pk])
    client.force_login(admin_user)
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["message"] = "Kuvalta puuttuu tekstivastine etusivulla."

    response = client.post(url, data)

    assert response.status_code == 302
    latest = feedback.history.latest()
    assert latest.message == "Kuvalta puuttuu tekstivastine etusivulla."
    assert latest.history_user == admin_user
    assert latest.history_change_reason.startswith("Muutettu ylläpidossa:")
