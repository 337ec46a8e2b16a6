"""The package's layers: imports run downward only, and the engine side never reads the record.

Each sub-package may import its own modules and those of the layers below it, at module level or
inside a function alike (a lazy import is still a dependency); imports for type checkers only are
not counted.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "congress_sim"

# bottom to top; the modules at the top of the package (errors, events, files, outputs) are the base
LAYERS = ["", "language", "model", "views", "drivers", "record", "experiments", "publish", "cli"]
BASE = {"errors", "events", "files", "outputs"}


def layer_of(module: str) -> str:
    parts = module.split(".")[1:]  # drop congress_sim
    if not parts or parts[0] in BASE or parts[0] == "__init__":
        return ""
    return parts[0]


def imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts)
        package = name.rsplit(".", 1)[0] if path.name != "__init__.py" else name.removesuffix(".__init__")
        found: set[str] = set()
        tree = ast.parse(path.read_text())
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and getattr(block.test, "id", None) == "TYPE_CHECKING" for n in ast.walk(block)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue  # imports for type checkers never run
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if not target.startswith("congress_sim"):
                    continue
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists()
                              else target)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("congress_sim.")}
        graph[name.removesuffix(".__init__")] = found - {name}
    return graph


def test_imports_run_downward():
    wrong = []
    for module, targets in imports().items():
        if module == "congress_sim":
            continue  # the public API names everything, lazily
        mine = LAYERS.index(layer_of(module))
        for t in targets:
            if t == "congress_sim" or LAYERS.index(layer_of(t)) > mine:
                wrong.append(f"{module} imports {t}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_circles():
    graph = {m: {t for t in ts if t in imports_cache} for m, ts in imports_cache.items() if m != "congress_sim"}
    seen: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        seen[m] = 1
        for t in graph.get(m, ()):
            assert seen.get(t) != 1, "circle: " + " -> ".join([*path, m, t])
            if t not in seen:
                visit(t, [*path, m])
        seen[m] = 2

    for m in graph:
        if m not in seen:
            visit(m, [])


def test_the_engine_side_never_reads_the_record():
    for module, targets in imports().items():
        if module != "congress_sim" and layer_of(module) in ("", "language", "model", "views", "drivers"):
            assert not [t for t in targets if layer_of(t) == "record"], module


imports_cache = imports()
