"""Bar charts drawn on the server as SVG: a title, a description and a table of the same
numbers, so the chart reads without colour, without images, and with a screen reader."""

from dataclasses import dataclass, field

ROW_HEIGHT = 16
GAP = 10
LABEL_WIDTH = 110
BAR_SPACE = 320
VALUE_SPACE = 50


@dataclass
class Bar:
    series: str
    value: float
    colour: str
    x: int = LABEL_WIDTH
    y: int = 0
    width: int = 0


@dataclass
class Row:
    label: str
    bars: list[Bar]
    y: int = 0


@dataclass
class BarChart:
    """A horizontal bar chart: one row per label, one bar per series in each row."""

    slug: str  # the chart's id, and its CSV file's name
    title: str
    description: str
    series: list[str]
    rows: list[Row] = field(default_factory=list)
    unit: str = ""

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_SPACE + VALUE_SPACE

    @property
    def height(self) -> int:
        per_row = ROW_HEIGHT * max(len(self.series), 1) + GAP
        return max(per_row * len(self.rows), per_row) + GAP

    def laid_out(self) -> "BarChart":
        """Place every bar: widths scaled to the largest value of the chart."""
        top = max((bar.value for row in self.rows for bar in row.bars), default=0) or 1
        y = GAP
        for row in self.rows:
            row.y = y
            for bar in row.bars:
                bar.y = y
                bar.width = round(BAR_SPACE * bar.value / top)
                y += ROW_HEIGHT
            y += GAP
        return self

    def csv_rows(self) -> tuple[list[str], list[list]]:
        header = ["label", *self.series]
        return header, [[row.label, *(bar.value for bar in row.bars)] for row in self.rows]


def bar_chart(
    slug: str,
    title: str,
    description: str,
    series: list[tuple[str, str]],
    data: list[tuple[str, list[float]]],
    *,
    colours: list[str] | None = None,
) -> BarChart:
    """`series` is (name, colour) per bar of a row; `data` is (label, values) per row;
    `colours`, when given, colours each row's single bar on its own (a rating's colour)."""
    chart = BarChart(slug=slug, title=title, description=description, series=[s for s, _ in series])
    for index, (label, values) in enumerate(data):
        bars = [
            Bar(name, value, colours[index] if colours else colour)
            for (name, colour), value in zip(series, values, strict=True)
        ]
        chart.rows.append(Row(label, bars))
    return chart.laid_out()
