"""Writes an .xlsx with openpyxl (write-only mode, as scripts and pandas' openpyxl engine do), for the
import benchmark: workbooks as Excel-like tools write them, not as exceljs does.

Reads JSON lines on stdin: {"sheet": NAME, "header": [...], "dates": [column indexes]} starts a sheet;
any other line is a row (a JSON array). Cells in date columns are "YYYY-MM-DD" strings, written as
real dates with a yyyy-mm-dd number format.

    python3 bench/openpyxl-writer.py OUT.xlsx < rows.jsonl
"""
import datetime
import json
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

out = sys.argv[1]
wb = Workbook(write_only=True)
ws = None
dates = set()
for line in sys.stdin:
    item = json.loads(line)
    if isinstance(item, dict):
        ws = wb.create_sheet(item["sheet"])
        dates = set(item.get("dates", []))
        ws.append(item["header"])
        continue
    row = []
    for i, v in enumerate(item):
        if i in dates and v:
            c = WriteOnlyCell(ws, value=datetime.date.fromisoformat(v))
            c.number_format = "yyyy-mm-dd"
            row.append(c)
        else:
            row.append(v)
    ws.append(row)
wb.save(out)
