"""The book's local Sphinx extensions (``_ext/``) as modules, for tests of their functions.

``_ext`` is not a package: Sphinx loads each extension by its path (``local_extensions`` in
_config.yml), and so do the tests.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

from bookdev import ROOT


def load_extension(name: str) -> ModuleType:
    """``_ext/<name>.py``, loaded as the module ``_ext_<name>``."""
    spec = importlib.util.spec_from_file_location(f"_ext_{name}", ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
