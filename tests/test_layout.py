"""The package's shape (../shared/STYLE.md §1), checked on its imports as parsed from source.

- Layers: shared modules (``io``, ``errors``, ``artifacts``, ``cache``, ``_mapped``,
  ``parallel``, ``doc``, ``readers``, ``sequence``, ``metrics``) → capability packages
  (``segment``, ``ner``, ``sentiment``, ``bert``, …) → ``cli``. An import never points up
  a layer, at any depth of the code (a lazy import inside a function counts too).
- A capability uses another only through its public ``__init__``.
- No cycle among module-level imports (``TYPE_CHECKING`` blocks and function bodies aside),
  nor among all imports: those inside functions and classes too, and a package
  ``__init__``'s ``TYPE_CHECKING`` imports (they mirror its lazy name table: the package
  leads to those modules). Engine registries sit above their engines, base types below.
- Command modules never import ``cli/app.py``; no module repeats its folder's name; no folder
  holds more than 16 modules (its ``__init__`` counted).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "nlptk"

SHARED = {"io", "errors", "artifacts", "cache", "parallel", "readers", "sequence", "metrics"}
SHARED |= {"doc"}  # the document model every capability writes into
SHARED |= {"_lazy", "_mapped", "_schema", "_version", "_c", "__init__", "__main__"}
CLI = "cli"


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(
    module: str,
    tree: ast.Module,
    is_package: bool,
    modules: set[str] | None = None,
    type_checking: bool = False,
) -> list[tuple[str, bool]]:
    """``(imported module of the package, at module level)`` for every import in ``tree``;
    ``modules`` are the package's (``MODULES``); ``type_checking`` counts the imports of
    ``TYPE_CHECKING`` blocks too (as not at module level)."""
    known = MODULES if modules is None else modules
    root = module.split(".")[0]
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            if not type_checking:
                return
            top = False
        if isinstance(node, ast.Import):
            found.extend((a.name, top) for a in node.names if a.name.split(".")[0] == root)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".") if is_package else module.split(".")[:-1]
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if base.split(".")[0] == root:
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    found.append((sub if sub in known else base, top))
        for child in ast.iter_child_nodes(node):
            inner = top and not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
            )
            if isinstance(node, ast.ClassDef):
                inner = top  # class bodies run at import time
            visit(child, inner)

    for node in tree.body:
        visit(node, True)
    return found


SOURCES = {p: _module_name(p) for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
MODULES = set(SOURCES.values())
IMPORTS = {
    name: _imports(name, ast.parse(path.read_text(encoding="utf-8")), path.stem == "__init__")
    for path, name in SOURCES.items()
}


def _area(module: str) -> str:
    """``cli``, ``shared`` or the capability a module belongs to."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if top == CLI:
        return CLI
    return "shared" if top in SHARED else top


def _rank(area: str) -> int:
    return {"shared": 0, CLI: 2}.get(area, 1)


def test_layout_no_upward_import():
    bad = []
    for module, imports in IMPORTS.items():
        if module in ("nlptk", "nlptk.__main__"):
            continue  # the root's lazy re-export of the segment API, and `python -m nlptk`
        for target, _top in imports:
            if _rank(_area(target)) > _rank(_area(module)):
                bad.append(f"{module} -> {target}")
    assert bad == []


