"""Domain errors: every refusal names the article of the 准则 and the statute it enforces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class Violation:
    """One thing wrong with an input: where it is and which rule it breaks."""

    field: str
    reason_zh: str
    reason_en: str
    location: str = ""  # e.g. "matters/food.yaml:12" or "line 7"

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "location": self.location,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }


@dataclass
class DomainError(Exception):
    """A step the law (or the input's own rules) does not allow.

    ``message_zh`` is for users, ``message_en`` for logs. ``article`` is the article of
    the 《行政执法人员行为准则》 (1–10) a refusal enforces, or ``None`` for plain input
    errors; ``basis`` cites the statute. ``hint_zh`` says what would make the step lawful.
    """

    message_zh: str
    message_en: str = ""
    article: int | None = None
    basis: str = ""
    hint_zh: str = ""
    violations: list[Violation] = field(default_factory=list)

    code: ClassVar[str] = "domain_error"
    http_status: ClassVar[int] = 422

    def __post_init__(self) -> None:
        super().__init__(self.message_en or self.message_zh)

    def __str__(self) -> str:
        return self.message_en or self.message_zh

    @property
    def article_zh(self) -> str:
        """The article as users read it, e.g. 准则第一条."""
        if self.article is None:
            return ""
        return f"《行政执法人员行为准则》第{chinese_ordinal(self.article)}条"

    def diagnostics(self) -> dict[str, Any]:
        """Everything a handler needs to render the refusal, as plain data."""
        return {
            "code": self.code,
            "message": self.message_zh,
            "message_en": self.message_en,
            "article": self.article,
            "article_zh": self.article_zh,
            "basis": self.basis,
            "hint": self.hint_zh,
            "violations": [v.as_dict() for v in self.violations],
        }


class InvalidInput(DomainError):
    """Input that breaks a format or consistency rule (check digit, range, missing field)."""

    code = "invalid_input"
    http_status = 400


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""

    code = "not_found"
    http_status = 404


class Forbidden(DomainError):
    """The actor may not take this step."""

    code = "forbidden"
    http_status = 403


class IllegalTransition(DomainError):
    """A state change the procedure does not allow."""

    code = "illegal_transition"
    http_status = 409


class ConfigurationError(DomainError):
    """The service is configured in a way that must not run (e.g. a default secret in production)."""

    code = "configuration_error"
    http_status = 500


_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (for article numbers up to 99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")
