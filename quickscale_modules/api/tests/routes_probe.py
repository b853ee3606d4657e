"""Stands in for resources/<module>.py of a module that is installed: it registers one endpoint."""

from rest_framework import viewsets


class ProbeViewSet(viewsets.ViewSet):
    def list(self, request):  # pragma: no cover - never requested, only registered
        return None


def register(router) -> None:
    router.register("probe", ProbeViewSet, basename="probe")
