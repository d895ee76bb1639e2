from __future__ import annotations

import logging

from celery import shared_task

from experiences import services

logger = logging.getLogger(__name__)


@shared_task
def erase_expired_personal_data() -> int:
    """Beat: erase the responses of campaigns past their retention period."""
    erased = services.erase_expired()
    logger.info("erased %d responses at the end of their retention period", erased)
    return erased
