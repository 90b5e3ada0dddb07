#!/usr/bin/env python3
"""Writes the import fixtures of the end-to-end cases (tests/e2e/cases/*.test) byte for byte.

The files are committed; run this script only to change them. Encodings, byte order marks and line ends matter
here, which is why the files are written from code and why .gitattributes keeps git from converting them.
"""
import json
import pathlib
import sqlite3

HERE = pathlib.Path(__file__).resolve().parent

HEADER = ["country", "municipality_code", "municipality", "year", "model"] + [f"area{n}" for n in range(1, 9)] + [
    "total", "source_url", "note"]


def evaluation(**changes):
    """A small valid evaluation (Örebro 2012, area granularity) with `changes` applied on top."""
    document = {
        "format": "kompass-evaluation/1",
        "id": "e2e-orebro-2012",
        "municipality": {"country": "SE", "code": "1880", "name": "Örebro"},
        "year": 2012,
        "framework": {"id": "kommunkompassen-2010", "version": "2010.1"},
        "status": "published",
        "granularity": "area",
        "sources": [{"key": "d1", "kind": "document", "title": "Rapport", "date": "2012"}],
        "scores": [{"area": 1, "points": 68, "sources": ["d1"]}],
        "findings": [{"area": 1, "subarea": "1.5", "kind": "strength", "text": "Tydlig etikpolicy",
                      "sources": ["d1"]}],
    }
    document.update(changes)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write(name, data):
    (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# JSON that is not JSON: a comma is missing at the end of line 3.
write("bad-malformed.json", '{\n  "format": "kompass-evaluation/1",\n  "id": "x"\n  "year": 2012\n}\n')

# A misspelt key inside a finding ("exampels").
write("bad-unknown-key.json", evaluation(findings=[
    {"area": 1, "kind": "strength", "text": "Tydlig etikpolicy", "exampels": []}]))

# A finding kind that does not exist.
write("bad-finding-kind.json", evaluation(findings=[{"area": 1, "kind": "opportunity", "text": "Etikpolicy"}]))

# Area 1 above its maximum of 100.
write("bad-area-points.json", evaluation(scores=[{"area": 1, "points": 101}]))

# Line 3 has seven area columns instead of eight: one field fewer than the header.
write("bad-seven-areas.csv", ",".join(HEADER) + "\n"
      + "SE,1880,Örebro,2012,kommunkompassen-2010,68,85,86,74,70,74,71,87,615,https://example.org/orebro,\n"
      + "SE,0486,Strängnäs,2014,kommunkompassen-2010,54,60,60,60,60,60,60,414,https://example.org/strangnas,\n")

# Half a point, written with a decimal comma in a semicolon file (Swedish Excel), in area 1 of line 2.
write("bad-half-point.csv", ";".join(HEADER) + "\n"
      + "SE;1880;Örebro;2012;kommunkompassen-2010;44,5;85;86;74;70;74;71;87;615;https://example.org/orebro;\n")

# Swedish Excel's "CSV UTF-8": byte order mark, semicolons, CRLF, decimal commas in whole numbers.
write("ok-semicolon-decimal-comma.csv", "\ufeff" + ";".join(HEADER) + "\r\n"
      + "SE;1880;Örebro;2012;kommunkompassen-2010;68,0;85,0;86,0;74,0;70,0;74,0;71,0;87,0;615,0;"
        "https://example.org/orebro;Decimalkomma som i svenska Excel\r\n")

# RFC 4180 quoting in the note: a comma, a doubled quote and a line break inside one quoted field.
write("ok-quoted-note.csv", ",".join(HEADER) + "\n"
      + 'SE,0486,Strängnäs,2014,kommunkompassen-2010,54,,,,,,,,437,https://example.org/strangnas,'
        '"Area 1, and total; the report calls it ""strong""\nSecond line of the note"\n')

# Windows-1252 (Excel's "CSV (semicolon separated)" on a Swedish Windows is this, with commas here).
write("ok-windows-1252.csv", (",".join(HEADER) + "\r\n"
      + "SE,1880,Örebro,2012,kommunkompassen-2010,,,,,,,,,615,https://example.org/orebro,Total only\r\n"
      + "SE,1292,Ängelholm,2013,kommunkompassen-2010,,,,,,,,,426,https://example.org/angelholm,Total only\r\n"
      + "NO,5025,Røros,2013,kommunekompasset-2010,,,,,,,,,254,https://example.org/roros,Total – Norwegian edition\r\n"
      ).encode("cp1252"))

# A database whose schema is newer than any kompass knows: only the migrations table, at version 99.
future = HERE / "future-schema.db"
future.unlink(missing_ok=True)
with sqlite3.connect(future) as connection:
    connection.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    connection.execute("INSERT INTO schema_migrations VALUES (99, '2099-01-01T00:00:00Z')")
connection.close()
