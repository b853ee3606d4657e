from django.urls import include, path

from quickscale_modules.notifications import views

app_name = "quickscale_notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("badge/", views.badge, name="badge"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Delivery-tracking webhooks: <prefix>anymail/<provider>/tracking/ (postmark, sendgrid, mailgun ...).
    path("anymail/", include("anymail.urls")),
]
