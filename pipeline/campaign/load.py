"""Load a campaign's YAML into the model, collecting every problem with its location."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from pipeline.campaign import dates
from pipeline.campaign.model import Campaign, SigningAuthority, fold
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi

CAMPAIGN_FILE = "campaign.yaml"

# Vietnamese names of the YAML fields, so a clerk knows what a path means.
FIELD_LABELS: dict[str, str] = {
    "issuer": "cơ quan ban hành",
    "parent_body": "cơ quan chủ quản",
    "header_name": "tên cơ quan ở phần đầu văn bản",
    "abbreviation": "tên viết tắt",
    "place": "địa danh",
    "name": "tên",
    "theme": "chủ đề thi đua",
    "participants": "đối tượng thi đua",
    "phases": "các đợt thi đua",
    "start": "ngày bắt đầu",
    "end": "ngày kết thúc",
    "dedication": "nội dung chào mừng của đợt",
    "content_areas": "nội dung thi đua",
    "title": "chức vụ / tiêu đề",
    "text": "nội dung",
    "signer": "người ký",
    "authority": "quyền hạn ký (TM., KT., TL., TUQ., Q.)",
    "on_behalf_of": "chức danh người đứng đầu / tập thể",
    "authority_lines": "các dòng quyền hạn, chức vụ người ký",
    "plan": "kế hoạch",
    "subject": "trích yếu",
    "issue_date": "ngày ban hành",
    "number": "số văn bản",
    "implements": "văn bản được thực hiện",
    "kind": "tên loại",
    "reference": "số, ký hiệu",
    "date": "ngày",
    "purposes": "mục đích",
    "requirements": "yêu cầu",
    "implementation": "tổ chức thực hiện",
    "intro": "câu mở đầu",
    "duties": "nhiệm vụ",
    "closing": "câu kết",
    "recipients": "nơi nhận",
    "purpose": "mục đích gửi",
    "archive": "nơi lưu",
    "awards": "khen thưởng",
    "head_title": "chức danh người đứng đầu",
    "higher_level": "cấp trên nhận Tờ trình",
    "charter": "quyết định quy định chức năng, nhiệm vụ",
    "commendation_rules": "quy chế thi đua, khen thưởng",
    "plan_number": "số Kế hoạch đã ký",
    "plan_date": "ngày Kế hoạch đã ký",
    "proposer": "người đề nghị",
    "executors": "người thi hành",
    "fund": "nguồn tiền thưởng",
    "decision_date": "ngày quyết định",
    "decision_number": "số quyết định",
    "targets": "chỉ tiêu",
    "key": "mã chỉ tiêu",
    "header": "tiêu đề cột trong sổ kết quả",
    "label": "tên ngắn của chỉ tiêu",
    "comparator": "cách so sánh (>=, >, =, <=, không để xảy ra)",
    "threshold": "ngưỡng",
    "unit": "đơn vị tính (%, count, per_team_month)",
    "wording": "lời văn của chỉ tiêu trong Kế hoạch",
    "measure": "đơn vị tính của chỉ tiêu đếm (mô hình, vụ, người…)",
    "abbreviations": "chữ viết tắt (viết đầy đủ trong câu văn)",
    "recommendations": "kiến nghị với cấp trên",
    "units": "các đơn vị tham gia",
    "short_name": "tên viết tắt của đơn vị",
    "group": "khối (đơn vị) / nhóm nơi nhận (cấp trên, thành viên, đơn vị, nội bộ)",
    "report": "báo cáo sơ kết, tổng kết",
    "greeting": "kính gửi",
    "directions": "phương hướng, nhiệm vụ",
    "channel": "đường gửi (điện tử, cổng TTĐT, giấy)",
    "copies": "số bản",
    "roles": "vai trò theo từng văn bản",
    "members": "các cơ quan trong nhóm",
    "register_file": "sổ đăng ký văn bản đi",
    "register_outside": "sổ đăng ký ở ngoài thư mục phong trào (true/false)",
}

_DATE_FIX = "viết ngày theo dạng 04/02/2025 (ngày/tháng/năm) hoặc 2025-02-04"


class _Loader(yaml.SafeLoader):
    """YAML loader that keeps dates as text, so the model parses (and explains) them."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# LibYAML's parser (C) when PyYAML was built with it: the same resolvers and constructors as
