"""The pages an institution owes (legal notice, privacy, accessibility…) and the site's
identity (name, logo, favicon, press contact), both edited by coordinators in the admin."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from network.text import render_markdown


class Page(models.Model):
    """A page of text written by coordinators, in Markdown (cleaned by nh3 when shown)."""

    slug = models.SlugField(_("identifiant d'adresse"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("Une phrase, pour les moteurs de recherche et les réseaux sociaux."),
    )
    body = models.TextField(_("texte"), help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("page d'information")
        verbose_name_plural = _("pages d'information")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from pages.urls import page_url

        return page_url(self.slug)

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)


class SiteIdentity(models.Model):
    """The one row of the site's identity; read through :mod:`pages.identity` (cached)."""

    site_name = models.CharField(
        _("nom du site"),
        max_length=120,
        blank=True,
        help_text=_("Vide : « Réseau participatif en santé », traduit en anglais."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="identite/",
        blank=True,
        help_text=_("PNG ou JPEG, 1 Mo au plus ; affiché dans l'en-tête, 48 pixels de haut."),
    )
    logo_alt = models.CharField(
        _("texte alternatif du logo"),
        max_length=150,
        blank=True,
        help_text=_("Vide si le logo ne fait que répéter le nom du site."),
    )
    favicon = models.FileField(
        _("icône d'onglet (favicon)"),
        upload_to="identite/",
        blank=True,
        help_text=_("PNG carré (32 ou 48 pixels) ; vide : l'icône par défaut."),
    )
    social_image = models.FileField(
        _("image de partage"),
        upload_to="identite/",
        blank=True,
        help_text=_(
            "PNG ou JPEG, 1200 × 630 pixels de préférence : l'aperçu d'une page partagée "
            "sur les réseaux sociaux."
        ),
    )
    contact_email = models.EmailField(
        _("adresse de la coordination"),
        blank=True,
        help_text=_("Où arrivent les messages du formulaire de contact."),
    )
    press_contact_name = models.CharField(_("contact presse : nom"), max_length=150, blank=True)
    press_contact_email = models.EmailField(_("contact presse : e-mail"), blank=True)
    press_contact_phone = models.CharField(
        _("contact presse : téléphone"), max_length=30, blank=True
    )
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("identité du site")
        verbose_name_plural = _("identité du site")

    def __str__(self) -> str:
        return str(_("Identité du site"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        from pages.identity import forget

        self.pk = 1  # a singleton
        super().save(*args, **kwargs)
        forget()
        transaction.on_commit(forget)

    @classmethod
    def load(cls) -> SiteIdentity:
        identity, _created = cls.objects.get_or_create(pk=1)
        return identity
