# precision-cause: cache-guarded — the fetch runs only on a cache miss (once an hour), on an admin page.
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
import requests
from django.core.cache import cache
from django.http import JsonResponse
from django.urls import path


def catalog() -> dict:
    plugins = cache.get("catalog")
    if plugins is None:
        plugins = requests.get("https://plugins.example.com/api", timeout=3).json()  # expect: py/blocking-http
        cache.set("catalog", plugins, 3600)
    return plugins


def plugin_list(request):
    return JsonResponse(catalog())  # expect: py/via-call


urlpatterns = [path("plugins/", plugin_list)]
