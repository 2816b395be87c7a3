"""Objects that travel: pickling into fresh processes, copying, and an application's own registry."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pint
import pytest

import displacement as d
from _travel_workers import chunk_totals, generated_flows, roundtrip
from displacement import units

ROOT = Path(__file__).resolve().parents[1]


def objects() -> list[Any]:
    ds = d.examples.kazakhstan_2022()
    return [
        ds,
        *ds.sources,
        *ds.actors,
        *ds.events,
        *ds.flows,
        ds.flows[0].period,
        ds.flows[0].origin,
        ds.flows[0].population,
        ds.flows[0].attributions[0],
        ds.events[2].figures[0],
        ds.events[0].participants[0],
        ds.actors[3].roles[0],
        d.Count(5, "household", d.Qualifier.RANGE, upper=7.5),
        d.Cohort(d.Sex.FEMALE, 0, 4, d.Count(3)),
        d.Stock(
            "s",
            place=d.Place("TUR"),
            population=d.Population(d.PopulationCategory.REFUGEES),
            count=d.Count(3),
            as_of=d.Period.year(2024).end,  # type: ignore[arg-type]
        ),
        d.ValidationError.single("flows[0].count", "-5 is negative", -5),
    ]


def run_python(code: str, stdin: bytes = b"") -> bytes:
    """Run *code* in a fresh interpreter (nothing imported) and return its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        input=stdin,
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


# A fresh interpreter that has not imported displacement unpickles what it is given and pickles
# it back: what comes back must equal what went out.
ECHO = """
    import pickle, sys
    objs = pickle.loads(sys.stdin.buffer.read())
    assert "displacement" in sys.modules  # unpickling imported it
    sys.stdout.buffer.write(pickle.dumps(objs))
"""


def test_every_model_object_unpickles_in_a_fresh_interpreter() -> None:
    originals = objects()
    back = pickle.loads(run_python(ECHO, pickle.dumps(originals)))
    for before, after in zip(originals, back, strict=True):
        if isinstance(before, d.ValidationError):
            assert after.errors == before.errors
            assert str(after) == str(before)
        else:
            assert after == before
            assert type(after) is type(before)


def test_counts_quantities_and_units_unpickle_in_a_fresh_interpreter() -> None:
    code = """
        import pickle, sys
        count, value, bounds, unit, rate = pickle.loads(sys.stdin.buffer.read())
        import displacement
        assert value._REGISTRY is displacement.ureg, "rebuilt on the library's registry"
        total = value + count.value  # no "different registries"
        assert total.magnitude == 196000 and str(total.units) == "person"
        assert unit == displacement.ureg.person
        sys.stdout.buffer.write(pickle.dumps((count, value, bounds, unit, rate)))
    """
    count = d.Count(98000, qualifier=d.Qualifier.MORE_THAN)
    flow = d.examples.kazakhstan_2022().flows[0]
    sent = (count, count.value, count.bounds, d.ureg.person, flow.rate("day"))
    back = pickle.loads(run_python(code, pickle.dumps(sent)))
    assert back == sent


def test_copy_and_deepcopy() -> None:
    for obj in objects():
        if isinstance(obj, d.ValidationError):
            continue
        assert copy.copy(obj) == obj
        assert copy.deepcopy(obj) == obj
    q = d.Count(5).value
    assert copy.deepcopy(q) == q
    assert copy.deepcopy(q)._REGISTRY is d.ureg


def test_a_copied_dataset_keeps_working() -> None:
    ds = copy.deepcopy(d.examples.kazakhstan_2022())
    assert ds.get("f1-rus-kaz") == ds.flows[0]
    assert [f.id for f in ds.flows_where(destination="GEO")] == ["f2-rus-geo"]
    again = pickle.loads(pickle.dumps(ds))
    assert again.get("tokayev") == ds.get("tokayev")


