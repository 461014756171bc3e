"""osallisuus.pdf: tagged PDFs, and the mended pydyf property that kept long tagged documents from growing quadratic."""

import io

import pydyf
from pypdf import PdfReader
from pypdf.generic import IndirectObject
from weasyprint import HTML

import osallisuus.pdf  # noqa: F401  (importing it mends pydyf.PDF.page_references)


def test_page_references_follow_every_added_page():
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert first is pdf.page_references  # built once, not on every read
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    expected = tuple(f"{number} 0 R".encode("ascii") for number in pdf.pages["Kids"][::3])
    assert pdf.page_references == expected
    assert len(expected) == 4


def _structure_pages(node, found: set) -> set:
    node = node.get_object()
    if "/Pg" in node:
        found.add(node.raw_get("/Pg").idnum)
    kids = node.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, IndirectObject) or hasattr(kid, "get"):
            _structure_pages(kid, found)
    return found


def test_tagged_structure_points_at_each_page():
    html = "".join(f'<p style="break-before: page">Sivu {n}</p>' for n in range(1, 5))
    reader = PdfReader(
        io.BytesIO(HTML(string=f"<html lang='fi'><body>{html}</body></html>").write_pdf(pdf_variant="pdf/ua-1"))
    )
    pages = {page.indirect_reference.idnum for page in reader.pages}
    assert len(pages) == 4
    assert _structure_pages(reader.trailer["/Root"]["/StructTreeRoot"], set()) == pages
