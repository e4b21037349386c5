"""The officers' import screens: pupils and guardians (with a preset or columns
chosen by hand) and staff, each upload → preview → confirm; nothing is written
before the officer confirms."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from signoff.admin_views import PermissionRequiredMixin, TitledHeaderMixin

from . import files, presets, services
from .forms import (
    MAPPED,
    ApplyForm,
    ImportForm,
    MappingForm,
    StaffImportForm,
)
from .models import ImportKind, RosterImport

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


class _ImportStepMixin:
    """A step of one waiting import of ``kind``: the permission is checked
    before the import is looked up; an applied import goes back to the start
    (``start_url_name``); ``prepare()`` then reads what the step needs."""

    permission_required = "rosters.add_rosterimport"
    kind = ImportKind.PUPILS
    start_url_name = "rosters_admin:import"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        self.roster_import = get_object_or_404(
            RosterImport, pk=kwargs["pk"], kind=self.kind
        )
        if self.roster_import.applied_at is not None:
            messages.info(request, _("This import has been applied already."))
            return redirect(self.start_url_name)
        return self.prepare() or super().dispatch(request, *args, **kwargs)

    def prepare(self):
        """Read what the step shows; may answer instead (a redirect)."""

    def apply(self, form, *, create_missing: bool = False):
        """Apply the previewed plan; the summary, or a response when there is
        nothing to apply now (the roster changed, or the file has errors)."""
        try:
            return services.apply_import(
                roster_import=self.roster_import,
                digest=form.cleaned_data["digest"],
                create_missing=create_missing,
                by=self.request.user,
            )
        except services.PlanChangedError:
            messages.warning(
                self.request,
                _("The roster changed since this preview. Check it again."),
            )
            return redirect(self.request.path)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
            return self.form_invalid(form)


class ImportMappingView(
    _ImportStepMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Step 1b for other files: which column holds which field."""

    page_title = gettext_lazy("Choose the columns")
    header_icon = "upload"
    template_name = "rosters/admin/import_mapping.html"
    form_class = MappingForm

    def prepare(self):
        upload = self.roster_import.files.filter(slot="leerlingen").first()
        if upload is None:
            raise Http404
        self.table = files.read_table(bytes(upload.data), name=upload.name)

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

    def prepare(self):
        if self.roster_import.preset == MAPPED and not self.roster_import.mapping:
            return redirect("rosters_admin:import_mapping", pk=self.roster_import.pk)
        try:
            self.plan = services.plan_for(self.roster_import)
            self.refused = None
        except files.FileRefused as refused:
            self.plan, self.refused = None, refused
        return None

    def get_initial(self):
        return {"digest": self.plan.digest() if self.plan else ""}

    def form_valid(self, form):
        if self.plan is None:
            return self.form_invalid(form)
        summary = self.apply(form, create_missing=form.cleaned_data["create_missing"])
        if isinstance(summary, HttpResponse):
            return summary
        if summary is None:
            messages.success(
                self.request,
                _(
                    "The schools and groups were created. Check what the import "
                    "changes, then import."
                ),
            )
            return redirect(self.request.path)
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

    kind = ImportKind.STAFF
    start_url_name = "rosters_admin:import_staff"

    def prepare(self):
        self.plan = services.plan_for(self.roster_import)

    def get_initial(self):
        return {"digest": self.plan.digest()}

    def form_valid(self, form):
        summary = self.apply(form)
        if isinstance(summary, HttpResponse):
            return summary
        messages.success(
            self.request,
            _("Imported: %(added)d staff members added, %(places)d places added.")
            % {"added": summary["staff_added"], "places": summary["places_added"]},
        )
        if summary.get("password_mails"):
            messages.info(
                self.request,
                ngettext(
                    "%(n)d new staff member got an e-mail to set a password.",
                    "%(n)d new staff members got an e-mail to set a password.",
                    summary["password_mails"],
                )
                % {"n": summary["password_mails"]},
            )
        return redirect("rosters_admin:import_staff")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.plan, summary=self.plan.summary())
        return context
