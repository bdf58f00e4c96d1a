from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from reports import services
from reports.documents import word
from reports.documents.pdf import document_pdf
from reports.models import AnnualSummary
from unionhub.models import Union


class Command(BaseCommand):
    help = "Print or save a union's annual work summary (the same text as the page)."

    def add_arguments(self, parser):
        parser.add_argument("--union", required=True, help="The union's full name.")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "html", "pdf", "docx"], default="text")
        parser.add_argument(
            "--output", help="Write to this file instead of standard output (needed for pdf and docx)."
        )

    def handle(self, *args, union, year, format, output, **options):
        try:
            union_obj = Union.objects.get(name=union)
        except Union.DoesNotExist:
            raise CommandError(f"No union named {union!r}.") from None
        summary = AnnualSummary.objects.filter(union=union_obj, year=year).first() or AnnualSummary(
            union=union_obj, year=year
        )
        document = services.build_document(summary=summary, with_changes_check=False)
        if format in ("pdf", "docx"):
            if not output:
                raise CommandError(f"--format {format} needs --output PATH.")
            content = document_pdf(document) if format == "pdf" else word.document_bytes(document)
            Path(output).write_bytes(content)
            self.stdout.write(f"Wrote {output}")
            return
        if format == "html":
            content = render_to_string("reports/print.html", {"document": document})
        else:
            content = services.document_text(document)
        if output:
            Path(output).write_text(content, encoding="utf-8")
            self.stdout.write(f"Wrote {output}")
        else:
            self.stdout.write(content)
