"""The CMS's document form: Wagtail checks an attachment's extension only, so this base form
(WAGTAILDOCS_DOCUMENT_FORM_BASE) also checks that the file is what its extension says.

Every way Wagtail creates or replaces a document builds its form from this base: the
document screens, the multiple uploader, the chooser's upload tab and its admin API.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from kuyakusho.core.uploads import (
    extension_of,
    too_large_message,
    too_large_unknown_size_message,
    validate_document,
)

logger = logging.getLogger(__name__)


class DocumentForm(BaseDocumentForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None:  # the multiple uploader's edit form has no file field
            return
        limit = settings.MAX_DOCUMENT_BYTES
        kinds = ", ".join(f".{ext}" for ext in settings.WAGTAILDOCS_EXTENSIONS)
        field.help_text = _("使えるのは %(kinds)s のファイルで、%(limit)s までです。") % {
            "kinds": kinds,
            "limit": filesizeformat(limit),
        }
        # Wagtail's own size check (and its uploader's check in the browser) speak our words;
        # the placeholders are Wagtail's, filled in when it raises the error.
        field.error_messages["file_too_large"] = too_large_message(
            "%(file_size)s", "%(max_filesize)s"
        )
        field.error_messages["file_too_large_unknown_size"] = too_large_unknown_size_message(limit)
        field.widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in settings.WAGTAILDOCS_EXTENSIONS
        )

    def _post_clean(self) -> None:
        refused = self._errors.get("file")
        refused = refused.copy() if refused else None
        super()._post_clean()
        if refused is not None:
            # Wagtail's Document.clean() then checks the extension of the instance's file,
            # which is still empty, and would add "extension '' is not allowed" to our reason.
            self._errors["file"] = refused

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        # Only a newly sent file is checked; an unchanged document keeps its stored file.
        if isinstance(uploaded, UploadedFile):
            try:
                validate_document(
                    uploaded,
                    allowed=settings.WAGTAILDOCS_EXTENSIONS,
                    limit=settings.MAX_DOCUMENT_BYTES,
                )
            except ValidationError as error:
                # Reason and extension only: a file name may carry a person's name.
                logger.warning(
                    "document upload refused (%s, .%s)",
                    error.code,
                    extension_of(uploaded.name)[:10],
                )
                raise
        return uploaded
