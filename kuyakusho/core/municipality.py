"""全国地方公共団体コード (local government code, JIS X 0402 with its check digit).

Check digit rule (総務省 / JIS X 0402): weight the first five digits 6,5,4,3,2, sum, take the
remainder modulo 11; the check digit is the last digit of (11 - remainder).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_five, WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_municipality_code(code: str) -> bool:
    return (
        len(code) == 6
        and code.isascii()
        and code.isdigit()
        and int(code[5]) == check_digit(code[:5])
    )


def validate_municipality_code(value: str) -> None:
    value = (value or "").strip()
    if not (len(value) == 6 and value.isascii() and value.isdigit()):
        raise ValidationError(
            _("全国地方公共団体コードは半角数字6桁で入力してください（例: 131202）。"),
            code="municipality_code_format",
        )
    if int(value[5]) != check_digit(value[:5]):
        raise ValidationError(
            _(
                "全国地方公共団体コードの検査数字（6桁目）が正しくありません。正しくは %(digit)s です。"
            ),
            code="municipality_code_check_digit",
            params={"digit": check_digit(value[:5])},
        )
