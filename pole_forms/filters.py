"""The FilterSet of the forms list of the API."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from .models import ConsultationPage, ParticipationCallPage

FORM_KINDS = {"consultation": ConsultationPage, "participationcall": ParticipationCallPage}


class FormFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Kind of form: consultation or participationcall (a call for participation)",
        choices=[(kind, kind) for kind in FORM_KINDS],
        method="filter_kind",
    )
    open = django_filters.BooleanFilter(
        label="true: forms open now; false: forms not yet open or closed", method="filter_open"
    )
    chantier = django_filters.NumberFilter(
        label="Id of a chantier: its calls for participation", field_name="participationcallpage__chantier"
    )

    def filter_kind(self, queryset, name, value):
        return queryset.filter(content_type=ContentType.objects.get_for_model(FORM_KINDS[value]))

    def filter_open(self, queryset, name, value):
        now = timezone.now()
        is_open = (Q(opens_at__isnull=True) | Q(opens_at__lte=now)) & (
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )
        return queryset.filter(is_open) if value else queryset.exclude(is_open)
