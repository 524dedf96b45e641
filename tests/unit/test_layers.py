"""The dependency rule of ARCHITECTURE.md, enforced by scanning imports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FORBIDDEN = {
    "evidence": {"prefect", "fastapi", "minio", "storage", "flows", "tpcb", "doc_templates",
                 "pathlib", "os", "shutil", "subprocess", "sqlalchemy.orm"},
    "storage": {"prefect", "fastapi", "flows", "tpcb"},
    "doc_templates": {"prefect", "fastapi", "flows", "tpcb", "minio", "storage"},
    "flows": {"fastapi", "minio", "sqlmodel", "sqlalchemy"},
    # The two adapters share the application layer and never lean on each other's insides.
    "tpcb.cli": {"tpcb.web", "fastapi", "starlette"},
    "tpcb.web": {"tpcb.cli", "typer", "rich"},
    "tpcb.services": {"tpcb.cli", "tpcb.web", "fastapi", "starlette", "typer", "rich"},
}


def imports_of(path: Path, package: str = "") -> set[str]:
    """Every module the file imports; relative imports (`from ..web import x`) are resolved against
    `package`, the dotted package the file is in."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1])
            if node.module:
                names.add(f"{base}.{node.module}")
            else:
                names.update(f"{base}.{a.name}" for a in node.names)
    return names


def _package_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).parent.parts)


def violations(package: str) -> list[str]:
    out = []
    for path in ROOT.joinpath(*package.split(".")).rglob("*.py"):
        for name in imports_of(path, _package_of(path)):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    out.append(f"{path.relative_to(ROOT)} imports {name}")
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependency_rule(package):
    assert violations(package) == []


def test_the_scanner_sees_imports(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("import prefect.flows\nfrom minio import Minio\n")
    assert imports_of(f) == {"prefect.flows", "minio"}


def test_the_scanner_resolves_relative_imports(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("from ..web import app\nfrom .common import x\nfrom . import y\n")
    assert imports_of(f, "tpcb.cli") == {"tpcb.web", "tpcb.cli.common", "tpcb.cli.y"}

