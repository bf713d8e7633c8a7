"""An HTML page as a browser's parser reads its structure, for the tests: the headings and
tables with the text a reader sees (a <br> as a line break), the elements used, the text of each
inline SVG chart, and anything that would fetch something from elsewhere or run code.

    python3 html-outline.py < page.html     # prints JSON
"""
import json
import re
import sys
from html.parser import HTMLParser

VOID = {"br", "img", "meta", "link", "hr", "input", "rect", "source", "embed", "base", "wbr", "col", "area", "track", "param"}
FETCHES = {"script", "link", "iframe", "object", "embed", "base", "img", "video", "audio", "source", "frame", "track", "portal"}
HIDDEN = {"style", "title", "svg", "script", "head"}


class Outline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.tables, self.elements, self.external, self.text, self.charts = [], [], [], [], [], []
        self.stack, self.heading, self.cell, self.rows, self.chart = [], None, None, [], None

    def tag(self, tag, attrs):
        if tag not in self.elements:
            self.elements.append(tag)
        if tag in FETCHES:
            self.external.append(tag)
        if tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
            self.external.append("meta http-equiv")
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on"):
                self.external.append("%s %s" % (tag, name))
            if name in ("src", "href", "srcset", "action", "data", "poster", "xlink:href", "formaction", "background"):
                # Only a link inside the page (#anchor) stays inside it.
                if not v.startswith("#"):
                    self.external.append("%s %s=%s" % (tag, name, value))
            if name == "style" and "url(" in v:
                self.external.append("%s style url()" % tag)
        if tag == "br":
            self.data("\n")

    def handle_starttag(self, tag, attrs):
        self.tag(tag, attrs)
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = [int(tag[1]), ""]
        elif tag == "table":
            self.rows = []
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "svg":
            self.chart = []
        elif tag == "text" and self.chart is not None:
            self.chart.append("")

    def handle_startendtag(self, tag, attrs):
        self.tag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.heading:
            self.headings.append({"level": self.heading[0], "text": tidy(self.heading[1])})
            self.heading = None
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(tidy(self.cell))
            self.cell = None
        elif tag == "table":
            self.tables.append(self.rows)
        elif tag == "svg":
            self.charts.append(self.chart)
            self.chart = None

    def data(self, d):
        if "text" in self.stack and self.chart is not None:
            self.chart[-1] += d
        if "style" in self.stack and ("@import" in d or "url(" in d):
            self.external.append("style url()")
        if any(t in self.stack for t in HIDDEN):
            return
        self.text.append(d)
        if self.heading is not None:
            self.heading[1] += d
        if self.cell is not None:
            self.cell += d

    def handle_data(self, d):
        # White space collapses as a browser collapses it; a <br> is the only line break.
        self.data(re.sub(r"[ \t\n\r\f]+", " ", d))


def tidy(text):
    return "\n".join(line.strip() for line in text.split("\n")).strip()


o = Outline()
o.feed(sys.stdin.read())
o.close()
print(json.dumps({"headings": o.headings, "tables": o.tables, "elements": o.elements, "charts": o.charts,
                  "external": o.external, "text": "".join(o.text)}))
