"""The demo federation: a transport bureau's system union, its base unions and their officers.

Idempotent: every record is looked up by its natural key before it is created.
"""

from datetime import date

from django.db import transaction

from unionhub.models import Role, Union, User

DEMO_PASSWORD = "Gh-demo-2026!xq"  # noqa: S105 - demo logins only, printed by `make run`

SYSTEM_UNION = "交通运输局系统工会"
TERM_START = date(2024, 1, 1)  # the demo committee's term: its officers hold office since then
# (name, short name, employer, kind, parent)
UNIONS = [
    (SYSTEM_UNION, "局系统工会", "市交通运输局", Union.Kind.SYSTEM, None),
    ("局机关工会", "局机关", "市交通运输局机关", Union.Kind.BASE, SYSTEM_UNION),
    ("交通规费征收所工会", "征费所", "市交通规费征收所", Union.Kind.BASE, SYSTEM_UNION),
    ("公路管理段工会", "公路段", "市公路管理段", Union.Kind.BASE, SYSTEM_UNION),
    ("通达汽运公司工会", "汽运公司", "通达汽车运输有限公司", Union.Kind.BASE, SYSTEM_UNION),
    ("港航管理处工会", "港航处", "市港航管理处", Union.Kind.BASE, SYSTEM_UNION),
    ("公路段养护一班工会小组", "养护一班", "市公路管理段养护一班", Union.Kind.GROUP, "公路管理段工会"),
]

# (username, name, union, role)
OFFICERS = [
    ("chair", "王建华", SYSTEM_UNION, Role.Kind.CHAIR),
    ("secretary", "李秀英", SYSTEM_UNION, Role.Kind.SECRETARY),
    ("treasurer", "陈丽萍", SYSTEM_UNION, Role.Kind.TREASURER),
    ("auditor", "赵志强", SYSTEM_UNION, Role.Kind.AUDITOR),
    ("jiguan.chair", "周明", "局机关工会", Role.Kind.CHAIR),
    ("jiguan.secretary", "吴芳", "局机关工会", Role.Kind.SECRETARY),
    ("jiguan.treasurer", "郑海燕", "局机关工会", Role.Kind.TREASURER),
    ("zhengfei.secretary", "孙晓梅", "交通规费征收所工会", Role.Kind.SECRETARY),
    ("zhengfei.treasurer", "马俊", "交通规费征收所工会", Role.Kind.TREASURER),
    ("gonglu.secretary", "胡国庆", "公路管理段工会", Role.Kind.SECRETARY),
    ("gonglu.treasurer", "林静", "公路管理段工会", Role.Kind.TREASURER),
    ("qiyun.secretary", "何伟", "通达汽运公司工会", Role.Kind.SECRETARY),
    ("qiyun.treasurer", "高红", "通达汽运公司工会", Role.Kind.TREASURER),
    ("ganghang.secretary", "罗斌", "港航管理处工会", Role.Kind.SECRETARY),
]
# The system union's secretary also keeps the books of the bureau's own office union.
EXTRA_ROLES = [("secretary", "局机关工会", Role.Kind.SECRETARY)]


@transaction.atomic
def load() -> dict[str, Union]:
    unions: dict[str, Union] = {}
    for name, short_name, employer, kind, parent in UNIONS:
        union, _ = Union.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "employer": employer,
                "kind": kind,
                "parent": unions.get(parent),
                "region": "浙江",
            },
        )
        if kind == Union.Kind.SYSTEM and not union.party_organisation:
            union.party_organisation = "局党委"
            union.save(update_fields=["party_organisation"])
        unions[name] = union
    for username, name, union_name, kind in OFFICERS:
        user, created = User.objects.get_or_create(username=username, defaults={"name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Role.objects.get_or_create(
            user=user, union=unions[union_name], kind=kind, defaults={"start": TERM_START}
        )
    for username, union_name, kind in EXTRA_ROLES:
        Role.objects.get_or_create(
            user=User.objects.get(username=username),
            union=unions[union_name],
            kind=kind,
            defaults={"start": TERM_START},
        )
    return unions
