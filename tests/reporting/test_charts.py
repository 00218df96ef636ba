"""Server-drawn SVG charts: well-formed, labelled for screen readers, no scripts or styles, and
labels escaped."""

import xml.etree.ElementTree as ET
from decimal import Decimal as D

from reporting.charts import Series, bar_chart, line_chart, money_label, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def test_bar_chart_draws_one_bar_per_row_scaled_to_a_round_top():
    svg = bar_chart(
        title="Committed by region",
        description="Money committed in each region.",
        bars=[("North East", D("1500000")), ("London <script>", D("500000"))],
    )
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Committed by region"
    assert "The table beside the chart gives the same figures." in root.find(f"{SVG}desc").text
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    # The axis tops out at £2m: 1.5m is three quarters of the plot, 0.5m a quarter.
    assert widths == [322.5, 107.5]  # of a 430-wide plot
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "£1.5m" in texts and "London <script>" in texts  # escaped in the XML, read back
    assert "<script" not in str(svg) and "style=" not in str(svg)


def test_empty_charts_draw_nothing():
    assert bar_chart(title="x", description="y", bars=[]) == ""
    assert line_chart(title="x", description="y", x_labels=[], series=[]) == ""


def test_line_chart_draws_solid_then_dashed_and_a_zero_line_when_negative():
    svg = line_chart(
        title="Balance",
        description="The balance each year.",
        x_labels=["2026", "2027", "2028", "2029"],
        series=[Series("Held", [D("100"), D("50"), D("-20"), D("-40")], dashed_from=2)],
        dashed_means="Projected",
    )
    root = parse(svg)
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") is None
    assert lines[1].get("stroke-dasharray") == "6 4"
    assert len(lines[0].get("points").split()) == 2  # 2026, 2027
    assert len(lines[1].get("points").split()) == 3  # 2027 to 2029, joined to the solid part
    assert any(t.text == "Projected" for t in root.iter(f"{SVG}text"))
    assert any(line.get("stroke-width") == "2" for line in root.iter(f"{SVG}line"))  # zero line


def test_axis_labels_and_round_tops():
    assert [money_label(D(v)) for v in ("2000000", "1250000", "25000", "40", "-3000000")] == [
        "£2m", "£1.2m", "£25k", "£40", "-£3m"
    ]  # fmt: skip
    assert [nice_ceiling(D(v)) for v in ("0", "7", "130", "1500000", "2000001")] == [
        D(1), D(10), D(200), D(2000000), D(5000000)
    ]  # fmt: skip
