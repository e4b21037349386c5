import pytest
from django.core.cache import cache


@pytest.fixture
def demo(db):
    from cms.demo.loader import load_demo

    cache.clear()
    load_demo()


STAFF = "/++api++/nl/protocol-sociale-media/gedragsregels-medewerkers"
STAFF_EN = "/++api++/en/social-media-protocol/code-of-conduct-staff"
PUPILS = "/++api++/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders"
