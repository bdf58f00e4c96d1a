"""Which members a union's books carry: its own and those of its union groups (工会小组 keep no books)."""

from django.db.models import Q, QuerySet

from members.models import Member
from unionhub.models import Union


def members_of(union: Union) -> QuerySet[Member]:
    return Member.objects.filter(Q(union=union) | Q(union__parent=union, union__kind=Union.Kind.GROUP))


def paying_members(union: Union) -> QuerySet[Member]:
    """Members who pay dues: active, not retained (保留会籍 pays none)."""
    return members_of(union).filter(status=Member.Status.ACTIVE)


def members_in_good_standing(union: Union) -> QuerySet[Member]:
    """Members a benefit cap counts: active and retained ones (retirees keep their membership)."""
    return members_of(union).filter(status__in=[Member.Status.ACTIVE, Member.Status.RETAINED])
