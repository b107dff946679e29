"""Write a python-docx package as a DOCX (zip) file, the way python-docx does, faster.

python-docx serialises every part and deflates it with ``zipfile`` on each save; a batch of
500 certificates deflates the same styles, theme, settings and font table 500 times. This
writer lays out the same members in the same order (``[Content_Types].xml``, the package
relationships, then each part followed by its relationships, as
``docx.opc.pkgwriter.PackageWriter``), deflated at zlib's default level as ``zipfile``
does, and deflates a part whose bytes it has already deflated only once per process.
"""

from __future__ import annotations

import functools
import os
import struct
import time
import zlib
from typing import Any

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem

_CACHED_MAX_BYTES = 256 * 1024  # a part larger than this (a long document's body) is not kept
_VERSION = 20  # ZIP 2.0: deflate
_UNIX = 3
_FILE_MODE = 0o600 << 16  # what zipfile.writestr gives a member added by name


def members(package: Any) -> list[tuple[str, bytes]]:
    """Return the (member name, bytes) of a python-docx ``package`` in the order python-docx
    writes them: content types, package relationships, then each part and its relationships."""
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    types = tuple((p.partname, p.content_type) for p in parts)
    out = [(CONTENT_TYPES_URI.membername, _content_types(types)),
           (PACKAGE_URI.rels_uri.membername, _rels_xml(package.rels, PACKAGE_URI.baseURI))]
    for part in parts:
        out.append((part.partname.membername, part.blob))
        if len(part.rels):
            out.append((part.partname.rels_uri.membername, _rels_xml(part.rels, part.partname.baseURI)))
    return out


class _Named:
    def __init__(self, partname: Any, content_type: str) -> None:
        self.partname, self.content_type = partname, content_type


@functools.lru_cache(maxsize=64)
def _content_types(types: tuple[tuple[Any, str], ...]) -> bytes:
    # python-docx's [Content_Types].xml, which depends only on the part names and types.
    # python-docx internal, not annotated
    blob: bytes = _ContentTypesItem.from_parts([_Named(n, t) for n, t in types]).blob  # type: ignore[no-untyped-call]
    return blob


def _rels_xml(rels: Any, base: str) -> bytes:
    # python-docx's .rels XML (Relationships.xml) of a part whose name starts with ``base``,
    # made once per distinct set of relationships (most parts keep the template's).
    key = (base, tuple((r.rId, r.reltype, r.is_external, r.target_ref if r.is_external else r.target_part.partname)
                       for r in rels.values()))
    xml = _RELS.get(key)
    if xml is None:
        xml = _RELS[key] = rels.xml
        if len(_RELS) > _RELS_KEPT:
            del _RELS[next(iter(_RELS))]
    return xml


_RELS: dict[tuple[Any, ...], bytes] = {}
_RELS_KEPT = 256


@functools.lru_cache(maxsize=256)
def _deflated_cached(data: bytes) -> tuple[int, bytes]:
    return _deflated(data)


def _deflated(data: bytes) -> tuple[int, bytes]:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


def zip_bytes(items: list[tuple[str, bytes]], when: time.struct_time | None = None) -> bytes:
    """Return a zip archive holding ``items`` (name, bytes), each deflated, stamped ``when``
    (default: now, local time, as zipfile stamps a member written by name)."""
    stamp = when or time.localtime(time.time())
    dosdate = (stamp.tm_year - 1980) << 9 | stamp.tm_mon << 5 | stamp.tm_mday
    dostime = stamp.tm_hour << 11 | stamp.tm_min << 5 | stamp.tm_sec // 2
    body: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in items:
        crc, packed = (_deflated_cached if len(data) <= _CACHED_MAX_BYTES else _deflated)(bytes(data))
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), 0x800
        header = struct.pack("<4s2B4HL2L2H", b"PK\003\004", _VERSION, 0, flags, 8, dostime, dosdate,
                             crc, len(packed), len(data), len(raw), 0)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", _VERSION, _UNIX, _VERSION, 0, flags, 8,
                                   dostime, dosdate, crc, len(packed), len(data), len(raw), 0, 0, 0, 0,
                                   _FILE_MODE, offset) + raw)
        body += [header, raw, packed]
        offset += len(header) + len(raw) + len(packed)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(items), len(items), len(directory), offset, 0)
    return b"".join(body) + directory + end


def write_package(package: Any, target: str | os.PathLike[str]) -> None:
    """Write the python-docx ``package`` to the file ``target`` (overwritten) as a DOCX."""
    data = zip_bytes(members(package))
    with open(target, "wb") as out:
        out.write(data)
