"""Files that `write_hxl` wrote before its columns derived from `_fields.columns` (issue 14).

`FILES` maps a name to the exact text `write_hxl` wrote for `datasets()[name]` with the code of
main at 2bc635b, so tests/test_hxl.py can check that today's writer gives the same bytes (same
headers, hashtags, column order and cells) and that today's reader reads them back. They are
text in a module rather than files under tests/data/, because the sdist ships no data files.

Made once, with ``PYTHONPATH=src python tests/hxl_v1.py`` run from the repository's root, which
prints the `FILES` literal below. Do not regenerate it with newer code: its point is to hold
the old output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import attrs

import displacement as d
from displacement import examples


def _edge() -> d.Dataset:
    """Records that reach every branch of the writer: formula guards, non-ASCII text, negative
    and float numbers, several categories and units, cohorts of every sex and age shape, a
    record without count or period dates, and a stock with a household count."""
    base = examples.kazakhstan_2022()
    cohorts = [
        # In the order they read back: by sex, then age, unknown ages last. All in households, as
        # the flow's count: since issue 16 the cohorts of a population count one unit (the first
        # files mixed persons and households here; only these cohort columns' +ind became +hh).
        d.Cohort(None, None, None, d.Count(3.5, "household")),
        d.Cohort(d.Sex.FEMALE, None, 4, d.Count(10, "household")),
        d.Cohort(d.Sex.FEMALE, None, None, d.Count(1, "household")),
        d.Cohort(d.Sex.MALE, 60, None, d.Count(7, "household")),
        d.Cohort(d.Sex.OTHER, 5, 17, d.Count(2, "household")),
    ]
    in_persons = [  # cohorts[1] and cohorts[3] in persons, as the stock's count
        d.Cohort(d.Sex.FEMALE, None, 4, d.Count(10, "person")),
        d.Cohort(d.Sex.MALE, 60, None, d.Count(7, "person")),
    ]
    flows = [
        d.Flow(
            "=cmd|' /C calc'!A0",
            origin=d.Place("RUS", subdivision="RU-DA", name="+7 Zürich", lat=-33.5, lon=-70.25),
            destination=d.Place("RUS", name="'s-Hertogenbosch"),
            movement=d.Movement.INTERNAL,
            metric=d.Metric.NEW_DISPLACEMENTS,
            population=d.Population(
                d.PopulationCategory.IDPS, nationality="RUS", description="\t=1", cohorts=cohorts
            ),
            count=d.Count(2.5, "household", d.Qualifier.MORE_THAN),
            period=d.Period(date(2022, 9, 1), None, precision=d.Precision.WEEK),
            causes=["mobilization-decree"],
            attributions=[
                d.Attribution("upi-2022-09-27", excerpt='\r=HYPERLINK("http://x")'),
                d.Attribution("maxar-2022-09-25"),
            ],
            term="-2+3",
            description="@SUM(A1:A9), naïve «quotes»",
        ),
        d.Flow(
            "no-count",
            origin=d.Place("SYR"),
            destination=d.Place("TUR"),
            movement=d.Movement.RETURN,
            metric=d.Metric.ARRIVALS,
            population=d.Population(d.PopulationCategory.RETURNEES),
            count=None,
            period=d.Period(),
        ),
        d.Flow(
            "per-day",
            origin=d.Place("UKR", lat=50.45, lon=30.52),
            destination=d.Place("POL"),
            movement=d.Movement.CROSS_BORDER,
            metric=d.Metric.CROSSINGS,
            population=d.Population(d.PopulationCategory.REFUGEES),
            count=d.Count(1000, "person / day", d.Qualifier.APPROXIMATE),
            period=d.Period(date(2022, 3, 1), date(2022, 3, 31), as_of=date(2022, 4, 2)),
            attributions=[d.Attribution("upi-2022-09-27", attributed_to=["kaz-interior-ministry"])],
        ),
    ]
    stocks = [
        d.Stock(
            "s-hh",
            place=d.Place("KAZ", subdivision="KZ-75", name="Алматы", lat=43.2, lon=76.9),
            population=d.Population(d.PopulationCategory.ASYLUM_SEEKERS, cohorts=in_persons),
            count=d.Count(540, "person", d.Qualifier.AT_MOST, household_size=4.5),
            as_of=date(2022, 12, 31),
            attributions=[d.Attribution("upi-2022-09-27", excerpt="'quoted")],
            term="=x",
        ),
        d.Stock(
            "s-households",
            place=d.Place("KAZ"),
            population=d.Population(d.PopulationCategory.ASYLUM_SEEKERS),
            count=d.Count(120, "household", d.Qualifier.RANGE, upper=130.5),
            as_of=date(2022, 12, 31),
        ),
        d.Stock(
            "s-plain",
            place=d.Place("GEO"),
            population=d.Population(d.PopulationCategory.OTHERS),
            count=None,
            as_of=date(2023, 1, 1),
        ),
    ]
    return d.Dataset(sources=base.sources, actors=base.actors, events=base.events, flows=flows, stocks=stocks)


def _before(place: d.Place) -> d.Place:
    """*place* without what a place could not hold when `FILES` were written: p-codes, accuracy."""
    return d.Place(
        place.country, subdivision=place.subdivision, name=place.name, lat=place.lat, lon=place.lon
    )


def _population_before(population: d.Population) -> d.Population:
    """*population* with its cohorts as they were when `FILES` were written: sex and ages only."""
    cohorts = [d.Cohort(c.sex, c.min_age, c.max_age, c.count) for c in population.cohorts]
    return attrs.evolve(population, cohorts=cohorts)


def _as_before_places_below_the_country(full: d.Dataset) -> d.Dataset:
    """The full dataset of tests/test_field_coverage.py, which now sets the place fields of issue
    15, the cause kinds and cohort dimensions of issue 16 and a stock's date precision of issue 17,
    with its flows and stocks as they were when `FILES` were written."""
    flows = [
        attrs.evolve(
            f,
            origin=_before(f.origin),
            destination=_before(f.destination),
            population=_population_before(f.population),
            cause_kind=None,
        )
        for f in full.flows
    ]
    stocks = [
        attrs.evolve(
            s,
            place=_before(s.place),
            population=_population_before(s.population),
            cause_kind=None,
            as_of_precision=d.Precision.DAY,
        )
        for s in full.stocks
    ]
    return d.Dataset(sources=full.sources, actors=full.actors, events=full.events, flows=flows, stocks=stocks)


def datasets() -> dict[str, tuple[Any, str]]:
    """name -> (what `write_hxl` is given, kind)."""
    from test_field_coverage import full_dataset

    full = _as_before_places_below_the_country(full_dataset(exact_cohorts=True))
    edge = _edge()
    return {
        "kazakhstan-flows": (examples.kazakhstan_2022(), "flows"),
        "full-flows": (full, "flows"),
        "full-stocks": (full, "stocks"),
        "edge-flows": (edge, "flows"),
        "edge-stocks": (edge, "stocks"),
        "edge-bare-flows": (list(edge.flows), "flows"),  # no dataset: no publishers or URLs
    }


def _write_all(folder: Path) -> dict[str, str]:
    from displacement.io.hxl import write_hxl

    texts = {}
    for name, (data, kind) in datasets().items():
        path = folder / f"{name}.csv"
        write_hxl(data, path, kind=kind)
        texts[name] = path.read_bytes().decode("utf-8")
    return texts


# The files, as main at 2bc635b wrote them.
FILES: dict[str, str] = {
    "kazakhstan-flows": (
        "ID,Origin country,Origin subdivision,Origin name,Origin latitude,Origin longitude,Destination country,Destination subdivision,Destination name,Destination latitude,Destination longitude,Movement,Metric,Start date,End date,Date precision,As of,Open start,Population category,Nationality,Qualifier,Unit,Upper bound,Household size,Others (individuals),Causes,Sources,Source URLs,Attributions,Excerpts,Description,Term,Population\r\n"
        "#meta+id,#country+code+origin,#adm1+code+origin,#loc+name+origin,#geo+lat+origin,#geo+lon+origin,#country+code+dest,#adm1+code+dest,#loc+name+dest,#geo+lat+dest,#geo+lon+dest,#x_movement,#x_metric,#date+start,#date+end,#x_precision,#date+asof,#x_open_start,#x_category,#country+code+nationality,#x_qualifier,#x_unit,#x_upper,#x_household_size,#affected+others+ind+total,#cause+code,#meta+source,#meta+url,#meta+source+code,#meta+excerpt,#description,#description+term,#description+population\r\n"
        'f1-rus-kaz,RUS,,,,,KAZ,,,,,cross_border,crossings,2022-09-21,2022-09-27,day,2022-09-27,true,others,RUS,exact,person,,,98000,mobilization-decree,UPI,,upi-2022-09-27 > kaz-interior-ministry-report,"The Interior Ministry of Kazakhstan has reported that 98,000 Russians have crossed into the Central Asian nation since Russian President Vladimir Putin announced a ""partial mobilization"" on Sept. 21.",,have crossed into,"Russians, mostly men, leaving Russia to avoid the military draft"\r\n'
        'f2-rus-geo,RUS,,,,,GEO,,,,,cross_border,crossings,2022-09-21,2022-09-27,day,2022-09-27,true,others,RUS,,,,,,mobilization-decree,UPI | Maxar Technologies,,upi-2022-09-27 | maxar-2022-09-25,"An exodus of Russian men has been reported across neighboring countries, with massive lines forming on the borders with Georgia, Finland and Mongolia. | A satellite image made available by Maxar Technologies shows a traffic jam near Russia\'s border with Georgia on Sunday",,massive lines forming on the borders,"Russians, mostly men, leaving Russia to avoid the military draft"\r\n'
        'f3-rus-fin,RUS,,,,,FIN,,,,,cross_border,crossings,2022-09-21,2022-09-27,day,2022-09-27,true,others,RUS,,,,,,mobilization-decree,UPI,,upi-2022-09-27,"An exodus of Russian men has been reported across neighboring countries, with massive lines forming on the borders with Georgia, Finland and Mongolia.",,massive lines forming on the borders,"Russians, mostly men, leaving Russia to avoid the military draft"\r\n'
        'f4-rus-mng,RUS,,,,,MNG,,,,,cross_border,crossings,2022-09-21,2022-09-27,day,2022-09-27,true,others,RUS,,,,,,mobilization-decree,UPI,,upi-2022-09-27,"An exodus of Russian men has been reported across neighboring countries, with massive lines forming on the borders with Georgia, Finland and Mongolia.",,massive lines forming on the borders,"Russians, mostly men, leaving Russia to avoid the military draft"\r\n'
    ),
    "full-flows": (
        'ID,Origin country,Origin subdivision,Origin name,Origin latitude,Origin longitude,Destination country,Destination subdivision,Destination name,Destination latitude,Destination longitude,Movement,Metric,Start date,End date,Date precision,As of,Open start,Population category,Nationality,Qualifier,Unit,Upper bound,Household size,Refugees (individuals),"Refugees, male, 18-65 (individuals)",Causes,Sources,Source URLs,Attributions,Excerpts,Description,Term,Population\r\n'
        "#meta+id,#country+code+origin,#adm1+code+origin,#loc+name+origin,#geo+lat+origin,#geo+lon+origin,#country+code+dest,#adm1+code+dest,#loc+name+dest,#geo+lat+dest,#geo+lon+dest,#x_movement,#x_metric,#date+start,#date+end,#x_precision,#date+asof,#x_open_start,#x_category,#country+code+nationality,#x_qualifier,#x_unit,#x_upper,#x_household_size,#affected+refugees+ind+total,#affected+refugees+m+age_18_65+ind,#cause+code,#meta+source,#meta+url,#meta+source+code,#meta+excerpt,#description,#description+term,#description+population\r\n"
        "f-1,RUS,RU-DA,Makhachkala,42.98,47.5,KAZ,KZ-75,Almaty,43.2,76.9,evacuation,departures,2022-09-21,2022-09-30,month,2022-10-01,true,refugees,RUS,range,person,99000,4.5,98000,100,ev-1,UPI,https://www.upi.com/,src-1 > src-0 > act-0,have crossed,by road,fled,Russian men\r\n"
    ),
    "full-stocks": (
        'ID,Place country,Place subdivision,Place name,Place latitude,Place longitude,Date,Population category,Nationality,Qualifier,Unit,Upper bound,Household size,Refugees (individuals),"Refugees, male, 18-65 (individuals)",Causes,Sources,Source URLs,Attributions,Excerpts,Description,Term,Population\r\n'
        "#meta+id,#country+code,#adm1+code,#loc+name,#geo+lat,#geo+lon,#date,#x_category,#country+code+nationality,#x_qualifier,#x_unit,#x_upper,#x_household_size,#affected+refugees+ind+total,#affected+refugees+m+age_18_65+ind,#cause+code,#meta+source,#meta+url,#meta+source+code,#meta+excerpt,#description,#description+term,#description+population\r\n"
        "s-1,KAZ,KZ-75,Almaty,43.2,76.9,2022-09-21,refugees,RUS,range,person,99000,4.5,98000,100,ev-1,UPI,https://www.upi.com/,src-1 > src-0 > act-0,have crossed,in towns,stay,Russian men\r\n"
    ),
    "edge-flows": (
        'ID,Origin country,Origin subdivision,Origin name,Origin latitude,Origin longitude,Destination country,Destination subdivision,Destination name,Destination latitude,Destination longitude,Movement,Metric,Start date,End date,Date precision,As of,Open start,Population category,Nationality,Qualifier,Unit,Upper bound,Household size,Refugees (individuals),IDPs (households),"IDPs, all sexes, all or unknown ages (households)","IDPs, female, 0-4 (households)","IDPs, female, all or unknown ages (households)","IDPs, male, 60+ (households)","IDPs, other sex, 5-17 (households)",Causes,Sources,Source URLs,Attributions,Excerpts,Description,Term,Population\r\n'
        "#meta+id,#country+code+origin,#adm1+code+origin,#loc+name+origin,#geo+lat+origin,#geo+lon+origin,#country+code+dest,#adm1+code+dest,#loc+name+dest,#geo+lat+dest,#geo+lon+dest,#x_movement,#x_metric,#date+start,#date+end,#x_precision,#date+asof,#x_open_start,#x_category,#country+code+nationality,#x_qualifier,#x_unit,#x_upper,#x_household_size,#affected+refugees+ind+total,#affected+idps+hh+total,#affected+idps+hh,#affected+idps+f+age__4+hh,#affected+idps+f+hh,#affected+idps+m+age_60_+hh,#affected+idps+i+age_5_17+hh,#cause+code,#meta+source,#meta+url,#meta+source+code,#meta+excerpt,#description,#description+term,#description+population\r\n"
        "'=cmd|' /C calc'!A0,RUS,RU-DA,'+7 Zürich,-33.5,-70.25,RUS,,''s-Hertogenbosch,,,internal,new_displacements,2022-09-01,,week,,false,idps,RUS,more_than,household,,,,2.5,3.5,10,1,7,2,mobilization-decree,UPI | Maxar Technologies,,upi-2022-09-27 | maxar-2022-09-25,\"'\r"
        '=HYPERLINK(""http://x"") | ","\'@SUM(A1:A9), naïve «quotes»",\'-2+3,\'\t=1\r\n'
        "no-count,SYR,,,,,TUR,,,,,return,arrivals,,,day,,false,returnees,,,,,,,,,,,,,,,,,,,,\r\n"
        "per-day,UKR,,,50.45,30.52,POL,,,,,cross_border,crossings,2022-03-01,2022-03-31,day,2022-04-02,false,refugees,,approximate,person / day,,,1000,,,,,,,,UPI,,upi-2022-09-27 > kaz-interior-ministry,,,,\r\n"
    ),
    "edge-stocks": (
        'ID,Place country,Place subdivision,Place name,Place latitude,Place longitude,Date,Population category,Nationality,Qualifier,Unit,Upper bound,Household size,Asylum seekers (individuals),Asylum seekers (households),"Asylum seekers, female, 0-4 (individuals)","Asylum seekers, male, 60+ (individuals)",Causes,Sources,Source URLs,Attributions,Excerpts,Description,Term,Population\r\n'
        "#meta+id,#country+code,#adm1+code,#loc+name,#geo+lat,#geo+lon,#date,#x_category,#country+code+nationality,#x_qualifier,#x_unit,#x_upper,#x_household_size,#affected+asylum_seekers+ind+total,#affected+asylum_seekers+hh+total,#affected+asylum_seekers+f+age__4+ind,#affected+asylum_seekers+m+age_60_+ind,#cause+code,#meta+source,#meta+url,#meta+source+code,#meta+excerpt,#description,#description+term,#description+population\r\n"
        "s-hh,KAZ,KZ-75,Алматы,43.2,76.9,2022-12-31,asylum_seekers,,at_most,person,,4.5,540,,10,7,,UPI,,upi-2022-09-27,''quoted,,'=x,\r\n"
        "s-households,KAZ,,,,,2022-12-31,asylum_seekers,,range,household,130.5,,,120,,,,,,,,,,\r\n"
        "s-plain,GEO,,,,,2023-01-01,others,,,,,,,,,,,,,,,,,\r\n"
    ),
    "edge-bare-flows": (
        'ID,Origin country,Origin subdivision,Origin name,Origin latitude,Origin longitude,Destination country,Destination subdivision,Destination name,Destination latitude,Destination longitude,Movement,Metric,Start date,End date,Date precision,As of,Open start,Population category,Nationality,Qualifier,Unit,Upper bound,Household size,Refugees (individuals),IDPs (households),"IDPs, all sexes, all or unknown ages (households)","IDPs, female, 0-4 (households)","IDPs, female, all or unknown ages (households)","IDPs, male, 60+ (households)","IDPs, other sex, 5-17 (households)",Causes,Sources,Source URLs,Attributions,Excerpts,Description,Term,Population\r\n'
        "#meta+id,#country+code+origin,#adm1+code+origin,#loc+name+origin,#geo+lat+origin,#geo+lon+origin,#country+code+dest,#adm1+code+dest,#loc+name+dest,#geo+lat+dest,#geo+lon+dest,#x_movement,#x_metric,#date+start,#date+end,#x_precision,#date+asof,#x_open_start,#x_category,#country+code+nationality,#x_qualifier,#x_unit,#x_upper,#x_household_size,#affected+refugees+ind+total,#affected+idps+hh+total,#affected+idps+hh,#affected+idps+f+age__4+hh,#affected+idps+f+hh,#affected+idps+m+age_60_+hh,#affected+idps+i+age_5_17+hh,#cause+code,#meta+source,#meta+url,#meta+source+code,#meta+excerpt,#description,#description+term,#description+population\r\n"
        "'=cmd|' /C calc'!A0,RUS,RU-DA,'+7 Zürich,-33.5,-70.25,RUS,,''s-Hertogenbosch,,,internal,new_displacements,2022-09-01,,week,,false,idps,RUS,more_than,household,,,,2.5,3.5,10,1,7,2,mobilization-decree,,,upi-2022-09-27 | maxar-2022-09-25,\"'\r"
        '=HYPERLINK(""http://x"") | ","\'@SUM(A1:A9), naïve «quotes»",\'-2+3,\'\t=1\r\n'
        "no-count,SYR,,,,,TUR,,,,,return,arrivals,,,day,,false,returnees,,,,,,,,,,,,,,,,,,,,\r\n"
        "per-day,UKR,,,50.45,30.52,POL,,,,,cross_border,crossings,2022-03-01,2022-03-31,day,2022-04-02,false,refugees,,approximate,person / day,,,1000,,,,,,,,,,upi-2022-09-27 > kaz-interior-ministry,,,,\r\n"
    ),
}

if __name__ == "__main__":
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    with tempfile.TemporaryDirectory() as tmp:
        print("FILES: dict[str, str] = {")
        for name, text in _write_all(Path(tmp)).items():
            print(f"    {name!r}: (")
            for line in text.splitlines(keepends=True):
                print(f"        {line!r}")
            print("    ),")
        print("}")
