"""The todo theme: a task app over the starter theme (copied in by quickscale create; yours to edit)."""
