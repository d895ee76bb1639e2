from events.models.conflicts import ConflictOfInterest
from events.models.programme import (
    CallForPapers,
    CallTheme,
    ContributionKind,
    Event,
    ProgrammeSlot,
    SlotSpeaker,
)
from events.models.questions import Answer, Question
from events.models.registrations import Registration
from events.models.reviews import Review, ReviewCriterion, ReviewScore
from events.models.speakers import SpeakerProfile
from events.models.submissions import Submission, SubmissionSpeaker

__all__ = [
    "Answer",
    "CallForPapers",
    "CallTheme",
    "ConflictOfInterest",
    "ContributionKind",
    "Event",
    "ProgrammeSlot",
    "Question",
    "Registration",
    "Review",
    "ReviewCriterion",
    "ReviewScore",
    "SlotSpeaker",
    "SpeakerProfile",
    "Submission",
    "SubmissionSpeaker",
]
