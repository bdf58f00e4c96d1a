import re
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from reports.charts import bar_chart, line_chart
from reports.documents.pdf import cjk_font_available, html_to_pdf


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = bar_chart(["一月", "<b>"], {"收入": [Decimal("100"), Decimal("50")]}, title="收支")
    assert svg.startswith("<svg") and "&lt;b&gt;" in svg and "<b>" not in svg
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([0-9.]+)"', svg)]
    assert heights[0] == 2 * heights[1]


def test_line_chart_draws_one_line_per_series():
    svg = line_chart(["1", "2", "3"], {"会员": [1, 2, 3], "女职工": [0, 1, 1]}, title="会员人数")
    assert svg.count("<polyline") == 2 and "女职工" in svg


def test_empty_chart_does_not_divide_by_zero():
    assert "<svg" in bar_chart([], {"x": []}, title="空")


def test_pdf_renders_chinese_as_text_not_boxes():
    assert cjk_font_available(), "install fonts-wqy-zenhei (make install)"
    pdf = html_to_pdf(
        "<html><body style='font-family: \"WenQuanYi Zen Hei\"'><h1>交通运输局系统工会</h1>"
        + str(bar_chart(["一月"], {"收入": [1]}, title="收支"))
        + "</body></html>"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "交通运输局系统工会" in text
    assert "WenQuanYi" in fonts
