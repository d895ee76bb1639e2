from events.models.programme import (
    CallForPapers,
    CallTheme,
    ContributionKind,
    Event,
    ProgrammeSlot,
    SlotSpeaker,
)
from events.models.submissions import Submission, SubmissionSpeaker

__all__ = [
    "CallForPapers",
    "CallTheme",
    "ContributionKind",
    "Event",
    "ProgrammeSlot",
    "SlotSpeaker",
    "Submission",
    "SubmissionSpeaker",
]
