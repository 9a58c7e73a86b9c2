from django.core.management import call_command

from kuyakusho.core.tasks import task


@task()
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's
    `publish_scheduled`), once a minute from the workers' scheduler."""
    call_command("publish_scheduled")
