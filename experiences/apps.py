from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperiencesConfig(AppConfig):
    name = "experiences"
    verbose_name = _("Expériences")

    def ready(self) -> None:
        # Registers the reminder sources; here, not at the top: they need the models loaded.
        from experiences import reminders  # noqa: F401
