"""`{% list_outputs %}`: the 导出 Excel and 打印 buttons of a list, keeping its current filter."""

from django import template

register = template.Library()


@register.inclusion_tag("unionhub/_list_outputs.html", takes_context=True)
def list_outputs(context, xlsx=True):
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    links = {}
    for wanted in ("xlsx", "print"):
        query["format"] = wanted
        links[wanted] = f"{request.path}?{query.urlencode()}"
    return {"xlsx": links["xlsx"] if xlsx else "", "print": links["print"]}
