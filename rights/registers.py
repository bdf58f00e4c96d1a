"""The registers this app keeps, declared once: the model, its form, its paper columns, its title.

The views, the navigation, the attachments and the "kept for the year" mark all read this list, so a
register added here gets its list, its forms, its xlsx and print and its place in the menu at once.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from rights import forms, tables
from unionhub.tables import Table


@dataclass(frozen=True)
class Register:
    slug: str
    model_label: str
    title: str
    form: type
    table: Table
    date_field: str = "date"  # what the year filter and the list's order read
    group: str = "democracy"  # the menu's heading: democracy, rights or growth
    related: tuple[str, ...] = ("union",)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def rows(self, queryset):
        return queryset.select_related(*self.related).order_by(f"-{self.date_field}", "-pk")


REGISTERS: dict[str, Register] = {
    register.slug: register
    for register in (
        Register(
            "contract",
            "rights.CollectiveContract",
            _("集体合同"),
            forms.ContractForm,
            tables.CONTRACTS,
            date_field="signed_on",
        ),
        Register("congress", "rights.CongressSession", _("职代会"), forms.CongressForm, tables.CONGRESS),
        Register(
            "motion",
            "rights.Motion",
            _("职代会提案"),
            forms.MotionForm,
            tables.MOTIONS,
            date_field="session__date",
            related=("session__union",),
        ),
        Register(
            "openness", "rights.OpenAffairsItem", _("厂务公开"), forms.OpenAffairsForm, tables.OPEN_AFFAIRS
        ),
        Register(
            "dispute",
            "rights.LabourDispute",
            _("劳动争议调解"),
            forms.DisputeForm,
            tables.DISPUTES,
            date_field="received_on",
            group="rights",
        ),
        Register(
            "complaint",
            "rights.Complaint",
            _("信访投诉"),
            forms.ComplaintForm,
            tables.COMPLAINTS,
            date_field="received_on",
            group="rights",
        ),
        Register(
            "job", "rights.JobService", _("就业服务"), forms.JobServiceForm, tables.JOBS, group="rights"
        ),
        Register(
            "study",
            "rights.StudyOutput",
            _("学习成果"),
            forms.StudyOutputForm,
            tables.STUDY,
            group="growth",
            related=("union", "member"),
        ),
        Register(
            "subsidy",
            "rights.EducationSubsidy",
            _("学习补助"),
            forms.EducationSubsidyForm,
            tables.SUBSIDIES,
            group="growth",
            related=("union", "member"),
        ),
        Register(
            "insurance",
            "rights.InsuranceEnrolment",
            _("互助保障参保"),
            forms.InsuranceForm,
            tables.INSURANCE,
            date_field="year",
            group="growth",
        ),
    )
}
GROUPS = {"democracy": _("民主管理"), "rights": _("维权服务"), "growth": _("会员成长")}
# Registers whose emptiness the summary tells ("全年未发生劳动争议"), when the union keeps them.
KEEPABLE = ("dispute", "complaint")


def grouped() -> list[tuple[str, list[Register]]]:
    return [(str(label), [r for r in REGISTERS.values() if r.group == key]) for key, label in GROUPS.items()]
