"""QuickScale notifications: email through any provider (django-anymail), background delivery on Celery,
delivery tracking, in-app notifications, per-category preferences and one-click unsubscribe."""