def test_spawn_pool_chunk_totals_equal_the_single_process_total() -> None:
    flows = generated_flows(2000)
    expected = chunk_totals(flows)
    chunks = [flows[i : i + 250] for i in range(0, len(flows), 250)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        partials = pool.map(chunk_totals, chunks)
        echoed = pool.map(roundtrip, [flows[:50], d.examples.kazakhstan_2022()])
    merged: dict[tuple[str, str], Any] = {}
    for partial in partials:
        for key, value in partial.items():
            assert value._REGISTRY is d.ureg
            merged[key] = merged[key] + value if key in merged else value
    assert merged.keys() == expected.keys()
    for key, value in expected.items():
        assert merged[key] == value
    assert echoed == [flows[:50], d.examples.kazakhstan_2022()]


# -- the application's registry ----------------------------------------------------------------


def test_import_leaves_the_application_registry_alone() -> None:
    code = """
        import pint
        before = pint.get_application_registry().get()
        import displacement
        after = pint.get_application_registry().get()
        assert after is before, "application registry replaced"
        for name in ("person", "household"):
            try:
                after.parse_units(name)
            except pint.UndefinedUnitError:
                pass
            else:
                raise AssertionError(f"application registry now defines {name}")
        assert displacement.ureg is not after
        print("ok")
    """
    assert run_python(code).strip() == b"ok"


def test_define_units_is_idempotent_and_leaves_others_alone() -> None:
    app = pint.UnitRegistry()
    assert units.define_units(app) is app
    assert units.define_units(app) is app  # a second call changes nothing and warns of nothing
    assert app.Quantity(3, "families").to("person", "household_size", size=4).magnitude == 12
    with pytest.raises(pint.DimensionalityError):
        app.Quantity(1, "person").to("metre")
    other = pint.UnitRegistry()
    assert "person" not in other


def test_use_registry_hands_out_the_applications_quantities() -> None:
    app = pint.UnitRegistry()
    previous = units.use_registry(app)
    try:
        assert units.registry() is app
        count = d.Count(98000, qualifier=d.Qualifier.RANGE, upper=100000)
        assert count.value._REGISTRY is app
        assert count.upper is not None
        assert count.upper._REGISTRY is app
        assert count.bounds[0]._REGISTRY is app
        total = count.value + app.Quantity(2000, "person")
        assert total == app.Quantity(100000, "person")
        # the library's own calls keep working, and quantities of any registry are accepted
        flow = d.examples.kazakhstan_2022().flows[0]
        assert flow.rate("day").qualifier is d.Qualifier.RANGE
        assert d.Count(app.Quantity(5, "household")) == d.Count(5, "household")
        assert d.Count(d.ureg.Quantity(5, "person")) == d.Count(5)
        assert d.Count(2, "household").to_persons(app.Quantity(3, "person / household")) == d.Count(
            6, household_size=3
        )
        # a library quantity unpickled here lands in the application's registry
        assert pickle.loads(pickle.dumps(d.ureg.Quantity(5, "person")))._REGISTRY is app
    finally:
        assert units.use_registry(previous) is app
    assert units.registry() is d.ureg
    assert d.Count(1).value._REGISTRY is d.ureg


def test_use_registry_rejects_what_is_not_a_registry() -> None:
    with pytest.raises(d.UnitError):
        units.use_registry("ureg")  # type: ignore[arg-type]
    assert units.registry() is d.ureg


def test_use_registry_none_restores_the_library_registry() -> None:
    previous = units.use_registry(pint.UnitRegistry())
    units.use_registry(None)
    assert units.registry() is d.ureg
    assert previous is d.ureg


APP = """
    import pickle, sys
    import pint
    app = pint.UnitRegistry()
    pint.set_application_registry(app)
    import displacement
    displacement.units.use_registry(pint.get_application_registry())
    assert displacement.units.registry() is app
"""


def test_application_registry_set_with_pint() -> None:
    # An application that made its registry pint's application registry pickles the library's
    # quantities with pint's own mechanism; another process set up the same way reads them.
    produced = run_python(
        APP
        + """
    count = displacement.Count(98000)
    mixed = count.value + app.Quantity(1, "person") + pint.Quantity(1, "person")
    assert mixed.magnitude == 98002
    sys.stdout.buffer.write(pickle.dumps((count, count.value, mixed)))
    """
    )
    consumed = run_python(
        APP
        + """
    count, value, mixed = pickle.loads(sys.stdin.buffer.read())
    assert value._REGISTRY is app and mixed._REGISTRY is app
    assert (value + mixed + count.value).magnitude == 98000 + 98002 + 98000
    print(count)
    """,
        produced,
    )
    assert consumed.decode().strip() == "98,000 people"


def test_two_applications_in_separate_processes() -> None:
    # Process A uses the library's own registry; process B has its own application registry.
    produced = run_python(
        """
        import pickle, sys
        import displacement as d
        ds = d.examples.kazakhstan_2022()
        f1 = ds.get("f1-rus-kaz")
        sys.stdout.buffer.write(pickle.dumps((ds, f1.count, f1.count.value, f1.rate("day").bounds)))
        """
    )
    consumed = run_python(
        APP
        + """
    ds, count, value, bounds = pickle.loads(sys.stdin.buffer.read())
    assert value._REGISTRY is app, "the library's quantity lands in B's registry"
    assert (value + app.Quantity(2000, "person")).magnitude == 100000
    assert bounds[0]._REGISTRY is app
    assert ds.get("f1-rus-kaz").count == count
    assert count.value._REGISTRY is app
    print(round(ds.get("f1-rus-kaz").rate("day"), 2))
    """,
        produced,
    )
    assert consumed.decode().strip() == "between 14,000 and 16,333.33 people per day"
