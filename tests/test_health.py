"""/healthz: what a load balancer sees. It asks the database and nothing else (no session, no CSRF cookie)."""

from unittest import mock

from django.db import OperationalError, connection
from django.test import Client


def test_healthy_when_the_database_answers(db):
    client = Client(enforce_csrf_checks=True)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_head_request_is_answered_too(db):
    response = Client().head("/healthz")

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_unavailable_when_the_database_fails(db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_only_reads(db):
    response = Client().post("/healthz")

    assert response.status_code == 405


def test_one_query_and_no_session(db, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        Client().get("/healthz")

    assert captured.captured_queries[0]["sql"] == "SELECT 1"
