"""The site's URLs plus the framework floor of B1/B8: a bare Django view that
answers a constant JSON body of a given size. Mounted only by the benchmark
settings, never in the product's URLs."""

from functools import lru_cache

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


@lru_cache(maxsize=8)
def _body(size: int) -> bytes:
    filler = max(size - len(b'{"x":""}'), 0)
    return b'{"x":"' + b"a" * filler + b'"}'


def floor(request, size: int):
    return HttpResponse(_body(min(size, 1 << 20)), content_type="application/json")


urlpatterns = [path("bench-floor/<int:size>/", floor), *site_urlpatterns]
