"""The ND30 checker of any DOCX (``checker``) and the template checker (``template``).

One module per job: ``document`` reads a DOCX once, ``anatomy`` finds its parts, ``page``,
``text``, ``header``, ``title``, ``body``, ``decision``, ``signature``, ``annex`` and
``sheets`` (certificates, dispatch sheets) judge them, ``report`` and ``rules`` record and
condense the findings.
"""

from pipeline.check.checker import (
    ELEMENTS,
    ERROR,
    FACTS,
    INFO,
    RULES,
    WARNING,
    Finding,
    check_document,
    check_documents,
    errors,
    parse_kind,
    summary,
)

__all__ = [
    "ELEMENTS", "ERROR", "FACTS", "INFO", "RULES", "WARNING", "Finding", "check_document",
    "check_documents", "errors", "parse_kind", "summary",
]
