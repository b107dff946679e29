"""Load a campaign's YAML into the model, collecting every problem with its location."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from pipeline.errors import DataError, Problem
from pipeline.model import Campaign, SigningAuthority

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
    "targets": "chỉ tiêu",
    "key": "mã chỉ tiêu",
    "header": "tiêu đề cột trong sổ kết quả",
    "label": "tên ngắn của chỉ tiêu",
    "comparator": "cách so sánh (>=, >, =, <=, không để xảy ra)",
    "threshold": "ngưỡng",
    "unit": "đơn vị tính (%, count, per_team_month)",
    "wording": "lời văn của chỉ tiêu trong Kế hoạch",
    "units": "các đơn vị tham gia",
    "short_name": "tên viết tắt của đơn vị",
    "group": "khối",
    "report": "báo cáo sơ kết, tổng kết",
    "greeting": "kính gửi",
    "directions": "phương hướng, nhiệm vụ",
}

_DATE_FIX = "viết ngày theo dạng 04/02/2025 (ngày/tháng/năm) hoặc 2025-02-04"


class _Loader(yaml.SafeLoader):
    """YAML loader that keeps dates as text, so the model parses (and explains) them."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
        return f"số {value}"
    if value is None:
        return "để trống"
    return f"«{value}»"


def _label(loc: tuple[Any, ...]) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return f" ({FIELD_LABELS[names[-1]]})" if names and names[-1] in FIELD_LABELS else ""


def _problem_from(error: Any, source: _Source) -> Problem:
    """Turn one pydantic error dict into a located Vietnamese Problem."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = str(loc[-1]) if loc else ""
    parent = yaml_path(loc[:-1]) or "đầu tệp"
    what, fix = error["msg"], ""
    if kind == "missing":
        what = f"thiếu trường bắt buộc «{field}»{_label(loc)}"
        fix = f"thêm dòng «{field}: …» vào {parent}"
    elif kind == "extra_forbidden":
        what = f"trường lạ «{field}»"
        fix = "kiểm tra chính tả tên trường, hoặc xóa dòng này"
    elif kind == "string_type":
        what = f"phải là một đoạn văn bản, nhưng đang là {_describe(value)}"
        fix = "viết văn bản ngay sau dấu hai chấm, trên cùng một dòng"
    elif kind == "list_type":
        what = f"phải là một danh sách, nhưng đang là {_describe(value)}"
        fix = "viết mỗi mục trên một dòng riêng, bắt đầu bằng «- »"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        what = f"phải là một nhóm trường, nhưng đang là {_describe(value)}"
        fix = "viết các dòng «khóa: giá trị» thụt vào dưới tên trường"
    elif kind == "enum":
        what = f"«{value}» không phải giá trị hợp lệ{_label(loc)}"
        choices = ", ".join(a.value for a in SigningAuthority) if "authority" in loc else str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        fix = f"dùng đúng một trong: {choices}"
    elif kind == "too_short":
        what = f"cần ít nhất {ctx.get('min_length')} mục, đang có {ctx.get('actual_length')}"
        fix = "thêm mục còn thiếu"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        what = f"phải là một số nguyên, nhưng đang là {_describe(value)}"
        fix = "viết một số nguyên, ví dụ 5"
    elif kind == "greater_than_equal":
        what = f"phải lớn hơn hoặc bằng {ctx.get('ge')}, đang là {_describe(value)}"
        fix = "sửa lại giá trị"
    elif kind == "blank":
        what = f"đang để trống{_label(loc)}"
        fix = "điền nội dung, hoặc xóa trường nếu không bắt buộc"
    elif kind.startswith("vn_date"):
        fix = _DATE_FIX
    elif kind == "vn_phase_order":
        fix = "đổi lại ngày bắt đầu (start) và ngày kết thúc (end) của đợt"
    elif kind == "vn_phase_overlap":
        fix = "mỗi đợt phải bắt đầu sau ngày kết thúc của đợt trước"
    elif kind == "vn_signer_head":
        fix = "thêm «on_behalf_of: Trưởng ban» (hoặc chức danh tương ứng)"
    elif kind == "vn_abbreviation":
        fix = "viết tên viết tắt liền, ví dụ «BQL»"
    elif not kind.startswith("vn_"):
        what = f"giá trị không hợp lệ {_describe(value)} ({error['msg']})"
    return Problem(
        file=source.path, line=source.line_of(loc), where=yaml_path(loc), what=what, fix=fix
    )


def read_yaml(path: Path) -> tuple[Any, _Source]:
    """Return the parsed YAML document at ``path`` and its line index.

    Raises DataError for a missing or unreadable file, YAML syntax errors (with line) and an
    empty document.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(path, "", "không tìm thấy tệp", "kiểm tra lại đường dẫn")]) from None
    except UnicodeDecodeError:
        raise DataError(
            [Problem(path, "", "tệp không phải văn bản UTF-8", "lưu lại tệp với bảng mã UTF-8")]
        ) from None
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            [
                Problem(
                    path,
                    "",
                    f"sai cú pháp YAML ({getattr(exc, 'problem', exc)})",
                    "kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này",
                    line=mark.line + 1 if mark else None,
                )
            ]
        ) from None
    if data is None:
        raise DataError(
            [Problem(path, "", "tệp rỗng, chưa có dữ liệu", "chép tệp mẫu data/haiphong-2024-antt/campaign.yaml rồi sửa")]
        )
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return data, _Source(path, lines)


def load_campaign(campaign_dir: Path) -> Campaign:
    """Return the validated Campaign of ``campaign_dir`` (a folder holding campaign.yaml).

    Every problem is found in one pass and raised together as DataError, each naming the
    file, YAML path, line, what is wrong and how to fix it (in Vietnamese).
    """
    path = campaign_dir / CAMPAIGN_FILE if campaign_dir.is_dir() else campaign_dir
    data, source = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError(
            [Problem(path, "", f"phải là các dòng «khóa: giá trị», nhưng đang là {_describe(data)}", "chép tệp mẫu rồi sửa", line=1)]
        )
    try:
        return Campaign.model_validate(data)
    except ValidationError as exc:
        raise DataError(_problems(exc.errors(), source)) from None


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
    return [p for p, e in zip(out, errors) if tuple(e["loc"]) not in merged] if merged else out
