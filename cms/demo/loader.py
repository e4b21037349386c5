"""Builds the demo site from the seed text. Idempotent: a second run changes nothing.

Pages are published the way an editor publishes them (a revision, then publish),
so versions are recorded by the same ``page_published`` path as in the admin.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import HomePage
from policy_pages.models import Audience, PolicyVersion, ProtocolPage, RuleSetPage
from rosters import staff_import
from signoff import services as signoff_services
from signoff.models import Channel, School, SchoolGroup

from . import content as c
from .campaign import load_campaign
from .roster import load_roster
from .seed import load_seed
from .translations import DEMO_TRANSLATIONS


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    missing_translations: list[str] = field(default_factory=list)


def _rule(html: str, block_id: str | None = None) -> dict[str, str]:
    return {"type": "rule", "value": html, "id": block_id or str(uuid.uuid4())}


def _rules_stream(texts: list[str]) -> list[dict[str, str]]:
    return [_rule(f"<p>{text}</p>") for text in texts]


def _publish(page: Page, author, publisher) -> None:
    """The editor writes the revision; the approver publishes it."""
    page.save_revision(user=author, log_action=True).publish(user=publisher)


def _ensure_locales() -> tuple[Locale, Locale]:
    nl, _ = Locale.objects.get_or_create(language_code="nl")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return nl, en


def _ensure_groups_and_users(report: DemoReport) -> dict[str, object]:
    groups = {
        key: Group.objects.get_or_create(name=name)[0] for key, name in c.GROUPS.items()
    }
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for key in ("editors", "approvers", "officers"):
        groups[key].permissions.add(admin_access)
    for codename in ("add_document", "change_document", "choose_document"):
        perm = Permission.objects.filter(codename=codename).first()
        if perm:
            groups["editors"].permissions.add(perm)
            groups["approvers"].permissions.add(perm)

    def grant(group_key: str, app_label: str, codenames: list[str]) -> None:
        groups[group_key].permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )

    grant("editors", "signoff", ["view_coverage"])
    grant("approvers", "signoff", ["view_coverage"])
    grant(
        "officers",
        "signoff",
        [
            "view_signoff",
            "view_coverage",
            "revoke_signoff",
            "add_paper_signoff",
            "view_school",
            "add_school",
            "change_school",
            "view_schoolgroup",
            "add_schoolgroup",
            "change_schoolgroup",
        ],
    )
    grant(
        "officers",
        "rosters",
        [
            "view_pupil",
            "change_pupil",
            "view_guardian",
            "change_guardian",
            "add_rosterimport",
            "change_childmatch",
        ],
    )
    grant(
        "officers",
        "campaigns",
        [
            "add_campaign",
            "change_campaign",
            "view_campaign",
            "send_reminder",
            "view_contact_details",
        ],
    )
    grant(
        "officers",
        "wagtailcore",
        ["add_apitoken", "change_apitoken", "delete_apitoken", "view_apitoken"],
    )
    translate = Permission.objects.filter(codename="submit_translation").first()
    if translate:
        groups["editors"].permissions.add(translate)

    User = get_user_model()
    users: dict[str, object] = {}
    for username, first, last, group_key, superuser in c.USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                email=f"{username}@kalisto.example",
                password=c.DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=superuser,
                is_superuser=superuser,
            )
            if group_key:
                user.groups.add(groups[group_key])
            report.created.append(f"user {username}")
        users[username] = user
    users["groups"] = groups
    return users


def _ensure_home(nl: Locale) -> HomePage:
    home = HomePage.objects.filter(locale=nl, depth=2).first()
    if home is not None:
        return home
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=nl)
    )
    home = root.add_child(
        instance=HomePage(
            title=c.HOME_TITLE, slug="kalisto", locale=nl, introduction=c.HOME_INTRO
        )
    )
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Akkoord",
        )
    else:
        site.root_page = home
        site.site_name = "Akkoord"
        site.save()
    # The welcome page of a new Wagtail install is no longer reachable: remove it.
    if old_root is not None and old_root.specific_class is Page:
        old_root.delete()
    return home


def _ensure_permissions(home: Page, groups: dict[str, Group]) -> None:
    def grant(group: Group, codenames: list[str]) -> None:
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )

    grant(groups["editors"], ["add_page", "change_page"])
    grant(groups["approvers"], ["add_page", "change_page", "publish_page"])


def _ensure_workflow(pages: list[Page], approvers: Group) -> None:
    workflow, _ = Workflow.objects.get_or_create(name="Goedkeuring")
    task = GroupApprovalTask.objects.filter(name="Goedkeuring door directie").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Goedkeuring door directie")
        task.groups.set([approvers])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    for page in pages:
        WorkflowPage.objects.get_or_create(
            page_id=page.pk, defaults={"workflow": workflow}
        )


def translate_page(
    page: Page,
    locale: Locale,
    strings: dict[str, str],
    *,
    user,
    publisher,
    machine: bool = False,
    missing: list[str] | None = None,
) -> Page:
    """Create or sync ``page``'s translation into ``locale`` through
    wagtail-localize, each source segment replaced by ``strings[segment]``, and
    publish it. ``machine``: the strings are marked machine-translated (as the
    editor's "Translate with machine" does) until a person reviews them."""
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
        source.refresh_segments()
    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    for segment in segments:
        translated = strings.get(segment.string.data)
        if translated is None:
            if missing is not None:
                missing.append(segment.string.data)
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": translated,
                "translation_type": "machine" if machine else "manual",
                "tool_name": "Akkoord demo" if machine else "",
                "last_translated_by": None if machine else user,
            },
        )
    Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # wagtail-localize publishes on commit; publish the draft here instead, so the
    # version is recorded now, while the source is at the version just synced.
    translation, _created = source.create_or_update_translation(
        locale, user=user, publish=False
    )
    # The loader is trusted: the translated home page has no permissions set yet.
    translation.latest_revision.publish(user=publisher, skip_permission_checks=True)
    return translation


