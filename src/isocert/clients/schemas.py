"""Input and output schemas of the clients API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from isocert.clients.choices import IdentifierScheme
from isocert.clients.countries import country_name
from isocert.core.paging import PageIn, PageMeta


class ClientIdentifierOut(Schema):
    id: int
    scheme: IdentifierScheme
    value: str
    validated: bool = Field(description="true when python-stdnum checked the number's checksum")


class ContactOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    role: str


class ClientUserOut(Schema):
    id: int
    user_id: int
    username: str
    email: str

    @staticmethod
    def resolve_username(obj: Any) -> str:
        return str(obj.user.username)

    @staticmethod
    def resolve_email(obj: Any) -> str:
        return str(obj.user.email)


class ClientSiteOut(Schema):
    id: int
    client_id: int
    name: str
    street: str
    city: str
    postcode: str
    country: str
    personnel: int
    activities: str
    is_central_function: bool
    is_virtual: bool


class SitePageOut(PageMeta):
    items: list[ClientSiteOut]


class ClientListItemOut(Schema):
    id: int
    name: str
    legal_name: str
    country: str
    website: str
    confidential: bool
    site_count: int
    personnel: int = Field(description="personnel of all sites together")
    identifiers: list[ClientIdentifierOut]
    created_at: datetime

    @staticmethod
    def resolve_identifiers(obj: Any) -> list[Any]:
        return list(obj.identifiers.all())


class ClientPageOut(PageMeta):
    items: list[ClientListItemOut]


class ClientOut(Schema):
    id: int
    certification_body_id: int
    name: str
    legal_name: str
    country: str
    country_name: str
    website: str
    confidential: bool
    identifiers: list[ClientIdentifierOut]
    contacts: list[ContactOut]
    users: list[ClientUserOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_country_name(obj: Any) -> str:
        return country_name(obj.country)

    @staticmethod
    def resolve_identifiers(obj: Any) -> list[Any]:
        return list(obj.identifiers.all())

    @staticmethod
    def resolve_contacts(obj: Any) -> list[Any]:
        return list(obj.contacts.all())

    @staticmethod
    def resolve_users(obj: Any) -> list[Any]:
        return list(obj.users.all())


class ClientFilterIn(PageIn):
    q: str = Field(default="", max_length=100, description="name, legal name or identifier")
    country: str = Field(default="", max_length=2, description="ISO 3166-1 alpha-2")
    sort: str = Field(
        default="name",
        description="name, -name, country, -country, sites, personnel, created or -created",
    )


class ClientIn(Schema):
    name: str = Field(max_length=250)
    country: str = Field(max_length=2, description="ISO 3166-1 alpha-2, e.g. GB")
    legal_name: str = Field(default="", max_length=250)
    website: str = Field(default="", max_length=200)
    confidential: bool = False


class SiteIn(Schema):
    name: str = Field(max_length=200)
    city: str = Field(max_length=120)
    country: str = Field(max_length=2)
    street: str = Field(default="", max_length=250)
    postcode: str = Field(default="", max_length=20)
    personnel: int = Field(default=0, ge=0, le=10_000_000)
    activities: str = Field(default="", max_length=5000)
    is_central_function: bool = False
    is_virtual: bool = False


class IdentifierIn(Schema):
    scheme: IdentifierScheme
    value: str = Field(max_length=60)


class ContactIn(Schema):
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    phone: str = Field(default="", max_length=40)
    role: str = Field(default="", max_length=100)


class ClientUserIn(Schema):
    username: str = Field(max_length=150)
    create: bool = Field(
        default=False, description="true: create a new account; false: link an existing one"
    )
    email: str = Field(default="", max_length=254, description="needed to create an account")
    password: str | None = Field(
        default=None,
        max_length=200,
        description="to create an account; without it the account gets an unusable password",
    )
