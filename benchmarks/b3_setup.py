"""Creates the B3 reference form page under the demo's home page."""

from wagtail.models import Page

from benchmarks.models import BenchFormField, BenchFormPage


def create_form_page() -> str:
    home = Page.objects.get(depth=2, locale__language_code="nl")
    page = home.add_child(instance=BenchFormPage(title="Formulier", slug="formulier"))
    for sort_order, (label, field_type) in enumerate(
        [("Naam", "singleline"), ("E-mail", "email"), ("Kind", "singleline")]
    ):
        BenchFormField.objects.create(
            page=page,
            sort_order=sort_order,
            label=label,
            field_type=field_type,
            required=True,
        )
    page.save_revision().publish()
    return page.url
