"""« Mon espace »: what a signed-in member sees of their own data."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse


@login_required
def overview(request):
    return TemplateResponse(request, "pole_members/space.html", {})
