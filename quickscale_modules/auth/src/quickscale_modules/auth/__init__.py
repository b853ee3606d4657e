"""QuickScale auth module: accounts on django-allauth (email login, verification, 2FA, social login)."""

__version__ = "0.1.0"
