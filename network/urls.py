from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from network import views

admin.site.site_header = _("Réseau participatif en santé : coordination")
admin.site.site_title = _("Coordination du réseau")
admin.site.index_title = _("Tableau de bord")

urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    path("glossaire/", views.glossary_list, name="glossary-list"),
    path("glossaire.json", views.glossary_json, name="glossary-json"),
    path("glossaire/comparer/", views.glossary_compare, name="glossary-compare"),
    path("glossaire/<slug:slug>/", views.glossary_detail, name="glossary-detail"),
    path("", include("structures.urls")),
    path("", include("events.urls")),
    path("", include("territories.urls")),
    path("", include("experiences.urls")),
    path("", include("pages.urls")),
    path("comptes/", include("allauth.urls")),
    path("admin/login/", views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
urlpatterns += [path("sante/", views.health, name="health"), path("", include("pages.urls_root"))]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
