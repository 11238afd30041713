#!/usr/bin/env python3
"""Writes the document fixtures of HireIngestTests (Tests/HireIngestTests/Fixtures/).

The fixtures are committed; run this again only to change them:

    python3 scripts/make-fixtures.py

Standard library only (see docgen.py). DocumentReaderTests checks the text read from each.
"""

import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docgen  # noqa: E402
from docgen import para, run, table, cell  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "HireIngestTests", "Fixtures")


def sample_docx():
    """Paragraphs, runs split mid-word, tab stops that are not tabs, tabs, breaks, entities,
    tracked deletions, a field, a text box with its fallback copy, a data table, a layout
    table, list paragraphs, headers (one repeating the other) and a footer."""
    tab_stops = '<w:pPr><w:tabs><w:tab w:val="right" w:pos="9360"/></w:tabs></w:pPr>'
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.com/ana" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             '<w:r><w:t>portfolio</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    text_box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
                + para("Open to relocation") +
                '</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>'
                '<w:txbxContent>' + para("Open to relocation") + '</w:txbxContent></v:textbox></w:pict>'
                '</mc:Fallback></mc:AlternateContent></w:r>')
    body = "".join([
        para(run("Summary", bold=True), style="Heading1"),
        para("Backend engineer with    eight years of experience; R&D lead."),
        # Entities Word writes, plus numeric ones (decimal and hex).
        '<w:p><w:r><w:t xml:space="preserve">Tools &amp; platforms: &lt;Swift&gt;, &quot;k8s&quot;, '
        'O&apos;Reilly caf&#233; &#x2013; &#8220;quoted&#8221;</w:t></w:r></w:p>',
        '<w:p/>', '<w:p/>', '<w:p/>',
        para(run("Experience", bold=True), style="Heading1"),
        # Tab stops in the paragraph properties are not tabs; the <w:tab/> in the run is.
        f'<w:p>{tab_stops}{run("Senior Soft")}{run("ware Engineer")}<w:r><w:tab/></w:r>'
        f'{run("Jan 2018 – Present")}</w:p>',
        f'<w:p>{run("Acme Corp")}<w:r><w:br/></w:r>{run("Austin, TX")}<w:r><w:cr/></w:r>{run("Remote")}</w:p>',
        # A tracked deletion and an insertion: only the inserted text is read.
        f'<w:p>{run("Moved services to ")}<w:del w:id="1" w:author="A"><w:r><w:delText>Docker Swarm'
        f'</w:delText></w:r></w:del><w:ins w:id="2" w:author="A">{run("Kubernetes")}</w:ins>{run(".")}</w:p>',
        f'<w:p>{run("See my ")}{field}{run(" for more.")}</w:p>',
        f'<w:p>{text_box}</w:p>',
        para("Led the migration to k8s", numbered=True),
        para("Cut cloud costs by 30%", numbered=True),
        para(run("Skills", bold=True), style="Heading1"),
        table([["Skill", "Years"], ["Swift", "6"], ["PostgreSQL", "5"], ["", "empty first cell"]]),
        para(run("Layout", bold=True), style="Heading1"),
        table([[cell(para("Left one"), para("Left two")), cell(para("Right one"), para("Right two"))]]),
        para(run("Education", bold=True), style="Heading1"),
        para("B.S. Computer Science, University of Texas, 2014"),
    ])
    header = para("Ana López\t", run("ana.lopez@example.com"), " · (555) 010-2030")
    docgen.write_docx(os.path.join(OUT, "sample.docx"), body, headers=[header, header],
                      footers=[para("References available on request")])


def corrupt_docx():
    """The first 300 bytes of sample.docx: a zip that starts well and ends nowhere."""
    with open(os.path.join(OUT, "sample.docx"), "rb") as handle:
        start = handle.read(300)
    with open(os.path.join(OUT, "corrupt.docx"), "wb") as handle:
        handle.write(start)


def no_document_docx():
    """A valid zip without word/document.xml (what an .xlsx renamed .docx looks like)."""
    docgen.write_zip(os.path.join(OUT, "no-document.docx"),
                     {"[Content_Types].xml": '<?xml version="1.0"?><Types/>', "xl/workbook.xml": "<workbook/>"})


