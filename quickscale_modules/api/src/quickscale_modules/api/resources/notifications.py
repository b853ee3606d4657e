"""/api/v1/notifications: the user's in-app notifications, through the notifications module's services.

    GET  /notifications                  newest first, paginated
    GET  /notifications/{id}             one of them
    POST /notifications/{id}/read        mark it read (again: no change)
    POST /notifications/read-all         mark every unread one read; answers how many
    GET  /notifications/unread-count     how many are unread (the nav badge's number)
    GET  /notifications/preferences      the email categories and which the user receives
    PUT  /notifications/preferences      choose them (essential ones stay on)

Another user's notification is a 404.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from quickscale_modules.api.resources.lookup import by_id_or_404
from quickscale_modules.api.schema import ErrorResponseSerializer
from quickscale_modules.api.teamkeys import REFUSE
from quickscale_modules.notifications import services
from quickscale_modules.notifications.conf import notifications_settings
from quickscale_modules.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "read", "read_at", "created_at"]
        read_only_fields = fields


class CategorySerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    essential = serializers.BooleanField(help_text="Always sent (sign-in, security): cannot be turned off.")
    enabled = serializers.BooleanField(help_text="Whether the user receives this category.")


class PreferencesSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The address the emails go to.")
    paused = serializers.BooleanField(help_text="Emails to the address are paused (it bounced or complained).")
    categories = CategorySerializer(many=True)


class ChosenCategoriesSerializer(serializers.Serializer):
    categories = serializers.ListField(
        child=serializers.ChoiceField(list(notifications_settings.CATEGORIES)),
        help_text="The names of the categories to receive; the others are turned off.",
    )


def preferences_of(user) -> dict:
    email = services.recipient(user)[0]
    return {
        "email": email,
        "paused": services.suppression_of(email) is not None,
        "categories": services.preferences(email),
    }


UNREAD = inline_serializer("UnreadCount", {"unread": serializers.IntegerField(help_text="Unread notifications.")})
MARKED = inline_serializer("MarkedRead", {"marked": serializers.IntegerField(help_text="How many were unread.")})


@extend_schema_view(
    list=extend_schema(tags=["notifications"], description="The current user's notifications, newest first."),
    retrieve=extend_schema(tags=["notifications"], description="One of the user's notifications; another's is 404."),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    # The user's notifications tell of all their teams ("Grace joined Beta"): not for a key of one team.
    team_keys = REFUSE
    serializer_class = NotificationSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the model, with no user
            return Notification.objects.none()
        return services.notifications_of(self.request.user)

    def get_object(self) -> Notification:
        return by_id_or_404(self.get_queryset(), self.kwargs["pk"], "No such notification.")

    @extend_schema(
        tags=["notifications"],
        request=None,
        responses=NotificationSerializer,
        description="Mark the notification read; one already read stays as it was.",
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk: str):
        notification = self.get_object()
        services.mark_read(request.user, notification.pk)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        tags=["notifications"], request=None, responses=MARKED, description="Mark every unread notification read."
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(request.user)})

    @extend_schema(tags=["notifications"], responses=UNREAD, description="How many notifications are unread.")
    @action(detail=False, methods=["get"], url_path="unread-count", pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": services.unread_count(request.user)})

    @extend_schema(
        tags=["notifications"],
        methods=["GET"],
        responses=PreferencesSerializer,
        description="The email categories and which the user receives.",
    )
    @extend_schema(
        tags=["notifications"],
        methods=["PUT"],
        request=ChosenCategoriesSerializer,
        responses={200: PreferencesSerializer, 400: ErrorResponseSerializer},
        description="Receive the named categories and no other (essential ones stay on).",
    )
    @action(detail=False, methods=["get", "put"], pagination_class=None)
    def preferences(self, request):
        if request.method == "PUT":
            chosen = ChosenCategoriesSerializer(data=request.data)
            chosen.is_valid(raise_exception=True)
            self._choose(request.user, set(chosen.validated_data["categories"]))
        return Response(PreferencesSerializer(preferences_of(request.user)).data)

    @staticmethod
    def _choose(user, wanted: set[str]) -> None:
        email = services.recipient(user)[0]
        for category in services.preferences(email):
            if not category["essential"]:
                (services.opt_in if category["name"] in wanted else services.opt_out)(email, category["name"])


def register(router) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")
