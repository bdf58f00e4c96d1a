"""Bring the 2021 chart to the official codes and names and map every existing voucher onto it.

Before this, the 2021 items carried this product's ordering codes (职工服务支出 502, 维权支出 503 …)
and the 上级补助收入 sub-items of 2009 (回拨, 专项, 帮扶, 送温暖, 救灾, 其他). Items are found by name
and re-coded in place, so their vouchers follow; the old grant sub-items become 40301 一般性转移支付补助
or 40302 专项转移支付补助 (vouchers and budgets moved, the emptied items removed). A union's own
sub-items are numbered after the standard ones of their account. Each voucher is then marked 专项
where its fund is restricted (never 会费收入), and a grant whose counterparty names a union of the
tree records that union, which consolidation needs. Posted vouchers are immutable; the trigger is
lifted for this migration only.
"""

import pgtrigger
from django.db import migrations
from django.db.models import Q

GRANT_SUBS = {  # old sub-item of 上级补助收入 -> (new code, new name)
    "回拨补助": "40301",
    "其他补助": "40301",
    "专项补助": "40302",
    "帮扶补助": "40302",
    "送温暖补助": "40302",
    "救灾补助": "40302",
}
NEW_NAMES = {"40301": "一般性转移支付补助", "40302": "专项转移支付补助"}


def forwards(apps, schema_editor):
    from finances import chart

    Category = apps.get_model("finances", "Category")
    Voucher = apps.get_model("finances", "Voucher")
    Budget = apps.get_model("finances", "Budget")
    Union = apps.get_model("unionhub", "Union")
    edition = apps.get_model("finances", "CategoryEdition").objects.filter(code="2021").first()
    with pgtrigger.ignore("finances.Voucher:voucher_immutable"):
        if edition is not None:
            standard = Category.objects.filter(edition=edition, union=None)
            tops = {name: code for code, name, *_ in chart.ACCOUNTS_2021}
            subs = {name: code for *_, items in chart.ACCOUNTS_2021 for code, name in items}
            for top in standard.filter(parent=None):
                if top.name in tops:
                    Category.objects.filter(pk=top.pk).update(code=tops[top.name])
            grants = standard.filter(parent=None, name=chart.GRANTS).first()
            keep = {}
            for sub in standard.exclude(parent=None).order_by("code"):
                if grants and sub.parent_id == grants.pk and sub.name in GRANT_SUBS:
                    code = GRANT_SUBS[sub.name]
                    if code not in keep:
                        keep[code] = sub
                        Category.objects.filter(pk=sub.pk).update(code=code, name=NEW_NAMES[code])
                        continue
                    Voucher.objects.filter(category=sub).update(category=keep[code])
                    for budget in Budget.objects.filter(category=sub):
                        other = Budget.objects.filter(
                            union=budget.union_id, year=budget.year, category=keep[code]
                        ).first()
                        if other:
                            other.amount += budget.amount
                            other.save(update_fields=["amount"])
                            budget.delete()
                        else:
                            Budget.objects.filter(pk=budget.pk).update(category=keep[code])
                    Category.objects.filter(pk=sub.pk).delete()
                elif sub.name in subs:
                    Category.objects.filter(pk=sub.pk).update(code=subs[sub.name])
        chart.seed(apps, using=schema_editor.connection.alias)
        if edition is not None:
            for top in Category.objects.filter(edition=edition, union=None, parent=None):
                standard_codes = list(
                    Category.objects.filter(parent=top, union=None).values_list("code", flat=True)
                )
                position = max((int(code[len(top.code) :]) for code in standard_codes), default=0)
                for own in Category.objects.filter(parent=top).exclude(union=None).order_by("code", "pk"):
                    position += 1
                    Category.objects.filter(pk=own.pk).update(code=f"{top.code}{position:02d}")
        Voucher.objects.filter(fund__restricted=True).exclude(
            Q(category__name=chart.DUES) | Q(category__parent__name=chart.DUES)
        ).update(earmarked=True)
        names = {}
        for union in Union.objects.all():
            names[union.name] = union.pk
            if union.short_name:
                names.setdefault(union.short_name, union.pk)
        grants = Voucher.objects.filter(
            Q(category__name__in=[chart.GRANTS, chart.GRANTS_TO_LOWER])
            | Q(category__parent__name=chart.GRANTS),
            counterparty__in=list(names),
        )
        for voucher in grants:
            Voucher.objects.filter(pk=voucher.pk).update(counterpart_union=names[voucher.counterparty])


class Migration(migrations.Migration):
    dependencies = [("finances", "0005_chart_2021_settlement_earmark")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
