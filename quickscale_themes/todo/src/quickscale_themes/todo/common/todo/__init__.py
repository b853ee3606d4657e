"""Tasks: the todo theme's example feature (models, services, views, admin, API); yours to edit."""