def test_layout_capabilities_meet_through_public_init():
    bad = []
    for module, imports in IMPORTS.items():
        area = _area(module)
        if _rank(area) != 1:
            continue
        for target, _top in imports:
            other = _area(target)
            if _rank(other) == 1 and other != area and target != f"nlptk.{other}":
                bad.append(f"{module} -> {target}")
    assert bad == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per back edge of a depth-first walk of ``graph``: none when it is acyclic."""
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    return cycles


def test_layout_no_import_cycle():
    graph = {m: {t for t, top in imports if top and t in MODULES} for m, imports in IMPORTS.items()}
    # importing a submodule runs its package's __init__ first
    for module in list(graph):
        for target in list(graph[module]):
            parts = target.split(".")
            graph[module] |= {".".join(parts[:i]) for i in range(2, len(parts))} - {module}
    assert _cycles(graph) == []


def _resolve(target: str, modules: set[str]) -> str | None:
    """The module an import reaches: ``target``, or the package holding it when it is no
    module of ours (a compiled extension: importing it runs that package's ``__init__``)."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def _all_imports_graph(package: Path) -> dict[str, set[str]]:
    """Every module of ``package`` → the modules it imports anywhere: at module level, inside
    functions and classes, and, for a package ``__init__``, in its ``TYPE_CHECKING`` block
    (the lazy name table's modules). A plain module's ``TYPE_CHECKING`` block is left out:
    it never runs. The same count as ``../shared/hooks/layout_check.py --inner``."""
    sources = {
        p: _module_name(p, package) for p in package.rglob("*.py") if "__pycache__" not in p.parts
    }
    modules = set(sources.values())
    graph: dict[str, set[str]] = {}
    for path, name in sources.items():
        is_package = path.stem == "__init__"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = _imports(name, tree, is_package, modules, type_checking=is_package)
        reached = {_resolve(t, modules) for t, _ in found}
        graph[name] = {t for t in reached if t is not None and t != name}
    return graph


def test_layout_no_import_cycle_counting_imports_inside_functions():
    """A lazy import is still an import: counted, the package has no circle either."""
    assert _cycles(_all_imports_graph(PACKAGE)) == []


def _write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root / "pkg"


_REGISTRY = (
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.registry import load\n"
)
_BASE = "class Base:\n    pass\n"
_ENGINE = "from pkg.base import Base\n\n\nclass Engine(Base):\n    pass\n"


@pytest.mark.parametrize(
    ("files", "cycle"),
    [
        # a registry above its engine, the base type below both: no circle
        (
            {
                "pkg/registry.py": "def load():\n    from pkg.engine import Engine\n",
                "pkg/engine.py": _ENGINE,
            },
            [],
        ),
        # the base type's module dispatching to its subclass inside a function: a circle
        (
            {
                "pkg/base.py": _BASE + "\n\ndef load():\n    from pkg.engine import Engine\n",
                "pkg/engine.py": _ENGINE,
                "pkg/registry.py": "",
            },
            [["pkg.base", "pkg.engine", "pkg.base"]],
        ),
        # a module importing its own package's lazy name: a circle through the __init__
        (
            {"pkg/registry.py": "def load():\n    from pkg import load\n", "pkg/engine.py": ""},
            [["pkg", "pkg.registry", "pkg"]],
        ),
        # a compiled kernel imported from the package: counted as the package itself
        (
            {"pkg/registry.py": "from pkg import _kernel\n", "pkg/engine.py": ""},
            [["pkg", "pkg.registry", "pkg"]],
        ),
        # ... and from a subpackage of its own, no circle
        (
            {
                "pkg/registry.py": "from pkg._c import _kernel\n",
                "pkg/_c/__init__.py": "",
                "pkg/engine.py": "",
            },
            [],
        ),
        # a plain module's TYPE_CHECKING block never runs: not counted
        (
            {
                "pkg/registry.py": "",
                "pkg/base.py": _REGISTRY.replace("registry import load", "engine import Engine"),
                "pkg/engine.py": _ENGINE,
            },
            [],
        ),
    ],
)
def test_layout_inner_import_cycles_have_teeth(tmp_path, files, cycle):
    """The count above finds a circle made by an import inside a function, through a package
    ``__init__``'s lazy names or a compiled module, and only those (tried on tiny packages:
    the real one passes)."""
    files = {"pkg/__init__.py": _REGISTRY, "pkg/base.py": _BASE, **files}
    graph = _all_imports_graph(_write_package(tmp_path, files))
    assert _cycles(graph) == cycle


def test_layout_command_modules_do_not_import_the_app():
    app = "nlptk.cli.app"
    bad = [
        m
        for m, imports in IMPORTS.items()
        if _area(m) == CLI and m != app and any(t == app for t, _ in imports)
    ]
    assert bad == []


def test_layout_names_and_folder_sizes():
    repeats = [
        str(p.relative_to(PACKAGE))
        for p in SOURCES
        if p.parent != PACKAGE and p.stem.lstrip("_").startswith(p.parent.name + "_")
    ]
    crowded = {
        str(d.relative_to(PACKAGE.parent)): n
        for d in {p.parent for p in SOURCES}
        if (n := len(list(d.glob("*.py")))) > 16  # the __init__ counted, as layout_check does
    }
    assert (repeats, crowded) == ([], {})


@pytest.mark.parametrize(
    ("module", "imports", "expected"),
    [
        ("nlptk.io", [("nlptk.segment", False)], False),  # shared -> capability, even lazily
        ("nlptk.ner.hmm", [("nlptk.cli._output", False)], False),  # capability -> cli
        ("nlptk.ner.hmm", [("nlptk.sequence.tags", True)], True),
        ("nlptk.cli.ner", [("nlptk.ner.train", False)], True),
    ],
)
def test_layout_rank_rule_has_teeth(module, imports, expected):
    """The rule above flags what it should (the real package passes it, so test it apart)."""
    ok = all(_rank(_area(t)) <= _rank(_area(module)) for t, _ in imports)
    assert ok is expected


def _public_names(init: Path) -> set[str]:
    """The string literals of an ``__init__``'s ``__all__`` assignment."""
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return {e.value for e in ast.walk(node.value) if isinstance(e, ast.Constant)}
    return set()


PACKAGES = sorted(p.parent for p in SOURCES if p.name == "__init__.py")


@pytest.mark.parametrize(
    "package", PACKAGES, ids=[str(p.relative_to(PACKAGE.parent)) for p in PACKAGES]
)
def test_layout_public_names_are_not_submodules(package):
    """A package's lazily resolved public name never shares its name with one of its
    submodules: importing the submodule (which happens on first use of anything in it) binds
    the module over the name, and the next ``nlptk.segment.cut(...)`` raised "'module' object
    is not callable" (issue 30.10)."""
    subs = {p.stem for p in package.glob("*.py")} | {
        d.name for d in package.iterdir() if (d / "__init__.py").is_file()
    }
    assert _public_names(package / "__init__.py") & subs == set()
