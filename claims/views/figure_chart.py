"""The stated figure against every reported one, laid out for a small SVG number line."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 100.0
MARGIN = 8.0  # percent of the line kept clear at each end so labels stay inside


AXIS_Y = 15.0
STACK_STEP = 3.2  # how far apart dots at (nearly) the same value are drawn


@dataclass(frozen=True)
class Point:
    value: Decimal
    x: float  # position on the line, 0-100
    label: str
    stated: bool
    stance: str = ""
    y: float = AXIS_Y


@dataclass(frozen=True)
class FigureChart:
    points: list[Point]
    low: Decimal
    high: Decimal
    agree: int
    disagree: int

    @property
    def stated(self) -> Point:
        return next(point for point in self.points if point.stated)

    @property
    def reported(self) -> list[Point]:
        return [point for point in self.points if not point.stated]


def within(stated: Decimal, reported: Decimal, tolerance: Decimal = Decimal("0.1")) -> bool:
    """Whether a reported value is within 10% of the stated one: "approximately" allows that."""
    if stated == 0:
        return reported == 0
    return abs(reported - stated) <= abs(stated) * tolerance


def figure_chart(claim, evidence) -> FigureChart | None:
    """None unless the claim states a value and at least one source reports one."""
    if claim.stated_value is None:
        return None
    reported = [item for item in evidence if item.reported_value is not None]
    if not reported:
        return None
    values = [claim.stated_value, *(item.reported_value for item in reported)]
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or Decimal(1)

    def x(value: Decimal) -> float:
        if high == low:
            return WIDTH / 2
        return MARGIN + float((value - low) / span) * (WIDTH - 2 * MARGIN)

    points = [Point(claim.stated_value, x(claim.stated_value), "stated", True)]
    placed: list[float] = []
    for item in reported:
        position = x(item.reported_value)
        # Sources that agree with each other would hide behind one dot: stack them.
        crowd = sum(1 for other in placed if abs(other - position) < 2)
        placed.append(position)
        offset = STACK_STEP * ((crowd + 1) // 2) * (-1 if crowd % 2 else 1)
        label = item.source.publisher or item.source.title or item.source.url
        points.append(
            Point(item.reported_value, position, label, False, item.stance, AXIS_Y + offset)
        )
    agree = sum(1 for item in reported if within(claim.stated_value, item.reported_value))
    return FigureChart(points, low, high, agree, len(reported) - agree)
