"""Country codes from other systems: `country_code`, `CodeSystem`, and hints that never guess."""

from __future__ import annotations

import csv
import functools
import pathlib

import pycountry
import pytest

import displacement
from displacement import SPECIAL_CODES, CodeSystem, Place, ValidationError, countries, country_code
from displacement.countries import UNHCR_COLLISIONS

ALPHA3 = sorted(c.alpha_3 for c in pycountry.countries)

# Special codes that stand for the same thing: UNHCR's table pairs STA with XXA and UKN with XXX,
# and its other tables write (STA, STA), (STA, XXA), (UKN, UKN) and (UKN, UNK).
SAME = {"STA": "XXA", "UNK": "UKN", "XXX": "UKN"}


def same(code: str) -> str:
    return SAME.get(code, code)


def message(exc: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    [detail] = exc.value.errors
    return detail.path, detail.message


def refused(text: object, system: str | None = None) -> str:
    with pytest.raises(ValidationError) as exc:
        country_code(text, system)  # type: ignore[arg-type]
    path, said = message(exc)
    assert path == "country"
    return said


# -- the two messages ---------------------------------------------------------------------


def test_sud_is_unhcrs_sudan_not_a_typo_of_south_sudan() -> None:
    with pytest.raises(ValidationError) as exc:
        Place.lookup("SUD")
    assert message(exc) == (
        "country",
        "'SUD' is not an ISO 3166-1 alpha-3 code; in UNHCR's codes it is Sudan ('SDN'): pass system='unhcr'",
    )
    assert Place.lookup("SUD", system="unhcr") == Place("SDN")
    with pytest.raises(ValidationError) as exc:
        Place("SUD")
    assert message(exc) == (
        "country",
        "'SUD' is not an ISO 3166-1 alpha-3 code ('SUD' is UNHCR's code for Sudan: did you mean 'SDN'?)",
    )


def test_chd_is_unhcrs_chad_not_a_typo_of_switzerland() -> None:
    with pytest.raises(ValidationError) as exc:
        Place("CHD")
    assert message(exc) == (
        "country",
        "'CHD' is not an ISO 3166-1 alpha-3 code ('CHD' is UNHCR's code for Chad: did you mean 'TCD'?)",
    )
    with pytest.raises(ValidationError) as exc:
        Place.lookup("CHD")
    assert message(exc) == (
        "country",
        "'CHD' is not an ISO 3166-1 alpha-3 code; in UNHCR's codes it is Chad ('TCD'): pass system='unhcr'",
    )


def test_the_hint_reaches_every_record_with_a_country() -> None:
    with pytest.raises(ValidationError) as exc:
        displacement.Actor(id="a", name="A", kind=displacement.ActorKind.STATE, country="CHD")
    assert message(exc) == (
        "country",
        "'CHD' is not an ISO 3166-1 alpha-3 code ('CHD' is UNHCR's code for Chad: did you mean 'TCD'?)",
    )


# -- collisions: UNHCR codes that are ISO codes of another country ------------------------------


@pytest.mark.parametrize(
    ("code", "unhcr", "iso"), [("ARE", "EGY", "ARE"), ("AUS", "AUT", "AUS"), ("MAR", "MTQ", "MAR")]
)
def test_each_collision_is_read_as_iso_without_a_system(code: str, unhcr: str, iso: str) -> None:
    # Without a system a three-letter code is ISO's, as in every country field: Morocco stays Morocco
    assert UNHCR_COLLISIONS[code] == (unhcr, iso)
    assert country_code(code) == iso
    assert country_code(code.lower()) == iso
    assert Place.lookup(code.lower()) == Place(iso)
    assert country_code(code, "unhcr") == unhcr
    assert country_code(code, "iso3") == iso
    assert Place(code).country == iso  # a country field is ISO: the code is valid there
    with pytest.raises(ValidationError) as exc:
        Place(code.lower())  # a hint names both meanings and guesses neither
    assert "did you mean" not in message(exc)[1]
    assert f"({iso!r})" in message(exc)[1]
    assert f"({unhcr!r})" in message(exc)[1]


def test_the_collisions_are_computed_from_the_table() -> None:
    table = countries._unhcr_rows()
    found = {
        unhcr: (iso, unhcr)
        for iso, unhcr, _ in table
        if unhcr != iso and unhcr in countries.country_codes() and iso in countries.country_codes()
    }
    assert found == dict(UNHCR_COLLISIONS)


# -- every code of every system -------------------------------------------------------------------


def test_every_alpha3_alpha2_and_m49_code_reads_back() -> None:
    for country in pycountry.countries:
        code = country.alpha_3
        assert country_code(code, "iso3") == code
        assert country_code(code.lower(), CodeSystem.ISO3) == code
        assert country_code(country.alpha_2, "iso2") == code
        assert country_code(f" {country.alpha_2.lower()} ", "iso2") == code
        assert country_code(country.numeric, "m49") == code
        assert country_code(country.numeric.lstrip("0"), "m49") == code
        assert country_code(country.name, "name") == code
        assert country_code(country.name.upper(), "name") == code
        if code not in UNHCR_COLLISIONS:
            assert country_code(code) == code
        assert country_code(country.alpha_2) == code
        assert country_code(country.numeric) == code
        assert country_code(country.name) == code


def test_every_special_code_reads_as_itself() -> None:
    for code, name in SPECIAL_CODES.items():
        assert country_code(code) == code
        assert country_code(code.lower(), "iso3") == code
        assert same(country_code(name, "name")) == same(code)


def test_every_unhcr_code_reads_in_its_system_only() -> None:
    for iso, unhcr, name in countries._unhcr_rows():
        if unhcr in ("CRB", "CUR"):  # in the table with no ISO code: not a country
            assert refused(unhcr, "unhcr") == (
                f"{unhcr!r} is in UNHCR's table with no ISO 3166-1 code: no country to read"
            )
            continue
        expected = iso or unhcr
        assert same(country_code(unhcr, "unhcr")) == same(expected)
        assert same(country_code(unhcr.lower(), CodeSystem.UNHCR)) == same(expected)
        assert same(country_code(name, "name")) == same(expected), name
        if unhcr == iso or unhcr in SPECIAL_CODES:
            assert same(country_code(unhcr)) == same(expected)
        elif unhcr not in UNHCR_COLLISIONS:
            assert refused(unhcr) == (
                f"{unhcr!r} is not an ISO 3166-1 alpha-3 code; in UNHCR's codes it is "
                f"{countries.country_name(iso)} ({iso!r}): pass system='unhcr'"
            )


def test_a_code_of_one_system_is_not_read_in_another() -> None:
    assert refused("SDN", "unhcr") == (
        "'SDN' is not a UNHCR country code ('SDN' is the ISO 3166-1 alpha-3 code of Sudan: pass system='iso3')"
    )
    assert refused("SD", "iso3") == (
        "'SD' is not an ISO 3166-1 alpha-3 code ('SD' is the ISO 3166-1 alpha-2 code of Sudan: pass system='iso2')"
    )
    assert refused("Sudan", "m49").startswith("'Sudan' is not a UN M49 code ('Sudan' is a name of Sudan")
    assert refused("1000", "m49") == "'1000' is not a UN M49 code"
    assert (
        refused("SDN", "name")
        == "'SDN' is not a country name ('SDN' is the ISO 3166-1 alpha-3 code of Sudan: pass system='iso3')"
    )


def test_unhcr_names_resolve() -> None:
    assert country_code("Dem. Rep. of the Congo") == "COD"
    assert country_code("Iran (Islamic Rep. of)") == "IRN"
    assert country_code("Türkiye") == "TUR"
    assert country_code("turkiye") == "TUR"  # accents and case do not matter
    assert country_code("Curacao ", "name") == "CUW"
    assert country_code("Russia") == "RUS"  # the start of one country's name


def test_no_name_means_two_countries() -> None:
    # names are taken first come: a name that two tables give to two countries would be a guess
    names: dict[str, set[str]] = {}
    for iso, unhcr, name in countries._unhcr_rows():
        code = countries._iso_of_row(iso, unhcr)
        if code is not None:
            names.setdefault(countries._fold(name), set()).add(same(code))
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            if getattr(country, field, None):
                names.setdefault(countries._fold(getattr(country, field)), set()).add(country.alpha_3)
    assert {n: c for n, c in names.items() if len(c) > 1} == {}


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("system", [None, *CodeSystem])
def test_bad_input_is_a_bounded_validation_error(system: CodeSystem | None) -> None:
    assert refused(42, system) == "expected a country code or name, got 42 (int)"
    assert refused(None, system) == "expected a country code or name, got None (NoneType)"
    assert refused("", system) == "expected a country code or name, got an empty text"
    assert refused("   ", system) == "expected a country code or name, got an empty text"
    long = refused("Q" * 10_000, system)
    assert len(long) < 200
    assert "(10,000 characters)" in long


def test_an_unknown_system_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        country_code("SDN", "fips")  # type: ignore[arg-type]
    assert message(exc) == (
        "system",
        "expected one of 'iso3', 'iso2', 'm49', 'unhcr', 'name' or None, got 'fips' (str)",
    )


def test_the_callers_field_names_the_error() -> None:
    with pytest.raises(ValidationError) as exc:
        country_code("SUD", field="coo")
    assert message(exc)[0] == "coo"


def test_an_unknown_code_gets_a_typo_hint_only_when_one_code_is_nearest() -> None:
    assert refused("KZA") == "'KZA' is not a known country code or name (did you mean 'KAZ'?)"
    assert refused("SYX") == "'SYX' is not a known country code or name"  # SYC? SYR?
    with pytest.raises(ValidationError) as exc:
        Place("SYX")
    assert message(exc)[1] == "'SYX' is not an ISO 3166-1 alpha-3 code"


# -- against the real data ------------------------------------------------------------------------


@functools.cache
def pairs(folder: pathlib.Path) -> dict[str, set[tuple[str, str]]]:
    """Every distinct (code, ISO code) and (name, ISO code) of origin and asylum in flows and population."""
    codes: set[tuple[str, str]] = set()
    names: set[tuple[str, str]] = set()
    for name in ("flows.csv", "population.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                for side in ("coo", "coa"):
                    codes.add((row[side], row[f"{side}_iso"]))
                    names.add((row[f"{side}_name"], row[f"{side}_iso"]))
    return {"codes": codes, "names": names}


def test_the_shipped_table_is_unhcrs(unhcr_dir: pathlib.Path) -> None:
    with (unhcr_dir / "countries.csv").open(encoding="utf-8", newline="") as file:
        rows = [(r["iso_code"], r["unhcr_code"], r["name"]) for r in csv.DictReader(file)]
    assert len(rows) == 232
    assert countries._unhcr_rows() == tuple(rows)


def test_every_unhcr_code_in_the_real_tables_maps_to_its_iso_code(unhcr_dir: pathlib.Path) -> None:
    found = pairs(unhcr_dir)["codes"]
    assert len(found) > 200
    wrong = [(u, i) for u, i in found if same(country_code(u, "unhcr")) != same(i)]
    assert wrong == []


def test_every_name_in_the_real_tables_maps_to_its_iso_code(unhcr_dir: pathlib.Path) -> None:
    found = pairs(unhcr_dir)["names"]
    assert len(found) > 200
    # the one name that cannot resolve: rows of Tibetans with no name (the README says so)
    assert {(n, i) for n, i in found if not n} == {("", "TIB")}
    wrong = [(n, i) for n, i in found if n and same(country_code(n, "name")) != same(i)]
    assert wrong == []


def test_no_hint_for_a_unhcr_code_names_another_country() -> None:
    # every UNHCR code, in a country field: the hint names its UNHCR meaning or nothing
    for iso, unhcr, _ in countries._unhcr_rows():
        expected = countries._iso_of_row(iso, unhcr)
        named = set(countries.SPECIAL_CODES) | countries.country_codes()
        for text in (unhcr, unhcr.lower()):
            if text in named:  # a valid code of a country field: no hint to give (AUS is Australia)
                assert Place(text).country == text
                continue
            with pytest.raises(ValidationError) as exc:
                Place(text)
            said = message(exc)[1]
            quoted = {code for code in named if f"{code!r}" in said}
            allowed = {c for c in (expected, unhcr if unhcr in named else None) if c is not None}
            assert quoted <= allowed, (text, said)
            if "did you mean" in said:
                assert said.endswith(f"did you mean {expected!r}?)"), (text, said)


# -- UNHCR's tables with UNHCR's codes only -------------------------------------------------------

FLOWS_WITH_UNHCR_CODES = (
    "year,coo_name,coo,coa_name,coa,refugees,asylum_seekers,refugee_like,oip\n"
    "2023,Sudan,SUD,Chad,CHD,100,,,\n"
    "2023,Sudan,SUD,Egypt,ARE,5,1,,\n"
    "2023,Sudan,XYZ,Chad,CHD,1,,,\n"
    "2023,Sudan,SUD,Australia,AUL,2,,,\n"
)


def test_a_table_without_iso_columns_is_read_through_unhcrs_codes(tmp_path: pathlib.Path) -> None:
    from displacement.io import unhcr

    path = tmp_path / "flows.csv"
    path.write_text(FLOWS_WITH_UNHCR_CODES, encoding="utf-8")
    dataset, account = unhcr.read_flows(path)
    assert [(f.id, f.origin.country, f.destination.country) for f in dataset.flows] == [
        ("unhcr-flows-2023-SDN-TCD-refugees", "SDN", "TCD"),
        ("unhcr-flows-2023-SDN-EGY-refugees", "SDN", "EGY"),  # UNHCR's ARE is Egypt
        ("unhcr-flows-2023-SDN-EGY-asylum_seekers", "SDN", "EGY"),
        ("unhcr-flows-2023-SDN-AUS-refugees", "SDN", "AUS"),
    ]
    assert [(r.line, [(e.path, e.message) for e in r.errors]) for r in account.skipped] == [
        (4, [("line 4.coo", "'XYZ' is not a UNHCR country code")])
    ]
    assert account.ignored_columns == ()  # coo and coa are read, the names known


def test_the_iso_column_wins_when_both_are_given(tmp_path: pathlib.Path) -> None:
    from displacement.io import unhcr

    path = tmp_path / "flows.csv"
    path.write_text("year,coo,coo_iso,coa,refugees\n2023,SUD,SDN,ARE,7\n", encoding="utf-8")
    [flow] = unhcr.read_flows(path).dataset.flows
    assert (flow.origin.country, flow.destination.country) == ("SDN", "EGY")  # coa: UNHCR's code


def test_api_json_with_unhcr_codes_only() -> None:
    from displacement.io import unhcr

    items = {"items": [{"year": 2023, "coo": "SUD", "coa": "CHD", "refugees": 3}]}
    [flow] = unhcr.read_flows(items).dataset.flows
    assert (flow.origin.country, flow.destination.country) == ("SDN", "TCD")
    bad = {"items": [{"year": 2023, "coo": "SDN", "coa": "CHD", "refugees": 3}]}
    [skipped] = unhcr.read_flows(bad).account.skipped
    assert [(e.path, e.value) for e in skipped.errors] == [("items[0].coo", "SDN")]


def test_real_flows_read_the_same_through_unhcrs_codes(
    unhcr_dir: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    from displacement.io import unhcr

    without = tmp_path / "flows.csv"
    with (unhcr_dir / "flows.csv").open(encoding="utf-8", newline="") as source:
        rows = csv.reader(source)
        header = next(rows)
        keep = [i for i, name in enumerate(header) if name not in ("coo_iso", "coa_iso")]
        with without.open("w", encoding="utf-8", newline="") as target:
            out = csv.writer(target, lineterminator="\n")
            out.writerow([header[i] for i in keep])
            out.writerows([row[i] for i in keep] for row in rows)
    iso, codes = unhcr.read_flows(unhcr_dir / "flows.csv"), unhcr.read_flows(without)
    assert codes.account.skipped == ()
    assert len(codes.dataset.flows) == len(iso.dataset.flows) == 108_717

    def key(flow: displacement.Flow) -> tuple[object, ...]:
        nationality = flow.population.nationality
        return (
            same(flow.origin.country),
            same(flow.destination.country),
            None if nationality is None else same(nationality),
            flow.population.category,
            flow.count,
            flow.period,
        )

    assert [key(f) for f in codes.dataset.flows] == [key(f) for f in iso.dataset.flows]


def test_validate_names_unhcrs_country_not_a_guess(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json as stdlib_json

    from displacement import cli
    from displacement.io import json

    document = json.unstructure(displacement.examples.kazakhstan_2022())
    document["flows"][0]["origin"]["country"] = "SUD"
    document["flows"][1]["destination"]["country"] = "CHD"
    path = tmp_path / "bad.json"
    path.write_text(stdlib_json.dumps(document), encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}: invalid (2 problems)\n"
        "  flows[0].origin.country: 'SUD' is not an ISO 3166-1 alpha-3 code "
        "('SUD' is UNHCR's code for Sudan: did you mean 'SDN'?)\n"
        "  flows[1].destination.country: 'CHD' is not an ISO 3166-1 alpha-3 code "
        "('CHD' is UNHCR's code for Chad: did you mean 'TCD'?)\n"
    )
