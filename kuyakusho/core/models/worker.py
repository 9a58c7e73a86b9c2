from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by every running worker so that /healthz can tell whether tasks will run."""

    worker_id = models.CharField(max_length=64, unique=True)
    engine = models.CharField(max_length=20)
    hostname = models.CharField(max_length=100)
    pid = models.IntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.engine} worker {self.worker_id}"