# _Loader (they are Python), about ten times faster. A text it cannot read is read again with
# _Loader, so every syntax error is explained exactly as before; so is a text holding what
# LibYAML accepts and PyYAML refuses (a Tab, a "?", "|#" or ">#", a byte-order mark, a control
# character), so it stays refused.
_FastLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """_Loader on LibYAML's parser."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

_SLOW_ONLY = re.compile(r"[\t?\ufeff]|[|>][-+0-9]*#")


MAX_YAML_BYTES = 2_000_000
"""The largest YAML data file read, in bytes: a campaign.yaml is a few tens of KB."""
MAX_YAML_DEPTH = 50
"""The deepest nesting of lists and field groups read (a campaign.yaml uses fewer than 10)."""
MAX_YAML_NODES = 200_000
"""The most values a YAML file may hold once its references (``*name`` of ``&name``) are
expanded: a campaign.yaml holds a few thousand."""


def _bounds_problem(path: Path, text: str) -> Problem | None:
    """Return why ``text`` is too deep or expands too much to be read, or None.

    Read as a stream of parser events (no recursion, no node built), so a few hundred bytes
    of nested references ("a1: &a1 [*a0, *a0, …]") are refused in milliseconds instead of
    expanding to gigabytes. A text the parser cannot read is left to ``_parse`` to explain.
    """
    loaders: list[type] = [_Loader]
    if (_FastLoader is not None and not _SLOW_ONLY.search(text)
            and not yaml.reader.Reader.NON_PRINTABLE.search(text)):
        loaders.insert(0, _FastLoader)
    for loader_class in loaders:
        loader = loader_class(text)
        try:
            return _scan(path, loader)
        except yaml.YAMLError:
            continue
        finally:
            loader.dispose()
    return None


def _scan(path: Path, loader: Any) -> Problem | None:
    """Return the first bound ``loader``'s events break (nesting, expanded values), or None."""
    sizes: dict[str, int] = {}  # anchor → how many values it stands for
    stack: list[list[Any]] = []  # the open lists and field groups: [anchor, values so far]
    total, aliases = 0, False
    while not isinstance(event := loader.get_event(), yaml.StreamEndEvent):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_YAML_DEPTH:
                return Problem(path, "", f"các danh sách, nhóm trường lồng nhau quá {MAX_YAML_DEPTH} tầng",
                               "kiểm tra các dấu «[», «{» đã đóng chưa và thụt lề; bỏ các tầng thừa", line=line)
            stack.append([event.anchor, 1])
            total += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
            if anchor is not None:
                sizes[anchor] = size
            if stack:
                stack[-1][1] += size
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            added = 1
            if isinstance(event, yaml.AliasEvent):
                added, aliases = sizes.get(event.anchor or "", 1), True
            elif event.anchor is not None:
                sizes[event.anchor] = 1
            if stack:
                stack[-1][1] += added
            total += added
        if total > MAX_YAML_NODES:
            many = vi.format_number(MAX_YAML_NODES)
            if aliases:
                return Problem(path, "", f"các tham chiếu YAML («&tên», «*tên») nhân dữ liệu lên hơn {many} giá trị",
                               "viết thẳng giá trị thay cho các tham chiếu «*tên» lồng nhau", line=line)
            return Problem(path, "", f"tệp có hơn {many} giá trị, không phải dữ liệu của một phong trào",
                           "kiểm tra lại đường dẫn và nội dung tệp", line=line)
    return None


def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """Return the data of the YAML document ``text`` and its node tree (marks give lines),
    composed once and constructed from that tree. Raises yaml.YAMLError (PyYAML's own)."""
    if (_FastLoader is not None and not _SLOW_ONLY.search(text)
            and not yaml.reader.Reader.NON_PRINTABLE.search(text)):
        try:
            return _compose_construct(_FastLoader(text))
        except yaml.YAMLError:
            pass  # read again below: PyYAML's messages are the ones _syntax_problem explains
    return _compose_construct(_Loader(text))


