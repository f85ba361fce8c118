"""Reading label tables (xlsx or csv) with forgiving column names."""
from __future__ import annotations

import csv
import os
import re


def norm(name) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name or "").strip().lower()).strip("_")


def read_table(path: str) -> list:
    """Rows as dicts with normalised keys ("Image ID" -> "image_id", "hip bone" -> "hip_bone")."""
    if path.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        wb.close()
        if not rows:
            return []
        head = [norm(h) for h in rows[0]]
        return [dict(zip(head, r)) for r in rows[1:] if any(v not in (None, "") for v in r)]
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rd = csv.DictReader(fh)
        return [{norm(k): v for k, v in r.items()} for r in rd]


def pick(row: dict, *names, default=None):
    for n in names:
        v = row.get(norm(n))
        if v not in (None, ""):
            return v
    return default


def truthy(v) -> bool:
    if v is None:
        return False
    if isinstance(v, (int, float)):
        return v != 0
    return str(v).strip().lower() in ("1", "1.0", "true", "yes", "y", "t")


def find_table(root: str, stems=("dataset",)) -> str:
    for stem in stems:
        for ext in (".xlsx", ".csv"):
            for cand in (stem + ext, stem.capitalize() + ext, stem.upper() + ext):
                p = os.path.join(root, cand)
                if os.path.exists(p):
                    return p
    raise FileNotFoundError(f"no {stems[0]}.xlsx or {stems[0]}.csv in {root}")
