#!/usr/bin/env python3
"""Makes Themes/report-reference.docx, the reference document `aimsaudit export --format docx`
gives pandoc: pandoc's own reference document with the styles of an audit report.

    python3 Scripts/make-reference-docx.py [OUTPUT.docx]

Needs pandoc and python-docx (`pip install python-docx`, or Debian's python3-docx). Change the
constants below and run it again, or open the .docx in Word or LibreOffice and change its styles
there (docs/report-styles.md says which style is what).
"""
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Arial"            # Liberation Sans where Arial is missing: the same widths
MONO = "Consolas"
INK = "1D2433"            # body text
ACCENT = "1F3A68"         # title and section headings
MUTED = "5B6475"          # header, footer
RULE = "C9CFDA"           # table borders, rules
HEAD = "EEF1F6"           # table header rows


def rgb(hex_colour):
    return RGBColor.from_string(hex_colour)


def font(style, size=None, bold=None, colour=None, name=FONT):
    f = style.font
    f.name = name
    # East Asian and complex-script text take the same face.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts is not None and fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    if size is not None:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if colour is not None:
        f.color.rgb = rgb(colour)
        # A theme colour would win over the RGB value in Word.
        c = rpr.find(qn("w:color"))
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            if c is not None and c.get(qn(attr)) is not None:
                del c.attrib[qn(attr)]


def spacing(style, before, after, keep_next=False):
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if keep_next:
        pf.keep_with_next = True


def border(style, side, size_eighths, colour, space=4):
    """A rule above or below every paragraph of a style."""
    ppr = style.element.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = parse_xml(f"<w:pBdr {nsdecls('w')}/>")
        ppr.append(bdr)
    bdr.append(parse_xml(f'<w:{side} {nsdecls("w")} w:val="single" w:sz="{size_eighths}" w:space="{space}" w:color="{colour}"/>'))


def table_style(style):
    """Pandoc gives every table the style named Table: thin rules, a shaded header row that
    repeats on each page, rows that do not split across pages."""
    el = style.element
    for old in el.findall(qn("w:tblStylePr")) + el.findall(qn("w:tblPr")) + el.findall(qn("w:trPr")):
        el.remove(old)
    el.append(parse_xml(f"""<w:tblPr {nsdecls('w')}>
      <w:tblInd w:w="0" w:type="dxa"/>
      <w:tblBorders>
        <w:top w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
        <w:left w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
        <w:right w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
      </w:tblBorders>
      <w:tblCellMar>
        <w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>
        <w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>
      </w:tblCellMar>
    </w:tblPr>"""))
    el.append(parse_xml(f'<w:trPr {nsdecls("w")}><w:cantSplit/></w:trPr>'))
    el.append(parse_xml(f"""<w:tblStylePr {nsdecls('w')} w:type="firstRow">
      <w:rPr><w:b/><w:bCs/><w:color w:val="{INK}"/></w:rPr>
      <w:trPr><w:tblHeader/></w:trPr>
      <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEAD}"/><w:vAlign w:val="bottom"/></w:tcPr>
    </w:tblStylePr>"""))


def field(paragraph, instruction, shown=""):
    """A Word field (PAGE, NUMPAGES, STYLEREF) in a paragraph of a header or footer."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    # What shows until the field is worked out (Word does on opening; some programs never do).
    paragraph.add_run(shown)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "Themes" / "report-reference.docx"
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "reference.docx"
        with open(base, "wb") as f:
            subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"], stdout=f, check=True)
        doc = Document(str(base))

    # By id: python-docx translates some names ("Heading 1"), which pandoc's document spells its own way.
    by_id = {s.style_id: s for s in doc.styles}
    names = {"Normal": "Normal", "Body Text": "BodyText", "First Paragraph": "FirstParagraph", "Compact": "Compact",
             "Title": "Title", "Heading 1": "Heading1", "Heading 2": "Heading2", "Heading 3": "Heading3",
             "Heading 4": "Heading4", "Verbatim Char": "VerbatimChar", "Table": "Table"}
    styles = {name: by_id[i] for name, i in names.items()}
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        font(styles[name], size=10, colour=INK)
    spacing(styles["Body Text"], 3, 6)
    spacing(styles["First Paragraph"], 3, 6)
    # Lists and table cells: pandoc writes them as Compact.
    spacing(styles["Compact"], 1, 1)
    font(styles["Compact"], size=9)

    # The report's title, then its facts (the first table): the cover block.
    title = styles["Title"]
    font(title, size=20, bold=True, colour=ACCENT)
    title.paragraph_format.alignment = 0  # left
    spacing(title, 0, 10)
    border(title, "bottom", 18, ACCENT, space=6)

    h1 = styles["Heading 1"]  # the numbered sections
    font(h1, size=14, bold=True, colour=ACCENT)
    spacing(h1, 18, 6, keep_next=True)
    border(h1, "top", 6, RULE, space=4)
    h2 = styles["Heading 2"]  # each finding
    font(h2, size=11.5, bold=True, colour=INK)
    spacing(h2, 12, 4, keep_next=True)
    for name in ("Heading 3", "Heading 4"):
        font(styles[name], size=10.5, bold=True, colour=INK)
        spacing(styles[name], 10, 3, keep_next=True)

    font(styles["Verbatim Char"], size=9, name=MONO)
    table_style(styles["Table"])

    # A4 with margins that leave Letter's text width too; the report's title on every page but
    # the first, page numbers below.
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    field(header, 'STYLEREF "Title"')
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    field(footer, "PAGE", "1")
    footer.add_run(" of ")
    field(footer, "NUMPAGES", "1")
    for p in (header, footer):
        for run in p.runs:
            run.font.size = Pt(8)
            run.font.name = FONT
            run.font.color.rgb = rgb(MUTED)
    footer.alignment = 2  # right
    first = section.first_page_footer.paragraphs[0]
    first.add_run("Page 1")
    first.runs[0].font.size = Pt(8)
    first.runs[0].font.color.rgb = rgb(MUTED)
    first.alignment = 2

    doc.core_properties.title = "Internal audit report"
    doc.core_properties.author = "aimsaudit"
    doc.save(str(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
