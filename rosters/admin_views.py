"""The officers' roster screens: import with preview, the families still to
confirm, and matching confirmations to children."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from signoff import permissions, reports
from signoff.admin_views import PermissionRequiredMixin, TitledHeaderMixin
from signoff.exports import SafeSpreadsheetExportMixin
from signoff.models import School, SchoolGroup, SignOff

from . import coverage, files, presets, services
from .forms import (
    MAPPED,
    ApplyForm,
    ImportForm,
    MappingForm,
    ResolveForm,
    StaffImportForm,
)
from .matching import candidates_for
from .models import ChildMatch, ImportKind, MatchState, Pupil, RosterImport

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
SAMPLES = {
    "akkoord-leerlingen.csv": "text/csv",
    "akkoord-medewerkers.csv": "text/csv",
    "social-schools.xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "zermelo-leerlingen.csv": "text/csv",
    "zermelo-ouders.csv": "text/csv",
}


class ImportView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Step 1: the kind of file, the school and the file(s)."""

    permission_required = "rosters.add_rosterimport"
    page_title = gettext_lazy("Import pupils and guardians")
    header_icon = "upload"
    template_name = "rosters/admin/import.html"
    form_class = ImportForm

    def form_valid(self, form):
        uploads, names = form.uploads()
        preset = form.cleaned_data["preset"]
        try:
            roster_import = services.start_import(
                kind=ImportKind.PUPILS,
                preset=preset,
                uploads=uploads,
                names=names,
                school=form.cleaned_data["school"],
                by=self.request.user,
            )
        except files.FileRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        step = (
            "rosters_admin:import_mapping"
            if preset == MAPPED
            else ("rosters_admin:import_preview")
        )
        return redirect(step, pk=roster_import.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["presets"] = presets.PRESETS
        context["imports"] = RosterImport.objects.filter(
            applied_at__isnull=False
        ).select_related("created_by", "school")[:10]
        return context


class _ImportStepMixin(PermissionRequiredMixin):
    permission_required = "rosters.add_rosterimport"

    @cached_property
    def roster_import(self) -> RosterImport:
        return get_object_or_404(RosterImport, pk=self.kwargs["pk"])


class ImportMappingView(
    _ImportStepMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Step 1b for other files: which column holds which field."""

    page_title = gettext_lazy("Choose the columns")
    header_icon = "upload"
    template_name = "rosters/admin/import_mapping.html"
    form_class = MappingForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        upload = self.roster_import.files.filter(slot="leerlingen").first()
        if upload is None or self.roster_import.applied_at is not None:
            raise Http404
        self.table = files.read_table(bytes(upload.data), name=upload.name)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["headers"] = self.table.headers
        kwargs["initial_mapping"] = (
            self.roster_import.mapping or presets.suggest_mapping(self.table)
        )
        return kwargs

    def form_valid(self, form):
        self.roster_import.mapping = form.mapping()
        self.roster_import.save(update_fields=["mapping"])
        return redirect("rosters_admin:import_preview", pk=self.roster_import.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["table"] = self.table
        context["sample_rows"] = self.table.rows[:3]
        return context


class ImportPreviewView(
    _ImportStepMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Step 2: what the import would add, change and mark as left, and every
    error. Nothing is written until the officer confirms."""

    page_title = gettext_lazy("Check the import")
    header_icon = "upload"
    template_name = "rosters/admin/import_preview.html"
    form_class = ApplyForm
    preview_limit = 200

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        if self.roster_import.kind != ImportKind.PUPILS:
            raise Http404
        if self.roster_import.applied_at is not None:
            messages.info(request, _("This import has been applied already."))
            return redirect("rosters_admin:import")
        try:
            self.plan = services.plan_for(self.roster_import)
            self.refused = None
        except files.FileRefused as refused:
            self.plan, self.refused = None, refused
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"digest": self.plan.digest() if self.plan else ""}

    def form_valid(self, form):
        if self.plan is None:
            return self.form_invalid(form)
        try:
            summary = services.apply_import(
                roster_import=self.roster_import,
                digest=form.cleaned_data["digest"],
                create_missing=form.cleaned_data["create_missing"],
                by=self.request.user,
            )
        except services.PlanChangedError:
            messages.warning(
                self.request,
                _("The roster changed since this preview. Check it again."),
            )
            return redirect(self.request.path)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Imported: %(added)d pupils added, %(changed)d changed, "
                "%(left)d marked as left."
            )
            % {
                "added": summary["pupils_added"],
                "changed": summary["pupils_changed"],
                "left": summary["pupils_left"],
            },
        )
        return redirect("rosters_admin:import")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        limit = self.preview_limit
        plan = self.plan
        context.update(
            roster_import=self.roster_import,
            plan=plan,
            refused=self.refused,
            limit=limit,
        )
        if plan is not None:
            context.update(
                summary=plan.summary(),
                errors=plan.errors[:limit],
                pupils_added=plan.pupils_added[:limit],
                pupils_changed=plan.pupils_changed[:limit],
                pupils_left=plan.pupils_left[:limit],
                guardians_added=plan.guardians_added[:limit],
                guardians_changed=plan.guardians_changed[:limit],
            )
        return context


