"""Control characters: refused at the door, dropped on the way out to xlsx and Word.

Nobody types a vertical tab, an escape or U+0001 on purpose; they arrive pasted from another program
and are invisible on the page. XML 1.0 — the inside of every xlsx and docx file — cannot hold them
at all, so one such character in a title or a 摘要 made every export that shows the row answer 500,
for good where the row cannot be edited (a posted voucher). So:

- every form's text field refuses them with a message at the field: `refuse_control_characters` is
  the default validator of Django's `forms.CharField`, set once in `UnionhubConfig.ready()`, so a
  new form has it without asking (tests/trust/test_hostile_forms.py walks every form to be sure);
- every import refuses a cell that holds them, naming its row and column (`has_control_characters`);
- every writer of xlsx and Word passes its text through `xml_text`, so rows already stored (or
  written by a path that is not a form) still export.

Tab, newline and carriage return (a textarea sends "\\r\\n") are text, not control characters.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What XML 1.0 cannot hold: C0 controls other than tab, LF and CR; and the non-characters FFFE, FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What a form or an import refuses: those, DEL and the C1 controls (legal in XML, invisible all the same).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

MESSAGE = _("含有不可见的控制字符，请删除后重新输入。")
CELL_MESSAGE = _("含有不可见的控制字符，请在表格中删除后重新上传")


def has_control_characters(value) -> bool:
    """Whether `value` is text holding a control character (anything else — a number, a date — holds none)."""
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


def refuse_control_characters(value) -> None:
    """A form field's validator: text with a control character is refused with a message at the field."""
    if has_control_characters(value):
        raise ValidationError(MESSAGE, code="control_characters")


def xml_text(text: str) -> str:
    """`text` as xlsx and docx can hold it: the characters XML 1.0 forbids dropped."""
    return XML_ILLEGAL.sub("", text)
