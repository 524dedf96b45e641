"""The dependency rule of ARCHITECTURE.md, enforced by scanning imports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FORBIDDEN = {
    "evidence": {"prefect", "fastapi", "minio", "storage", "flows", "tpcb", "doc_templates",
                 "pathlib", "os", "shutil", "subprocess", "sqlalchemy.orm"},
    "storage": {"prefect", "fastapi", "flows", "tpcb"},
    "doc_templates": {"prefect", "fastapi", "flows", "tpcb", "minio"},
    "flows": {"fastapi", "minio", "sqlmodel", "sqlalchemy"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(package: str) -> list[str]:
    out = []
    for path in (ROOT / package).rglob("*.py"):
        for name in imports_of(path):
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
