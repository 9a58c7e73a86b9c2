"""Pages and notices of the ward's site, on Wagtail (ADR 0009).

The tree: PortalRootPage (the site root; its own URL "/" is the platform's home view) →
LifeAreaPage (くらし・手続き, 子育て・教育 …) → ContentPage; and PortalRootPage →
NoticeIndexPage (/notices/) → NoticePage. Every content page names its responsible
department, which decides who may edit, approve and publish it (cms.DepartmentPagePermissionTester).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.snippets.models import register_snippet

from kuyakusho.core.models import Department
from kuyakusho.core.models.ward import BilingualNameMixin

# Kept small on purpose: headings, lists, emphasis and links are what ward pages need, and
# every feature here must come out accessible in the public template.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "ol", "ul", "link", "document-link"]


class DepartmentPageForm(WagtailAdminPageForm):
    """Editors may only name a department they write for as the responsible one."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields.get("responsible_department")
        if field is not None and self.for_user is not None and not self.for_user.is_superuser:
            from .services import editable_departments

            allowed = editable_departments(self.for_user)
            current = getattr(self.instance, "responsible_department_id", None)
            field.queryset = Department.objects.filter(
                models.Q(pk__in=[d.pk for d in allowed]) | models.Q(pk=current)
            )

    def clean_responsible_department(self) -> Department:
        from .services import editable_departments

        department = self.cleaned_data["responsible_department"]
        user = self.for_user
        unchanged = department.pk == getattr(self.instance, "responsible_department_id", None)
        if user is not None and not user.is_superuser and not unchanged:
            if department not in editable_departments(user):
                raise ValidationError(
                    _("担当している課だけを所管課に指定できます。"), code="department"
                )
        return department


class DepartmentPage(Page):
    """A page owned by a department: the department is shown with "last updated", and only
    its staff may change it (see cms.py)."""

    responsible_department = models.ForeignKey(
        Department, verbose_name=_("所管課"), on_delete=models.PROTECT, related_name="+"
    )
    title_en = models.CharField(_("英語のタイトル"), max_length=255, blank=True)

    base_form_class = DepartmentPageForm

    class Meta:
        abstract = True

    def permissions_for_user(self, user):  # type: ignore[no-untyped-def]
        from .cms import DepartmentPagePermissionTester

        return DepartmentPagePermissionTester(user, self)

    def localized_title(self, language: str | None = None) -> str:
        return self.title_en if self.in_english(language) else self.title

    def in_english(self, language: str | None = None) -> bool:
        """Readers of a language other than Japanese get the English version if there is one
        (Japanese and やさしい日本語 readers always get the Japanese page)."""
        language = language or get_language() or "ja"
        return not language.startswith("ja") and bool(self.title_en)

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context(request, *args, **kwargs)
        language = get_language() or "ja"
        context["english"] = self.in_english(language)
        context["only_japanese"] = not language.startswith("ja") and not self.title_en
        from .selectors import attachment_rows, live_children

        context["children"] = live_children(self)
        if hasattr(self, "attachments"):
            context["attachments"] = attachment_rows(self)
        return context


class PortalRootPage(Page):
    """The site root. The platform's home view answers "/", so this page is never shown."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.LifeAreaPage", "portal.NoticeIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("サイトのトップ")


class LifeAreaPage(DepartmentPage):
    """くらし・手続き, 子育て・教育 …: an index of the pages in one area of life."""

    intro = models.TextField(_("説明"), blank=True)
    intro_en = models.TextField(_("英語の説明"), blank=True)

    parent_page_types = ["portal.PortalRootPage"]
    subpage_types = ["portal.ContentPage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("responsible_department"),
        FieldPanel("intro"),
        FieldPanel("intro_en"),
    ]

    class Meta:
        verbose_name = _("分野のページ")


class ContentPage(DepartmentPage):
    body = RichTextField(_("本文"), features=RICH_TEXT_FEATURES)
    body_en = RichTextField(_("英語の本文"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["portal.LifeAreaPage", "portal.ContentPage"]
    subpage_types = ["portal.ContentPage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("responsible_department"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("添付ファイル")),
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("body_en")], heading=_("英語版")),
    ]

    class Meta:
        verbose_name = _("記事ページ")


@register_snippet
class NoticeCategory(BilingualNameMixin, models.Model):
    """お知らせの分類 (くらし, 募集, 防災 …), managed by staff in the CMS."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name_ja = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("お知らせの分類")
        verbose_name_plural = _("お知らせの分類")

    def __str__(self) -> str:
        return self.name_ja


class NoticeIndexPage(Page):
    parent_page_types = ["portal.PortalRootPage"]
    subpage_types = ["portal.NoticePage"]
    max_count = 1
    per_page = 20

    def localized_title(self, language: str | None = None) -> str:
        return str(_("お知らせ"))

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        from .selectors import notices_page

        context = super().get_context(request, *args, **kwargs)
        context.update(notices_page(self, request.GET))
        return context

    class Meta:
        verbose_name = _("お知らせ一覧")


class NoticePage(DepartmentPage):
    """お知らせ. When `notify_topic` is set, the first publication is also sent to the
    topic's subscribers through the notifications engine."""

    category = models.ForeignKey(
        NoticeCategory, verbose_name=_("分類"), on_delete=models.PROTECT, related_name="notices"
    )
    areas = ParentalManyToManyField(
        "notifications.Area", verbose_name=_("地域"), blank=True, related_name="notices"
    )
    summary = models.TextField(_("要旨"), max_length=400)
    body = RichTextField(_("本文"), features=RICH_TEXT_FEATURES, blank=True)
    summary_en = models.TextField(_("英語の要旨"), max_length=400, blank=True)
    body_en = RichTextField(_("英語の本文"), features=RICH_TEXT_FEATURES, blank=True)
    notify_topic = models.ForeignKey(
        "notifications.Topic",
        verbose_name=_("登録者にも配信するテーマ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("選ぶと、最初に公開したときにこのテーマの登録者へ配信します。"),
    )
    notified_message_id = models.PositiveIntegerField(null=True, blank=True, editable=False)

    parent_page_types = ["portal.NoticeIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("responsible_department"),
        FieldPanel("category"),
        FieldPanel("areas"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("添付ファイル")),
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("summary_en"), FieldPanel("body_en")],
            heading=_("英語版"),
        ),
        FieldPanel("notify_topic"),
    ]

    class Meta:
        verbose_name = _("お知らせ")


class Attachment(Orderable):
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("ファイル"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(
        _("表示名"), max_length=200, blank=True, help_text=_("空欄のときはファイルのタイトル")
    )
    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def display_label(self) -> str:
        return self.label or self.document.title


class ContentPageAttachment(Attachment):
    page = ParentalKey(ContentPage, on_delete=models.CASCADE, related_name="attachments")


class NoticePageAttachment(Attachment):
    page = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="attachments")


# The approval task is a model too (Wagtail stores tasks as rows); defined with the other
# CMS rules in cms.py, imported here so that Django registers it with this app.
from .cms import DepartmentApprovalTask  # noqa: E402, F401
