"""One language for the JSON keys: every property of every answer the API documents is Bahasa
Indonesia (docs/api.md, "Kunci JSON"), and so are the keys the CLI prints with --format json.
Exempt by standard: the OAuth2 token answer (access_token, token_type, expires_in) and the request
forms' field names (OAuth2's username/password, the upload's file/item), which clients send."""

from __future__ import annotations

import json
import re

from tests.e2e.conftest import Cli

# English key names the API had or could plausibly grow; none may appear in an answer
ENGLISH = {"key", "keys", "type", "size", "content_type", "ref", "draft_key", "final_key", "item",
           "items", "title", "code", "role", "scope", "stage", "template", "group", "accept",
           "recency", "criterion", "elements", "evidence_types", "interviewees", "username", "name",
           "value", "count", "date", "created", "updated", "sections", "section", "rule", "months",
           "current_year", "owner", "year", "file", "files", "signer", "result", "results", "score",
           "grade", "reason", "next", "step", "people", "description", "note", "notes", "path",
           "user", "users", "role_title", "expires", "created_at", "updated_at", "deadline", "late"}
STANDARD = {"Token"}  # RFC 6749 names
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _properties(schema: dict, spec: dict, seen: set[str]):
    """Every property name reachable from `schema` (following $ref once per component)."""
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name in seen or name in STANDARD:
            return
        seen.add(name)
        yield from _properties(spec["components"]["schemas"][name], spec, seen)
        return
    for prop, sub in (schema.get("properties") or {}).items():
        yield prop, sub
        yield from _properties(sub, spec, seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _properties(schema[key], spec, seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, ()):
            yield from _properties(sub, spec, seen)


def test_every_answer_property_is_indonesian(web_ro):
    spec = web_ro.client.get("/openapi.json").json()
    names: set[str] = set()
    answers = 0
    for path in spec["paths"].values():
        for op in path.values():
            for resp in op.get("responses", {}).values():
                for media in resp.get("content", {}).values():
                    answers += 1
                    names.update(p for p, _ in _properties(media.get("schema", {}), spec, set()))
    assert answers > 20 and {"kunci", "butir", "rujukan", "kunci_final", "nama_pengguna",
                             "elemen", "jenis_bukti", "tipe_media", "narasumber"} <= names
    assert not names & ENGLISH, sorted(names & ENGLISH)
    assert all(SNAKE.match(n) for n in names), sorted(n for n in names if not SNAKE.match(n))


def _keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def test_cli_json_keys_are_indonesian(cli: Cli):
    catalogue = json.loads(cli.ok("catalogue", "--format", "json").out)
    assert catalogue["elemen"][0]["butir"][0]["penerimaan"]["aturan"]
    found = _keys(catalogue)
    artefacts = json.loads(cli.ok("artefact", "list", "--format", "json").out)
    assert artefacts and {"kunci", "butir", "jenis", "ukuran", "tipe_media"} <= set(artefacts[0])
    for args in (("artefact", "list"), ("surat", "list"), ("completeness",), ("tindak-lanjut", "list")):
        found |= _keys(json.loads(cli.ok(*args, "--format", "json").out))
    assert not found & ENGLISH, sorted(found & ENGLISH)
