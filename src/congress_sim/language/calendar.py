"""Calendar time: scenarios are written in their own calendar, the engine counts minutes.

Dates go through the Julian Day Number, so a Julian date (Old Style) and its Gregorian
equivalent (New Style) are exact for any year, leap days of 1700, 1800 and 1900 included;
Python's ``datetime`` knows only the Gregorian calendar, so it is not used for dates here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CalendarName = Literal["julian", "gregorian"]

STYLE = {"julian": "Old Style", "gregorian": "New Style"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_STAMP = re.compile(r"^(-?\d{1,4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?$")
_TIME_OF_DAY = re.compile(r"^(\d{1,2}):(\d{2})$")


def to_jdn(year: int, month: int, day: int, calendar: CalendarName) -> int:
    """Julian Day Number of a civil date (Fliegel and Van Flandern's integer formulas)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    if calendar == "gregorian":
        jdn += -(y // 100) + y // 400 + 38
    return jdn


def from_jdn(jdn: int, calendar: CalendarName) -> tuple[int, int, int]:
    """The civil date (year, month, day) of a Julian Day Number."""
    if calendar == "gregorian":
        a = jdn + 32044
        b = (4 * a + 3) // 146097
        c = a - 146097 * b // 4
    else:
        b = 0
        c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return year, month, day


def parse_stamp(text: str, calendar: CalendarName, moment: bool = False,
                date: str = "YYYY-MM-DD") -> tuple[int, int]:
    """``"1917-10-25T22:40"`` -> (JDN, minute of the day); raises ValueError in plain words.

    A ``moment`` (when a session opens, an item is pinned, delegates arrive) needs its time of day:
    a date alone would silently be midnight. ``date`` is the one a message suggests for a time of
    day written without its date."""
    written = text.strip()
    if clock := _TIME_OF_DAY.match(written):
        raise ValueError(f"{text!r} has no date; write the day and the time: "
                         f"{date}T{int(clock.group(1)):02d}:{clock.group(2)}")
    match = _STAMP.match(written)
    if not match:
        raise ValueError(f"{text!r} is not a date and time like {_example(written, date)}")
    if moment and match.group(4) is None:
        raise ValueError(f"{text!r} has no time of day (it would be midnight); write the time too: "
                         f"{written}THH:MM")
    year, month, day = (int(g) for g in match.groups()[:3])
    hour = int(match.group(4) or 0)
    minute = int(match.group(5) or 0)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    jdn = to_jdn(year, month, day, calendar)
    if from_jdn(jdn, calendar) != (year, month, day):
        raise ValueError(f"{text!r}: {MONTHS[month - 1]} {year} has no day {day} ({calendar})")
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} has no time {hour:02d}:{minute:02d}")
    return jdn, hour * 60 + minute


def _example(written: str, date: str) -> str:
    """A date and time as a scenario writes one, for a message: the date and the time of day ``written``
    holds where they can be read without guessing (``15 April 2031, 9am``: 2031-04-15T09:00), else the
    day the scenario is at and an evening's time."""
    day = None
    if found := re.search(r"(?<![\d-])(-?)(\d{1,4})-(\d{1,2})-(\d{1,2})(?!\d)", written):  # not 26-10-19 of 26-10-1917
        day = "{}{:04d}-{:02d}-{:02d}".format(found.group(1), *(int(g) for g in found.group(2, 3, 4)))
    elif found := re.search(r"\b(\d{1,2})\s+([a-z]{3,})\.?,?\s+(\d{1,4})\b|\b([a-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{1,4})\b",
                            written, re.IGNORECASE):
        d, name, y = found.group(1, 2, 3) if found.group(1) else (found.group(5), found.group(4), found.group(6))
        month = next((i + 1 for i, m in enumerate(MONTHS) if name.lower().startswith(m.lower())), None)
        day = f"{int(y):04d}-{month:02d}-{int(d):02d}" if month else None
    elif found := re.search(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)", written):
        a, b, y = (int(g) for g in found.group(1, 3, 4))
        if a > 12 >= b or b > 12 >= a:  # a day past 12 tells day from month
            day = f"{y:04d}-{min(a, b):02d}-{max(a, b):02d}"
    clock = re.search(r"(?<![\d.:-])(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\b\.?", written, re.IGNORECASE) \
        or re.search(r"(?<![\d.:-])(\d{1,2}):(\d{2})(?!\d)", written)
    hour, minute = (int(clock.group(1)), int(clock.group(2) or 0)) if clock else (22, 40)
    if clock and clock.lastindex == 3:  # 12 am is midnight, 12 pm noon
        hour = hour % 12 + (12 if clock.group(3).lower() == "p" else 0) if hour <= 12 else 99
    elif not clock and re.search(r"\b(noon|midday)\b", written, re.IGNORECASE):
        hour, minute = 12, 0
    elif not clock and re.search(r"\bmidnight\b", written, re.IGNORECASE):
        hour, minute = 0, 0
    if hour > 23 or minute > 59:
        hour, minute = 22, 40
    return f"{day or (date if date != 'YYYY-MM-DD' else '1917-10-25')}T{hour:02d}:{minute:02d}"


@dataclass(frozen=True)
class Clock:
    """Turns minutes since the epoch (midnight of ``epoch_jdn``) into calendar time and back."""

    calendar: CalendarName
    epoch_jdn: int
    dual: bool = True  # labels show the other style too

    @property
    def other(self) -> CalendarName:
        return "gregorian" if self.calendar == "julian" else "julian"

    @property
    def styled(self) -> bool:
        """Whether a reader is told the style of the dates: where both are shown, or where they are
        Old Style (a Julian date alone); an ordinary Gregorian date needs no name."""
        return self.dual or self.calendar == "julian"

    def label_iso(self, text: str) -> str:
        """A time kept as ISO text (in JSON, in a comparison), written as :meth:`label` writes it."""
        return self.label(self.minutes(text)).strip()

    def minutes(self, text: str, moment: bool = False, date: str = "YYYY-MM-DD") -> float:
        """Minutes since the epoch of a time written in the calendar (see :func:`parse_stamp`)."""
        jdn, minute = parse_stamp(text, self.calendar, moment, date)
        return float((jdn - self.epoch_jdn) * 1440 + minute)

    def _split(self, t: float) -> tuple[int, int, int]:
        whole = int(round(t))
        return self.epoch_jdn + whole // 1440, (whole % 1440) // 60, whole % 60

    def iso(self, t: float, calendar: CalendarName | None = None) -> str:
        """``"1917-10-25T22:40"`` in the scenario's calendar (or the one named)."""
        jdn, hour, minute = self._split(t)
        y, m, d = from_jdn(jdn, calendar or self.calendar)
        return f"{y:04d}-{m:02d}-{d:02d}T{hour:02d}:{minute:02d}"

    def label(self, t: float, both: bool | None = None, hour: bool = True) -> str:
        """``"25 Oct 22:40 [7 Nov]"``: the scenario's calendar, the other style in brackets; without
        the ``hour``, the day alone, ``"23 Sep [6 Oct]"`` (a date before the assembly)."""
        both = self.dual if both is None else both
        jdn, hh, mm = self._split(t)
        _, m, d = from_jdn(jdn, self.calendar)
        text = f"{d:2d} {MONTHS[m - 1]} {hh:02d}:{mm:02d}" if hour else f"{d} {MONTHS[m - 1]}"
        if both:
            _, m2, d2 = from_jdn(jdn, self.other)
            text += f" [{d2} {MONTHS[m2 - 1]}]"
        return text

    def day(self, t: float, calendar: CalendarName | None = None) -> str:
        """``"25 Oct 1917"``."""
        jdn, _, _ = self._split(t)
        y, m, d = from_jdn(jdn, calendar or self.calendar)
        return f"{d} {MONTHS[m - 1]} {y}"

    def days(self, a: float, b: float, calendar: CalendarName | None = None) -> str:
        """``"25 Oct 1917 to 27 Oct 1917"``; a single day once: ``"15 Oct 2025"``."""
        first, last = self.day(a, calendar), self.day(b, calendar)
        return first if first == last else f"{first} to {last}"
