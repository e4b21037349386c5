"""The B3 reference: Wagtail's stock form builder. Installed only by the benchmark
settings (benchmarks.settings_b3), never by the site."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField


class BenchFormField(AbstractFormField):
    page = ParentalKey(
        "BenchFormPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class BenchFormPage(AbstractForm):
    """A plain Wagtail form page storing a stock FormSubmission per POST."""

    landing_page_template = "benchmarks/landing.html"
    template = "benchmarks/form.html"
