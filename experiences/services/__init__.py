"""Every write of the experiences app with business meaning, by concern.

=================  ==========================================================
``links``          the respondent's signed links and the mail that resends them
``questionnaires``  copying a questionnaire for a new campaign
``questionnaire``  drafts, sending, corrections, the respondent's own data
``erasure``        erasing personal data (request, coordination, retention)
``assessment``     the working group: who assesses, assessments, remarkable
``messages``       the working group writes to respondents, who answer
``publication``    the public summary of a remarkable response
=================  ==========================================================

Callers use ``from experiences import services`` and ``services.<name>``.
"""

from experiences.services.assessment import (
    ASSESS,
    assessor_candidates,
    is_assessor,
    mark_remarkable,
    may_assess,
    missing_perspectives,
    record_assessment,
)
from experiences.services.erasure import UNKEYED_MAILS, erase_expired, erase_response
from experiences.services.links import (
    LINK_MAX_AGE,
    LINK_REQUESTS_PER_ADDRESS,
    LINK_SALT,
    LinkExpired,
    mail_about_key,
    mail_links,
    response_from_token,
    response_link,
    response_token,
)
from experiences.services.messages import (
    CORRECTION_DAYS,
    correction_open,
    may_write,
    reply_to_group,
    tell_published,
    write_to_respondent,
)
from experiences.services.publication import (
    personal_data_found,
    personal_data_in,
    prepare_publication,
    publish_experience,
    unpublish_experience,
)
from experiences.services.questionnaire import (
    LINK_MAILS_PER_HOUR,
    SavedAnswers,
    delete_file_on_commit,
    missing_fields,
    personal_data,
    save_answers,
    save_response,
    submit_response,
)
from experiences.services.questionnaires import (
    copy_questionnaire,
    default_template,
    give_questionnaire,
)

__all__ = [
    "ASSESS",
    "CORRECTION_DAYS",
    "LINK_MAILS_PER_HOUR",
    "LINK_MAX_AGE",
    "LINK_REQUESTS_PER_ADDRESS",
    "LINK_SALT",
    "UNKEYED_MAILS",
    "LinkExpired",
    "SavedAnswers",
    "assessor_candidates",
    "copy_questionnaire",
    "correction_open",
    "default_template",
    "delete_file_on_commit",
    "erase_expired",
    "erase_response",
    "give_questionnaire",
    "is_assessor",
    "mail_about_key",
    "mail_links",
    "mark_remarkable",
    "may_assess",
    "may_write",
    "missing_fields",
    "missing_perspectives",
    "personal_data",
    "personal_data_found",
    "personal_data_in",
    "prepare_publication",
    "publish_experience",
    "record_assessment",
    "reply_to_group",
    "response_from_token",
    "response_link",
    "response_token",
    "save_answers",
    "save_response",
    "submit_response",
    "tell_published",
    "unpublish_experience",
    "write_to_respondent",
]
