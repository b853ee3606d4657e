"""dj-stripe's migrations, squashed (scripts/squash-djstripe-migrations)."""
