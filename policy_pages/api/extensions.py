"""How other apps extend the ++api++ without this app naming them: Wagtail hooks.

``register_akkoord_api_router``
    ``fn() -> ninja.Router``. Its operations are mounted at ``/++api++/`` before
    the content routes, so a named view (``/{path}/@name``) matches before the
    page catch-all.

``register_akkoord_api_component``
    ``fn() -> str``: the name of a named view of versioned pages (``@name``). It
    is listed in each versioned page's ``@components`` and may be asked for with
    ``?expand=name``; an expansion is personal, so such answers are never shared
    in the cache. The hook ``expand_versioned_page_api`` fills it in.
"""

from __future__ import annotations

from wagtail import hooks

# The named views of a versioned page this app answers itself.
OWN_COMPONENTS = ("history", "diff", "translations")
# Expansions this app makes itself.
OWN_EXPANSIONS = frozenset({"history", "translations"})


def routers() -> list:
    return [fn() for fn in hooks.get_hooks("register_akkoord_api_router")]


def contributed_components() -> tuple[str, ...]:
    return tuple(fn() for fn in hooks.get_hooks("register_akkoord_api_component"))


def component_names() -> tuple[str, ...]:
    """Every named view of a versioned page, in the order answers list them:
    this app's, the contributed ones, then @workflow (the order they have
    always had)."""
    return (*OWN_COMPONENTS, *contributed_components(), "workflow")
