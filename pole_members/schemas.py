"""A member's own data as `/api/v1/me/…` gives it: only ever to that member."""

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from pole_core.api.choices import ChoiceOut
from pole_core.api.images import ImageOut
from pole_core.api.listing import ListOut
from pole_directory.schemas import OrganisationRef
from pole_pages.api.schemas import PageRef


class CardOut(Schema):
    """The member's card in the directory (trombinoscope), private fields included."""

    id: int = Field(description="Person id; once published, the key of `/api/v1/people/{id}/`.")
    first_name: str = Field(description="First name.")
    last_name: str = Field(description="Last name.")
    role_title: str = Field(description="Role title shown under the photo (may be empty); set by the team.")
    organisation: OrganisationRef | None = Field(description="The member's organisation, or null.")
    photo: ImageOut | None = Field(description="Portrait as renditions, or null.")
    bio: str = Field(description="Short presentation (plain text, may be empty).")
    publication_consent: bool = Field(
        description="Whether the member agrees to appear on the site and in the API; without it the card "
        "appears nowhere."
    )
    consent_date: datetime | None = Field(description="When the consent was given; null without consent.")
    email: str = Field(
        description="Email address of the card (may be empty); public only with `email_is_public`."
    )
    email_is_public: bool = Field(description="Whether the card shows the email address to everyone.")
    phone: str = Field(
        description="Phone number of the card (may be empty); public only with `phone_is_public`."
    )
    phone_is_public: bool = Field(description="Whether the card shows the phone number to everyone.")
    is_published: bool = Field(description="Whether the card appears on the site and in the API now.")


class MeOut(Schema):
    """The signed-in member's account, and their card in the directory."""

    email: str = Field(description="The account's primary email address (the one to sign in with).")
    first_name: str = Field(description="First name of the account (may be empty).")
    last_name: str = Field(description="Last name of the account (may be empty).")
    card: CardOut | None = Field(
        description="The member's card in the directory, or null when the account is tied to none."
    )


class MySubmissionOut(Schema):
    """One of the member's answers to a form, with the team's review."""

    id: int = Field(description="Id of the submission.")
    form: PageRef = Field(description="The form it answers.")
    submitted_at: datetime = Field(description="When it was sent.")
    status: ChoiceOut = Field(description="Where the team's review stands: value and label.")
    decision_reason: str = Field(
        description="Why the team decided so (a declined proposal's reason), when it gave one; may be empty."
    )
    chantier: PageRef | None = Field(
        description="The chantier a retained proposal became, once published; else null."
    )


MySubmissionListOut = ListOut[MySubmissionOut]


class MyChantierOut(Schema):
    """A chantier whose working group the member belongs to."""

    chantier: PageRef = Field(description="The chantier.")
    role: ChoiceOut = Field(description="The member's role in its working group: value and label.")


MyChantierListOut = ListOut[MyChantierOut]


class CardIn(Schema):
    """What a member may change on their card; a field left out (or null) keeps its value."""

    model_config = ConfigDict(extra="forbid")

    role_title: str | None = Field(
        None, max_length=150, description="Role title shown under the photo, at most 150 characters."
    )
    bio: str | None = Field(
        None, max_length=600, description="Short presentation, plain text, at most 600 characters."
    )
    phone: str | None = Field(
        None, max_length=30, description="Phone number of the card, at most 30 characters."
    )
    email_is_public: bool | None = Field(
        None, description="Show the card's email address to everyone (the card must have one; else 400)."
    )
    phone_is_public: bool | None = Field(
        None, description="Show the card's phone number to everyone (the card must have one; else 400)."
    )
    publication_consent: bool | None = Field(
        None,
        description="`true` to appear in the trombinoscope; `false` withdraws the consent: the card "
        "disappears from the site, the API and the search at once.",
    )
