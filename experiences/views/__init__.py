"""The experiences app's pages: public, the respondent's, the working group's."""

from experiences.views.messages import response_message, working_group_message
from experiences.views.public import (
    campaign_detail,
    campaign_list,
    published_detail,
    published_list,
)
from experiences.views.respondents import (
    link_request,
    response_attachment,
    response_data,
    response_delete,
    response_edit,
    response_new,
)
from experiences.views.working_group import (
    working_group_attachment,
    working_group_list,
    working_group_remarkable,
    working_group_response,
)

__all__ = [
    "campaign_detail",
    "campaign_list",
    "link_request",
    "published_detail",
    "published_list",
    "response_attachment",
    "response_data",
    "response_delete",
    "response_edit",
    "response_message",
    "response_new",
    "working_group_attachment",
    "working_group_list",
    "working_group_message",
    "working_group_remarkable",
    "working_group_response",
]
