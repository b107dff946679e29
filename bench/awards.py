"""Print the award-money table the rules give, and time `vanban decide` on the sample.

Run: .venv/bin/python bench/awards.py  (add --no-build to skip the timed build)
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.campaign.awards import (
    Subject,
    award_amount,
    base_salary,
    coefficient_text,
    load_rules,
    regime,
)
from pipeline.nd30 import vi

DATES = (dt.date(2024, 6, 28), dt.date(2025, 2, 14), dt.date(2025, 8, 20))


def main() -> None:
    rules = load_rules()
    for on in DATES:
        salary, reg = base_salary(rules, on), regime(rules, on)
        print(f"\nNgày quyết định {vi.short_date(on)}: {reg.name}, mức lương cơ sở "
              f"{vi.format_money(salary.amount)} ({salary.instrument})")
        for key, form in rules.forms.items():
            for subject in form.subjects:
                amount = award_amount(rules, key, subject, on)
                who = "tập thể" if subject is Subject.COLLECTIVE else "cá nhân"
                print(f"  {key:<28} {who:<8} {coefficient_text(amount.coefficient):>4} × "
                      f"{vi.format_number(amount.base_salary)} = {vi.format_number(amount.raw):>10} → "
                      f"{vi.money_phrase(amount.paid)}")
    if "--no-build" in sys.argv:
        return
    from pipeline.build.engine import build_decide

    with tempfile.TemporaryDirectory() as out:
        for pdf in (False, True):
            start = time.perf_counter()
            made = build_decide(ROOT / "data" / "haiphong-2024-antt", Path(out), phase=1, pdf=pdf)
            took = time.perf_counter() - start
            print(f"\nvanban decide (pdf={pdf}): {len(made.certificates)} Giấy khen + Quyết định + Tờ trình "
                  f"trong {took:.1f} s")


if __name__ == "__main__":
    main()
