"""Create the single audit chain head row up front, so that the first two concurrent appends
cannot both try to create it."""

from django.db import migrations


def create_head(apps, schema_editor):
    head_model = apps.get_model("core", "AuditChainHead")
    head_model.objects.get_or_create(id=1, defaults={"sequence": 0, "last_hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_index")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
