"""Settings tables: each plugin declares its settings once — name, default,
type and help — and gets its defaults and type checks from here. The
README's table of settings is generated from the tables
(``python -m settingstable``), and a test keeps the two equal."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Iterable


class SettingsError(ValueError):
    """A setting cannot give the build asked for (said in one line, naming
    pelicanconf.py or the environment)."""


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, the types it may take, and what it does."""

    name: str
    default: Any
    kind: type | tuple[type, ...]
    help: str


_KINDS = {bool: "True hoặc False", int: "một số nguyên", str: "một chuỗi",
          list: "một danh sách", dict: "một dict", type(None): "None"}


def _accepts(setting: Setting, value: Any) -> bool:
    kinds = setting.kind if isinstance(setting.kind, tuple) else (setting.kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # True is an int to Python, not to an editor
    return isinstance(value, kinds)


def apply(settings: dict[str, Any], table: Iterable[Setting]) -> None:
    """Give every setting of ``table`` its default unless set; a value of the
    wrong type is a :class:`SettingsError` that names it."""
    for setting in table:
        if setting.name not in settings:
            settings[setting.name] = copy.deepcopy(setting.default)
        elif not _accepts(setting, settings[setting.name]):
            kinds = setting.kind if isinstance(setting.kind, tuple) else (setting.kind,)
            wanted = " hoặc ".join(_KINDS.get(k, k.__name__) for k in kinds)
            raise SettingsError(f"pelicanconf.py: {setting.name} phải là {wanted}, không phải"
                                f" {settings[setting.name]!r}")


def value(settings: dict[str, Any], table: Iterable[Setting], name: str) -> Any:
    """A setting, or its default when ``settings`` lacks it (code run without
    Pelican, such as a reader made by a test)."""
    if name in settings:
        return settings[name]
    return next(s.default for s in table if s.name == name)


def tables() -> dict[str, list[Setting]]:
    """Every plugin's table, by plugin (the read stage's settings are applied by
    the records plugin)."""
    from identity import SETTINGS as IDENTITY
    from incremental.settings import SETTINGS as WRITER
    from reading.settings import SETTINGS as READING
    from records.settings import SETTINGS as RECORDS
    from search.settings import SETTINGS as SEARCH

    return {"records": RECORDS, "records (reading)": READING, "search": SEARCH,
            "incremental": WRITER, "records (identity)": IDENTITY}


def readme_table() -> str:
    """The README's table of the plugins' settings."""
    rows = ["| setting | plugin | default | what it does |", "| --- | --- | --- | --- |"]
    for plugin, table in tables().items():
        for setting in table:
            default = repr(setting.default).replace("|", "\\|")
            rows.append(f"| `{setting.name}` | {plugin} | `{default}` | {setting.help} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(readme_table())
