"""Compiled XPath over Word XML (WordprocessingML and its drawings) with typed results.

lxml types an XPath result as any XPath value (a node set, a string, a number, a boolean);
these wrappers say which one a path gives and check it, so callers get elements or strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, TypeVar

from docx.oxml.ns import nsmap
from lxml import etree

NAMESPACES: dict[str, str] = {
    **nsmap,
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
"""python-docx's prefixes (w, a, r, wp, …) and those of drawn shapes (wps, VML v and o)."""

E = TypeVar("E", bound=etree._Element)


class ElementPath(Generic[E]):
    """A compiled XPath whose result is a node set of elements of class ``of`` (python-docx's
    classes such as ``CT_P`` for a document it parsed, else ``etree._Element``)."""

    def __init__(self, path: str, of: type[E], namespaces: Mapping[str, str] = NAMESPACES) -> None:
        self.path = path
        self._of = of
        self._xpath = etree.XPath(path, namespaces=dict(namespaces))

    def __call__(self, el: etree._Element, **variables: str) -> list[E]:
        """Return the elements ``path`` selects from ``el``, in document order (``variables``
        fill ``$name`` in the path). Raises TypeError when it selects something else."""
        found = self._xpath(el, **variables)
        if not isinstance(found, list):
            raise TypeError(f"XPath {self.path!r} gives {type(found).__name__}, not elements")
        elements: list[E] = []
        for node in found:
            if not isinstance(node, self._of):
                raise TypeError(f"XPath {self.path!r} selects {type(node).__name__}, not {self._of.__name__}")
            elements.append(node)
        return elements


class StringPath:
    """A compiled XPath whose result is a node set of attributes or text (strings)."""

    def __init__(self, path: str, namespaces: Mapping[str, str] = NAMESPACES) -> None:
        self.path = path
        self._xpath = etree.XPath(path, namespaces=dict(namespaces))

    def __call__(self, el: etree._Element, **variables: str) -> list[str]:
        """Return the strings ``path`` selects from ``el``, in document order. Raises
        TypeError when it selects something else."""
        found = self._xpath(el, **variables)
        if not isinstance(found, list) or not all(isinstance(s, str) for s in found):
            raise TypeError(f"XPath {self.path!r} does not select strings")
        return [str(s) for s in found]