def _compose_construct(loader: Any) -> tuple[Any, yaml.Node | None]:
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


@dataclass(frozen=True)
class _Source:
    path: Path
    lines: dict[tuple[Any, ...], int]

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.lines:
                return self.lines[loc[:cut]]
        return None


def _index_lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, key.value)
            out[sub] = key.start_mark.line + 1
            _index_lines(value, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            _index_lines(item, (*path, n), out)


def yaml_path(loc: tuple[Any, ...]) -> str:
    """Return a pydantic/YAML location as a readable path: ``plan.recipients[3].name``.

    List items are counted from 1, as a clerk counts them (the third recipient is [3]).
    """
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm trường"
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float)):
        text = str(value)
        return f"số {text}" if len(text) <= 20 else f"số {text[:6]}… ({len(text)} chữ số)"
    if value is None:
        return "giá trị trống"
    return f"«{value}»"


def _label(loc: tuple[Any, ...]) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return f" ({FIELD_LABELS[names[-1]]})" if names and names[-1] in FIELD_LABELS else ""


@dataclass(frozen=True)
class _Error:
    """One pydantic error, unpacked: where (``loc``), its type, the value given, the
    constraint's context, the field's name, its parent's YAML path and pydantic's message."""

    loc: tuple[Any, ...]
    kind: str
    value: Any
    ctx: dict[str, Any]
    field: str
    parent: str
    msg: str


def _enum(e: _Error) -> tuple[str, str]:
    choices = (", ".join(a.value for a in SigningAuthority) if "authority" in e.loc
               else str(e.ctx.get("expected", "")).replace(" or ", " hoặc "))
    return f"«{e.value}» không phải giá trị hợp lệ{_label(e.loc)}", f"dùng đúng một trong: {choices}"


_KIND_OF: dict[str, str] = {
    **dict.fromkeys(("model_type", "dict_type", "model_attributes_type"), "group"),
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), "int"),
    **dict.fromkeys(("decimal_parsing", "decimal_type", "float_parsing", "float_type"), "number"),
}
"""pydantic's error types that share one wording."""

_WORDING: dict[str, Callable[[_Error], tuple[str, str]]] = {
    "missing": lambda e: (f"thiếu trường bắt buộc «{e.field}»{_label(e.loc)}",
                          f"thêm dòng «{e.field}: …» vào {e.parent}"),
    "extra_forbidden": lambda e: (f"trường lạ «{e.field}»", "kiểm tra chính tả tên trường, hoặc xóa dòng này"),
    "string_type": lambda e: (f"phải là một đoạn văn bản, nhưng đang là {_describe(e.value)}",
                              "viết văn bản ngay sau dấu hai chấm; nếu có ký tự đặc biệt, đặt trong dấu ngoặc kép"),
    "vn_bool_text": lambda e: (e.msg,
                               f"đặt trong dấu ngoặc kép, ví dụ «{e.field}: \"{'Có' if e.value else 'Không'}\"»"),
    "list_type": lambda e: (f"phải là một danh sách, nhưng đang là {_describe(e.value)}",
                            "viết mỗi mục trên một dòng riêng, bắt đầu bằng «- »"),
    "group": lambda e: (f"phải là một nhóm trường, nhưng đang là {_describe(e.value)}",
                        "viết các dòng «khóa: giá trị» thụt vào dưới tên trường"),
    "enum": _enum,
    "too_short": lambda e: (f"cần ít nhất {e.ctx.get('min_length')} mục, đang có {e.ctx.get('actual_length')}",
                            "thêm mục còn thiếu"),
    "int": lambda e: (f"phải là một số nguyên, nhưng đang là {_describe(e.value)}", "viết một số nguyên, ví dụ 5"),
    "number": lambda e: (f"phải là một số, nhưng đang là {_describe(e.value)}",
                         "viết số bằng chữ số, phần thập phân sau dấu chấm trong YAML: 79.5"),
    "greater_than_equal": lambda e: (f"phải lớn hơn hoặc bằng {e.ctx.get('ge')}, đang là {_describe(e.value)}",
                                     "sửa lại giá trị"),
    "less_than_equal": lambda e: (f"phải nhỏ hơn hoặc bằng {e.ctx.get('le')}, đang là {_describe(e.value)}",
                                  "sửa lại giá trị"),
    "finite_number": lambda e: (f"phải là một số hữu hạn, đang là {_describe(e.value)}", "viết số bằng chữ số"),
    "blank": lambda e: (f"đang để trống{_label(e.loc)}", "điền nội dung"),
}
"""The wording (what is wrong, how to fix it) of each pydantic error type."""

