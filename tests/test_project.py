"""Project checks: manifests, licences, access rules, translations (plain pytest)."""

import ast
import csv
import os
import re
from pathlib import Path

import pytest

import odoo

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["aftersales_service", "aftersales_complaint", "aftersales_penalty"]
REQUIRED_KEYS = {
    "name",
    "version",
    "license",
    "depends",
    "category",
    "author",
    "installable",
    "data",
    "summary",
}


def odoo_addons_dir():
    return Path(odoo.__file__).resolve().parent.parent / "addons"


def find_manifest(module):
    for base in (ROOT, odoo_addons_dir(), Path(odoo.__file__).parent / "addons"):
        path = base / module / "__manifest__.py"
        if path.exists():
            return path
    return None


def manifest(module):
    return ast.literal_eval(find_manifest(module).read_text())


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_has_required_keys(addon):
    data = manifest(addon)
    assert REQUIRED_KEYS <= set(data), REQUIRED_KEYS - set(data)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"]), data["version"]
    # an upgrade step of the addon ships its migration scripts under its version
    migrations = find_manifest(addon).parent / "migrations"
    if migrations.is_dir():
        assert data["version"] == max(
            (p.name for p in migrations.iterdir() if p.is_dir()),
            key=lambda v: tuple(int(x) for x in v.split(".")),
        ), "the latest migration folder is the addon's version"
    assert data["license"] == "LGPL-3"
    assert data["category"] == "After-Sales"
    for key in ("data", "demo"):
        for rel in data.get(key, []):
            assert (ROOT / addon / rel).is_file(), f"{addon}: {key} file {rel} is missing"


def test_dependency_chain():
    assert "aftersales_service" in manifest("aftersales_complaint")["depends"]
    assert "aftersales_complaint" in manifest("aftersales_penalty")["depends"]
    service = set(manifest("aftersales_service")["depends"])
    assert {"repair", "stock", "account", "mail", "portal", "resource"} <= service


def _all_dependencies(module, seen=None):
    seen = set() if seen is None else seen
    if module in seen:
        return seen
    seen.add(module)
    path = find_manifest(module)
    assert path, f"dependency {module} not found"
    for dep in ast.literal_eval(path.read_text()).get("depends", []):
        _all_dependencies(dep, seen)
    return seen


@pytest.mark.parametrize("addon", ADDONS)
def test_every_dependency_is_lgpl(addon):
    for module in sorted(_all_dependencies(addon) - set(ADDONS)):
        data = manifest(module)
        licence = data.get("license", "LGPL-3")
        assert licence == "LGPL-3", f"{addon} depends on {module} whose licence is {licence}"
        assert "OEEL" not in licence


def _declared_models(addon):
    """Models an addon defines with _name (not pure _inherit), from its Python source."""
    models = {}
    for path in (ROOT / addon).rglob("*.py"):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {}
            bases = {getattr(b, "attr", getattr(b, "id", "")) for b in node.bases}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                    try:
                        attrs[stmt.targets[0].id] = ast.literal_eval(stmt.value)
                    except ValueError:
                        continue
            name = attrs.get("_name")
            inherit = attrs.get("_inherit")
            inherited = [inherit] if isinstance(inherit, str) else list(inherit or ())
            # an extension of an existing model (also when it adds a mixin: same _name)
            if not name or "AbstractModel" in bases or name in inherited:
                continue
            models[name] = path
    return models


@pytest.mark.parametrize("addon", ADDONS)
def test_every_new_model_has_access_rules(addon):
    csv_path = ROOT / addon / "security" / "ir.model.access.csv"
    declared = _declared_models(addon)
    if not declared:
        pytest.skip(f"{addon} declares no model")
    assert csv_path.exists(), f"{addon} has no security/ir.model.access.csv"
    with csv_path.open() as handle:
        rows = list(csv.DictReader(handle))
    covered = {row["model_id:id"].split(".")[-1] for row in rows}
    missing = [name for name in declared if "model_" + name.replace(".", "_") not in covered]
    assert not missing, f"{addon}: models without access rules: {missing}"


