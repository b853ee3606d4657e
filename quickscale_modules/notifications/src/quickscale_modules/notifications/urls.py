from django.urls import path

from quickscale_modules.notifications import views, webhooks

app_name = "quickscale_notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("badge/", views.badge, name="badge"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/resume/", views.request_resume, name="request_resume"),
    path("resume/<str:token>/", views.resume, name="resume"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The configured provider's delivery-tracking webhook (EMAIL_PROVIDER): <prefix>anymail/<provider>/tracking/.
    path("anymail/<str:provider>/tracking/", webhooks.tracking_webhook, name="tracking_webhook"),
]
