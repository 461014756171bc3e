"""The portal's URLconf with addresses that fail on purpose, for the error pages' tests (settings.ROOT_URLCONF)."""

import psycopg
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

import osallisuus.urls


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("not for you")


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", status=429)


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def database_gone(request: HttpRequest) -> HttpResponse:
    # What Django raises when psycopg finds the server gone (wrapped as django.db's error, with psycopg's as cause).
    try:
        raise psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly")
    except psycopg.OperationalError as error:
        raise OperationalError(*error.args) from error


def deadlock(request: HttpRequest) -> HttpResponse:
    try:
        raise psycopg.errors.DeadlockDetected("deadlock detected")
    except psycopg.Error as error:
        raise OperationalError(*error.args) from error


urlpatterns = [
    path("virhe/403/", forbidden),
    path("virhe/429/", too_many),
    path("virhe/500/", broken),
    path("virhe/503/", database_gone),
    path("virhe/lukkiutuma/", deadlock),
    *osallisuus.urls.urlpatterns,
]
handler400 = osallisuus.urls.handler400
handler500 = osallisuus.urls.handler500
