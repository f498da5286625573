"""`stats --ministry` and `county stats --ministry`: the Ministry's report (人民调解工作统计表) of the station or of
the county (its stations summed, and each station) as PDF, xlsx, JSON or CSV; and the report's rows that
`stats --format json` carries beside the statistics, under their Chinese labels."""
from __future__ import annotations

import json

from app.errors import MediationError
from app.i18n import _
from app.periods import Period
from app.services import ministry_report
from app.documents.ministry import ministry_file
from app.services.ministry_output import county_json, to_json
from app.services.ministry_rows import TITLE
from app.services.stations import get_station
from app.sync import county


def station_report(session, period: Period) -> ministry_report.MinistryReport:
    return ministry_report.compute(session, period, unit=get_station(session).name)


def county_report(session, period: Period) -> ministry_report.CountyMinistryReport:
    return ministry_report.compute_county(session, period, unit=county.identity(session).name)


def station_file(read, period: Period, fmt: str) -> tuple[bytes, list[str]]:
    """The station's report in `fmt`, and what the user must know of a PDF (fonts)."""
    with read() as s:
        found = station_report(s, period)
    return ministry_file(found, fmt)


def county_file(read, period: Period, fmt: str) -> tuple[bytes, list[str]]:
    with read() as s:
        found = county_report(s, period)
    return ministry_file(found, fmt)


def with_ministry(statistics_json: bytes, ministry: dict) -> bytes:
    """The statistics' JSON with the Ministry's report of the same period under 人民调解工作统计表."""
    data = json.loads(statistics_json)
    data[TITLE] = ministry
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def station_json(read, period: Period) -> dict:
    with read() as s:
        return to_json(station_report(s, period))


def county_json_of(read, period: Period) -> dict:
    with read() as s:
        return county_json(county_report(s, period))


def refuse_pdf_without_ministry(args) -> None:
    if args.format == "pdf" and not args.ministry:
        raise MediationError(_("A PDF is printed of the Ministry's report only: add --ministry (or choose csv, json "
                               "or xlsx for the statistics table)."))