_FIXES: dict[str, str] = {
    "vn_signer_extra_head": "xóa dòng «on_behalf_of», hoặc ghi quyền hạn «authority: KT.» nếu cấp phó ký thay",
    "vn_too_large": "kiểm tra lại số (gõ thừa chữ số?)",
    "vn_path_control": "gõ lại đường dẫn, chỉ gồm chữ, số, «/», «-», «.»",
    "vn_register_outside": ("nếu đúng là sổ dùng chung của nhiều phong trào, thêm dòng «register_outside: true» "
                            "trong issuer; nếu không, ghi đường dẫn trong thư mục phong trào"),
    "vn_phase_order": "đổi lại ngày bắt đầu (start) và ngày kết thúc (end) của đợt",
    "vn_phase_overlap": "mỗi đợt phải bắt đầu sau ngày kết thúc của đợt trước",
    "vn_signer_head": "thêm «on_behalf_of: Trưởng ban» (hoặc chức danh tương ứng)",
    "vn_abbreviation": "viết tên viết tắt liền, ví dụ «BQL»",
    "vn_authority_lines_count": ("viết từ 1 đến 3 dòng, ví dụ «- TM. Ủy ban nhân dân», «- KT. Chủ tịch», "
                                 "«- Phó Chủ tịch»"),
    "vn_authority_line": ("mỗi dòng trên chức vụ bắt đầu bằng TM., KT., TL. hoặc TUQ.; dòng cuối là chức vụ người "
                          "ký (ND30 Điều 13), ví dụ «- TL. Chủ tịch», «- KT. Chánh Văn phòng», "
                          "«- Phó Chánh Văn phòng»"),
    "vn_signer_both": "giữ một cách viết: hoặc «authority_lines», hoặc «authority», «on_behalf_of», «title»",
    "vn_signer_title": "thêm «title: Phó Trưởng ban» (chức vụ người ký)",
}
"""The fix of the model's own errors (vn_…), whose message is already Vietnamese."""


def _worded(e: _Error) -> tuple[str, str]:
    """Return (what, fix) of one error."""
    wording = _WORDING.get(_KIND_OF.get(e.kind, e.kind))
    if wording is not None:
        return wording(e)
    if e.kind.startswith("vn_date"):
        return e.msg, _DATE_FIX
    if e.kind.startswith("vn_"):
        return e.msg, _FIXES.get(e.kind, "")
    return f"giá trị không hợp lệ {_describe(e.value)} ({e.msg})", ""


def _problem_from(error: Any, source: _Source) -> Problem:
    """Turn one pydantic error dict into a located Vietnamese Problem."""
    loc = tuple(error["loc"])
    kind = error["type"]
    e = _Error(loc, kind, error.get("input"), error.get("ctx") or {}, str(loc[-1]) if loc else "",
               yaml_path(loc[:-1]) or "đầu tệp", error["msg"])
    what, fix = _worded(e)
    line = source.line_of(loc[:-1] if kind == "missing" else loc) if loc[:-1] or kind != "missing" else None
    return Problem(file=source.path, line=line, where=yaml_path(loc), what=what, fix=fix)


