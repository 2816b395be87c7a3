"""Shared test settings: hypothesis profiles (a quick default, a thorough ``ci``), real UNHCR data,
checks on the records readers make unchecked."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, settings

from displacement import _bulk
from displacement.io import unhcr
from displacement.io.account import Load

# Every record the readers make without validating it (_bulk.unchecked) is checked against the
# validating constructor, here and in the processes tests start; DISPLACEMENT_CHECK_UNCHECKED=0
# turns that off.
os.environ.setdefault(_bulk.CHECK_ENV, "1")
_bulk.checks.on = _bulk.checks_asked(os.environ)

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def hypothesis_profile(environ: Mapping[str, str]) -> str:
    """The profile *environ* asks for in ``HYPOTHESIS_PROFILE``; ``default`` when unset or blank."""
    return environ.get("HYPOTHESIS_PROFILE", "").strip() or "default"


settings.load_profile(hypothesis_profile(os.environ))


# -- real UNHCR data (CC BY 4.0), shared by the io tests ----------------------------------------

UNHCR_DIR = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unhcr"
"""Where the real UNHCR tables live: ``<project root>/../shared/data/unhcr/``."""


@pytest.fixture(scope="session")
def unhcr_dir() -> pathlib.Path:
    """The folder of real UNHCR tables; tests that need it skip, saying why, when it is absent."""
    if not (UNHCR_DIR / "flows.csv").is_file():
        pytest.skip(f"the real UNHCR data is not at {UNHCR_DIR} (see the working rules: CI has it)")
    return UNHCR_DIR


@pytest.fixture(scope="session")
def unhcr_flows(unhcr_dir: pathlib.Path) -> Load:
    """All of UNHCR's flows.csv, loaded once: (dataset, account)."""
    return unhcr.read_flows(unhcr_dir / "flows.csv")
