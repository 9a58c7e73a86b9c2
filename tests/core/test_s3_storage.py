"""Scale-out storage: uploads go to an S3-compatible service (here moto's standalone S3 server
on loopback, spoken to over real HTTP by boto3 through django-storages)."""

from __future__ import annotations

import io
import socket

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from ..conftest import reauthenticate

pytestmark = [pytest.mark.django_db, pytest.mark.scaleout]


def _png() -> bytes:
    """A tiny real PNG, so the ward emblem passes Pillow's image check."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 49, 216)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3_bucket(settings, monkeypatch):
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "kuyakusho-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "kuyakusho-test-secret")
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="ward-files")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "ward-files",
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client
    server.stop()


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket="ward-files").get("Contents", [])]


def test_files_are_written_to_and_read_from_the_bucket(s3_bucket):
    name = default_storage.save("notices/案内.txt", ContentFile("区からのお知らせ".encode()))
    assert name in _keys(s3_bucket)
    with default_storage.open(name) as stored:
        assert stored.read().decode() == "区からのお知らせ"
    # Saving the same name again never overwrites the first file.
    second = default_storage.save("notices/案内.txt", ContentFile(b"other"))
    assert second != name and len(_keys(s3_bucket)) == 2


def test_the_ward_emblem_upload_lands_in_the_bucket(s3_bucket, ict_client, ict_admin, ward):
    from kuyakusho.core.forms import WardProfileForm

    reauthenticate(ict_client, ict_admin)
    data = {
        n: getattr(ward, n)
        for n in WardProfileForm.Meta.fields
        if n not in {"emblem", "enabled_languages"}
    }
    data["enabled_languages"] = ward.enabled_languages
    data["emblem"] = SimpleUploadedFile("emblem.png", PNG, content_type="image/png")
    response = ict_client.post("/staff/ward/", data)
    assert response.status_code == 302, response.context["form"].errors
    ward.refresh_from_db()
    assert ward.emblem.name in _keys(s3_bucket)
    assert s3_bucket.get_object(Bucket="ward-files", Key=ward.emblem.name)["Body"].read() == PNG
