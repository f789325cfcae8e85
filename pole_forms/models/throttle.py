from django.db import models


class ThrottleWindow(models.Model):
    """How many attempts one key made in one window of the throttle (`pole_forms/throttle.py`).

    Used when Django's cache is not Redis: one atomic statement counts each attempt.
    """

    key = models.CharField(max_length=255)
    # Unix time, in seconds, at which the window closes.
    ends_at = models.BigIntegerField(db_index=True)
    hits = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "ends_at"], name="pole_forms_throttle_window")]

    def __str__(self):
        return f"{self.key} until {self.ends_at}: {self.hits}"
