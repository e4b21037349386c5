from wagtail import hooks

from .buttons import school_account_button


@hooks.register("signoff_login_options")
def school_account_option(request, next_url: str) -> str:
    """The staff login page offers the school account first."""
    return school_account_button(request, next_url)
