# precision-cause: cache-guarded — the fetch runs only on a cache miss (once an hour), on an admin page: info, naming the guard.
import requests
from django.core.cache import cache
from django.http import JsonResponse
from django.urls import path


def catalog() -> dict:
    plugins = cache.get("catalog")
    if plugins is None:
        plugins = requests.get("https://plugins.example.com/api", timeout=3).json()  # expect: py/blocking-http@info
        cache.set("catalog", plugins, 3600)
    return plugins


def status() -> dict:
    # Only a failure is cached: every other request fetches again (netbox's catalog error flag).
    failed = cache.get("status-error")
    if not failed:
        reply = requests.get("https://status.example.com/api", timeout=3)  # expect: py/blocking-http@warning
        if reply.status_code != 200:
            cache.set("status-error", True, 300)
        return reply.json()
    return {}


def plugin_list(request):
    return JsonResponse({**catalog(), **status()})  # expect: py/via-call@warning


urlpatterns = [path("plugins/", plugin_list)]
