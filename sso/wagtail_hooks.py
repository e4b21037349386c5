from django.template import RequestContext, Template
from wagtail import hooks

_BUTTON = Template("{% load sso_tags %}{% school_account_button next %}")


@hooks.register("signoff_login_options")
def school_account_option(request, next_url: str) -> str:
    """The staff login page offers the school account first."""
    return _BUTTON.render(RequestContext(request, {"next": next_url}))
