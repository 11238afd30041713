"""Small writers for DOCX and PDF files, shared by make-fixtures.py and make-examples.py.

Only the Python standard library: the bytes are written by hand, so anyone can regenerate
the committed files without installing python-docx or reportlab.
"""

import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"

# A fixed timestamp keeps regenerated zips byte-identical.
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def part(root, body):
    """A WordprocessingML part: root element `root` (document, hdr, ftr) around `body`."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{root} xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:mc="{MC_NS}" xmlns:wps="{WPS_NS}" '
        f'xmlns:v="{V_NS}" mc:Ignorable="wps">{body}</w:{root}>'
    )


def run(text, bold=False):
    """One run of plain text (escaped), optionally bold."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs, style=None, numbered=False):
    """A paragraph of runs (strings are made into runs)."""
    props = ""
    if style or numbered:
        props = "<w:pPr>"
        if style:
            props += f'<w:pStyle w:val="{style}"/>'
        if numbered:
            props += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        props += "</w:pPr>"
    body = "".join(r if r.startswith("<") else run(r) for r in runs)
    return f"<w:p>{props}{body}</w:p>"


def cell(*paragraphs, width=4500):
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(paragraphs)}</w:tc>'


def table(rows):
    """A table; each row is a list of cells (strings become one-paragraph cells)."""
    body = "<w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>"
    for row in rows:
        body += "<w:tr>" + "".join(c if c.startswith("<w:tc>") else cell(para(c)) for c in row) + "</w:tr>"
    return f"<w:tbl>{body}</w:tbl>"


def write_docx(path, body, headers=(), footers=()):
    """A DOCX whose document body is `body` (raw WordprocessingML), with header and footer
    bodies given the same way."""
    overrides = ['<Override PartName="/word/document.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>']
    rels = []
    files = {}
    for kind, bodies, root in (("header", headers, "hdr"), ("footer", footers, "ftr")):
        for number, content in enumerate(bodies, start=1):
            name = f"{kind}{number}.xml"
            files[f"word/{name}"] = part(root, content)
            overrides.append(f'<Override PartName="/word/{name}" ContentType="application/'
                             f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>')
            rels.append(f'<Relationship Id="r{kind}{number}" Type="http://schemas.openxmlformats.org/'
                        f'officeDocument/2006/relationships/{kind}" Target="{name}"/>')
    refs = "".join(
        f'<w:{kind}Reference w:type="{"default" if n == 1 else "first"}" r:id="r{kind}{n}"/>'
        for kind, bodies in (("header", headers), ("footer", footers)) for n in range(1, len(bodies) + 1))
    files["word/document.xml"] = part(
        "document", f'<w:body>{body}<w:sectPr>{refs}<w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:body>')
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>")
    files["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    files["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>")
    write_zip(path, files)


def write_zip(path, files):
    order = ["[Content_Types].xml", "_rels/.rels"] + sorted(k for k in files if k not in
                                                             ("[Content_Types].xml", "_rels/.rels"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            if name in files:
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[name].encode("utf-8"))


# MARK: - PDF

def pdf_string(text):
    """A PDF literal string in WinAnsiEncoding (Latin-1 range), escaped."""
    data = text.encode("cp1252")
    out = b"("
    for byte in data:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        else:
            out += bytes([byte])
    return out + b")"


class Page:
    """One US Letter page of text lines placed at absolute positions, in drawing order."""

    def __init__(self):
        self.ops = []
        self.images = []

    def text(self, x, y, line, size=10, bold=False):
        font = b"/F2" if bold else b"/F1"
        self.ops.append(b"BT " + font + b" %d Tf %d %d Td " % (size, x, y) + pdf_string(line) + b" Tj ET")

    def gray_image(self, x, y, width, height, pixels=16):
        """A grey-gradient image drawn at (x, y), scaled to width × height points."""
        name = b"/Im%d" % (len(self.images) + 1)
        data = bytes((row * 16 + column * 8) % 256 for row in range(pixels) for column in range(pixels))
        self.images.append((name, pixels, data))
        self.ops.append(b"q %d 0 0 %d %d %d cm " % (width, height, x, y) + name + b" Do Q")


def write_pdf(path, pages, title="Document"):
    """A PDF 1.4 of `pages` with Helvetica and Helvetica-Bold (WinAnsiEncoding)."""
    objects = []  # index i is object i + 1

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages_id = add(None)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    page_ids = []
    for page in pages:
        xobjects = b""
        for name, pixels, data in page.images:
            image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                        b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (pixels, pixels, len(data))
                        + data + b"\nendstream")
            xobjects += name + b" %d 0 R " % image
        content = b"\n".join(page.ops)
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        resources = b"<< /Font << /F1 %d 0 R /F2 %d 0 R >>" % (font, bold)
        if xobjects:
            resources += b" /XObject << " + xobjects + b">>"
        resources += b" >>"
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources " % pages_id
                            + resources + b" /Contents %d 0 R >>" % stream))
    info = add(b"<< /Title " + pdf_string(title) + b" /Producer (hired scripts/docgen.py) >>")
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids)

    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, catalog, info, xref))
    with open(path, "wb") as handle:
        handle.write(out)
