"""The book's local Sphinx extensions (``_ext/``) and scripts (``scripts/``) as modules, for tests
of their functions.

``_ext`` is not a package: Sphinx loads each extension by its path (``local_extensions`` in
_config.yml) with ``_ext/`` on the import path, so an extension may import a helper module of
``_ext/`` by name; the tests do the same.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from bookdev import ROOT


def _load(module_name: str, path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_extension(name: str) -> ModuleType:
    """``_ext/<name>.py``, loaded as the module ``_ext_<name>``."""
    if str(ROOT / "_ext") not in sys.path:
        sys.path.append(str(ROOT / "_ext"))
    return _load(f"_ext_{name}", ROOT / "_ext" / f"{name}.py")


def load_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` (not a package either), loaded as the module ``scripts_<name>``."""
    return _load(f"scripts_{name}", ROOT / "scripts" / f"{name}.py")


def transformed_paragraph(transform_class, *children):
    """A paragraph of ``children`` in a document, after the post-transform ``transform_class`` ran
    on that document (without a Sphinx app: the transforms here only walk the doctree)."""
    from docutils import nodes

    para = nodes.paragraph()
    para += list(children)
    document = nodes.document(None, None)
    document += para
    transform = transform_class.__new__(transform_class)
    transform.document = document
    transform.run()
    return para