def sample_file(request, name):
    """The sample files of each preset, to start from."""
    if not request.user.has_perm("rosters.add_rosterimport"):
        raise PermissionDenied
    if name not in SAMPLES:
        raise Http404
    path = SAMPLES_DIR / name
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=SAMPLES[name]
    )


class OutstandingFamiliesView(
    PermissionRequiredMixin, SafeSpreadsheetExportMixin, ReportView
):
    """Children on the roster not yet covered for a parents' rule set, with
    their guardians' contact details, to phone them. Officers only."""

    permission_required = "signoff.view_signoff"
    page_title = gettext_lazy("Families who still have to confirm")
    header_icon = "warning"
    template_name = "rosters/admin/outstanding.html"
    results_template_name = "rosters/admin/outstanding_results.html"
    index_url_name = "rosters_admin:outstanding"
    index_results_url_name = "rosters_admin:outstanding_results"
    export_filename = "akkoord-gezinnen-nog-niet-gedaan"
    list_export = ["child", "school", "group", "guardians", "emails", "phones"]
    export_headings = {
        "child": gettext_lazy("Child"),
        "school": gettext_lazy("School"),
        "group": gettext_lazy("Group"),
        "guardians": gettext_lazy("Guardians"),
        "emails": gettext_lazy("E-mail addresses"),
        "phones": gettext_lazy("Phone numbers"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        self.rule_sets = [
            page
            for page in reports.source_rule_sets()
            if not permissions.is_staff_rule_set(page)
        ]
        wanted = request.GET.get("rule_set", "")
        self.rule_set = next(
            (p for p in self.rule_sets if str(p.pk) == wanted),
            self.rule_sets[0] if self.rule_sets else None,
        )
        school_token, _sep, group_token = request.GET.get("group_choice", "").partition(
            ":"
        )
        self.school = School.objects.filter(token=school_token).first()
        self.group = (
            SchoolGroup.objects.filter(school=self.school, token=group_token).first()
            if self.school and group_token
            else None
        )
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        if self.rule_set is None:
            return []
        [result] = reports.coverage([self.rule_set])
        self.result = result
        return coverage.outstanding_children(
            self.rule_set, result.required_major, school=self.school, group=self.group
        )

    def decorate_paginated_queryset(self, object_list):
        for pupil in object_list:
            links = list(pupil.guardianships.all())
            pupil.child = pupil.full_name
            pupil.school_name = pupil.school.name
            pupil.group_name = pupil.group.name
            pupil.links = links
            pupil.guardian_names = ", ".join(str(link.guardian) for link in links)
            pupil.emails = ", ".join(
                link.guardian.email for link in links if link.guardian.email
            )
            pupil.phones = ", ".join(
                link.guardian.phone for link in links if link.guardian.phone
            )
        return object_list

    def to_row_dict(self, item):
        return {
            "child": item.full_name,
            "school": item.school.name,
            "group": item.group.name,
            "guardians": item.guardian_names,
            "emails": item.emails,
            "phones": item.phones,
        }

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            self.decorate_paginated_queryset(list(queryset)), spreadsheet_format
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rule_sets=self.rule_sets,
            rule_set=self.rule_set,
            schools=School.objects.prefetch_related("groups"),
            school=self.school,
            group=self.group,
            has_roster=Pupil.objects.active().exists(),
        )
        return context


class MatchesView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Parents' confirmations and the roster children they were matched to:
    the ambiguous and unmatched ones first, to decide by hand."""

    permission_required = "rosters.change_childmatch"
    page_title = gettext_lazy("Confirmations and the roster")
    header_icon = "link"
    template_name = "rosters/admin/matches.html"
    per_page = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", MatchState.AMBIGUOUS)
        if state not in MatchState.values:
            state = MatchState.AMBIGUOUS
        matches = (
            ChildMatch.objects.filter(
                state=state,
                # Claims whose e-mailed link was not followed prove nothing yet.
                signoff__verified_at__isnull=False,
                signoff__revoked_at__isnull=True,
            )
            .select_related(
                "signoff__school", "signoff__group", "pupil__group", "decided_by"
            )
            .order_by("-signoff__signed_at")
        )
        counts = dict(
            ChildMatch.objects.filter(
                signoff__verified_at__isnull=False, signoff__revoked_at__isnull=True
            )
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by()
        )
        context.update(
            state=state,
            states=[
                (value, label, counts.get(value, 0))
                for value, label in MatchState.choices
            ],
            matches=matches[: self.per_page],
            total=matches.count(),
        )
        return context


class ResolveMatchView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Decide which child one confirmation is for."""

    permission_required = "rosters.change_childmatch"
    page_title = gettext_lazy("Which child is this confirmation for?")
    header_icon = "link"
    template_name = "rosters/admin/resolve.html"
    form_class = ResolveForm

    @cached_property
    def signoff(self) -> SignOff:
        return get_object_or_404(
            SignOff.objects.of_parents().select_related("school", "group"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["candidates"] = candidates_for(self.signoff)
        return kwargs

    def form_valid(self, form):
        services.resolve_match(
            signoff=self.signoff, pupil=form.pupil(), by=self.request.user
        )
        messages.success(self.request, _("The decision was saved."))
        return redirect(reverse("rosters_admin:matches") + "?state=ambiguous")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signoff"] = self.signoff
        context["match"] = getattr(self.signoff, "roster_match", None)
        return context


def proposed_next_groups() -> list[tuple[SchoolGroup, SchoolGroup | None, int]]:
    """Each group with pupils, the group after it in its school's order (None
    for the last: they leave), and how many pupils it has."""
    counts = dict(
        Pupil.objects.active().values_list("group").annotate(n=Count("pk")).order_by()
    )
    rows = []
    groups = list(SchoolGroup.objects.select_related("school"))
    for group in groups:
        if not counts.get(group.pk):
            continue
        later = [
            g
            for g in groups
            if g.school_id == group.school_id
            and (g.sort_order, g.name) > (group.sort_order, group.name)
        ]
        rows.append((group, later[0] if later else None, counts[group.pk]))
    return rows


class NewSchoolYearView(
    PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Move every active pupil up a group, per a mapping the officer checks;
    the last group leaves. (Importing the new year's file does the same.)"""

    permission_required = "rosters.change_pupil"
    page_title = gettext_lazy("New school year")
    header_icon = "calendar"
    template_name = "rosters/admin/school_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            (group, target, n, list(group.school.groups.all()))
            for group, target, n in proposed_next_groups()
        ]
        context["state"] = services.roster_state()
        return context

    def post(self, request, *args, **kwargs):
        mapping = {}
        valid = {g.pk: g for g in SchoolGroup.objects.all()}
        for group, _target, _n in proposed_next_groups():
            value = request.POST.get(f"group-{group.pk}", "")
            if value == "left":
                mapping[group.pk] = None
            elif value.isdigit() and int(value) in valid:
                mapping[group.pk] = int(value)
            else:
                messages.error(request, _("Choose where each group goes."))
                return redirect(request.path)
        try:
            result = services.move_school_year(
                mapping=mapping, state=request.POST.get("state", ""), by=request.user
            )
        except services.PlanChangedError:
            messages.warning(
                request,
                _("The roster changed since this page was opened. Check it again."),
            )
            return redirect(request.path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(
            request,
            _("%(moved)d pupils moved up a group, %(left)d left the school.") % result,
        )
        return redirect("rosters_admin:school_year")


class StaffImportView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Import staff: name, e-mail address, schools and groups taught."""

    permission_required = "rosters.add_rosterimport"
    page_title = gettext_lazy("Import staff")
    header_icon = "upload"
    template_name = "rosters/admin/import_staff.html"
    form_class = StaffImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["bestand"]
        try:
            roster_import = services.start_import(
                kind=ImportKind.STAFF,
                preset="staff",
                uploads={"medewerkers": upload},
                names={"medewerkers": upload.name},
                school=None,
                by=self.request.user,
                mapping={"user_group": form.cleaned_data["user_group"].pk},
            )
        except files.FileRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        return redirect("rosters_admin:import_staff_preview", pk=roster_import.pk)


class StaffImportPreviewView(
    _ImportStepMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    page_title = gettext_lazy("Check the staff import")
    header_icon = "upload"
    template_name = "rosters/admin/import_staff_preview.html"
    form_class = ApplyForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        if self.roster_import.kind != ImportKind.STAFF:
            raise Http404
        if self.roster_import.applied_at is not None:
            messages.info(request, _("This import has been applied already."))
            return redirect("rosters_admin:import_staff")
        self.plan = services.plan_for(self.roster_import)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"digest": self.plan.digest()}

    def form_valid(self, form):
        try:
            summary = services.apply_import(
                roster_import=self.roster_import,
                digest=form.cleaned_data["digest"],
                create_missing=False,
                by=self.request.user,
            )
        except services.PlanChangedError:
            messages.warning(
                self.request,
                _("The roster changed since this preview. Check it again."),
            )
            return redirect(self.request.path)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Imported: %(added)d staff members added, %(places)d places added.")
            % {"added": summary["staff_added"], "places": summary["places_added"]},
        )
        return redirect("rosters_admin:import_staff")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.plan, summary=self.plan.summary())
        return context
