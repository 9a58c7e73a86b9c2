import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuyakusho.settings")
application = get_wsgi_application()

# Anonymous readers of the disaster page get its file without Django's middleware.
from kuyakusho.disaster.fast_path import DisasterPageFastPath  # noqa: E402

application = DisasterPageFastPath(application)
