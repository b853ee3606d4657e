"""/api/v1/forms/submissions: the forms module's submissions, for staff (they are visitors' personal data).

    GET /forms/submissions           newest first, paginated; ?form=<slug> for one form's
    GET /forms/submissions/{id}      one of them

A team key is refused: submissions belong to the site, not to a team.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets

from quickscale_modules.api.resources.lookup import by_id_or_404
from quickscale_modules.forms.models import Submission


class SubmissionSerializer(serializers.ModelSerializer):
    form = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="The form's slug.")
    data = serializers.DictField(read_only=True, help_text="The values sent, by field name.")

    class Meta:
        model = Submission
        fields = ["id", "form", "email", "data", "created_at"]
        read_only_fields = fields


class StaffOnly(permissions.IsAdminUser):
    message = "Only staff may read form submissions."


FORM_FILTER = OpenApiParameter("form", OpenApiTypes.STR, description="Only this form's submissions (its slug).")


@extend_schema_view(
    list=extend_schema(tags=["forms"], parameters=[FORM_FILTER], description="Submissions, newest first (staff)."),
    retrieve=extend_schema(tags=["forms"], description="One submission (staff)."),
)
class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    team_keys = "refuse"  # quickscale_modules.api.teamkeys: no team's data, and not for a team's key
    serializer_class = SubmissionSerializer
    permission_classes = [StaffOnly]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        submissions = Submission.objects.select_related("form").order_by("-created_at", "-id")
        if slug := self.request.query_params.get("form"):
            submissions = submissions.filter(form__slug=slug)
        return submissions

    def get_object(self) -> Submission:
        return by_id_or_404(self.get_queryset(), self.kwargs["pk"], "No such submission.")


def register(router) -> None:
    router.register("forms/submissions", SubmissionViewSet, basename="forms-submission")
