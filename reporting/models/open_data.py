"""The open-data files as last published (docs/open-data.md). Each run builds every file first
and replaces them all in one transaction, so a run that fails leaves the previous files."""

from django.db import models


class OpenDataFile(models.Model):
    name = models.CharField(max_length=100, unique=True)  # the stable URL's last part
    title = models.CharField(max_length=200)
    content = models.BinaryField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    etag = models.CharField(max_length=64)  # sha256 of the content
    schema_url = models.URLField(blank=True)
    generated_at = models.DateTimeField()
    # When the content last changed: Last-Modified, so an unchanged file is not re-downloaded.
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
