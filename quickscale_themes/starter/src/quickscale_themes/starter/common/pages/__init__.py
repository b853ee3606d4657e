"""The starter theme's own pages: landing and pricing (copied in by quickscale create; yours to edit)."""
