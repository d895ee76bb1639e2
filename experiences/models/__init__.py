"""Experience campaigns modelled on the HAS call: responses, assessments, publication.

Personal data lives only on :class:`Response` (and its attachments): the working group
reads the approach without the contact details, publications are written apart from the
response, and erasing a response leaves an :class:`ErasureLog` row that holds none of it.
"""

from experiences.models.campaigns import (
    RESERVED_SLUGS,
    Campaign,
    CampaignQuerySet,
    Context,
    PrivacyNotice,
)
from experiences.models.choices import OrganisationType, Participant, ParticipationLevel
from experiences.models.erasure import ErasureLog
from experiences.models.messages import Message
from experiences.models.publication import PublishedExperience, PublishedExperienceQuerySet
from experiences.models.questionnaires import Question, Questionnaire, Section
from experiences.models.responses import (
    Assessment,
    Response,
    ResponseAttachment,
    ResponseQuerySet,
    attachment_path,
    new_secret,
)

__all__ = [
    "RESERVED_SLUGS",
    "Assessment",
    "Campaign",
    "CampaignQuerySet",
    "Context",
    "ErasureLog",
    "Message",
    "OrganisationType",
    "Participant",
    "ParticipationLevel",
    "PrivacyNotice",
    "PublishedExperience",
    "PublishedExperienceQuerySet",
    "Question",
    "Questionnaire",
    "Response",
    "ResponseAttachment",
    "ResponseQuerySet",
    "Section",
    "attachment_path",
    "new_secret",
]
