"""Input and output schemas of the people API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from isocert.core.paging import PageIn, PageMeta
from isocert.core.schemas import IafCodeNumber, RowId
from isocert.people.choices import ConflictKind, QualificationLevel, Role


class PersonOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    roles: list[Role] = Field(description="active roles at your certification body")

    @staticmethod
    def resolve_roles(obj: Any) -> list[str]:
        return [m.role for m in obj.cb_roles]


class PersonListOut(PersonOut):
    qualification_count: int


class PersonPageOut(PageMeta):
    items: list[PersonListOut]


class StaffFilterIn(PageIn):
    q: str = Field(default="", max_length=100, description="username, name or e-mail contains")
    role: Role | None = None
    state: str = Field(default="current", description="current, former or all")
    sort: str = Field(default="name", description="name, username, -joined or last_login")


class PersonIn(Schema):
    username: str = Field(max_length=150)
    email: str = Field(max_length=254)
    roles: list[Role] = Field(min_length=1)
    first_name: str = Field(default="", max_length=150)
    last_name: str = Field(default="", max_length=150)
    password: str | None = Field(
        default=None,
        max_length=200,
        description="without it the account gets an unusable password, set later by reset",
    )


class RoleIn(Schema):
    role: Role


class MembershipOut(Schema):
    user_id: int
    role: Role
    active: bool


class QualificationOut(Schema):
    id: int
    user_id: int
    username: str
    standard: str
    iaf_code: int | None
    level: QualificationLevel
    valid_from: date
    valid_until: date | None

    @staticmethod
    def resolve_username(obj: Any) -> str:
        return str(obj.user.username)

    @staticmethod
    def resolve_standard(obj: Any) -> str:
        return str(obj.standard.code)

    @staticmethod
    def resolve_iaf_code(obj: Any) -> int | None:
        return obj.iaf_code_id


class QualificationPageOut(PageMeta):
    items: list[QualificationOut]


class QualificationFilterIn(PageIn):
    user: RowId | None = Field(default=None, description="person id")
    standard: str | None = Field(default=None, max_length=60)
    iaf_code: IafCodeNumber | None = None
    level: QualificationLevel | None = None
    on: date | None = Field(default=None, description="only those valid on this day")


class QualificationIn(Schema):
    standard: str = Field(max_length=60, examples=["ISO 9001"])
    iaf_code: IafCodeNumber | None = Field(
        default=None, description="empty for standards without IAF codes"
    )
    level: QualificationLevel
    valid_from: date
    valid_until: date | None = None


class QualificationEndIn(Schema):
    on: date = Field(description="last day the qualification is valid")
    reason: str = Field(default="", max_length=2000)


class ConflictOut(Schema):
    id: int
    user_id: int
    username: str
    client_id: int
    client_name: str
    kind: ConflictKind
    started_on: date | None
    ended_on: date | None
    note: str
    declared_at: datetime

    @staticmethod
    def resolve_username(obj: Any) -> str:
        return str(obj.user.username)

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return str(obj.client.name)


class ConflictPageOut(PageMeta):
    items: list[ConflictOut]


class ConflictFilterIn(PageIn):
    user: RowId | None = Field(default=None, description="person id")
    client: RowId | None = Field(default=None, description="client id")


class ConflictIn(Schema):
    client: RowId = Field(description="client id")
    kind: ConflictKind
    started_on: date | None = None
    ended_on: date | None = None
    note: str = Field(default="", max_length=5000)


class ConflictEndIn(Schema):
    on: date


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenPageOut(PageMeta):
    items: list[TokenOut]


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="shown once; only a digest is kept")


class ApiTokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
