#!/usr/bin/env python3
"""Prints an Office file's content as JSON for test_exporters.cpp.

office_dump.py xlsx FILE  -> {"title": ..., "sheets": [{"name", "frozen", "autofilter", "cells": {"A1": {"t", "v"}}}]}
                             where t is "n" for a number, "s" for a shared string, "blank" for an empty styled cell
office_dump.py zip FILE   -> {"entries": [names], "texts": {name: text}} with the text of every .xml entry
"""
import json
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def xlsx(path):
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        strings = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        rels = {
            rel.get("Id"): rel.get("Target")
            for rel in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("rel:Relationship", NS)
        }
        sheets = []
        for sheet in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
            target = rels[sheet.get("{%s}id" % NS["r"])]
            root = ET.fromstring(z.read("xl/" + target.lstrip("/").removeprefix("xl/")))
            cells = {}
            for c in root.iter("{%s}c" % NS["m"]):
                v = c.find("m:v", NS)
                kind = c.get("t", "n")
                if v is None:
                    cells[c.get("r")] = {"t": "blank", "v": ""}
                elif kind == "s":
                    cells[c.get("r")] = {"t": "s", "v": strings[int(v.text)]}
                else:
                    cells[c.get("r")] = {"t": kind, "v": v.text}
            pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
            autofilter = root.find("m:autoFilter", NS)
            sheets.append({
                "name": sheet.get("name"),
                "frozen": pane is not None and pane.get("state") == "frozen",
                "autofilter": autofilter.get("ref") if autofilter is not None else "",
                "cells": cells,
            })
        title = ""
        if "docProps/core.xml" in names:
            element = ET.fromstring(z.read("docProps/core.xml")).find("dc:title", NS)
            title = element.text if element is not None else ""
        return {"title": title, "sheets": sheets}


def entries(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        texts = {name: z.read(name).decode("utf-8") for name in names if name.endswith(".xml")}
        return {"entries": names, "texts": texts}


if __name__ == "__main__":
    mode, file = sys.argv[1], sys.argv[2]
    print(json.dumps(xlsx(file) if mode == "xlsx" else entries(file), ensure_ascii=False))
