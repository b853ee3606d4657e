from django.urls import path

from quickscale_modules.billing import views

app_name = "quickscale_billing"

urlpatterns = [
    path("", views.pricing, name="pricing"),
    path("checkout/", views.checkout, name="checkout"),
    path("success/", views.success, name="success"),
    path("cancel/", views.cancel, name="cancel"),
    path("manage/", views.manage, name="manage"),
    path("portal/", views.portal, name="portal"),
    path("subscription/cancel/", views.cancel_subscription, name="cancel_subscription"),
    path("subscription/resume/", views.resume_subscription, name="resume_subscription"),
    path("webhook/", views.webhook, name="webhook"),
]
