"""Every Atom feed the portal writes is valid for the Atom format's own grammar:
RFC 4287 Appendix B, vendored in tests/vendor/atom and checked with lxml's
RELAX NG (libxml2), and against the grammar's three Schematron rules, which
libxml2 skips: each is evaluated here as the XPath test the grammar states."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Callable

import pytest
from lxml import etree

from conftest import Site

SCHEMA = Path(__file__).parent / "vendor" / "atom" / "atom.rng"
ATOM = "{http://www.w3.org/2005/Atom}"


@cache
def atom_schema() -> etree.RelaxNG:
    """RFC 4287's RELAX NG grammar, compiled once."""
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


#: the grammar's Schematron rules (atom.rnc, s:rule): context, test, as written there
RULES = (
    ("atom:feed", "atom:author or not(atom:entry[not(atom:author)])"),
    ("atom:entry", "atom:link[@rel='alternate'] or atom:link[not(@rel)] or atom:content"),
    ("atom:entry", "atom:author or ../atom:author or atom:source/atom:author"),
)
_NS = {"atom": ATOM.strip("{}")}


def schema_errors(document: etree._ElementTree) -> list[str]:
    """libxml2's messages for ``document``, ``line N: path: message`` each, and
    each Schematron rule an element breaks; [] if valid."""
    schema = atom_schema()
    errors = [] if schema.validate(document) else [
        f"line {e.line}: {e.path}: {e.message}" for e in schema.error_log]
    root = document.getroot()
    for context, test in RULES:
        for element in root.xpath(f"descendant-or-self::{context}", namespaces=_NS):
            if not element.xpath(f"boolean({test})", namespaces=_NS):
                errors.append(f"line {element.sourceline}: {context}: not ({test})")
    return errors


def atom_feeds(site: Site) -> list[Path]:
    return sorted(site.output.rglob("*.atom.xml"))


def invalid_feeds(site: Site) -> dict[str, list[str]]:
    """{feed path in the output: its errors} for each Atom feed the grammar refuses."""
    found = {}
    for path in atom_feeds(site):
        if errors := schema_errors(etree.parse(str(path))):
            found[path.relative_to(site.output).as_posix()] = errors
    return found


def test_every_atom_feed_of_a_public_build_is_valid(build_site: Callable[..., Site]) -> None:
    built = build_site(SITEURL="https://portal.example")
    assert len(atom_feeds(built)) > 5
    assert invalid_feeds(built) == {}


@pytest.mark.parametrize("fmt", ["pelican", "yaml"])
def test_every_atom_feed_of_the_generated_corpus_is_valid(corpora: dict[str, Site],
                                                          fmt: str) -> None:
    assert len(atom_feeds(corpora[fmt])) > 5
    assert invalid_feeds(corpora[fmt]) == {}


def _first_entry(feed: etree._Element) -> etree._Element:
    entry = feed.find(ATOM + "entry")
    assert entry is not None
    return entry


def _drop_feed_id(feed: etree._Element) -> None:
    feed.remove(feed.find(ATOM + "id"))


def _second_entry_title(feed: etree._Element) -> None:
    entry = _first_entry(feed)
    entry.append(copy.deepcopy(entry.find(ATOM + "title")))


def _drop_entry_updated(feed: etree._Element) -> None:
    entry = _first_entry(feed)
    entry.remove(entry.find(ATOM + "updated"))


def _updated_not_a_date(feed: etree._Element) -> None:
    feed.find(ATOM + "updated").text = "hôm qua"


def _entry_without_author(feed: etree._Element) -> None:
    """Schematron: no author for an entry of a feed that has none."""
    author = feed.find(ATOM + "author")
    if author is not None:
        feed.remove(author)
    entry = _first_entry(feed)
    for each in entry.findall(ATOM + "author"):
        entry.remove(each)


def _entry_without_link_or_content(feed: etree._Element) -> None:
    """Schematron: an entry needs an alternate link or content."""
    entry = _first_entry(feed)
    for child in entry.findall(ATOM + "link") + entry.findall(ATOM + "content"):
        entry.remove(child)


@pytest.mark.parametrize("break_feed", [_drop_feed_id, _second_entry_title,
                                        _drop_entry_updated, _updated_not_a_date,
                                        _entry_without_author, _entry_without_link_or_content],
                         ids=["feed without id", "entry with two titles",
                              "entry without updated", "updated not a date",
                              "entry without author", "entry without link or content"])
def test_the_grammar_refuses_what_rfc_4287_forbids(
        site: Site, break_feed: Callable[[etree._Element], None]) -> None:
    """The check is real: a valid feed of the portal, broken in one way, is refused."""
    document = etree.parse(str(site.output / "feeds" / "all.atom.xml"))
    assert schema_errors(document) == []
    break_feed(document.getroot())
    assert schema_errors(document) != []
