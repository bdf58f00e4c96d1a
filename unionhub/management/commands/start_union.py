"""Start one's own union: the union (at the top, or below a union already here) and its chair."""

from argparse import ArgumentTypeError
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from unionhub.models import Province, Union
from unionhub.services import start_union


def messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in error.messages]


def date_argument(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ArgumentTypeError(f"不是日期：{text}（请写成 2026-01-01）") from None


class Command(BaseCommand):
    help = (
        "Create a union and its chair's login; prints a one-time password the chair changes at first login. "
        f"Types: {'、'.join(str(label) for _v, label in Union.Kind.choices)}. "
        f"Provinces: the full name ({Province.SICHUAN.label}) or the short form ({Province.SICHUAN.value})."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The union's full name, e.g. 青山乡工会")
        parser.add_argument(
            "--type", required=True, dest="kind", help="The union type in Chinese, e.g. 乡镇工会"
        )
        parser.add_argument("--province", required=True, help="e.g. 四川省 or 四川")
        parser.add_argument("--chair", required=True, help="The chair's login name")
        parser.add_argument("--chair-name", default="", help="The chair's real name (optional)")
        parser.add_argument(
            "--parent", default="", help="The name of the union above it, when it has one here"
        )
        parser.add_argument(
            "--since",
            type=date_argument,
            default=None,
            help="The day the chair's term began, e.g. 2026-01-01 (default: today)",
        )

    def handle(self, *args, name, kind, province, chair, chair_name, parent, since=None, **options):
        if isinstance(since, str):  # given to call_command as a keyword, argparse's type is not applied
            since = date_argument(since)
        try:
            started = start_union(
                since=since,
                name=name,
                kind=kind,
                province_name=province,
                chair_login=chair,
                chair_name=chair_name,
                parent=parent,
            )
        except ValidationError as error:
            raise CommandError("未创建任何记录：" + "；".join(messages_of(error))) from error
        union = started.union
        self.stdout.write(
            self.style.SUCCESS(
                f"已创建 {union.name}（{union.get_kind_display()}，{union.get_region_display()}）。"
            )
        )
        self.stdout.write(
            f"工会主席登录名：{started.chair.username}（自 {union.term_start:%Y-%m-%d} 起任职）"
        )
        self.stdout.write(f"一次性密码：    {started.password}")
        self.stdout.write("首次登录后须立即修改密码。此密码只显示这一次，请妥善转交。")
