"""Sphinx configuration: the documentation site of displacement (see README.md beside this file)."""

from __future__ import annotations

from typing import Any

from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

import displacement

project = "displacement"
author = "The displacement developers"
copyright = "The displacement developers"
release = displacement.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "matplotlib.sphinxext.plot_directive",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
# README.md here is the note on how the docs are built, for the repository, not a page of the site;
# _data/ holds the data files the charts are drawn from (with a README of their own), not pages.
exclude_patterns = ["_build", "README.md", "_data"]

# The docstrings write `Count` for a cross-reference, in single backticks.
default_role = "py:obj"

# Every cross-reference must resolve, so a docstring that names a missing or renamed object fails
# the build. The standard library and third-party packages have no inventory offline (no
# intersphinx without a network), so references into them are let through.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|date|collections\.abc|os|pathlib|re|warnings|typing)(\..+)?"),
    (r"py:.*", r"(pint|pyarrow|hypothesis|st|matplotlib)(\..+)?"),
    # The type variable of displacement.io.json's signatures (the record type passed in).
    (r"py:class", r"displacement\.io\.json\.T"),
    # The private type alias and variable of io.json.unstructure's overloads (any record type).
    (r"py:class", r"(displacement\.io\.json\.)?_(Model|M)"),
]

# MyST: give every heading down to ### an anchor, so [text](page.md#a-heading) links are checked.
myst_heading_anchors = 3

autodoc_member_order = "bysource"

# -- charts (charts.md) ---------------------------------------------------------------------------
# Every chart in the docs is drawn by the build: a ```{plot} block runs its code (matplotlib's plot
# directive, Agg backend, in the folder of the page, so `_data/...` is found) and the page shows the
# code above the image it made. Only what the page needs is written: one PNG a chart, no high-res
# copy, PDF or .py file, and no links to them. No code runs before a chart's own (no `plot_pre_code`
# imports): what the page shows is all the chart needs.
plot_include_source = True
plot_formats = [("png", 100)]
plot_html_show_formats = False
plot_html_show_source_link = False
plot_pre_code = ""

html_theme = "furo"
html_title = f"displacement {release}"


# -- cross-references to the public names ---------------------------------------------------------
# Each object is documented once, under the name users import: `displacement.Flow`, not
# `displacement.flow.Flow`. Type hints name the defining module, and docstrings in displacement.io
# write a bare `Dataset`; resolve both to the documented name when it is unambiguous.


def _public_name(app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element) -> Element | None:
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    domain = env.get_domain("py")
    objects = domain.objects
    parts = target.split(".")
    candidates: list[str] = []
    if parts[0] == "displacement":
        # displacement.count.Count -> displacement.Count, displacement.dataset.Dataset.total ->
        # displacement.Dataset.total.
        candidates += ["displacement." + ".".join(parts[i:]) for i in range(2, len(parts))]
    else:
        candidates.append("displacement." + target)
        # A bare `RowAccount` in displacement.io.unhcr: the one documented object of that name.
        matches = [name for name in objects if name.endswith("." + target)]
        if len(matches) == 1:
            candidates += matches
    for name in candidates:
        if name in objects:
            node["reftarget"] = name
            return domain.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], name, node, contnode
            )
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("missing-reference", _public_name)
    return {"parallel_read_safe": True}
