"""The registers' forms: the union picker offers the unions in reach, members those of the subtree."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.forms import DateInput, InReachForm, MemberChoiceField, members_in_reach
from rights import models
from unionhub.access import in_reach


class RegisterForm(InReachForm):
    """A register's record: today's date offered for a new one."""

    date_field = "date"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.date_field in self.fields and not self.instance.pk:
            self.initial.setdefault(self.date_field, timezone.localdate())


class MemberRecordForm(RegisterForm):
    """A record about one member: the member chosen among the union's and its subtree's."""

    member = MemberChoiceField(queryset=None, label=_("会员"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [self.instance.member] if self.instance.member_id else []
        self.fields["member"].queryset = members_in_reach(self.request, keep=keep)


def dates(*names):
    return {name: DateInput() for name in names}


class ContractForm(RegisterForm):
    date_field = "signed_on"

    class Meta:
        model = models.CollectiveContract
        fields = [
            "union",
            "kind",
            "employer",
            "signed_on",
            "expires_on",
            "renewal",
            "workers_covered",
            "wage_figure",
            "note",
        ]
        widgets = dates("signed_on", "expires_on")


class CongressForm(RegisterForm):
    class Meta:
        model = models.CongressSession
        fields = ["union", "date", "title", "representatives", "women_representatives", "topics"]
        widgets = dates("date")


class MotionForm(forms.ModelForm):
    """A motion: its session is one of the sessions in reach (the union comes with it)."""

    class Meta:
        model = models.Motion
        fields = ["session", "subject", "raised_by", "decision", "action", "done"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["session"].queryset = in_reach(request, models.CongressSession.objects.all()).order_by(
            "-date", "-pk"
        )


class OpenAffairsForm(RegisterForm):
    class Meta:
        model = models.OpenAffairsItem
        fields = ["union", "date", "subject", "channel"]
        widgets = dates("date")


class DisputeForm(RegisterForm):
    date_field = "received_on"

    class Meta:
        model = models.LabourDispute
        fields = [
            "union",
            "received_on",
            "applicant",
            "respondent",
            "workers",
            "subject",
            "outcome",
            "closed_on",
            "recovered",
        ]
        widgets = dates("received_on", "closed_on")


class ComplaintForm(RegisterForm):
    date_field = "received_on"

    class Meta:
        model = models.Complaint
        fields = ["union", "received_on", "channel", "complainant", "subject", "answer", "answered_on"]
        widgets = dates("received_on", "answered_on")


class JobServiceForm(RegisterForm):
    class Meta:
        model = models.JobService
        fields = ["union", "date", "kind", "title", "people", "destination"]
        widgets = dates("date")


class StudyOutputForm(MemberRecordForm):
    class Meta:
        model = models.StudyOutput
        fields = ["union", "member", "author_name", "date", "kind", "title", "words"]
        widgets = dates("date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].required = False
        self.fields["member"].empty_label = _("（非会员或集体）")


class EducationSubsidyForm(MemberRecordForm):
    class Meta:
        model = models.EducationSubsidy
        fields = ["union", "member", "date", "course", "amount"]
        widgets = dates("date")


class InsuranceForm(RegisterForm):
    class Meta:
        model = models.InsuranceEnrolment
        fields = ["union", "year", "plan", "members_covered", "premium", "paid_on"]
        widgets = dates("paid_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