@pytest.mark.parametrize("addon", ADDONS)
def test_translations_exist(addon):
    i18n = ROOT / addon / "i18n"
    assert (i18n / f"{addon}.pot").is_file(), f"{addon} has no i18n/{addon}.pot"
    assert (i18n / "zh_CN.po").is_file(), f"{addon} has no i18n/zh_CN.po"
    assert (i18n / "zh_TW.po").is_file(), f"{addon} has no i18n/zh_TW.po"


def _po_entries(path):
    """msgid -> msgstr of a .po file (multi-line strings joined)."""
    entries, msgid, msgstr, current = {}, None, None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr
            msgid, msgstr, current = ast.literal_eval(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, current = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"') and current == "id":
            msgid += ast.literal_eval(line)
        elif line.startswith('"') and current == "str":
            msgstr += ast.literal_eval(line)
        elif not line.strip() and msgid is not None:
            entries[msgid] = msgstr
            msgid, msgstr, current = None, None, None
    entries.pop("", None)
    return entries


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
@pytest.mark.parametrize("addon", ADDONS)
def test_po_files_translate_every_pot_string(addon, lang):
    i18n = ROOT / addon / "i18n"
    pot = _po_entries(i18n / f"{addon}.pot")
    po = _po_entries(i18n / f"{lang}.po")
    missing = [msgid for msgid in pot if not po.get(msgid)]
    assert not missing, f"{addon} {lang}: {len(missing)} untranslated, e.g. {missing[:5]}"
    placeholders = re.compile(r"%\([a-z_]+\)s|%s|%d")
    for msgid, msgstr in po.items():
        if msgid in pot and msgstr:
            assert sorted(placeholders.findall(msgid)) == sorted(placeholders.findall(msgstr)), (
                f"{addon} {lang}: placeholders differ in {msgid!r}"
            )


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_fragments(addon):
    readme = ROOT / addon / "readme"
    for name in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert (readme / name).is_file(), f"{addon}/readme/{name} missing"
        assert len((readme / name).read_text().strip()) > 80


def test_no_odoo_code_committed():
    assert not (ROOT / "odoo").exists()
    assert not (ROOT / "odoo-bin").exists()


@pytest.mark.parametrize("addon", ADDONS)
def test_no_sql_built_by_formatting(addon):
    pattern = re.compile(r"cr\.execute\((f\"|f'|\"[^\"]*%s[^\"]*\" *%|'[^']*%s[^']*' *%)")
    for path in (ROOT / addon).rglob("*.py"):
        assert not pattern.search(path.read_text()), f"string-formatted SQL in {path}"


def test_ci_script_is_executable():
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


@pytest.mark.parametrize("addon", ADDONS)
def test_buttons_answer_over_xmlrpc(addon):
    """Every button (``action_*``) returns a value: XML-RPC cannot send ``None``, so a
    button ending without ``return`` answers an external client with a fault although its
    work was saved."""
    silent = []
    for path in sorted((ROOT / addon).glob("*/*.py")):
        if path.parent.name not in ("models", "wizards"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("action_"):
                if not isinstance(node.body[-1], (ast.Return, ast.Raise)):
                    silent.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not silent, "buttons ending without return: " + ", ".join(silent)


# a Chinese character or full-width punctuation mark
_CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
@pytest.mark.parametrize("addon", ADDONS)
def test_chinese_text_has_no_line_break_inside_a_sentence(addon, lang):
    """Chinese puts no space between words: a translation that keeps the line breaks of
    the English source prints a blank in the middle of a sentence on pages and PDFs."""
    broken = re.compile(
        rf"{_CJK}\n\s*{_CJK}|{_CJK}\n\s*<(?:strong|b|t|span|em)\b|</(?:strong|b|t|span|em)>\n\s*{_CJK}"
    )
    entries = _po_entries(ROOT / addon / "i18n" / f"{lang}.po")
    found = [msgid[:60] for msgid, msgstr in entries.items() if msgstr and broken.search(msgstr)]
    assert not found, f"{len(found)} translations break a Chinese sentence: {found[:5]}"