def read_yaml(path: Path, *, empty_ok: bool = False) -> tuple[Any, _Source]:
    """Return the parsed YAML document at ``path`` and its line index.

    Raises DataError for a missing or unreadable file, YAML syntax errors (with line), a file
    past the bounds (``MAX_YAML_BYTES``, ``MAX_YAML_DEPTH``, ``MAX_YAML_NODES``: refused
    in milliseconds, with the line) and an empty document (None when ``empty_ok``).
    """
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_YAML_BYTES + 1)
        if len(raw) > MAX_YAML_BYTES:
            raise DataError([Problem(
                path, "", f"tệp quá lớn (hơn {vi.format_number(MAX_YAML_BYTES)} byte), không phải tệp dữ liệu YAML",
                "kiểm tra lại đường dẫn; tệp dữ liệu phong trào chỉ vài chục KB")])
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise DataError(
            [Problem(path, "", "không tìm thấy tệp hoặc thư mục này", "kiểm tra lại đường dẫn")]
        ) from None
    except IsADirectoryError:
        raise DataError([Problem(path, "", "đây là thư mục, không phải tệp", "kiểm tra lại đường dẫn")]) from None
    except PermissionError:
        raise DataError(
            [Problem(path, "", "không có quyền đọc tệp", "cấp quyền đọc (chmod a+r) hoặc chép tệp sang chỗ khác")]
        ) from None
    except UnicodeDecodeError:
        raise DataError(
            [Problem(path, "", "tệp không phải văn bản UTF-8", "lưu lại tệp với bảng mã UTF-8")]
        ) from None
    bounds = _bounds_problem(path, text)
    if bounds is not None:
        raise DataError([bounds])
    try:
        data, node = _parse(text)
    except yaml.YAMLError as exc:
        raise DataError([_syntax_problem(path, text, exc)]) from None
    except ValueError:  # Python refuses to read an integer of more than 4.300 digits
        digits = re.search(r"\d{100,}", text)
        raise DataError([Problem(path, "", "có một số quá dài (hàng nghìn chữ số)",
                                 "kiểm tra lại số ở dòng này; một mã số dài thì đặt trong dấu ngoặc kép",
                                 line=text.count("\n", 0, digits.start()) + 1 if digits else None)]) from None
    if data is None and not empty_ok:
        raise DataError(
            [Problem(path, "", "tệp rỗng, chưa có dữ liệu",
                     "chép tệp mẫu data/haiphong-2024-antt/campaign.yaml rồi sửa")]
        )
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _index_lines(node, (), lines)
        duplicates = list(_duplicate_keys(node, ()))
        if duplicates:
            raise DataError(
                [
                    Problem(
                        path, yaml_path(loc), f"trường «{loc[-1]}» được viết hai lần (dòng {first} và dòng {again})",
                        "giữ lại một lần, xóa lần kia", line=again,
                    )
                    for loc, first, again in duplicates
                ]
            )
    return data, _Source(path, lines)


