"""SquashedMigration: how the squashed copy of dj-stripe's migrations (djstripe_migrations/) is applied quickly.

Django renders the migration state again after each operation, together with every model related to the one
changed; dj-stripe's 59 models all point at its Account model, so a CreateModel renders nearly all of them and
applying the squash took seconds. A migration of CreateModel operations (and AddField operations on the models
it creates) is applied here the way `migrate --run-syncdb` creates tables: the state advanced by every operation
and rendered once, then each model's table created from that state, in the operations' order. The database ends
the same as after the operations one by one (billing's tests compare the schemas on SQLite and PostgreSQL);
anything else, and reversing, is left to Django.
"""

from __future__ import annotations

from django.db import migrations
from django.db.migrations.operations import AddField, CreateModel


class SquashedMigration(migrations.Migration):
    def apply(self, project_state, schema_editor, collect_sql=False):
        created = [operation for operation in self.operations if isinstance(operation, CreateModel)]
        if not self._creates_models_only(created):
            return super().apply(project_state, schema_editor, collect_sql)
        self._advance_state(project_state, created)
        for operation in created:
            if collect_sql:
                schema_editor.collected_sql += ["--", f"-- {operation.describe()}", "--"]
            model = project_state.apps.get_model(self.app_label, operation.name)
            if operation.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.create_model(model)
        return project_state

    def _creates_models_only(self, created: list[CreateModel]) -> bool:
        names = {operation.name_lower for operation in created}
        return all(
            isinstance(operation, CreateModel)
            or (isinstance(operation, AddField) and operation.model_name_lower in names)
            for operation in self.operations
        )

    def _advance_state(self, project_state, created: list[CreateModel]) -> None:
        """Every operation's state change, with the rendered models (if any) brought up to date once at the end."""
        rendered = project_state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(self.app_label, project_state)
        if rendered is not None:
            project_state.apps = rendered
            project_state.reload_models([(self.app_label, operation.name_lower) for operation in created], delay=False)
