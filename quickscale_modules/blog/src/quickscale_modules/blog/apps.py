from django.apps import AppConfig


class QuickScaleBlogConfig(AppConfig):
    name = "quickscale_modules.blog"
    label = "quickscale_blog"
    verbose_name = "Blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from quickscale_modules.blog import caching, lifecycle
        from quickscale_modules.blog.models import Category, Post, Tag

        for model in (Post, Category, Tag):
            post_save.connect(
                caching.content_changed, sender=model, dispatch_uid=f"quickscale_blog_save_{model.__name__}"
            )
            post_delete.connect(
                caching.content_changed, sender=model, dispatch_uid=f"quickscale_blog_delete_{model.__name__}"
            )
        for relation in (Post.categories.through, Post.tags.through, Post.authors.through):
            m2m_changed.connect(
                caching.content_changed, sender=relation, dispatch_uid=f"quickscale_blog_m2m_{relation}"
            )
        post_save.connect(caching.author_changed, sender=get_user_model(), dispatch_uid="quickscale_blog_author_saved")
        # Whatever deletes a user (the account page, the admin, a shell), their posts stay without them.
        pre_delete.connect(lifecycle.user_deleted, sender=get_user_model(), dispatch_uid="quickscale_blog_user_deleted")
