"""Markdown extension: a paragraph holding only a titled image becomes a figure.

``![Hội trường](anh.jpg "Toàn cảnh hội nghị")`` renders as
``<figure><img …><figcaption>Toàn cảnh hội nghị</figcaption></figure>``,
so a photo caption is a caption, not a body paragraph.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class _FigureProcessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            children = list(paragraph)
            if (
                len(children) == 1
                and children[0].tag == "img"
                and children[0].get("title")
                and not (paragraph.text or "").strip()
                and not (children[0].tail or "").strip()
            ):
                image = children[0]
                caption = image.attrib.pop("title")
                image.tail = None
                paragraph.tag = "figure"
                etree.SubElement(paragraph, "figcaption").text = caption


class FigureExtension(Extension):
    """Register the figure tree processor (after inline patterns ran)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown API)
        md.treeprocessors.register(_FigureProcessor(md), "portal_figures", 5)
