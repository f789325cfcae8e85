from django.db import models
from django.utils.text import slugify


class AutoSlugMixin(models.Model):
    """Fills an empty `slug` from `name`, adding -2, -3… when the slug is taken."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), slugify(self.name)[:190] or "sans-nom", self.pk)
        super().save(*args, **kwargs)


def unique_slug(model, base, exclude_pk=None):
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
