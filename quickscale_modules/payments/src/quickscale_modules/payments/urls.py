from django.urls import path

from quickscale_modules.payments import views

app_name = "quickscale_payments"

urlpatterns = [
    path("", views.history, name="history"),
    path("<uuid:public_id>/", views.receipt, name="receipt"),
    path("<uuid:public_id>/refund/", views.refund, name="refund"),
]
