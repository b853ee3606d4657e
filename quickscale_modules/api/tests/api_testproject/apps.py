from django.apps import AppConfig


class ApiTestProjectConfig(AppConfig):
    name = "api_testproject"