def _translate(page: Page, en: Locale, user, publisher, report: DemoReport) -> Page:
    """Create or sync the English translation."""
    return translate_page(
        page,
        en,
        c.ENGLISH,
        user=user,
        publisher=publisher,
        missing=report.missing_translations,
    )


def _ensure_schools(users) -> dict[str, School]:
    schools = {}
    for name, token in c.SCHOOLS:
        school, _ = School.objects.get_or_create(token=token, defaults={"name": name})
        for number in range(1, 9):
            SchoolGroup.objects.get_or_create(
                school=school,
                token=f"groep-{number}",
                defaults={"name": f"Groep {number}", "sort_order": number},
            )
        schools[token] = school
    for username, token in c.STAFF_SCHOOLS.items():
        schools[token].staff.add(users[username])
    return schools


def _ensure_roster(users, schools, report: DemoReport) -> None:
    """The pupils and guardians of the three schools, and medewerker1 as the
    teacher of De Regenboog's groep 3."""
    summary = load_roster()
    if summary["pupils_added"]:
        report.created.append(f"roster of {summary['pupils_added']} pupils")
    for username, token, number in c.TEACHERS:
        school = schools[token]
        staff_import.add_teacher(
            user=users[username],
            group=school.groups.get(token=f"groep-{number}"),
        )


def _parent(row, schools) -> signoff_services.ParentDetails:
    name, email, child, token, number = row
    school = schools[token]
    return signoff_services.ParentDetails(
        name=name,
        email=email,
        child_name=child,
        school=school,
        group=school.groups.get(token=f"groep-{number}"),
        parental_responsibility=True,
    )


def _parent_signoffs(page: RuleSetPage, rows, schools) -> None:
    """Parents who confirmed and followed their e-mailed link (verified)."""
    version = PolicyVersion.objects.current_for(page)
    for row in rows:
        signoff_services.record_signoff(
            version=version,
            content_hash=version.content_hash,
            language="nl",
            channel=Channel.PARENT_FORM,
            parent=_parent(row, schools),
            notify=False,
        )


def _parent_claims(page: RuleSetPage, rows, schools) -> None:
    """Parents who filled in the form and have not followed the link yet; the
    e-mail with the link is printed by ``make run``."""
    version = PolicyVersion.objects.current_for(page)
    for row in rows:
        signoff_services.claim_parent_signoff(
            version=version,
            content_hash=version.content_hash,
            language="nl",
            channel=Channel.PARENT_FORM,
            parent=_parent(row, schools),
        )


def _staff_signoff(page: RuleSetPage, user) -> None:
    version = PolicyVersion.objects.current_for(page)
    signoff_services.record_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel=Channel.INTRANET,
        user=user,
        notify=False,
    )


def _audience(meta: dict, group: Group | None) -> Audience:
    token, title = meta["audience"]
    audience, _ = Audience.objects.get_or_create(
        token=token,
        defaults={
            "title": title,
            "title_en": meta["audience_en"],
            "title_translations": meta["audience_translations"],
            "group": group,
        },
    )
    if not audience.title_en:  # a demo loaded before audiences had English names
        audience.title_en = meta["audience_en"]
        audience.save(update_fields=["title_en"])
    return audience


