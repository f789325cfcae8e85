from django.db import models
from django.utils.text import slugify


class AutoSlugMixin(models.Model):
    """Fills an empty `slug` from `name`, adding -2, -3… when the slug is taken."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), slug_base(self.name), self.pk)
        super().save(*args, **kwargs)


def slug_base(name):
    """The slug a record named `name` gets when it is free."""
    return slugify(name)[:190] or "sans-nom"


def unique_slug(model, base, exclude_pk=None):
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    return first_free_slug(base, taken)


def first_free_slug(base, taken):
    """`base`, or `base-2`, `base-3`… : the first one not in `taken`."""
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