LEFT_COLUMN = [
    "LEFT-01 Contact", "LEFT-02 jo.park@example.com", "LEFT-03 (555) 013-4455", "LEFT-04 Seattle, WA",
    "LEFT-05 Skills", "LEFT-06 Python, SQL", "LEFT-07 Airflow, dbt", "LEFT-08 Spark",
    "LEFT-09 Education", "LEFT-10 B.S. Statistics", "LEFT-11 2015",
]
RIGHT_COLUMN = [
    "RIGHT-01 Experience", "RIGHT-02 Data Engineer, Globex", "RIGHT-03 Mar 2019 - Present",
    "RIGHT-04 Built batch pipelines in Airflow", "RIGHT-05 Owned the warehouse models",
    "RIGHT-06 Analyst, Initech", "RIGHT-07 Jun 2015 - Feb 2019", "RIGHT-08 Reporting in SQL",
    "RIGHT-09 Dashboards for sales", "RIGHT-10 Forecasts in Python", "RIGHT-11 Mentored two analysts",
]


def two_column_pdf():
    """Two columns drawn line by line across the page (left 1, right 1, left 2…), so a reader
    that follows the drawing order or the layout interleaves them; reading order must not."""
    page = docgen.Page()
    page.text(50, 740, "Jo Park", size=18, bold=True)
    for number in range(len(LEFT_COLUMN)):
        y = 700 - number * 12
        page.text(50, y, LEFT_COLUMN[number])
        page.text(300, y, RIGHT_COLUMN[number])
    docgen.write_pdf(os.path.join(OUT, "two-column.pdf"), [page], title="Jo Park")


def image_only_pdf():
    """A page with one picture and no text: what a scanned resume looks like."""
    page = docgen.Page()
    page.gray_image(72, 300, 468, 400)
    docgen.write_pdf(os.path.join(OUT, "image-only.pdf"), [page], title="Scan")


def damaged_pdf():
    with open(os.path.join(OUT, "damaged.pdf"), "wb") as handle:
        handle.write(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nthe rest of this file was lost\n")


def texts():
    with open(os.path.join(OUT, "empty.txt"), "wb"):
        pass
    # A UTF-8 byte order mark, CRLF line ends, runs of spaces, several blank lines, a tab.
    with open(os.path.join(OUT, "bom-crlf.txt"), "wb") as handle:
        handle.write(b"\xef\xbb\xbf" + "Maria   Gonzalez  \r\n\r\n\r\n\r\nSkills:\tGo,  Rust\r\n"
                     "Caf\u00e9 \u2013 na\u00efve\r\n   \r\n".encode("utf-8"))
    # Windows-1252: curly quotes, an en dash, the euro sign, e acute; not valid UTF-8.
    with open(os.path.join(OUT, "windows-1252.txt"), "wb") as handle:
        handle.write("\u201cRen\u00e9\u201d \u2013 salary \u20ac50k\nO\u2019Brien\n".encode("cp1252"))
    with open(os.path.join(OUT, "sample.md"), "w", encoding="utf-8") as handle:
        handle.write("""# Senior Data Engineer ##

About the **role**: you will _own_ our ***pipelines*** and ~~legacy~~ systems.
Apply at [our site](https://example.com/jobs?id=1) or <jobs@example.com>.
![logo](https://example.com/logo.png)

Requirements
------------

- 5+ years of `Python` and SQL
* Experience with [Airflow][af] and dbt
+ snake_case_names and 5 * 3 stay as written
1. Numbered items keep their number

> Remote (US) or hybrid in Austin, TX.

```yaml
pipeline: nightly_load
  retries: 3
```

| Skill | Years |
|-------|:-----:|
| Spark | 3 |

---

[af]: https://airflow.apache.org
""")


def main():
    os.makedirs(OUT, exist_ok=True)
    sample_docx()
    corrupt_docx()
    no_document_docx()
    two_column_pdf()
    image_only_pdf()
    damaged_pdf()
    texts()
    print(f"wrote fixtures to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