@transaction.atomic
def load_demo(*, campaign: bool = False) -> DemoReport:
    """Create the Kalisto demo if it is not there yet; return what was created.
    ``campaign``: also run the demo campaign (``manage.py load_demo`` does; it
    mails every family, so tests that do not need it leave it out)."""
    report = DemoReport()
    nl, en = _ensure_locales()
    users = _ensure_groups_and_users(report)
    groups = users["groups"]
    editor = users["redacteur"]
    approver = users["goedkeurder"]
    home = _ensure_home(nl)
    _ensure_permissions(home, groups)
    pupils_audience = _audience(c.PUPILS, None)
    staff_audience = _audience(c.STAFF, groups["staff"])
    schools = _ensure_schools(users)
    _ensure_roster(users, schools, report)

    if ProtocolPage.objects.filter(locale=nl, slug=c.PROTOCOL_SLUG).exists():
        if campaign:
            report.created.append(load_campaign(users["functionaris"]))
        return report

    seed_pupils, seed_staff = load_seed()
    protocol = home.add_child(
        instance=ProtocolPage(
            title=c.PROTOCOL_TITLE,
            slug=c.PROTOCOL_SLUG,
            introduction=c.PROTOCOL_INTRO,
            locale=nl,
        )
    )
    _publish(protocol, editor, approver)

    rule_sets: dict[str, RuleSetPage] = {}
    for key, seed, meta, audience in (
        ("pupils", seed_pupils, c.PUPILS, pupils_audience),
        ("staff", seed_staff, c.STAFF, staff_audience),
    ):
        page = protocol.add_child(
            instance=RuleSetPage(
                title=seed.title,
                slug=meta["slug"],
                locale=nl,
                audience=audience,
                preamble=f"<p>{seed.preamble}</p>",
                rules=_rules_stream(seed.rules),
                contact=meta["contact"],
                version_change_note=c.FIRST_NOTE,
                version_material=True,
                version_effective_date=c.FIRST_EFFECTIVE,
            )
        )
        _publish(page, editor, approver)
        rule_sets[key] = page
    report.created.append("protocol and rule sets 1.0")

    # Confirmations of version 1.0, before the new versions appear.
    _parent_signoffs(rule_sets["pupils"], c.PARENTS_FIRST, schools)
    _staff_signoff(rule_sets["staff"], users["medewerker1"])

    # English translations of version 1.0.
    home_en = _translate(home, en, editor, approver, report)
    _ensure_permissions(home_en, groups)
    _translate(protocol, en, editor, approver, report)
    for page in rule_sets.values():
        _translate(page, en, editor, approver, report)

    # Staff 2.0: a material change.
    staff = RuleSetPage.objects.get(pk=rule_sets["staff"].pk)
    blocks = list(staff.rules.raw_data)
    blocks[7] = _rule(f"<p>{c.STAFF_RULE_8_NEW}</p>", blocks[7]["id"])
    blocks.insert(9, _rule(f"<p>{c.STAFF_NEW_RULE}</p>"))
    staff.rules = blocks
    staff.version_change_note = c.STAFF_NOTE_2
    staff.version_material = True
    staff.version_effective_date = c.SECOND_EFFECTIVE
    _publish(staff, editor, approver)

    # Pupils 1.1: a minor change.
    pupils = RuleSetPage.objects.get(pk=rule_sets["pupils"].pk)
    blocks = list(pupils.rules.raw_data)
    text = blocks[9]["value"]
    for old, new in c.PUPILS_RULE_10_FIX:
        text = text.replace(old, new)
    blocks[9] = _rule(text, blocks[9]["id"])
    pupils.rules = blocks
    pupils.version_change_note = c.PUPILS_NOTE_11
    pupils.version_material = False
    pupils.version_effective_date = c.SECOND_EFFECTIVE
    _publish(pupils, editor, approver)
    report.created.append("staff 2.0 and pupils 1.1")

    # Sync the English translations to the current versions.
    for page in (staff, pupils):
        _translate(page, en, editor, approver, report)
    report.created.append("English translation")

    # The pupils-and-parents rules in the other parents' languages: prepared for
    # the demo and due for review by a native speaker, so marked machine-
    # translated (each page says so and links the binding Dutch text).
    homes = [home, home_en]
    for code, strings in DEMO_TRANSLATIONS.items():
        locale, _ = Locale.objects.get_or_create(language_code=code)
        for page in (home, protocol, pupils):
            translated = translate_page(
                page,
                locale,
                strings,
                user=editor,
                publisher=approver,
                machine=True,
                missing=report.missing_translations,
            )
            if page is home:
                _ensure_permissions(translated, groups)
                homes.append(translated)
    report.created.append("translations: " + ", ".join(DEMO_TRANSLATIONS))

    # Confirmations of the current versions: medewerker1 must confirm 2.0 again.
    _parent_signoffs(pupils, c.PARENTS_SECOND, schools)
    _parent_claims(pupils, c.PARENTS_UNVERIFIED, schools)
    _staff_signoff(staff, users["medewerker2"])
    report.created.append("schools and confirmations")

    _ensure_workflow(homes, groups["approvers"])
    if campaign:
        report.created.append(load_campaign(users["functionaris"]))
    return report
