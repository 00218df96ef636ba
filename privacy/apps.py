from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal data: the register of what is held, subject access, erasure and retention.
    It sits above every domain app because it reads and pseudonymises all of them."""

    name = "privacy"
    default_auto_field = "django.db.models.BigAutoField"