def _duplicate_keys(node: yaml.Node, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], int, int]]:
    """Yield (path, first line, repeated line) for each key written twice in one mapping."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in seen:
                yield (*path, key.value), seen[key.value], line
            seen.setdefault(key.value, line)
            yield from _duplicate_keys(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*path, n))


# PyYAML's problems in a clerk's words, and how to fix each.
_SYNTAX: list[tuple[str, str, str]] = [
    ("'\\t'", "có ký tự Tab", "thụt lề bằng dấu cách, không dùng phím Tab"),
    ("mapping values are not allowed", "có dấu hai chấm «:» ở giữa giá trị",
     "đặt cả giá trị trong dấu ngoặc kép, ví dụ «participants: \"Lực lượng: tham gia\"»"),
    ("unacceptable character", "có ký tự điều khiển lạ (thường do chép từ Word/PDF)", "xóa ký tự đó rồi gõ lại"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng", "đóng dấu ngoặc kép đã mở"),
    ("while scanning a quoted scalar", "thiếu dấu ngoặc kép đóng", "đóng dấu ngoặc kép đã mở"),
    ("expected <block end>", "thụt lề không khớp với các dòng trên",
     "thụt lề dòng này cho thẳng với các trường cùng cấp"),
    ("could not find expected ':'", "thiếu dấu hai chấm «:» sau tên trường", "viết «tên_trường: giá trị»"),
    ("expected ',' or ']'", "thiếu dấu «]» đóng danh sách", "đóng danh sách bằng «]»"),
]


def _unbalanced_quote_line(text: str, upto: int | None) -> int | None:
    """Return the first line (1-based, up to ``upto``) that opens a double-quoted value it
    never closes — PyYAML itself only notices many lines later."""
    closed = re.compile(r'^"(?:[^"\\]|\\.)*"')
    for n, line in enumerate(text.splitlines()[: upto or None], start=1):
        _, colon, rest = line.partition(": ")
        rest = rest.strip() if colon else line.strip().removeprefix("- ").strip()
        if rest.startswith('"') and not closed.match(rest):
            return n
    return None


def _syntax_problem(path: Path, text: str, exc: yaml.YAMLError) -> Problem:
    """Return the located, Vietnamese explanation of a YAML syntax error."""
    mark = getattr(exc, "context_mark", None) if "quoted scalar" in str(getattr(exc, "context", "")) else None
    mark = mark or getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if line is None and isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
    raw = str(exc)
    if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in raw:
        tag = re.search(r"tag '(?:tag:yaml\.org,2002:)?([^']*)'", raw)
        shown = f"!!{tag[1]}" if tag and not tag[1].startswith("!") else (tag[1] if tag else "")
        return Problem(path, "", f"có thẻ YAML «{shown}»: vanban không đọc thẻ (chỉ đọc chữ, số, danh sách)",
                       "xóa thẻ bắt đầu bằng «!» ở dòng này, chỉ giữ giá trị", line=line)
    unbalanced = _unbalanced_quote_line(text, line)
    if unbalanced is not None:
        return Problem(path, "", "sai cú pháp YAML: thiếu dấu ngoặc kép đóng", "đóng dấu ngoặc kép đã mở",
                       line=unbalanced)
    for needle, what, fix in _SYNTAX:
        if needle in raw:
            return Problem(path, "", f"sai cú pháp YAML: {what}", fix, line=line)
    return Problem(
        path, "", "sai cú pháp YAML", "kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này", line=line
    )


def campaign_file(campaign: Path) -> Path:
    """Return the campaign.yaml of ``campaign`` (a campaign folder, or the file itself)."""
    return campaign / CAMPAIGN_FILE if campaign.is_dir() or not campaign.suffix else campaign


def load_campaign(campaign_dir: Path) -> Campaign:
    """Return the validated Campaign of ``campaign_dir`` (a folder holding campaign.yaml).

    Every problem is found in one pass and raised together as DataError, each naming the
    file, YAML path, line, what is wrong and how to fix it (in Vietnamese).
    """
    path = campaign_file(campaign_dir)
    data, source = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError(
            [Problem(path, "", f"phải là các dòng «khóa: giá trị», nhưng đang là {_describe(data)}",
                     "chép tệp mẫu rồi sửa", line=1)]
        )
    try:
        campaign = Campaign.model_validate(data)
    except ValidationError as exc:
        raise DataError(_problems(exc.errors(), source)) from None
    problems = _duplicate_targets(campaign, source) + register_problems(campaign, source) \
        + date_problems(campaign, source)
    if problems:
        raise DataError(problems)
    return campaign


def register_problems(campaign: Campaign, source: _Source) -> list[Problem]:
    """Return the problems of the register of units (``units``), each located in
    campaign.yaml: a name or short name given to two units (a workbook naming it could not
    tell them apart), and a unit of the older list ``awards.units`` that the register lacks."""
    problems: list[Problem] = []
    seen: dict[str, tuple[int, str]] = {}
    labels = {"name": "tên", "short_name": "tên viết tắt"}
    for n, unit in enumerate(campaign.units):
        for field in ("name", "short_name"):
            text = getattr(unit, field)
            if text is None:
                continue
            key = fold(text)
            if key not in seen:
                seen[key] = (n, field)
                continue
            m, other = seen[key]
            if m == n:
                continue  # a short name equal to the unit's own name
            loc = ("units", n, field)
            first = source.line_of(("units", m, other))
            problems.append(Problem(
                source.path, yaml_path(loc),
                f"{labels[field]} «{text}» trùng {labels[other]} của đơn vị «{campaign.units[m].name}» "
                f"(units[{m + 1}]{f', dòng {first}' if first else ''}): sổ kết quả, danh sách đề nghị khen "
                "thưởng ghi tên này sẽ không biết là đơn vị nào",
                f"đặt cho mỗi đơn vị một {labels[field]} riêng", line=source.line_of(loc)))
    if campaign.awards is not None and campaign.awards.units and "units" in _keys(source):
        for n, name in enumerate(campaign.awards.units):
            if campaign.unit(name) is not None:
                continue
            close = campaign.closest_unit(name)
            hint = f"có phải là «{close.name}»? " if close else ""
            where: tuple[Any, ...] = ("awards", "units", n)
            problems.append(Problem(
                source.path, yaml_path(where),
                f"đơn vị «{name}» không có trong sổ đơn vị (units); mỗi đơn vị nay chỉ ghi một lần ở units "
                "(tên chính thức, short_name, group, parent), mọi văn bản lấy đơn vị từ đó",
                f"{hint}xóa awards.units (thứ tự danh sách theo thứ tự của units), thêm đơn vị còn thiếu vào units",
                line=source.line_of(where)))
    return problems


def _keys(source: _Source) -> set[Any]:
    """Return the top-level keys written in the YAML file read into ``source``."""
    return {loc[0] for loc in source.lines if len(loc) == 1}


def date_problems(campaign: Campaign, source: _Source) -> list[Problem]:
    """Return the problems of the dates campaign.yaml gives each other (pipeline.campaign.dates):
    the plan before the document it implements, a decision or proposal of a phase dated before
    the phase ends, a decision before the signed plan it cites."""
    plan_date = (campaign.awards.plan_date if campaign.awards else None) or campaign.plan.issue_date.date
    return (dates.plan_problems(campaign, source.path, source.line_of)
            + dates.award_problems(campaign, source.path, source.line_of, plan_date))


def _duplicate_targets(campaign: Campaign, source: _Source) -> list[Problem]:
    """Return a problem for each target whose ``key`` an earlier target already has: the
    results are kept by key, so the second would silently give its figures to the first."""
    problems: list[Problem] = []
    seen: dict[str, tuple[Any, ...]] = {}
    for a, area in enumerate(campaign.content_areas):
        for t, target in enumerate(area.targets):
            loc = ("content_areas", a, "targets", t, "key")
            first = seen.setdefault(target.key, loc)
            if first != loc:
                line = source.line_of(first)
                problems.append(Problem(
                    source.path, yaml_path(loc), f"mã chỉ tiêu «{target.key}» trùng với {yaml_path(first)}"
                    + (f" (dòng {line})" if line else ""),
                    "mỗi chỉ tiêu một mã riêng: đổi «key» của một trong hai", line=source.line_of(loc)))
    return problems


def _problems(errors: list[Any], source: _Source) -> list[Problem]:
    """Return one Problem per error; a misspelt field and the field it was meant to be
    (an unknown key beside a missing one of a similar name) become one problem."""
    missing = {tuple(e["loc"]): e for e in errors if e["type"] == "missing"}
    merged: set[tuple[Any, ...]] = set()
    out = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            siblings = [m[-1] for m in missing if m[:-1] == loc[:-1] and m not in merged]
            close = difflib.get_close_matches(str(loc[-1]), [str(s) for s in siblings], n=1)
            if close:
                meant = (*loc[:-1], close[0])
                merged.add(meant)
                out.append(
                    Problem(
                        source.path, yaml_path(loc),
                        f"trường lạ «{loc[-1]}» — có phải là «{close[0]}»{_label(meant)}?",
                        f"sửa tên trường thành «{close[0]}»", line=source.line_of(loc),
                    )
                )
                continue
        out.append(_problem_from(error, source))
    return [p for p, e in zip(out, errors, strict=True) if tuple(e["loc"]) not in merged] if merged else out


def problems_of(exc: ValidationError, source: _Source) -> list[Problem]:
    """Return one located Problem per error of ``exc``, raised validating the data read from
    ``source`` (the second value of ``read_yaml``)."""
    return _problems(exc.errors(), source)
