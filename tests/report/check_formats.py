#!/usr/bin/env python3
"""End-to-end checks of `kompass report` in all four formats (HTML, PDF, XLSX, DOCX).

Usage: check_formats.py KOMPASS_BINARY SOURCE_DIR

Needs python3 (stdlib only) and pdftotext/pdfinfo/pdffonts from poppler-utils. Each class imports the
Sundsvall 2012 sample (and the published results as reference group) into one database; each test writes
its outputs into a fresh temporary folder. Only three PDFs are rendered, since WeasyPrint is slow.
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

KOMPASS = SOURCE = None  # set in main
COVER_TITLE = "Kommunkompassen – Analys av Sundsvalls kommun 2012"
AREA_TITLES = ["Offentlighet och demokrati", "Tillgänglighet och brukarorientering",
               "Politisk styrning och kontroll", "Ledarskap, ansvar och delegation", "Resultat och effektivitet",
               "Kommunen som arbetsgivare – personalpolitik", "Verksamhetsutveckling",
               "Kommunen som samhällsbyggare"]
AREA_HEADINGS = [f"Område {n} {t}" for n, t in enumerate(AREA_TITLES, 1)]
COLUMNS = {"Styrkor": "strength", "Förbättringsmöjligheter": "improvement", "Svagheter": "weakness"}
SVG = "{http://www.w3.org/2000/svg}"
XL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOT_ASSESSED = "ej bedömd"


# ---------------------------------------------------------------------------------------------- helpers
def kompass(db, *args, env=None, check=True):
    """Runs kompass on the database; with check, fails unless it exits 0."""
    done = subprocess.run([KOMPASS, "--db", db, *args], capture_output=True, text=True, env=env)
    if check and done.returncode != 0:
        raise AssertionError(f"kompass {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done


def tool(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squash(text):
    """Collapses all whitespace, so text wrapped over lines (PDF) still matches."""
    return " ".join(text.split())


def sample():
    with open(os.path.join(SOURCE, "data/samples/sundsvall-2012.json"), encoding="utf-8") as f:
        return json.load(f)


def hidden_files(folder):
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


class AreaParser(HTMLParser):
    """Collects per `<section class="area" id="omrade-N">`: its h2, its score and its findings table."""

    def __init__(self):
        super().__init__()
        self.areas, self.area, self.depth, self.capture, self.cell = {}, None, 0, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.depth += 1
            if "area" in (a.get("class") or "").split() and (a.get("id") or "").startswith("omrade-"):
                self.area = {"n": int(a["id"][7:]), "h2": "", "score": "", "headers": [], "rows": [],
                             "depth": self.depth, "in_findings": False}
                self.areas[self.area["n"]] = self.area
        if self.area is None:
            return
        if tag == "h2" and not self.area["h2"]:
            self.capture = ("h2", "h2")
        elif tag == "span" and a.get("class") == "area-score-value":
            self.capture = ("score", "span")
        elif tag == "table" and a.get("class") == "findings":
            self.area["in_findings"] = True
        elif self.area["in_findings"] and tag == "tr":
            self.area["rows"].append([])
        elif self.area["in_findings"] and tag in ("td", "th"):
            self.cell = [tag, ""]

    def handle_endtag(self, tag):
        if tag == "section":
            if self.area and self.depth == self.area["depth"]:
                self.area = None
            self.depth -= 1
        elif self.capture and tag == self.capture[1]:
            self.capture = None
        elif tag == "table" and self.area:
            self.area["in_findings"] = False
        elif tag in ("td", "th") and self.cell and self.area:
            kind, text = self.cell
            (self.area["headers"] if kind == "th" else self.area["rows"][-1]).append(squash(text))
            self.cell = None

    def handle_data(self, data):
        if self.area is None:
            return
        if self.capture:
            self.area[self.capture[0]] += data
        if self.cell:
            self.cell[1] += data


def svg_in_figure(doc, figure_id):
    """Parses the `<svg>` inside `<figure class="chart" id=figure_id>`."""
    start = doc.find(f'<figure class="chart" id="{figure_id}"')
    assert start >= 0, f"no figure {figure_id} in the HTML"
    part = doc[start:doc.find("</figure>", start)]
    match = re.search(r"<svg\b.*?</svg>", part, re.S)
    assert match, f"figure {figure_id} holds no <svg>"
    return ET.fromstring(match.group(0)), part


def series(svg):
    return [g for g in svg.iter(SVG + "g") if "series" in g.get("class", "").split()]


def pdf_pages(path):
    """Text of each page (pdftotext's reading order, without -layout: columns stay apart)."""
    return tool("pdftotext", path, "-").split("\f")[:-1]


class Xlsx:
    """The sheets of a workbook by name, each as {row number: {column letter: (type, value)}}."""

    def __init__(self, path):
        with zipfile.ZipFile(path) as z:
            self.parts = {name: z.read(name) for name in z.namelist()}
        self.strings = []
        if "xl/sharedStrings.xml" in self.parts:
            sst = ET.fromstring(self.parts["xl/sharedStrings.xml"])
            self.strings = ["".join(t.text or "" for t in si.iter(XL + "t")) for si in sst.iter(XL + "si")]
        rels = ET.fromstring(self.parts["xl/_rels/workbook.xml.rels"])
        targets = {r.get("Id"): r.get("Target") for r in rels}
        book = ET.fromstring(self.parts["xl/workbook.xml"])
        rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        self.files = {s.get("name"): "xl/" + targets[s.get(rid)] for s in book.iter(XL + "sheet")}

    def sheet(self, name):
        root = ET.fromstring(self.parts[self.files[name]])
        rows = {}
        for row in root.iter(XL + "row"):
            cells = rows.setdefault(int(row.get("r")), {})
            for c in row.iter(XL + "c"):
                kind, v = c.get("t", "n"), c.find(XL + "v")
                value = v.text if v is not None else "".join(t.text or "" for t in c.iter(XL + "t"))
                if kind == "s":
                    value = self.strings[int(value)]
                cells[re.sub(r"\d", "", c.get("r"))] = (kind, value)
        return rows

    def all_text(self):
        inline = [v for name in self.files for r in self.sheet(name).values() for k, v in r.values()
                  if k in ("inlineStr", "str")]
        return "\n".join(self.strings + inline)


def docx_paragraphs(path):
    """(style id, text) of each paragraph of word/document.xml."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in root.iter(W + "p")]
    return [("" if style is None else style.get(W + "val"), "".join(t.text or "" for t in p.iter(W + "t")))
            for p, style in zip(root.iter(W + "p"), styles)]


# ---------------------------------------------------------------------------------------------- tests
class ReportCase(unittest.TestCase):
    """Base: one database per class with the Sundsvall sample and the published results; a fresh folder per test."""

    @classmethod
    def setUpClass(cls):
        cls.class_dir = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.class_dir.name, "k.db")
        kompass(cls.db, "init")
        kompass(cls.db, "import", os.path.join(SOURCE, "data/samples/sundsvall-2012.json"))
        kompass(cls.db, "import", os.path.join(SOURCE, "data/samples/published-results.csv"))

    @classmethod
    def tearDownClass(cls):
        cls.class_dir.cleanup()

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.dir = folder.name

    def report(self, name, *args, evaluation="sundsvall-2012"):
        path = os.path.join(self.dir, name)
        kompass(self.db, "report", evaluation, "-o", path, *args)
        self.assertTrue(os.path.getsize(path) > 0, f"{name} is empty")
        return path

    def html(self, *args):
        with open(self.report("r.html", *args), encoding="utf-8") as f:
            return f.read()


class SundsvallReport(ReportCase):
    """The Sundsvall 2012 sample in every format: headings, scores, findings in the right area and column,
    the charts' SVG values against `compare --json`, PDF/A and PDF/UA metadata, fonts and running headers,
    the XLSX sheets and the DOCX headings and chart images."""

    def test_html_content(self):
        doc, data = self.html(), sample()
        text = html.unescape(doc)
        self.assertIn(f'<h1 class="cover-title">{COVER_TITLE}</h1>', text, "cover title")
        self.assertIn("Totalpoäng: 482 av 800", text, "total 482")
        parser = AreaParser()
        parser.feed(doc)
        self.assertEqual([parser.areas[n]["h2"].strip() for n in sorted(parser.areas)], AREA_HEADINGS,
                         "area sections and their headings, in order")
        positions = [text.find(f"<h2>{h}</h2>") for h in AREA_HEADINGS]
        self.assertEqual(positions, sorted(positions), "area headings out of order in the document")
        for score in data["scores"]:
            area = parser.areas[score["area"]]
            self.assertEqual(area["score"].strip(), str(score["points"]), f"score in area {score['area']}'s section")
        for n, area in parser.areas.items():
            self.assertEqual(area["headers"], list(COLUMNS), f"findings table headers of area {n}")
        for finding in data["findings"]:
            self.assertIn(finding["text"], text, "finding missing from the HTML")
            area = parser.areas[finding["area"]]
            column = list(COLUMNS.values()).index(finding["kind"])
            cells = [row[column] for row in area["rows"] if len(row) > column]
            self.assertTrue(any(c == finding["text"] or c.startswith(finding["text"] + " ") for c in cells),
                            f"{finding['text']!r} not in column {list(COLUMNS)[column]} of area {finding['area']}")
        whistle = [c for row in parser.areas[1]["rows"] for c in row if "visselblåsarfunktion" in c]
        self.assertTrue(whistle and "Göteborg" in whistle[0], f"good example Göteborg with the weakness: {whistle}")

    def test_svg_charts(self):
        doc = self.html()
        points = " ".join(str(s["points"]) for s in sorted(sample()["scores"], key=lambda s: s["area"]))
        self.assertEqual(points, "44 60 60 78 52 58 50 80")
        rows = json.loads(kompass(self.db, "compare", "sundsvall-2012", "--json").stdout)["rows"]
        means = [round(r["reference"], 1) for r in rows if r["area"] != "total"]
        for match in re.finditer(r"<svg\b.*?</svg>", doc, re.S):
            ET.fromstring(match.group(0))  # every chart is well-formed XML
        profile, figure = svg_in_figure(doc, "diagram-profil")
        axes = [l for l in profile.iter(SVG + "line") if l.get("class") == "axis"]
        self.assertEqual(len(axes), 8, "profile chart: line.axis elements")
        self.assertIsNotNone(profile.find(SVG + "title"), "profile chart has no <title>")
        groups = series(profile)
        self.assertEqual(len(groups), 2, "profile chart: g.series elements")
        self.assertEqual(groups[0].get("data-values"), points, "profile chart: municipality's values")
        chart_means = [round(float(v), 1) for v in groups[1].get("data-values").split()]
        self.assertEqual(chart_means, means, "profile chart: reference means vs compare --json")
        table = re.findall(r"<tr><td>\d</td><td>[^<]*</td><td>\d+</td><td>([\d,]+)</td></tr>", figure)
        self.assertEqual([float(v.replace(",", ".")) for v in table], means, "profile data table: reference means")
        bars, _ = svg_in_figure(doc, "diagram-staplar")
        groups = series(bars)
        self.assertEqual(len(groups), 2, "bar chart: g.series elements")
        for g, expected in zip(groups, [[float(p) for p in points.split()], means]):
            rects = [r for r in g.iter(SVG + "rect") if r.get("class") == "bar"]
            self.assertEqual(len(rects), 8, f"bar chart: rect.bar in series {g.get('data-series')}")
            self.assertEqual([round(float(r.get("data-value")), 1) for r in rects], expected,
                             f"bar chart: values of series {g.get('data-series')}")

    def test_pdf_a(self):
        path = self.report("r.pdf")
        info = tool("pdfinfo", path)
        self.assertRegex(info, rf"(?m)^Title:\s+{re.escape(COVER_TITLE)}$", "pdfinfo Title")
        total = int(re.search(r"(?m)^Pages:\s+(\d+)", info).group(1))
        self.assertGreater(total, 10, "page count")
        meta = tool("pdfinfo", "-meta", path)
        self.assertRegex(meta, r'pdfaid:part(="|>)3', "PDF/A part 3 in XMP")
        self.assertRegex(meta, r'pdfaid:conformance(="|>)B', "PDF/A conformance B in XMP")
        fonts = tool("pdffonts", path).splitlines()[2:]
        self.assertTrue(fonts, "pdffonts lists no fonts")
        for row in fonts:
            self.assertEqual(row.split()[-5], "yes", f"font not embedded: {row}")
        pages = [squash(p) for p in pdf_pages(path)]
        self.assertEqual(len(pages), total, "pdftotext pages vs pdfinfo Pages")
        whole = " ".join(pages)
        for expected in [COVER_TITLE, *AREA_HEADINGS, *COLUMNS]:
            self.assertIn(expected, whole, "missing from the PDF text")
        self.assertRegex(whole, r"\b482\b", "total 482 in the PDF text")
        self.assertIn(COVER_TITLE, pages[0], "cover title on page 1")
        self.assertNotRegex(pages[0], rf"\b\d+ \({total}\)", "page 1 must not carry the running header")
        for n, page in enumerate(pages[1:], 2):
            for expected in ("Sveriges Kommuner och Landsting", "2012-12-04", f"{n} ({total})"):
                self.assertIn(expected, page, f"running header of page {n}")

    def test_pdf_ua(self):
        path = self.report("ua.pdf", "--pdf-standard", "pdf/ua-1")
        info = tool("pdfinfo", path)
        self.assertRegex(info, rf"(?m)^Title:\s+{re.escape(COVER_TITLE)}$", "pdfinfo Title")
        self.assertRegex(info, r"(?m)^Tagged:\s+yes$", "PDF/UA must be tagged")
        self.assertRegex(tool("pdfinfo", "-meta", path), r'pdfuaid:part(="|>)1', "PDF/UA part 1 in XMP")

    def test_xlsx(self):
        book = Xlsx(self.report("r.xlsx"))
        self.assertEqual(list(book.files), ["Områden", "Iakttagelser"], "sheets of an area-level evaluation")
        areas = book.sheet("Områden")
        header = {v: col for col, (_, v) in areas[1].items()}
        for name in ("Område", "Poäng", "Referens"):
            self.assertIn(name, header, f"Områden header {name}")
        for score in sample()["scores"]:
            row = next(r for r in areas.values() if r.get(header["Område"]) == ("n", str(score["area"])))
            kind, value = row[header["Poäng"]]
            self.assertEqual((kind, float(value)), ("n", score["points"]),
                             f"numeric score cell of area {score['area']}")
        findings = book.sheet("Iakttagelser")
        self.assertEqual(len([r for r in findings if r > 1]), len(sample()["findings"]), "findings rows")
        self.assertEqual(len(sample()["findings"]), 79)
        for name in ("Område", "Delområde", "Typ", "Text", "Goda exempel"):
            self.assertIn(name, [v for _, v in findings[1].values()], "Iakttagelser header")

    def test_docx(self):
        path = self.report("r.docx")
        paragraphs = docx_paragraphs(path)
        self.assertTrue(any(s == "Heading1" and "Vad är Kommunkompassen?" in t for s, t in paragraphs),
                        "no Heading1 paragraph 'Vad är Kommunkompassen?'")
        for heading in AREA_HEADINGS:
            self.assertIn(("Heading2", heading), paragraphs, "area heading with style Heading2")
        with zipfile.ZipFile(path) as z:
            media = [n for n in z.namelist() if n.startswith("word/media/")]
            self.assertEqual(len(media), 3, f"one PNG per chart (profile, bars, trend): {media}")
            for name in media:
                self.assertTrue(name.endswith(".png") and z.read(name).startswith(b"\x89PNG\r\n\x1a\n"),
                                f"{name} is not a PNG")

    def test_languages(self):
        nb = self.html("--lang", "nb")
        self.assertRegex(nb, r'<html[^>]* lang="nb"', "lang attribute (nb)")
        self.assertIn("Område 1 Offentlighet og demokrati", html.unescape(nb), "Norwegian area title")
        en = self.html("--lang", "en")
        self.assertRegex(en, r'<html[^>]* lang="en"', "lang attribute (en)")
        self.assertIn("Strengths", en, "English column header")


class UnscoredQuestions(ReportCase):
    """A question-level evaluation with only some questions scored shows "ej bedömd" in every format."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        kompass(cls.db, "municipality", "add", "2262", "--name", "Timrå", "--lang", "sv")
        cls.id = kompass(cls.db, "evaluation", "create", "--municipality", "2262", "--year", "2024", "--framework",
                         "kommunkompassen-2010", "--granularity", "question", "--language", "sv").stdout.strip()
        for question, points in (("1.1.1", 5), ("1.1.2", 3), ("2.1.1", 4)):
            kompass(cls.db, "score", "set", cls.id, "--question", question, "--points", str(points))

    def test_every_format(self):
        with open(self.report("u.html", evaluation=self.id), encoding="utf-8") as f:
            self.assertIn(NOT_ASSESSED, html.unescape(f.read()), "HTML")
        self.assertIn(NOT_ASSESSED, squash("\n".join(pdf_pages(self.report("u.pdf", evaluation=self.id)))), "PDF")
        texts = [t for _, t in docx_paragraphs(self.report("u.docx", evaluation=self.id))]
        self.assertTrue(any(NOT_ASSESSED in t for t in texts), "DOCX document.xml")
        book = Xlsx(self.report("u.xlsx", evaluation=self.id))
        self.assertIn("Frågor", book.files, "question-level workbook has a Frågor sheet")
        self.assertIn(NOT_ASSESSED, book.all_text(), "XLSX strings")


class ExportErrors(ReportCase):
    """Failing exports: exit codes, messages naming the cause, and the output folder left as it was."""

    def no_tools_env(self, fake_weasyprint=False):
        """PATH with no programs (kompass itself runs by absolute path), or only a failing weasyprint."""
        bin_dir = os.path.join(self.dir, "bin")
        os.mkdir(bin_dir)
        if fake_weasyprint:
            script = os.path.join(bin_dir, "weasyprint")
            with open(script, "w") as f:  # writes a partial file to its output argument, then fails
                f.write('#!/bin/sh\nfor a; do last=$a; done\nprintf partial > "$last"\necho boom >&2\nexit 1\n')
            os.chmod(script, 0o755)
        return dict(os.environ, PATH=bin_dir)

    def assert_untouched(self, path, env, code, words):
        """Runs a failing export onto an existing file and onto a new one."""
        out_dir = os.path.dirname(path)
        for existing in (False, True):
            if existing:
                with open(path, "wb") as f:
                    f.write(b"known bytes\n")
            done = kompass(self.db, "report", "sundsvall-2012", "-o", path, env=env, check=False)
            if code is None:
                self.assertNotEqual(done.returncode, 0, f"a failed export must exit non-zero: {done.stderr}")
            else:
                self.assertEqual(done.returncode, code, f"exit code: {done.stderr}")
            for word in words:
                self.assertIn(word, done.stderr, "stderr names the cause")
            if existing:
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), b"known bytes\n", "existing output file was changed")
            else:
                self.assertFalse(os.path.exists(path), "output file created by a failed export")
            self.assertEqual(hidden_files(out_dir), [], "temporary files left in the output folder")

    def test_unknown_evaluation(self):
        path = os.path.join(self.dir, "x.pdf")
        done = kompass(self.db, "report", "nosuch-2000", "-o", path, check=False)
        self.assertNotEqual(done.returncode, 0, "unknown id must fail")
        self.assertIn("nosuch-2000", done.stderr, "stderr names the id")
        self.assertFalse(os.path.exists(path), "output file created for an unknown id")

    def test_unwritable_path(self):
        done = kompass(self.db, "report", "sundsvall-2012", "-o", "/nonexistent-dir/x.pdf", check=False)
        self.assertEqual(done.returncode, 1, f"exit code: {done.stderr}")
        self.assertIn("/nonexistent-dir/x.pdf", done.stderr, "stderr names the path")

    def test_missing_weasyprint(self):
        out = os.path.join(self.dir, "out")
        os.mkdir(out)
        self.assert_untouched(os.path.join(out, "r.pdf"), self.no_tools_env(), 2, ["weasyprint"])

    def test_missing_pandoc(self):
        out = os.path.join(self.dir, "out")
        os.mkdir(out)
        self.assert_untouched(os.path.join(out, "r.docx"), self.no_tools_env(), 2, ["pandoc"])

    def test_failing_weasyprint(self):
        out = os.path.join(self.dir, "out")
        os.mkdir(out)
        env = self.no_tools_env(fake_weasyprint=True)
        self.assert_untouched(os.path.join(out, "r.pdf"), env, None, ["weasyprint"])


def main():
    global KOMPASS, SOURCE
    if len(sys.argv) < 3:
        sys.exit("usage: check_formats.py KOMPASS_BINARY SOURCE_DIR [unittest options]")
    KOMPASS, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], *sys.argv[3:]], verbosity=2)


if __name__ == "__main__":
    main()
